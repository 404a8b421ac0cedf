# Events: the announcement text, reminders, errors.

event-kind-seminar = seminar
event-kind-master_class = master class
event-kind-webinar = webinar
event-kind-conference = conference
event-kind-round_table = round table
event-kind-open_lesson = open lesson
event-kind-meeting = association meeting
event-kind-subject_week = subject week
event-kind-olympiad = olympiad
event-kind-competition = competition

competence-subject = subject knowledge
competence-methodology = methodology
competence-psychology = psychology and pedagogy
competence-literacy = functional literacy
competence-soft = soft skills
competence-ict = ICT

event-when = 🗓 { $when }
event-place = 📍 { $place }
event-link = 🔗 { $link }
event-competences = Develops: { $names }
event-private-footer = Will you come? Answer with a button; I will remind you before the start.
event-group-footer = To sign up and get a reminder, use the button below, in a private chat with the bot.
event-button-coming = I'll come
event-button-not-coming = Can't come
event-button-calendar = Add to calendar
event-button-sign-up = Sign up
event-notice-changed = ⚠️ <b>The event has changed</b>
event-notice-cancelled = ❌ <b>The event is cancelled</b>
event-notice-reminder = ⏰ <b>Reminder</b>

event-sheet-title = Registration
event-sheet-number = No.
event-sheet-name = Full name
event-sheet-organisation = Organisation
event-sheet-role = Role
event-sheet-answer = Answer
event-sheet-signature = Signature
event-sheet-coming = coming
event-sheet-not-coming = not coming
event-sheet-deleted = deleted participant

event-error-not-allowed = Events are created by a methodologist; the head of an association may announce its own association's meetings.
event-error-head-own-meeting = The head of an association may announce only its own association's meeting, for its members.
event-error-past = That time has passed. Give a future one, e.g. { $example_date } 15:00 or tomorrow at 10:00.
event-error-end-before-start = The end must be after the start. For example: { $example_date } 15:00-17:00.
event-error-title-empty = The title cannot be empty. For example: Seminar "Functional literacy in maths lessons".
event-error-title-too-long = The title is too long: { $length } characters, at most { $limit } allowed.
event-error-description-too-long = The description is too long: { $length } characters, at most { $limit } allowed. Please shorten it; I never cut text myself.
event-error-caption-too-long = With an attached file the description may be at most { $limit } characters; now it is { $length }. Shorten it or drop the file.
event-error-text-overflow = The invitation will not fit in one message: with its heading, date and footer it is longer than { $limit } characters by { $over } { $over ->
    [one] character
   *[other] characters
}. { $field ->
    [title] Shorten the title or the description
    [place] Shorten the place or the description
    [link] Shorten the link or the description
   *[other] Shorten the description
} by at least { $over } — the draft is kept.
event-error-caption-overflow = With a file, the invitation becomes its caption, and a caption may be at most { $limit } characters — the text is longer by { $over } { $over ->
    [one] character
   *[other] characters
}. { $field ->
    [attachment] Shorten the description by at least { $over } or press "Skip" to send the invitation without the file.
    [title] Shorten the title or the description by at least { $over } or remove the file.
    [place] Shorten the place or the description by at least { $over } or remove the file.
    [link] Shorten the link or the description by at least { $over } or remove the file.
   *[other] Shorten the description by at least { $over } or remove the file.
} The draft is kept.
event-error-link = "{ $text }" does not look like a link. A link starts with https://, e.g. https://example.org/meeting
event-error-place-empty = The place cannot be empty. For example: School No. 1, assembly hall.
event-error-place-too-long = Too long: { $length } characters, at most { $limit } allowed.
event-error-nobody = This audience reaches nobody now: choose another one.
event-error-cancelled = The event "{ $title }" is cancelled.
event-error-started = The event "{ $title }" has begun or is over; the answer can no longer change.

# A new event: /newevent.

newevent-intro = <b>A new event.</b> I will ask a few questions, then show the invitation the way participants will get it. To stop, send /cancel.
newevent-intro-head = <b>A new association meeting.</b> The invitation goes to the members of your association and its bound groups. I will ask a few questions, then show how it will look. To stop, send /cancel.
newevent-ask-kind = What kind of event is it? Choose one.
newevent-ask-association = Which association's meeting are you holding?
newevent-ask-title =
    What is the event called? Type the title, up to 200 characters.
    For example: Functional literacy in maths lessons
newevent-ask-start =
    When does it start? Type the date and time, for example:
    { $example_date } 15:00
    { dates-example-day-month } в 15:00
    tomorrow at 10:00
    on Friday 14:30

    You may add the end right away: { $example_date } 15:00-17:00. A multi-day event is a range of dates: { $example_range }.
newevent-ask-end = When does it end? Type a time ({ $example_end }), a date and time ({ $example_end_date }) or a duration (2 hours). If the end does not matter, press "Skip".
newevent-ask-place = Where will it take place? Type the place (for example: School No. 1, assembly hall) or send the link to the online meeting (https://…). If not known yet, press "Skip".
newevent-ask-description = Add a description: the programme, who it is for, what to bring — up to 4096 characters (up to 1024 with a file). Or press "Skip".
newevent-ask-competences = Which competences does the event develop? Tick those that fit (several or none) and press "Done".
newevent-ask-reminders = When should I remind? The reminder goes to everyone except those who answered "Can't come". Tick and press "Done".
newevent-ask-attachment = Attach the programme or the regulations: a document or a photo. If there is no file, press "Skip".
newevent-audience-title = <b>Whom to invite?</b>
newevent-audience-hint = Set up the recipients with the buttons below and press "Next".

newevent-kind-seminar = Seminar
newevent-kind-master_class = Master class
newevent-kind-webinar = Webinar
newevent-kind-conference = Conference
newevent-kind-round_table = Round table
newevent-kind-open_lesson = Open lesson
newevent-kind-meeting = Association meeting
newevent-kind-subject_week = Subject week or decade
newevent-kind-olympiad = Olympiad
newevent-kind-competition = Competition

newevent-reminder-10080 = a week before
newevent-reminder-1440 = 1 day before
newevent-reminder-180 = 3 hours before
newevent-reminder-60 = 1 hour before
newevent-reminder-15 = 15 minutes before
newevent-reminders-none = no reminders
newevent-competences-none = none chosen

newevent-chosen-kind = Kind: { $kind }
newevent-chosen-association = The association is chosen.
newevent-chosen-when = Noted: { $when }
newevent-chosen-competences = Competences: { $names }
newevent-chosen-audience =
    <b>Recipients chosen.</b>

    { $audience }
newevent-chosen-reminders = Reminders: { $reminders }

newevent-text-expected = I need a text answer here. Type it as a message, or send /cancel to stop.
newevent-use-buttons = Choose with the buttons in the message above, or send /cancel to stop.
newevent-attachment-expected = Send a document or a photo, or press "Skip" in the message above.

newevent-button-skip = Skip
newevent-button-done = Done
newevent-button-next = Next ›
newevent-button-cancel = Cancel
newevent-button-publish = Publish
newevent-button-edit = Change
newevent-button-back = ‹ Back

newevent-preview-title = <b>Above is the invitation as participants will get it.</b> It will carry the buttons "I'll come", "Can't come" and "Add to calendar"; in groups, a "Sign up" button.
newevent-preview-reminders = Reminders: { $reminders }
newevent-preview-ask = Publish?
# Reminders already due at publication: they will not be sent.
newevent-preview-reminders-late = { $count ->
    [one] The reminder { $reminders } will not come
   *[other] The reminders { $reminders } will not come
}: the start is { $less } away.
newevent-reminder-less = { $minutes ->
    [10080] less than a week
    [1440] less than a day
    [180] less than 3 hours
    [60] less than an hour
   *[15] less than 15 minutes
}
newevent-published = ✅ The event is published. The invitation goes to { $people } and { $groups }. Answers and the sign-up list are in /events.
newevent-already-published = This event is already published; I will not send it twice.
newevent-edit-ask = What to change?
newevent-editing = All right, let's change it.
newevent-edit-nothing = Leaving it as it is.
newevent-cancelled = The draft is deleted; nothing was published.

newevent-field-kind = Kind
newevent-field-title = Title
newevent-field-start = Date and time
newevent-field-end = End
newevent-field-place = Place or link
newevent-field-description = Description
newevent-field-competences = Competences
newevent-field-audience = Recipients
newevent-field-reminders = Reminders
newevent-field-attachment = File

# My events: /events, the card, answers.

events-title = <b>Your upcoming events</b>
events-empty = You have no upcoming events yet. When a new one is announced, the invitation will come here.
events-item =
    🗓 { $when } — { $kind }: "{ $title }"
    Your answer: { $answer }
events-hint = Open an event with a button below.
events-answer-none = not answered yet
events-answer-coming = I'll come
events-answer-not-coming = can't come
events-card-answer = Your answer: { $answer }
events-card-cancelled = ❌ The event is cancelled.
events-card-started = The event has begun or is over.
events-status-published = Published.
events-figures = Sent: { $recipients } (delivered: { $delivered }, queued: { $pending }, not delivered: { $failed })
events-answers = Coming: { $coming } · can't come: { $not_coming } · no answer: { $no_answer }
events-coming-title = <b>Who is coming:</b>
events-coming-line = { $organisation }: { $names }
events-coming-nobody = Nobody has signed up yet.
events-coming-more = { $count ->
    [one] …and { $count } more person: the full list is in the Excel export.
   *[other] …and { $count } more people: the full list is in the Excel export.
}
events-no-organisation = No organisation

events-button-list = ‹ To the list
events-button-excel = Export the list (Excel)
events-button-change = Change time/place/link
events-button-drop = Cancel the event
events-button-change-time = Time
events-button-change-place = Place
events-button-change-link = Link
events-button-back = ‹ Back
events-button-drop-yes = Yes, cancel it
events-button-drop-no = No, keep it

events-change-ask = What to change? Everyone who received the invitation will be notified, those coming first.
events-ask-time = Type the new time of "{ $title }", for example: { $example_date } 15:00 or { $example_date } 15:00-17:00. To stop, send /cancel.
events-ask-place = Type the new place of "{ $title }". To stop, send /cancel.
events-ask-link = Send the new link for "{ $title }"; it starts with https://. To stop, send /cancel.
events-changed = Done: the changes are saved. Participants will be notified, those coming first.
events-drop-ask = Cancel the event? Everyone who received the invitation will be told it is cancelled.
events-dropped = ❌ The event is cancelled. Participants will be notified.

events-rsvp-coming = Noted: you'll come
events-rsvp-not-coming = Noted: you can't come
events-calendar-caption = Open the file to add the event to your calendar.
events-excel-caption = The sign-up list.
events-link-stranger =
    This is an invitation to an event of the municipal methodological service.

    Those invited to the bot can sign up for events and get reminders. Ask your methodologist or deputy head for an invitation link, open it, and come back to this button.
