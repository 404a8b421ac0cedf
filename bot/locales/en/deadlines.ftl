## Deadlines: what the core says (announcements, reminders, refusals)

deliverable-plan = plan of work
deliverable-minutes = minutes
deliverable-report = report
deliverable-analysis = analysis
deliverable-application = application
deliverable-materials = materials for the methodical collection
deliverable-info_card = information card
deliverable-other = other
deliverable-survey = answers to a survey

deadline-unit-person = each person
deadline-unit-association = each association (its head hands in)
deadline-unit-organisation = each organisation (its coordinator hands in)

deadline-recurrence-once = once
deadline-recurrence-yearly = yearly
deadline-recurrence-quarterly = each school quarter
deadline-recurrence-monthly = monthly in the school year
deadline-recurrence-months = in the chosen months

deadline-notice-new = 📌 New deadline
deadline-notice-reminder = ⏰ Reminder: a deadline is coming
deadline-notice-nudge = ⏰ Reminder: you have not handed in yet
deadline-notice-returned = ↩️ Your submission was returned for rework
deadline-notice-cancelled = ❌ Deadline cancelled: nothing to hand in

deadline-line-kind = To hand in: { $kind }
deadline-line-due = Due: { $due }
deadline-line-unit = Who hands in: { $unit }
deadline-line-recurrence = Repeats: { $recurrence }
deadline-line-comment = Comment: { $comment }

deadline-button-submit = 📤 Hand in
deadline-notice-new-survey = 📋 A new survey: please answer it
deadline-notice-reminder-survey = ⏰ Reminder: the survey is still waiting for your answers
deadline-notice-nudge-survey = ⏰ Reminder: you have not answered the survey yet
deadline-button-answer = 📝 Answer the survey

deadline-error-not-allowed = Deadlines are created and followed by a methodologist, a school coordinator (for their school) and an association head (for their members).
deadline-error-head-own-members = An association head can set a deadline only for the members of their association, each person owing it.
deadline-error-not-found = There is no such deadline: it may have been removed.
deadline-error-not-yours = This deadline is not yours: only those it was set for can hand it in (a head for an association, a coordinator for an organisation).
deadline-error-survey-closed = The survey “{ $title }” is closed: it takes no more answers, so it is too late to remind anyone.
deadline-error-cancelled = The deadline “{ $title }” was cancelled: nothing to hand in.
deadline-error-title-empty = The title cannot be empty. For example: The association's plan of work for the year.
deadline-error-title-too-long = The title is too long: { $length } characters, at most { $limit }.
deadline-error-past = This date has passed. Give a future one, for example: { $example_date } or { $example_date } 18:00.
deadline-error-reminder-after-due = A reminder { $days ->
    [0] on the day
    [one] { $days } day before
   *[other] { $days } days before
} at { $at } would come after the deadline ({ $due }). Remove it or choose an earlier reminder time.
deadline-error-reminder-days = I could not read the reminder days: “{ $text }”. Write numbers separated by commas — how many days before the deadline, 0 for the day itself. For example: 7, 3, 1, 0
deadline-error-reminder-too-early = Reminders can start at most { $limit } days before the deadline.
deadline-error-reminder-time = I could not read the reminder time: “{ $text }”. Write, for example: 09:00
deadline-error-no-months = Choose at least one month.
deadline-error-no-units = This audience has no { $unit ->
    [association] association
    [organisation] organisation
   *[person] person
} that could hand it in. Choose another audience.
deadline-error-too-long = The description is too long for one message: { $over } characters over the limit ({ $limit }). Please shorten it.
deadline-error-comment-too-long = The comment is too long: { $length } characters, at most { $limit }.
deadline-error-file-too-big = The file “{ $name }” is larger than { $limit } MB. Compress it or split it.
deadline-error-file-type = A file like “{ $name }” cannot be accepted. Allowed: { $allowed }.
deadline-error-too-many-files = Too many files: at most { $limit } at once.
deadline-error-already-submitted = “{ $title }” was already handed in with this button. To replace it, open the deadline again and press “Hand in”.
deadline-error-replace-after-due = The deadline “{ $title }” has passed: the submission can no longer be replaced. If it needs fixing, ask the methodologist to return it for rework.
deadline-error-return-comment-empty = Write what needs rework: those who handed in will see the comment.
deadline-error-return-not-submitted = Only a submission can be returned, and nothing has been handed in here yet.
