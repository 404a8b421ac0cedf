# Дорожная карта: чтение таблицы мероприятий для импорта сроков.

roadmap-file-type = Дорожную карту я принимаю только как таблицу CSV или XLSX. Сохраните файл в одном из этих форматов (в Excel: «Файл» → «Сохранить как») и пришлите снова.
roadmap-file-unreadable = Не смог прочитать файл как таблицу: похоже, он повреждён или это не CSV и не XLSX. Сохраните таблицу заново и пришлите снова.
roadmap-file-too-big = Файл больше { $limit } МБ, такой я не приму. Разделите дорожную карту на части и пришлите по очереди.
roadmap-file-empty = В дорожной карте нет ни одной строки с мероприятиями.
roadmap-file-columns =
    Не нашёл в таблице нужных столбцов. В первых { $rows } строках должна быть строка заголовков со столбцами:
    <b>Мероприятие</b> (или «Содержание работы») и <b>Срок</b> (или «Сроки выполнения», «Срок исполнения»);
    по желанию — <b>Ответственные</b> и <b>Аудитория</b>.
roadmap-file-too-many-rows = В дорожной карте больше { $limit ->
    [one] { $limit } строки
    [few] { $limit } строк
   *[many] { $limit } строк
    }. Столько я за раз не загружаю: разделите таблицу на части и пришлите по очереди.
roadmap-file-download-failed = Не получилось скачать файл. Пришлите его ещё раз.

## /import_roadmap

roadmap-import-ask-file =
    Пришлите дорожную карту файлом — таблицей CSV или XLSX (до { $limit } МБ).
    Нужны столбцы «Мероприятие» (или «Содержание работы») и «Срок»; «Ответственные» — по желанию. Строки заголовка над таблицей и разделы («1. Информационная поддержка») я пойму сам.
roadmap-import-send-file = Жду файл дорожной карты (CSV или XLSX). Чтобы прервать — /cancel или «Отмена».
roadmap-import-use-buttons = Выберите действие кнопками под сообщением выше.
roadmap-import-read = Прочитал «{ $file }»: { $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[many] { $rows } строк
    } с мероприятиями.
roadmap-import-years-named = В сроках таблицы { $count ->
    [one] назван год
   *[other] названы годы
    } { $years }: проверьте, что выбираете учебный год плана верно. Строки с годом останутся в своём году.
roadmap-import-ask-year = На какой учебный год этот план? Месяц без года («Январь») я отнесу к выбранному году: в плане 2026–2027 «Январь» — это январь 2027.
roadmap-year-current = { $year } (текущий)
roadmap-import-year-bad = Такой учебный год выбрать нельзя. Нажмите одну из кнопок.
roadmap-import-chosen-year = Учебный год плана: { $year }.
roadmap-import-preview =
    <b>Дорожная карта «{ $file }» на { $year } учебный год</b>
    Строк: { $rows }. Что из них получится:
roadmap-import-row = <b>{ $number }.</b> { $activity } — «{ $term }» → { $outcome }, { $unit }
roadmap-import-row-plain = <b>{ $number }.</b> { $activity } — «{ $term }» → { $outcome }
roadmap-import-preview-ask = Номер строки — это её строка в файле. Проверьте и нажмите «Создать»; сроки не будут разосланы сразу — о них напомнят напоминания.
roadmap-count-deadline = { $count ->
    [one] { $count } срок
    [few] { $count } срока
   *[many] { $count } сроков
    }
roadmap-count-series = { $count ->
    [one] { $count } серия повторяющихся сроков
    [few] { $count } серии повторяющихся сроков
   *[many] { $count } серий повторяющихся сроков
    }
roadmap-count-standing = { $count ->
    [one] { $count } постоянное дело
    [few] { $count } постоянных дела
   *[many] { $count } постоянных дел
    } (без напоминаний)
roadmap-count-undated = { $count ->
    [one] { $count } строке нужна дата
   *[other] { $count } строкам нужна дата
    } — укажите её кнопкой «Указать дату» или позже
roadmap-count-past = { $count ->
    [one] у { $count } строки срок прошёл
   *[other] у { $count } строк срок прошёл
    } — сохранятся в дорожной карте без срока
roadmap-count-no_units = { $count ->
    [one] { $count } строка без срока: сдавать некому
    [few] { $count } строки без срока: сдавать некому
   *[many] { $count } строк без срока: сдавать некому
    }
roadmap-count-exists = уже загружены раньше: { $count }
roadmap-outcome-deadline = срок { $due }
roadmap-outcome-series = серия с { $due }, { $recurrence }
roadmap-outcome-standing = постоянно
roadmap-outcome-undated = нужна дата
roadmap-outcome-past = срок прошёл ({ $due })
roadmap-outcome-exists = уже был
roadmap-outcome-no-units = срок не создан: { $unit ->
    [association] объединений в реестре ещё нет
    [organisation] организаций в реестре ещё нет
    [methodologists] методистов в боте нет
   *[person] в боте ещё никого нет
    }
roadmap-outcome-by-hand = (дата указана вручную)
roadmap-unit-person = каждый человек
roadmap-unit-association = каждое объединение
roadmap-unit-organisation = каждая организация
roadmap-unit-methodologists = методисты
roadmap-unit-choice-person = Каждый человек
roadmap-unit-choice-association = Каждое объединение
roadmap-unit-choice-organisation = Каждая организация
roadmap-unit-choice-methodologists = Методисты
roadmap-import-button-create = Создать
roadmap-import-button-row = Изменить строку
roadmap-import-button-date = Указать дату
roadmap-import-button-xlsx = Таблица Excel
roadmap-import-button-cancel = Отмена
roadmap-import-ask-row = Напишите номер строки, у которой нужно сменить, кто сдаёт (например, 12).
roadmap-import-ask-unit = Строка { $number }: «{ $activity }». Кто сдаёт?
roadmap-import-chosen-unit = Строка { $number }: сдаёт { $unit }.
roadmap-import-row-bad = «{ $text }» — не номер строки. Напишите число, например 12.
roadmap-import-row-unknown = Строки { $number } в дорожной карте нет. Номера строк — в предпросмотре.
roadmap-import-ask-date = Напишите номер строки и дату, например: 12 25.12.2026. Дату можно указать строке, срок которой я не понял («нужна дата»).
roadmap-import-date-format = Напишите номер строки и дату через пробел, например: 12 25.12.2026.
roadmap-import-date-not-needed = Срок строки { $number } я понял сам. Дату вручную указывают только строкам с пометкой «нужна дата».
roadmap-import-date-past = Эта дата уже прошла. Укажите дату в будущем.
roadmap-import-chosen-date = Строка { $number }: срок { $due }.
roadmap-import-done =
    Готово. Создано сроков: { $created }, постоянных дел: { $standing }, без даты: { $undated }, уже были: { $existing }.
roadmap-import-done-past = { $count ->
    [one] { $count } строка с прошедшим сроком сохранена без срока.
    [few] { $count } строки с прошедшим сроком сохранены без срока.
   *[many] { $count } строк с прошедшим сроком сохранены без срока.
    }
roadmap-import-done-no-units = { $count ->
    [one] { $count } строка сохранена без срока: сдавать некому.
    [few] { $count } строки сохранены без срока: сдавать некому.
   *[many] { $count } строк сохранены без срока: сдавать некому.
    }
roadmap-import-done-undated = Строки без даты видны в /roadmap; срок по ним можно назначить через /newdeadline.
roadmap-import-done-see = Дорожная карта по месяцам — /roadmap.
roadmap-import-cancelled = Загрузка дорожной карты отменена, ничего не создано.
roadmap-import-already-done = Эта дорожная карта уже загружена.
roadmap-xlsx-sheet = Дорожная карта
roadmap-xlsx-line = Строка
roadmap-xlsx-section = Раздел
roadmap-xlsx-activity = Мероприятие
roadmap-xlsx-term = Срок в таблице
roadmap-xlsx-responsible = Ответственные
roadmap-xlsx-outcome = Что получится
roadmap-xlsx-unit = Кто сдаёт
roadmap-xlsx-due = Первый срок
roadmap-xlsx-kind = Что сдают

## /roadmap

roadmap-not-allowed = Дорожная карта доступна методистам, координаторам школ и руководителям объединений.
roadmap-view-empty = Дорожная карта ещё не загружена. Методист загружает её командой /import_roadmap.
roadmap-view-title = <b>Дорожная карта на { $year } учебный год</b>
roadmap-view-month = <b>{ $month ->
    [1] Январь
    [2] Февраль
    [3] Март
    [4] Апрель
    [5] Май
    [6] Июнь
    [7] Июль
    [8] Август
    [9] Сентябрь
    [10] Октябрь
    [11] Ноябрь
   *[12] Декабрь
    } { $year }</b>
roadmap-view-line = • { $due } — { $activity } ({ $unit }) — { $state }
roadmap-view-coverage = сдали { $submitted } из { $total }
roadmap-view-past = срок прошёл
roadmap-view-no-deadline = срок не создан
roadmap-view-standing = <b>Постоянно и в течение года</b> ({ $count })
roadmap-view-standing-line = • { $activity } — «{ $term }»
roadmap-view-undated = <b>Нужна дата</b> ({ $count })
roadmap-view-undated-line = • { $activity } — «{ $term }»
