## Meeting minutes: /minutes (a head), /minutes_registry (methodologist, coordinator)

command-minutes = Meeting minutes
command-minutes_registry = Minutes registry

minutes-level-school = ШМО (school)
minutes-level-municipal = ГМО (municipal)
minutes-level-district = РМО (district)

minutes-month-1 = January
minutes-month-2 = February
minutes-month-3 = March
minutes-month-4 = April
minutes-month-5 = May
minutes-month-6 = June
minutes-month-7 = July
minutes-month-8 = August
minutes-month-9 = September
minutes-month-10 = October
minutes-month-11 = November
minutes-month-12 = December
minutes-month-short-1 = Jan
minutes-month-short-2 = Feb
minutes-month-short-3 = Mar
minutes-month-short-4 = Apr
minutes-month-short-5 = May
minutes-month-short-6 = Jun
minutes-month-short-7 = Jul
minutes-month-short-8 = Aug
minutes-month-short-9 = Sep
minutes-month-short-10 = Oct
minutes-month-short-11 = Nov
minutes-month-short-12 = Dec

## The year's deadlines

minutes-duty-meeting = Minutes of the { $level } meeting ({ $month })
minutes-duty-work_plan = The association's plan of work for { $year }
minutes-duty-materials = Materials for the «методическая копилка» ({ $month })
minutes-duty-analysis = The association's analysis of { $year }
minutes-duty-report = The association's report on { $year }
minutes-duty-next_plan = The association's plan for the next school year (after { $year })

## The minutes wizard

minutes-intro = 📝 New meeting minutes. Answer the questions in turn; at the end I show the whole protocol, and you can change it before sending. To stop: /cancel.
minutes-ask-association = Which association met?
minutes-ask-number = The protocol's number? The next one this school year is No. { $number }: press the button or type another number.
minutes-ask-date = When was the meeting? Type a date, for example: 25.11, 25.11.2026 or yesterday.
minutes-ask-topic = The meeting's topic?
minutes-ask-items =
    The agenda: send the items — each as its own message, or all at once, one item per line (numbers like «1.» may stay). An item is at most 4000 characters.

    When all items are in, press «Done».
minutes-items-taken =
    Items taken: { $count }
    { $items }

    Send more or press «Done».
minutes-items-dropped = The agenda is cleared.
minutes-ask-attendance = How many were present, of how many in the association? Type, for example: 12 of 15 (or 12 из 15).
minutes-ask-absent = Absent: { $count }. Type who (comma-separated), or press «Skip».
minutes-ask-mode = How should the course of the meeting be recorded?
minutes-ask-heard = Item { $number } of { $count }: «{ $title }»

    <b>Heard</b>: whom, and on what? Or «Skip».
minutes-ask-spoke = Item { $number } of { $count }: «{ $title }»

    <b>Spoke</b>: who, and what was said? Or «Skip».
minutes-ask-decided = Item { $number } of { $count }: «{ $title }»

    <b>Decided</b>: what was resolved? Or «Skip».
minutes-ask-decisions = Type the meeting's decisions as one text.
minutes-ask-files = Attachments: send files ({ $types } or photos, each at most { $limit } MB; several are fine). When done — «Done»; none — «No attachments».
minutes-file-taken = 📎 Taken «{ $name }». Attachments so far: { $count }. Send more or press «Done».
minutes-files-expected = A file or a photo is expected here. When done, press «Done».
minutes-text-expected = Please answer with text.
minutes-use-buttons = Please choose with a button.
minutes-skipped = Skipped.

minutes-chosen-association = Association: { $name }
minutes-chosen-number = Protocol No. { $number }
minutes-chosen-date = Meeting date: { $date }
minutes-chosen-items = { $count ->
    [one] The agenda has { $count } item.
   *[other] The agenda has { $count } items.
}
minutes-chosen-mode-items = Per item: heard, spoke, decided.
minutes-chosen-mode-one = Decisions as one text.
minutes-chosen-files = { $count ->
    [0] No attachments.
    [one] { $count } attachment.
   *[other] { $count } attachments.
}

minutes-button-cancel = Cancel
minutes-button-number = No. { $number }
minutes-button-items-done = ✅ Done
minutes-button-items-again = Start the agenda again
minutes-button-mode-items = Per item: heard / spoke / decided
minutes-button-mode-one = One text — the decisions
minutes-button-skip = Skip
minutes-button-files-done = ✅ Done
minutes-button-no-files = No attachments
minutes-button-send = ✅ Send
minutes-button-edit = ✏️ Change
minutes-button-back = ⬅️ Back to the protocol

minutes-preview-title = Check the protocol. If all is right — «Send».
minutes-preview-correction = Correcting the protocol: change what is needed and press «Send» — a new version is kept, the earlier one stays in the history.
minutes-edit-ask = What should change?
minutes-editing = Changing…
minutes-edit-nothing = Nothing changed.
minutes-field-number = Number
minutes-field-date = Date
minutes-field-topic = Topic
minutes-field-items = Agenda
minutes-field-attendance = Attendance
minutes-field-texts = Heard / decided
minutes-field-files = Attachments
minutes-cancelled = The protocol was not sent; the draft is deleted.
minutes-already-sent = This protocol has been sent already.

minutes-line-title = <b>Protocol No. { $number }</b> — { $association }
minutes-line-organisation = Organisation: { $organisation }
minutes-line-date = Date: { $date }
minutes-line-topic = Topic: { $topic }
minutes-line-attendance = Present: { $present } of { $total }, absent: { $absent }
minutes-line-absent = Absent: { $names }
minutes-line-agenda = Agenda:
minutes-line-heard = — Heard: { $text }
minutes-line-spoke = — Spoke: { $text }
minutes-line-decided = — Decided: { $text }
minutes-line-decisions = Decisions: { $text }
minutes-line-files = { $count ->
    [one] Attachment: { $names }
   *[other] Attachments ({ $count }): { $names }
}
minutes-line-no-files = No attachments.
minutes-line-completed = Deadline completed: «{ $title }»
minutes-line-version = Version { $version }: { $at }, { $by }
minutes-line-version-current = Version { $version } (current): { $at }, { $by }
minutes-line-editable = May be corrected until { $until }.

minutes-sent = ✅ Protocol No. { $number } ({ $association }, { $year }) is received. The protocol document is below.
minutes-corrected = ✅ Protocol No. { $number } ({ $association }) is corrected: version { $version }. The protocol document is below.
minutes-sent-completed = Deadline «{ $title }» is completed.
minutes-docx-caption = Protocol No. { $number }
minutes-file-name = Protocol No. { $number } of { $date } — { $association }
minutes-file-lost = The file «{ $name }» is no longer available in Telegram.

## My minutes

minutes-list-title = 📚 Your minutes ({ $count }). Press one to open it, download its document or correct it.
minutes-list-empty = 📚 No minutes yet. Press «New protocol» to hand in a meeting's minutes.
minutes-list-button = No. { $number } of { $date } — { $association }
minutes-button-new = ➕ New protocol
minutes-button-theme = 🎯 Methodical topic
minutes-button-docx = 📄 Protocol (DOCX)
minutes-button-files = { $count ->
    [one] 📎 Attachment
   *[other] 📎 Attachments ({ $count })
}
minutes-button-correct = ✏️ Correct
minutes-button-list = ⬅️ My minutes
minutes-button-open-taken = Open that protocol

minutes-theme-choose = The methodical topic of which association?
minutes-theme-ask =
    🎯 The methodical topic of «{ $association }» for the { $year } school year.
    Now: { $current }

    Type the topic (up to 1000 characters).
minutes-theme-none = not set
minutes-theme-saved = ✅ The methodical topic is saved: { $topic }

## Errors

minutes-error-not-head = Minutes are handed in by an association's head. If you are one, ask the methodologist or the coordinator to mark it on your card.
minutes-error-not-your-association = You do not head this association: its minutes are not yours to hand in.
minutes-error-not-allowed = This protocol is not open to you.
minutes-error-not-found = The protocol is not found.
minutes-error-association-gone = The association is not found or archived.
minutes-error-number = A protocol's number is 1 to { $limit }, for example: 3. Got: «{ $text }».
minutes-error-number-taken = Protocol No. { $number } of this association has been handed in this school year already. To fix something in it, open it and press «Correct»; for a new meeting type another number.
minutes-error-number-taken-closed = Protocol No. { $number } of this association has been handed in this school year already, and its time for corrections is over. For a new meeting type another number.
minutes-error-date-future = That date has not come yet. Type the date when the meeting took place.
minutes-error-date-before-year = That date is before the current school year. Minutes are taken for meetings from { $start } (the August meeting plans the year) until today.
minutes-error-date-other-year = A correction keeps the date within the same school year and not after today.
minutes-error-topic-empty = Type the meeting's topic.
minutes-error-topic-too-long = The topic is too long: { $length } characters, { $limit } at most.
minutes-error-item-empty = Send an agenda item as text.
minutes-error-item-too-long = The agenda item is too long: { $length } characters, { $limit } at most. Shorten it or split it into several items.
minutes-error-too-many-items = An agenda has at most { $limit } items.
minutes-error-no-items = The agenda has no item. Send at least one, then press «Done».
minutes-error-text-empty = Type the text or press «Skip».
minutes-error-text-too-long = The text is too long: { $length } characters, { $limit } at most.
minutes-error-attendance = I did not understand «{ $text }». Type how many were present and how many in all, for example: 12 of 15.
minutes-error-attendance-total = An association has 1 to { $limit } people. Type, for example: 12 of 15.
minutes-error-present-over-total = More present ({ $present }) than in the association ({ $total }). Check the numbers and type, for example: 12 of 15.
minutes-error-file-too-big = The file «{ $name }» is over { $limit } MB. Compress it or send another.
minutes-error-file-type = Files like «{ $name }» are not accepted. Allowed: { $allowed } and photos.
minutes-error-too-many-files = At most { $limit } attachments to one protocol.
minutes-error-edit-closed = Protocol No. { $number } could be corrected within { $days ->
    [one] { $days } day
   *[other] { $days } days
} of sending — until { $until }. If it must change, ask the methodologist.
minutes-error-already-corrected = Protocol No. { $number } has been corrected already: open it again and check the current version.
minutes-error-meeting-handed = This meeting's minutes are handed in already. Correct them in /minutes.
minutes-error-theme-empty = Type the methodical topic as text.
minutes-error-theme-too-long = The topic is too long: { $length } characters, { $limit } at most.
minutes-error-year = The school year { $year } is not available.
minutes-error-months = There is no such month in the plan.
minutes-error-registry-not-allowed = The minutes registry is for methodologists and school coordinators.
minutes-error-meeting-not-found = This meeting is not in the plan.
minutes-error-nothing-to-chart = Nothing to show yet: this year has no meeting deadlines.
minutes-error-nothing-to-zip = There are no minutes yet.
minutes-error-zip-too-big = The archive is too big for Telegram: over { $size } MB ({ $limit } MB at most). Download the minutes meeting by meeting.

## The protocol document (the words of the default template)

minutes-doc-protocol = MINUTES No.
minutes-doc-meeting = of the meeting of
minutes-doc-topic = Topic
minutes-doc-absent = Absent
minutes-doc-agenda = Agenda
minutes-doc-heard = Heard
minutes-doc-spoke = Spoke
minutes-doc-decided = Decided
minutes-doc-decisions = Decisions
minutes-doc-attendance = Present: { $present } { $present ->
    [one] person
   *[other] people
}, absent: { $absent }
minutes-doc-date-words = { $month } { $day }, { $year }
minutes-doc-head-school = Head of the ШМО
minutes-doc-head-municipal = Head of the ГМО
minutes-doc-head-district = Head of the РМО
minutes-zip-attachments = No. { $number } — attachments

minutes-sample-organisation = School No. 1
minutes-sample-association = Primary school teachers' association
minutes-sample-topic = Planning the school year
minutes-sample-absent = A. A. Ivanova, P. P. Petrov
minutes-sample-item = Approving the plan of work
minutes-sample-heard = The head on the year's plan of work
minutes-sample-spoke = Primary school teachers with proposals
minutes-sample-decided = To approve the plan of work
minutes-sample-head = M. I. Ivanova

## The minutes registry

minutes-registry-title = 📚 <b>Meeting minutes, { $year } school year</b>
minutes-registry-school = School: { $name }
minutes-registry-minutes-count = { $count ->
    [one] { $count } protocol handed in.
   *[other] { $count } protocols handed in.
}
minutes-registry-coverage = Minutes handed in: { $done } of { $total }, { $percent } % — of the meetings past their due date (while there are none, of the nearest ones):
minutes-registry-org-line = • { $name }: { $done } of { $total } ({ $percent } %)
minutes-registry-meetings = Planned meetings:
minutes-registry-documents = The year's documents:
minutes-registry-planned = • { $title } — by { $due }: { $done } of { $total } handed in ({ $percent } %)
minutes-registry-meeting-button = { $title } — { $percent } %
minutes-registry-no-plan = The meeting deadlines of this year have not been created yet.
minutes-registry-no-plan-methodologist = The meeting deadlines of this year have not been created yet: open «Meeting plan» and press «Create the year's deadlines».
minutes-registry-municipal = Municipal and district associations
minutes-registry-due = Due: { $due }
minutes-registry-meeting-coverage = Minutes handed in by { $done } of { $total } associations, { $percent } %
minutes-registry-missing = Not handed in:
minutes-registry-missing-org = { $organisation }: { $names }
minutes-registry-missing-more = …and { $count } more — the full list is in the Excel file.
minutes-registry-missing-none = Everyone has handed in. ✅
minutes-registry-minutes-button = No. { $number } of { $date } — { $association }
minutes-registry-places = Organisations ({ $count }), { $year } school year:
minutes-registry-place-button = { $name } — associations: { $associations }, minutes: { $minutes }
minutes-registry-associations = Associations ({ $count }):
minutes-registry-association-button = { $name } — minutes: { $minutes }
minutes-registry-theme = Methodical topic: { $topic }
minutes-registry-term = Head: { $name }, since { $since }{ $confirmed ->
    [yes] , confirmed for the year
   *[no] {""}
}
minutes-registry-term-ended = Head: { $name }, from { $since } to { $until }
minutes-registry-own-plan = Its own meeting plan: { $months }. Tick the months with the buttons.
minutes-registry-level-plan = Meeting plan — its level's: { $months }. Tick months with the buttons to give it its own.
minutes-registry-no-months = no meetings
minutes-registry-xlsx-caption = Minutes of the { $year } school year
minutes-registry-chart-caption = Minutes handed in: { $done } of { $total }, { $percent } %
minutes-registry-zip-wait = Packing the archive…
minutes-registry-zip-caption = Minutes and attachments, { $year } school year
minutes-registry-zip-lost = Could not get: { $names }
minutes-registry-button-places = 🏫 By organisation
minutes-registry-button-xlsx = 📊 Excel
minutes-registry-button-chart = 📈 Chart
minutes-registry-button-zip = 🗂 All minutes (ZIP)
minutes-registry-button-plan = 🗓 Meeting plan
minutes-registry-button-template = 📄 Protocol template
minutes-registry-button-back = ⬅️ Back
minutes-registry-button-previous = ‹ { $year }
minutes-registry-button-next = { $year } ›
minutes-registry-button-own-reset = As its level
minutes-registry-button-set-up = ✅ Create the year's deadlines
minutes-registry-button-heads = 👥 Confirm the heads for the year
minutes-registry-plan-level = { $level }:
minutes-chart-title = Minutes handed in by organisation, { $year }
minutes-chart-title-meeting = Minutes handed in: { $title }
minutes-chart-bar = { $done } of { $total } ({ $percent } %)

minutes-xlsx-minutes = Minutes
minutes-xlsx-coverage = Coverage by organisation
minutes-xlsx-meetings = By meeting
minutes-xlsx-missing = Not handed in
minutes-xlsx-title = Meeting minutes, { $year } school year
minutes-xlsx-col-1 = Organisation
minutes-xlsx-col-2 = Association
minutes-xlsx-col-3 = Level
minutes-xlsx-col-4 = No.
minutes-xlsx-col-5 = Meeting date
minutes-xlsx-col-6 = Topic
minutes-xlsx-col-7 = Present
minutes-xlsx-col-8 = In all
minutes-xlsx-col-9 = Items
minutes-xlsx-col-10 = Attachments
minutes-xlsx-col-11 = Version
minutes-xlsx-col-12 = Head
minutes-xlsx-col-13 = Handed in
minutes-xlsx-col-14 = Planned meeting
minutes-xlsx-col-15 = Methodical topic
minutes-xlsx-col-organisation = Organisation
minutes-xlsx-col-association = Association
minutes-xlsx-col-heads = Heads
minutes-xlsx-col-meeting = Meeting
minutes-xlsx-col-due = Due
minutes-xlsx-col-done = Handed in
minutes-xlsx-col-total = In all
minutes-xlsx-col-percent = %

## The meeting plan

minutes-plan-title = 🗓 <b>Meeting plan, { $year } school year</b>
minutes-plan-level = { $level }: { $months }
minutes-plan-overrides = Associations with their own plan:
minutes-plan-override = • { $name }: { $months }
minutes-plan-duties = { $count ->
    [0] The year's deadlines have not been created yet.
    [one] { $count } deadline of the year has been created.
   *[other] { $count } deadlines of the year have been created.
}
minutes-plan-hint = Tick the meeting months with the buttons. An association's own plan is on its screen («By organisation»). «Create the year's deadlines» creates a deadline for each meeting and each document of the year (plan of work, analysis, report, «методическая копилка»); pressing it again adds the changes and creates nothing twice.
minutes-plan-set-up = ✅ The year's deadlines: { $created } created, { $added } associations added, { $dropped } dropped, { $past } past months skipped.
minutes-plan-heads-confirmed = The heads for the { $year } school year are confirmed: { $count }.

## The protocol template

minutes-template-screen =
    📄 <b>Protocol template</b>
    Now: { $state }

    To replace it, send a .docx file (up to { $limit } MB). Its fields: {"{{"} organisation {"}}"}, {"{{"} association {"}}"}, {"{{"} number {"}}"}, {"{{"} date {"}}"}, {"{{"} topic {"}}"}, {"{{"} attendance {"}}"}, {"{{"} absent_names {"}}"}, {"{{"} agenda {"}}"} (a list), {"{{"} items {"}}"} (a list: number, title, heard, spoke, decided), {"{{"} decisions {"}}"}, {"{{"} head_title {"}}"}, {"{{"} head_name {"}}"} and more — see the README. Download the current template as an example.
minutes-template-state-default = the default template
minutes-template-state-uploaded = the uploaded template «{ $name }» of { $at }
minutes-template-button-get = ⬇️ Download the current one
minutes-template-button-default = ⬇️ Download the default template
minutes-template-button-reset = ↩️ Back to the default template
minutes-template-file-expected = Send the template as a .docx file.
minutes-template-too-large = The file is too big: a template is up to { $limit } MB.
minutes-template-download-failed = Could not get the file from Telegram. Send it again.
minutes-template-replaced = ✅ The template «{ $name }» is checked and will be used for the next protocols. A sample protocol from it is below.
minutes-template-sample-caption = A sample protocol from the new template
minutes-template-reset-done = ✅ The default template is in use again.
minutes-template-already-default = The default template is in use already.
minutes-template-rejected = { $count ->
    [one] ❌ The template cannot be used: { $count } problem.
   *[other] ❌ The template cannot be used: { $count } problems.
}
minutes-template-kept = The template in use stays. Fix the file and send it again.
minutes-template-not-docx = «{ $name }» is not a Word document (.docx).
minutes-template-syntax = An error in a field or block of the template (line { $line }): { $reason }
minutes-template-unknown-field = Unknown field «{ $field }».
minutes-template-no-fields = The template has no field: its protocols would be empty.
minutes-template-render = A sample protocol does not render: { $reason }
