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
event-error-past = That time has passed. Give a future one, e.g. 25.11 15:00 or tomorrow at 10:00.
event-error-end-before-start = The end must be after the start. For example: 25.11 15:00-17:00.
event-error-title-empty = The title cannot be empty. For example: Seminar "Functional literacy in maths lessons".
event-error-title-too-long = The title is too long: { $length } characters, at most { $limit } allowed.
event-error-description-too-long = The description is too long: { $length } characters, at most { $limit } allowed. Please shorten it; I never cut text myself.
event-error-caption-too-long = With an attached file the description may be at most { $limit } characters; now it is { $length }. Shorten it or drop the file.
event-error-link = "{ $text }" does not look like a link. A link starts with https://, e.g. https://example.org/meeting
event-error-place-empty = The place cannot be empty. For example: School No. 1, assembly hall.
event-error-place-too-long = Too long: { $length } characters, at most { $limit } allowed.
event-error-nobody = This audience reaches nobody now: choose another one.
event-error-cancelled = The event "{ $title }" is cancelled.
event-error-started = The event "{ $title }" has begun or is over; the answer can no longer change.
