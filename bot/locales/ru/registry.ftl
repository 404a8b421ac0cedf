# Реестр: организации и методические объединения; импорт из таблицы.

registry-menu =
    <b>Реестр</b>: организации муниципалитета и их методические объединения.

    Что открыть?
registry-read-only = <i>Только просмотр: изменить реестр может методист.</i>

registry-button-organisations = Организации
registry-button-associations = Объединения
registry-button-import-file = Импорт из файла
registry-button-add-organisation = + Добавить организацию
registry-button-add-association = + Добавить объединение
registry-button-add-school-association = + Добавить ШМО
registry-button-rename = Переименовать
registry-button-archive = В архив
registry-button-archive-confirm = Да, в архив
registry-button-open-card = Открыть карточку
registry-button-to-menu = ‹ В меню
registry-button-to-organisations = ‹ К организациям
registry-button-to-associations = ‹ К объединениям
registry-button-to-organisation = ‹ К организации
registry-button-no-subject = Без предметной области
registry-button-import-confirm = Импортировать

registry-kind-school = Школа (ОО)
registry-kind-kindergarten = Детский сад (ДОУ)
registry-kind-additional = Дополнительное образование (ДОП)

registry-level-school = Школьное (ШМО)
registry-level-municipal = Муниципальное (ГМО)
registry-level-district = Районное (РМО)

registry-organisations = { $count ->
    [one] { $count } организация
    [few] { $count } организации
   *[many] { $count } организаций
}
registry-associations = { $count ->
    [one] { $count } объединение
    [few] { $count } объединения
   *[many] { $count } объединений
}
registry-members = { $count ->
    [one] { $count } участник
    [few] { $count } участника
   *[many] { $count } участников
}
registry-heads = { $count ->
    [0] руководителя нет
    [one] { $count } руководитель
    [few] { $count } руководителя
   *[many] { $count } руководителей
}
registry-more = …и ещё { $count }.

registry-organisations-title = Организации в реестре: { $count }. Выберите организацию или добавьте новую.
registry-organisations-empty = В реестре пока нет организаций. Добавьте первую кнопкой ниже или загрузите таблицу: /import.
registry-associations-title = Объединения в реестре: { $count }. Выберите объединение или добавьте новое.
registry-associations-empty = В реестре пока нет объединений. Добавьте первое кнопкой ниже или загрузите таблицу: /import.

registry-card-no-associations = Объединений пока нет.
registry-card-associations = Объединения ({ $count }):
registry-card-line = • { $name } — { $members }, { $heads }
registry-card-level = Уровень: { $level }
registry-card-subject = Предметная область: { $subject }
registry-card-no-subject = Предметная область не указана
registry-card-organisation = Организация: { $name }
registry-card-heads = Руководители: { $names }
registry-card-no-heads = Руководитель пока не назначен
registry-card-members = Участников: { $count }

registry-ask-organisation-name =
    Введите полное название организации, например: МБОУ «СОШ № 4».
    Не длиннее 300 знаков. Прервать — /cancel.
registry-ask-kind = Организация: <b>{ $name }</b>. Какого она типа?
registry-organisation-added = Организация <b>{ $name }</b> добавлена в реестр ({ $kind }).
registry-ask-level = Какого уровня объединение? Прервать — /cancel.
registry-ask-association-organisation = В какой организации это ШМО?
registry-ask-association-name =
    Уровень: { $level }. Введите название объединения, например: ГМО учителей математики.
    Не длиннее 300 знаков.
registry-ask-association-name-in =
    ШМО в организации <b>{ $organisation }</b>. Введите название объединения, например: ШМО учителей начальных классов.
    Не длиннее 300 знаков. Прервать — /cancel.
registry-ask-subject =
    Объединение: <b>{ $name }</b>. Какая у него предметная область? Например: Математика, физика.
    Не длиннее 200 знаков. Если её нет — нажмите кнопку ниже.
registry-association-added = Объединение <b>{ $name }</b> добавлено в реестр.
registry-ask-new-name =
    Сейчас название такое: <b>{ $name }</b>
    Введите новое название. Прервать — /cancel.
registry-renamed = Готово, новое название: <b>{ $name }</b>.
registry-send-text = Сейчас нужен ответ текстом. Прервать — /cancel.

registry-archive-organisation-confirm =
    Отправить в архив организацию <b>{ $name }</b>?

    Её объединения тоже уйдут в архив. Из списков они пропадут, но все записи о них сохранятся.
registry-archive-association-confirm =
    Отправить в архив объединение <b>{ $name }</b>?

    Из списков оно пропадёт, но все записи о нём сохранятся.
registry-organisation-archived = { $count ->
    [0] Организация <b>{ $name }</b> отправлена в архив.
   *[other] Организация <b>{ $name }</b> отправлена в архив вместе с её объединениями ({ $count }).
}
registry-association-archived = Объединение <b>{ $name }</b> отправлено в архив.

registry-organisation-gone = Этой организации уже нет в реестре: её отправили в архив. Откройте /registry заново.
registry-association-gone = Этого объединения уже нет в реестре: его отправили в архив. Откройте /registry заново.
registry-no-organisation = В вашем профиле не указана организация, поэтому показать её объединения я не могу. Обратитесь к методисту.
registry-no-organisations-yet = ШМО создаётся внутри организации, а в реестре их пока нет. Сначала добавьте организацию.
registry-school-needs-organisation = Школьному объединению (ШМО) нужна организация.

registry-name-empty = Название не может быть пустым. Введите его ещё раз.
registry-name-too-long = Слишком длинно: можно не больше { $limit } знаков. Сократите и отправьте ещё раз.
registry-name-no-letters = Нужны слова, а не только цифры и знаки препинания. Введите ещё раз.
registry-organisation-exists = Такая организация уже есть в реестре: <b>{ $name }</b>. Введите другое название или найдите её в /registry.
registry-organisation-exists-archived = Организация с таким названием уже есть, но в архиве: <b>{ $name }</b>. Введите другое название.
registry-association-exists = Такое объединение здесь уже есть: <b>{ $name }</b>. Введите другое название.

registry-import-ask =
    Пришлите таблицу файлом CSV или XLSX (не больше { $limit } МБ). Нужны столбцы:
    <b>Школа; Объединение; Уровень; Предметная область</b>

    Уровень — школьное (ШМО), муниципальное или городское (ГМО), районное (РМО). «Школу» можно оставить пустой только у ГМО и РМО.
    Новые организации я запишу школами, если по названию не видно, что это детский сад (ДОУ) или дополнительное образование.

    Прервать — /cancel.
registry-import-send-file = Жду таблицу файлом CSV или XLSX. Прервать — /cancel.
registry-import-hint = Чтобы загрузить организации и объединения из таблицы, сначала отправьте /import, а потом файл.
registry-import-preview = Проверил файл <b>{ $file }</b>, строк с данными: { $rows }.
registry-import-will-create = Будет создано: { $organisations } и { $associations }.
registry-import-already-there = Уже есть в реестре: { $organisations } и { $associations }.
registry-import-problems = { $count ->
    [1] Ошибка в одной строке, её я пропущу:
    [one] Ошибки в { $count } строке, их я пропущу:
   *[other] Ошибки в { $count } строках, их я пропущу:
}
registry-import-problem = • строка { $row }: { $text }
registry-import-question = Импортировать?
registry-import-nothing-new = Всё из этого файла уже есть в реестре, создавать нечего.
registry-import-nothing-valid = Импортировать нечего. Исправьте ошибки в таблице и пришлите файл снова. Прервать — /cancel.
registry-import-done = Готово! Создано: { $organisations } и { $associations }.
registry-import-skipped = Пропущено строк: { $count } — их организации тем временем ушли в архив.
registry-import-cancelled = Импорт отменён, ничего не создано.
registry-import-expired = Этот импорт уже завершён или отменён. Чтобы загрузить файл снова, отправьте /import.

registry-file-too-big = Файл больше { $limit } МБ, такой я не приму. Разделите таблицу на части и пришлите по очереди.
registry-file-type = Я принимаю только таблицы CSV или XLSX. Сохраните файл в одном из этих форматов (в Excel: «Файл» → «Сохранить как») и пришлите снова.
registry-file-unreadable = Не смог прочитать файл как таблицу: похоже, он повреждён или это не CSV и не XLSX. Сохраните таблицу заново и пришлите снова.
registry-file-columns =
    Не нашёл в таблице нужных столбцов. Нужна строка заголовков:
    <b>Школа; Объединение; Уровень; Предметная область</b>
    Обязательны «Объединение» и «Уровень».
registry-file-empty = В таблице нет ни одной строки с данными.
registry-file-too-many-rows = В таблице больше { $limit } строк. Разделите её на части и загрузите по очереди.
registry-file-download-failed = Не получилось скачать файл. Пришлите его ещё раз.

registry-row-no-name = не указано название объединения
registry-row-name-too-long = название объединения длиннее 300 знаков
registry-row-name-no-letters = в названии объединения «{ $value }» нет слов
registry-row-no-level = не указан уровень
registry-row-unknown-level = непонятный уровень «{ $value }» (нужно: школьное, муниципальное или районное)
registry-row-no-school = у школьного объединения не указана школа
registry-row-school-too-long = название школы длиннее 300 знаков
registry-row-school-no-letters = в названии школы «{ $value }» нет слов
registry-row-subject-too-long = предметная область длиннее 200 знаков
registry-row-organisation-archived = организация «{ $value }» в архиве
registry-row-repeated = повторяет строку { $value }
