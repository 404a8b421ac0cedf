## A new deadline: /newdeadline.

newdeadline-intro = <b>A new deadline.</b> I will ask a few questions, then show the announcement as those who hand in will get it, and say how many it concerns. To stop — /cancel.
newdeadline-intro-head = <b>A new deadline for the members of your association.</b> Each member hands in personally. I will ask a few questions, then show how it will look. To stop — /cancel.

newdeadline-ask-title =
    What is to be handed in? Write it briefly, up to 200 characters.
    For example: The association's plan of work for 2026/2027
newdeadline-ask-kind = What is handed in? Choose the kind.
newdeadline-ask-unit = From whom? Choose who hands in: a coordinator for an organisation, a head for an association.
newdeadline-ask-due =
    When is it due? Write a date — then it is due at the end of that day, 23:59 — or a date and a time.
    For example: { $example_date } or { $example_date } 18:00, “tomorrow”.
newdeadline-ask-associations = For the members of which association? Tick one or more and press “Done”.
newdeadline-ask-recurrence = Does the deadline repeat?
newdeadline-ask-months = In which months? Tick the months and press “Done”. The day of the month stays that of the first deadline.
newdeadline-ask-reminders =
    Only those who have not handed in yet are reminded.
    Now: { $schedule }.
    Keep it or change it?
newdeadline-ask-reminder-days = How many days before the deadline should I remind? Write numbers separated by commas, 0 for the day itself. For example: 7, 3, 1, 0
newdeadline-ask-reminder-time = At what time should reminders come? For example: 09:00
newdeadline-ask-description = Add a description: what exactly to hand in, in what form, whom to ask. Or press “Skip”.
newdeadline-ask-attachment = Attach a form to fill in — a document. If there is none — “Skip”.
newdeadline-audience-title = <b>Whom does the deadline concern?</b>
newdeadline-audience-hint = Set the audience with the buttons below and press “Next”. Groups do not matter here: the weekly digest tells groups about deadlines.

newdeadline-unit-person = Each person personally
newdeadline-unit-association = Each association (its head hands in)
newdeadline-unit-organisation = Each organisation (its coordinator hands in)

newdeadline-recurrence-once = Once
newdeadline-recurrence-yearly = Yearly
newdeadline-recurrence-quarterly = Each school quarter (4 a school year)
newdeadline-recurrence-monthly = Monthly in the school year (September — May)
newdeadline-recurrence-months = In chosen months…

newdeadline-month-1 = January
newdeadline-month-2 = February
newdeadline-month-3 = March
newdeadline-month-4 = April
newdeadline-month-5 = May
newdeadline-month-6 = June
newdeadline-month-7 = July
newdeadline-month-8 = August
newdeadline-month-9 = September
newdeadline-month-10 = October
newdeadline-month-11 = November
newdeadline-month-12 = December

newdeadline-chosen-kind = To hand in: { $kind }
newdeadline-chosen-unit = Who hands in: { $unit }
newdeadline-chosen-due = Due: { $due }
newdeadline-chosen-audience =
    Audience:
    { $audience }
newdeadline-chosen-associations = Associations: { $names }
newdeadline-chosen-recurrence = Repeats: { $recurrence }
newdeadline-chosen-months = Months: { $months }
newdeadline-chosen-reminders = Reminders: { $schedule }

newdeadline-reminder-before = { $count ->
    [one] { $count } day before
   *[other] { $count } days before
}
newdeadline-reminder-on-day = on the day
newdeadline-reminders = { $days }, at { $at }
newdeadline-reminders-none = no reminders

newdeadline-units-person = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
newdeadline-units-association = { $count ->
    [one] { $count } association
   *[other] { $count } associations
}
newdeadline-units-organisation = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
newdeadline-reach = Handing in: { $units } (the announcement goes to { $people })
newdeadline-names-more = { $names } and { $count } more

newdeadline-button-skip = Skip
newdeadline-button-done = Done
newdeadline-button-next = Next ›
newdeadline-button-cancel = Cancel
newdeadline-button-keep = Keep
newdeadline-button-change-days = Change days
newdeadline-button-change-time = Change time
newdeadline-button-create = Create
newdeadline-button-edit = Change
newdeadline-button-back = ‹ Back
newdeadline-button-status = Hand-in status

newdeadline-preview-title = <b>Above is the announcement as those who hand in will get it.</b> It will have a “📤 Hand in” button.
newdeadline-preview-lonely = ⚠️ { $unit ->
    [association] With no head in the bot
    [organisation] With no coordinator in the bot
   *[person] Not reachable in the bot
} ({ $count }): { $names }. { $unit ->
    [association] They get neither the announcement nor reminders until the association has a head.
    [organisation] They get neither the announcement nor reminders until the organisation has a coordinator.
   *[person] They get neither the announcement nor reminders until they start using the bot.
}
newdeadline-preview-months = Months: { $months }
newdeadline-preview-reminders = Reminders: { $schedule }
newdeadline-preview-reminders-late = { $count ->
    [one] This reminder is already past and will not come
   *[other] These reminders are already past and will not come
}: { $schedule }.
newdeadline-preview-ask = Create it?
newdeadline-preview-refused =
    ⚠️ It cannot be created like this: { $reason }

    What should be changed?

newdeadline-created = ✅ Deadline created: “{ $title }”, due { $due }. { $reach }. Who has handed in and who has not — in the hand-in status.
newdeadline-already-created = This deadline has been created already; I will not create it twice.
newdeadline-edit-ask = What should be changed?
newdeadline-editing = All right, let us change it.
newdeadline-edit-nothing = Leaving it as it is.
newdeadline-cancelled = The draft was deleted; no deadline was created.

newdeadline-field-title = Title
newdeadline-field-kind = What is handed in
newdeadline-field-unit = Who hands in
newdeadline-field-due = Due date
newdeadline-field-audience = Audience
newdeadline-field-associations = Associations
newdeadline-field-recurrence = Repeating
newdeadline-field-reminders = Reminders
newdeadline-field-description = Description
newdeadline-field-attachment = Form (file)

newdeadline-text-expected = A text answer is needed here. Send it as a message — or /cancel to stop.
newdeadline-use-buttons = Choose with the buttons in the message above — or /cancel to stop.
newdeadline-attachment-expected = Send the form as a document — or press “Skip” in the message above.
newdeadline-error-range = A deadline is one day, not a span. Write a date ({ $example_date }) or a date and a time ({ $example_date } 18:00).
newdeadline-error-no-associations = Tick at least one association.
