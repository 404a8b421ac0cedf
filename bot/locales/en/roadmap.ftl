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
