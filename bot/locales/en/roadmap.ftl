# Roadmap: reading the table of activities to import deadlines.

roadmap-file-type = I take a roadmap only as a CSV or XLSX table. Save the file in one of these formats (in Excel: File → Save as) and send it again.
roadmap-file-unreadable = I could not read the file as a table: it seems damaged or it is not CSV or XLSX. Save the table again and send it once more.
roadmap-file-too-big = The file is larger than { $limit } MB, so I cannot take it. Split the roadmap and send the parts one by one.
roadmap-file-empty = The roadmap has no rows with activities.
roadmap-file-columns =
    I could not find the expected columns. Within the first { $rows } rows there must be a header row with:
    <b>Мероприятие</b> (activity; or «Содержание работы») and <b>Срок</b> (term; or «Сроки выполнения», «Срок исполнения»);
    optionally <b>Ответственные</b> (responsible) and <b>Аудитория</b> (audience).
roadmap-file-too-many-rows = The roadmap has more than { $limit ->
    [one] { $limit } row
   *[other] { $limit } rows
    }. I do not load that many at once: split the table and send the parts one by one.
roadmap-file-download-failed = I could not download the file. Please send it again.

## /import_roadmap

roadmap-import-ask-file =
    Send the roadmap as a file — a CSV or XLSX table (up to { $limit } MB).
    It needs the columns «Мероприятие» (activity; or «Содержание работы») and «Срок» (term); «Ответственные» (responsible) is optional. I will understand title rows above the table and sections («1. Информационная поддержка») myself.
roadmap-import-send-file = I am waiting for the roadmap file (CSV or XLSX). To stop — /cancel or «Cancel».
roadmap-import-use-buttons = Choose with the buttons under the message above.
roadmap-import-read = I read “{ $file }”: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
    } of activities.
roadmap-import-years-named = The table's terms name { $count ->
    [one] the year
   *[other] the years
    } { $years }: make sure you choose the plan's academic year right. Rows with a year stay in their year.
roadmap-import-ask-year = Which academic year is this plan for? A month without a year («Январь») goes into the chosen year: in a 2026–2027 plan «Январь» is January 2027.
roadmap-year-current = { $year } (current)
roadmap-import-year-bad = That academic year cannot be chosen. Press one of the buttons.
roadmap-import-chosen-year = The plan's academic year: { $year }.
roadmap-import-preview =
    <b>Roadmap “{ $file }” for the { $year } academic year</b>
    Rows: { $rows }. What they become:
roadmap-import-row = <b>{ $number }.</b> { $activity } — «{ $term }» → { $outcome }, { $unit }
roadmap-import-row-plain = <b>{ $number }.</b> { $activity } — «{ $term }» → { $outcome }
roadmap-import-preview-ask = A row's number is its line in the file. Check and press «Create»; the deadlines are not sent out at once — their reminders will speak for them.
roadmap-count-deadline = { $count ->
    [one] { $count } deadline
   *[other] { $count } deadlines
    }
roadmap-count-series = { $count ->
    [one] { $count } series of recurring deadlines
   *[other] { $count } series of recurring deadlines
    }
roadmap-count-standing = { $count ->
    [one] { $count } standing activity
   *[other] { $count } standing activities
    } (no reminders)
roadmap-count-undated = { $count ->
    [one] { $count } row needs a date
   *[other] { $count } rows need a date
    } — give it with «Set a date» or later
roadmap-count-past = { $count ->
    [one] { $count } row's date has passed
   *[other] { $count } rows' dates have passed
    } — kept in the roadmap without a deadline
roadmap-count-no_units = { $count ->
    [one] { $count } row without a deadline: nobody to hand in
   *[other] { $count } rows without a deadline: nobody to hand in
    }
roadmap-count-exists = loaded before: { $count }
roadmap-outcome-deadline = due { $due }
roadmap-outcome-series = series from { $due }, { $recurrence }
roadmap-outcome-standing = standing
roadmap-outcome-undated = needs a date
roadmap-outcome-past = date passed ({ $due })
roadmap-outcome-exists = loaded before
roadmap-outcome-no-units = no deadline: { $unit ->
    [association] there are no associations in the registry yet
    [organisation] there are no organisations in the registry yet
    [methodologists] there are no methodologists in the bot
   *[person] nobody is in the bot yet
    }
roadmap-outcome-by-hand = (date given by hand)
roadmap-unit-person = each person
roadmap-unit-association = each association
roadmap-unit-organisation = each organisation
roadmap-unit-methodologists = the methodologists
roadmap-unit-choice-person = Each person
roadmap-unit-choice-association = Each association
roadmap-unit-choice-organisation = Each organisation
roadmap-unit-choice-methodologists = The methodologists
roadmap-import-button-create = Create
roadmap-import-button-row = Change a row
roadmap-import-button-date = Set a date
roadmap-import-button-xlsx = Excel table
roadmap-import-button-cancel = Cancel
roadmap-import-ask-row = Type the number of the row whose unit should change (for example, 12).
roadmap-import-ask-unit = Row { $number }: “{ $activity }”. Who hands in?
roadmap-import-chosen-unit = Row { $number }: { $unit } hands in.
roadmap-import-row-bad = “{ $text }” is not a row number. Type a number, for example 12.
roadmap-import-row-unknown = The roadmap has no row { $number }. The row numbers are in the preview.
roadmap-import-ask-date = Type the row number and a date, for example: 12 25.12.2026. A date can be given to a row whose term I did not understand («needs a date»).
roadmap-import-date-format = Type the row number and the date with a space, for example: 12 25.12.2026.
roadmap-import-date-not-needed = I understood row { $number }'s term myself. A date is given by hand only to rows marked «needs a date».
roadmap-import-date-past = That date has passed. Give a date in the future.
roadmap-import-chosen-date = Row { $number }: due { $due }.
roadmap-import-done =
    Done. Deadlines created: { $created }, standing activities: { $standing }, without a date: { $undated }, loaded before: { $existing }.
roadmap-import-done-past = { $count ->
    [one] { $count } row whose date has passed is kept without a deadline.
   *[other] { $count } rows whose dates have passed are kept without a deadline.
    }
roadmap-import-done-no-units = { $count ->
    [one] { $count } row is kept without a deadline: nobody to hand in.
   *[other] { $count } rows are kept without a deadline: nobody to hand in.
    }
roadmap-import-done-undated = Rows without a date are shown in /roadmap; a deadline for them can be set with /newdeadline.
roadmap-import-done-see = The roadmap by month — /roadmap.
roadmap-import-cancelled = Loading the roadmap was cancelled; nothing was created.
roadmap-import-already-done = This roadmap has already been loaded.
roadmap-xlsx-sheet = Roadmap
roadmap-xlsx-line = Row
roadmap-xlsx-section = Section
roadmap-xlsx-activity = Activity
roadmap-xlsx-term = Term in the table
roadmap-xlsx-responsible = Responsible
roadmap-xlsx-outcome = What it becomes
roadmap-xlsx-unit = Who hands in
roadmap-xlsx-due = First due date
roadmap-xlsx-kind = What is handed in

## /roadmap

roadmap-not-allowed = The roadmap is for methodologists, school coordinators and heads of associations.
roadmap-view-empty = No roadmap has been loaded yet. A methodologist loads it with /import_roadmap.
roadmap-view-title = <b>Roadmap for the { $year } academic year</b>
roadmap-view-month = <b>{ $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
    } { $year }</b>
roadmap-view-line = • { $due } — { $activity } ({ $unit }) — { $state }
roadmap-view-coverage = { $submitted } of { $total } handed in
roadmap-view-past = date passed
roadmap-view-no-deadline = no deadline created
roadmap-view-standing = <b>Standing and all year round</b> ({ $count })
roadmap-view-standing-line = • { $activity } — «{ $term }»
roadmap-view-undated = <b>Needs a date</b> ({ $count })
roadmap-view-undated-line = • { $activity } — «{ $term }»
