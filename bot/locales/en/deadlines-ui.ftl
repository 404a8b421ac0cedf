## Deadlines: /deadlines — what a person owes and hands in, what the staff follow

command-deadlines = Deadlines

## A person's list and card

deadline-ui-mine-title = 📋 Your deadlines ({ $count })
deadline-ui-mine-empty = You have no open deadlines now.
deadline-ui-mine-hint = Tap a deadline to open it and hand in.
deadline-ui-item = { $mark } <b>{ $title }</b> — { $when }
deadline-ui-item-unit = On behalf of: { $unit }
deadline-ui-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
deadline-ui-today = today, by { $time }
deadline-ui-overdue = { $days ->
    [one] { $days } day overdue
   *[other] { $days } days overdue
}
deadline-ui-status-open = Not handed in yet.
deadline-ui-status-submitted = Handed in ✅ { $at }
deadline-ui-status-returned = Returned for rework ↩️ Comment: { $comment }
deadline-ui-card-own = { $mark } You — { $when }
deadline-ui-card-unit = { $mark } { $unit } — { $when }
deadline-ui-button-submit = 📤 Hand in
deadline-ui-button-replace = 🔁 Replace what was handed in
deadline-ui-button-mine = 📋 My deadlines
deadline-ui-button-followed = 📊 Deadlines I follow
deadline-ui-button-card = Open the deadline

## Handing in

deadline-ui-hand-ask =
    📤 <b>{ $title }</b> — on behalf of: { $unit }

    Send files (documents or photos, several if needed, each up to { $limit } MB) and, if needed, a comment as text. When everything is there, press «Send».
deadline-ui-hand-replace =
    🔁 <b>{ $title }</b> — on behalf of: { $unit }

    You are replacing what was handed in: the earlier version is kept. Send files (documents or photos, several if needed, each up to { $limit } MB) and, if needed, a comment as text. When everything is there, press «Send».
deadline-ui-hand-file = 📎 File «{ $name }» received ({ $size }). Files so far: { $count }. Send more or press «Send».
deadline-ui-hand-comment-kept = The file's caption is kept as the comment.
deadline-ui-hand-comment = 💬 Comment saved. Send files or press «Send».
deadline-ui-hand-what = Send a document, a photo or a comment as text here. When everything is there, press «Send».
deadline-ui-hand-empty = Nothing to send yet: send a file or write a comment.
deadline-ui-hand-over = This hand-in is closed. Open the deadline and press «Hand in» again.
deadline-ui-hand-dropped = Handing in cancelled; nothing was saved.
deadline-ui-button-send = ✅ Send
deadline-ui-button-drop = Cancel
deadline-ui-handed = ✅ Handed in: <b>{ $title }</b> — on behalf of: { $unit } (version { $version }). { $files ->
    [0] No files.
    [one] { $files } file.
   *[other] { $files } files.
}
deadline-ui-handed-late = Handed in after the deadline — the methodologist will see it.

## The staff's list and card

deadline-ui-staff-title = 📊 Deadlines you follow ({ $count })
deadline-ui-staff-empty = There are no open deadlines you follow now.
deadline-ui-staff-hint = Tap a deadline to open its card.
deadline-ui-staff-item =
    { $mark } <b>{ $title }</b> — due { $due }
    handed in { $submitted } of { $total } ({ $percent }%)
deadline-ui-staff-button = { $title } — { $submitted }/{ $total }
deadline-ui-coverage = 📊 Handed in { $submitted } of { $total } ({ $percent }%)
deadline-ui-late = 🔴 Late: { $count }
deadline-ui-not-yet = ⏳ Not yet: { $count }
deadline-ui-returned = ↩️ Returned for rework: { $count }
deadline-ui-missing-title = <b>Not handed in:</b>
deadline-ui-missing-org = <b>{ $organisation }</b>: { $names }
deadline-ui-missing-more = …and { $count } more — the full list is in Excel.
deadline-ui-card-cancelled = ❌ The deadline is cancelled.
deadline-ui-button-handed = 📂 Handed-in work
deadline-ui-button-nudge = 🔔 Remind the late
deadline-ui-button-excel = 📊 Excel
deadline-ui-button-zip = 🗂 Files (ZIP)
deadline-ui-button-cancel = ❌ Cancel the deadline
deadline-ui-button-list = ‹ To the deadlines
deadline-ui-button-to-card = ‹ To the deadline's card
deadline-ui-button-to-handed = ‹ To the handed-in work
deadline-ui-button-return = ↩️ Return for rework

## What was handed in

deadline-ui-handed-title = 📂 «{ $title }»: { $count } handed in. Tap one to open it and get its files.
deadline-ui-handed-none = 📂 «{ $title }»: nobody has handed in yet.
deadline-ui-handed-button = { $unit } — { $organisation } (v. { $version })
deadline-ui-sub-title = 📂 <b>{ $title }</b>
deadline-ui-sub-unit = Who: { $unit }
deadline-ui-sub-organisation = Organisation: { $organisation }
deadline-ui-sub-current = Version { $version } of { $at }, { $files ->
    [0] no files
    [one] { $files } file
   *[other] { $files } files
}
deadline-ui-sub-comment = Comment: { $comment }
deadline-ui-sub-no-comment = No comment.
deadline-ui-sub-versions = All versions:
deadline-ui-sub-version = • version { $version } — { $at }, files: { $files }
deadline-ui-sub-file = { $unit }, version { $version }
deadline-ui-sub-file-lost = Could not get the file «{ $name }»: it may have been deleted from Telegram.
deadline-ui-return-ask = Write in one message what needs rework ({ $unit }). Those who handed in will get the comment. Changed your mind — /cancel.
deadline-ui-return-text = A text comment is needed: what to rework. Changed your mind — /cancel.
deadline-ui-returned-done = ↩️ Returned for rework. { $count ->
    [0] Nobody to tell: nobody can hand in for this unit now.
    [one] { $count } person told.
   *[other] { $count } people told.
}

## Nudging, exports, cancelling

deadline-ui-nudge-ask = Remind { $count ->
    [one] { $count } person
   *[other] { $count } people
} who have not handed in yet?
deadline-ui-nudge-nobody = Everyone has handed in — nobody to remind.
deadline-ui-nudge-sent = 🔔 Reminder sent to { $count ->
    [one] { $count } person
   *[other] { $count } people
}.
deadline-ui-nudge-done-already = This reminder has been sent already. To remind again, press «Remind the late» once more.
deadline-ui-excel-caption = The hand-in table: a row for everyone who owes it.
deadline-ui-zip-wait = Collecting the files…
deadline-ui-zip-caption = Files of the handed-in work: { $count }, a folder per organisation.
deadline-ui-zip-lost = Could not get: { $names }
deadline-ui-cancel-ask = Cancel the deadline «{ $title }»? No more reminders; { $count ->
    [0] everyone has handed in.
    [one] { $count } who has not handed in will be told.
   *[other] { $count } who have not handed in will be told.
}
deadline-ui-cancelled = ❌ The deadline «{ $title }» is cancelled. Those who had not handed in were told.
deadline-error-unit-not-found = This deadline has no such unit.
deadline-error-zip-empty = No files yet: nobody has handed in work with files.
deadline-error-zip-too-big = The files add up to { $size } MB — more than one archive may carry ({ $limit } MB). Open the work one by one in «Handed-in work».
deadline-zip-no-organisation = No organisation

## The status table

deadline-xlsx-sheet = Hand-in
deadline-xlsx-due = Due: { $due }
deadline-xlsx-coverage = Handed in { $submitted } of { $total } ({ $percent }%)
deadline-xlsx-unit = Who owes it
deadline-xlsx-organisation = Organisation
deadline-xlsx-status = Status
deadline-xlsx-submitted-at = Handed in at
deadline-xlsx-versions = Versions
deadline-xlsx-comment = Comment
deadline-xlsx-actors = Who can hand in
deadline-xlsx-submitted = handed in
deadline-xlsx-returned = returned for rework
deadline-xlsx-late = late
deadline-xlsx-not-yet = not yet
