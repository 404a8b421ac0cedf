## Протоколы заседаний: /minutes (руководитель), /minutes_registry (методист, координатор)

command-minutes = Протоколы заседаний
command-minutes_registry = Реестр протоколов

minutes-level-school = ШМО
minutes-level-municipal = ГМО
minutes-level-district = РМО

minutes-month-1 = январь
minutes-month-2 = февраль
minutes-month-3 = март
minutes-month-4 = апрель
minutes-month-5 = май
minutes-month-6 = июнь
minutes-month-7 = июль
minutes-month-8 = август
minutes-month-9 = сентябрь
minutes-month-10 = октябрь
minutes-month-11 = ноябрь
minutes-month-12 = декабрь
minutes-month-short-1 = янв
minutes-month-short-2 = фев
minutes-month-short-3 = мар
minutes-month-short-4 = апр
minutes-month-short-5 = май
minutes-month-short-6 = июн
minutes-month-short-7 = июл
minutes-month-short-8 = авг
minutes-month-short-9 = сен
minutes-month-short-10 = окт
minutes-month-short-11 = ноя
minutes-month-short-12 = дек

## Сроки учебного года

minutes-duty-meeting = Протокол заседания { $level } ({ $month })
minutes-duty-work_plan = План работы объединения на { $year } учебный год
minutes-duty-materials = Материалы в «методическую копилку» ({ $month })
minutes-duty-analysis = Анализ работы объединения за { $year } учебный год
minutes-duty-report = Отчёт о работе объединения за { $year } учебный год
minutes-duty-next_plan = План работы объединения на следующий учебный год (после { $year })

## Мастер протокола

minutes-intro = 📝 Новый протокол заседания. Отвечайте на вопросы по очереди; в конце я покажу протокол целиком, и его можно будет исправить до отправки. Прервать — /cancel.
minutes-ask-association = Заседание какого объединения?
minutes-ask-number = Номер протокола? Следующий по порядку в этом учебном году — № { $number }: нажмите кнопку или напишите другой номер.
minutes-ask-date = Когда прошло заседание? Напишите дату, например: 25.11, 25.11.2026 или вчера.
minutes-ask-topic = Тема заседания?
minutes-ask-items =
    Повестка дня: пришлите вопросы — каждый отдельным сообщением или все сразу, по строке на вопрос (нумерацию «1.» можно оставить). Вопрос — не длиннее 4000 знаков.

    Когда все вопросы присланы, нажмите «Готово».
minutes-items-taken =
    Принято вопросов: { $count }
    { $items }

    Пришлите ещё или нажмите «Готово».
minutes-items-dropped = Повестка очищена.
minutes-ask-attendance = Сколько человек присутствовало и сколько всего в объединении? Напишите, например: 12 из 15.
minutes-ask-absent = Отсутствовали: { $count }. Напишите, кто именно (через запятую), или нажмите «Пропустить».
minutes-ask-mode = Как записать ход заседания?
minutes-ask-heard = Вопрос { $number } из { $count }: «{ $title }»

    <b>Слушали</b>: кого и о чём? Или «Пропустить».
minutes-ask-spoke = Вопрос { $number } из { $count }: «{ $title }»

    <b>Выступили</b>: кто и что сказал? Или «Пропустить».
minutes-ask-decided = Вопрос { $number } из { $count }: «{ $title }»

    <b>Решили</b>: что постановили? Или «Пропустить».
minutes-ask-decisions = Напишите решения заседания одним текстом.
minutes-ask-files = Приложения: пришлите файлы ({ $types } или фото, каждый не больше { $limit } МБ; можно несколько). Когда всё — «Готово»; без приложений — «Без приложений».
minutes-file-taken = 📎 Принят «{ $name }». Всего приложений: { $count }. Можно прислать ещё или нажать «Готово».
minutes-files-expected = Сюда нужен файл или фото. Когда всё — нажмите «Готово».
minutes-text-expected = Напишите ответ текстом.
minutes-use-buttons = Выберите ответ кнопкой.
minutes-skipped = Пропущено.

minutes-chosen-association = Объединение: { $name }
minutes-chosen-number = Протокол № { $number }
minutes-chosen-date = Дата заседания: { $date }
minutes-chosen-items = { $count ->
    [one] В повестке { $count } вопрос.
    [few] В повестке { $count } вопроса.
   *[many] В повестке { $count } вопросов.
}
minutes-chosen-mode-items = По каждому вопросу: слушали, выступили, решили.
minutes-chosen-mode-one = Решения одним текстом.
minutes-chosen-files = { $count ->
    [0] Без приложений.
    [one] { $count } приложение.
    [few] { $count } приложения.
   *[many] { $count } приложений.
}

minutes-button-cancel = Отмена
minutes-button-number = № { $number }
minutes-button-items-done = ✅ Готово
minutes-button-items-again = Начать повестку заново
minutes-button-mode-items = По каждому вопросу: слушали / выступили / решили
minutes-button-mode-one = Одним текстом — решения
minutes-button-skip = Пропустить
minutes-button-files-done = ✅ Готово
minutes-button-no-files = Без приложений
minutes-button-send = ✅ Отправить
minutes-button-edit = ✏️ Изменить
minutes-button-back = ⬅️ К протоколу

minutes-preview-title = Проверьте протокол. Если всё верно — «Отправить».
minutes-preview-correction = Исправление протокола: измените что нужно и нажмите «Отправить» — сохранится новая версия, прежняя останется в истории.
minutes-edit-ask = Что изменить?
minutes-editing = Меняем…
minutes-edit-nothing = Ничего не изменено.
minutes-field-number = Номер
minutes-field-date = Дату
minutes-field-topic = Тему
minutes-field-items = Повестку
minutes-field-attendance = Присутствие
minutes-field-texts = Слушали / решили
minutes-field-files = Приложения
minutes-cancelled = Протокол не отправлен, черновик удалён.
minutes-already-sent = Этот протокол уже отправлен.

minutes-line-title = <b>Протокол № { $number }</b> — { $association }
minutes-line-organisation = Организация: { $organisation }
minutes-line-date = Дата: { $date }
minutes-line-topic = Тема: { $topic }
minutes-line-attendance = Присутствовали: { $present } из { $total }, отсутствовали: { $absent }
minutes-line-absent = Отсутствовали: { $names }
minutes-line-agenda = Повестка дня:
minutes-line-heard = — Слушали: { $text }
minutes-line-spoke = — Выступили: { $text }
minutes-line-decided = — Решили: { $text }
minutes-line-decisions = Решения: { $text }
minutes-line-files = { $count ->
    [one] Приложение: { $names }
   *[other] Приложения ({ $count }): { $names }
}
minutes-line-no-files = Без приложений.
minutes-line-completed = Закрыт срок: «{ $title }»
minutes-line-version = Версия { $version }: { $at }, { $by }
minutes-line-version-current = Версия { $version } (текущая): { $at }, { $by }
minutes-line-editable = Исправить можно до { $until }.

minutes-sent = ✅ Протокол № { $number } ({ $association }, { $year }) принят. Документ протокола — ниже.
minutes-corrected = ✅ Протокол № { $number } ({ $association }) исправлен: версия { $version }. Документ протокола — ниже.
minutes-sent-completed = Срок «{ $title }» закрыт.
minutes-docx-caption = Протокол № { $number }
minutes-file-name = Протокол № { $number } от { $date } — { $association }
minutes-file-lost = Файл «{ $name }» больше недоступен в Telegram.

## Мои протоколы

minutes-list-title = 📚 Ваши протоколы ({ $count }). Нажмите на протокол, чтобы открыть его, скачать документ или исправить.
minutes-list-empty = 📚 Протоколов пока нет. Нажмите «Новый протокол», чтобы сдать протокол заседания.
minutes-list-button = № { $number } от { $date } — { $association }
minutes-button-new = ➕ Новый протокол
minutes-button-theme = 🎯 Методическая тема
minutes-button-docx = 📄 Протокол (DOCX)
minutes-button-files = { $count ->
    [one] 📎 Приложение
   *[other] 📎 Приложения ({ $count })
}
minutes-button-correct = ✏️ Исправить
minutes-button-list = ⬅️ Мои протоколы
minutes-button-open-taken = Открыть этот протокол

minutes-theme-choose = Методическая тема какого объединения?
minutes-theme-ask =
    🎯 Методическая тема объединения «{ $association }» на { $year } учебный год.
    Сейчас: { $current }

    Напишите тему (до 1000 знаков).
minutes-theme-none = не указана
minutes-theme-saved = ✅ Методическая тема сохранена: { $topic }

## Ошибки

minutes-error-not-head = Протоколы сдаёт руководитель объединения. Если вы руководитель, попросите методиста или координатора отметить это в вашей карточке.
minutes-error-not-your-association = Вы не руководитель этого объединения: протокол за него сдать нельзя.
minutes-error-not-allowed = Этот протокол вам не доступен.
minutes-error-not-found = Протокол не найден.
minutes-error-association-gone = Объединение не найдено или в архиве.
minutes-error-number = Номер протокола — число от 1 до { $limit }, например: 3. Получено: «{ $text }».
minutes-error-number-taken = Протокол № { $number } этого объединения в этом учебном году уже сдан. Если в нём нужно что-то поправить — откройте его и нажмите «Исправить»; для нового заседания напишите другой номер.
minutes-error-number-taken-closed = Протокол № { $number } этого объединения в этом учебном году уже сдан, и срок его исправления прошёл. Для нового заседания напишите другой номер.
minutes-error-date-future = Дата заседания ещё не наступила. Напишите дату, когда заседание уже прошло.
minutes-error-date-before-year = Эта дата раньше текущего учебного года. Протоколы принимаются за заседания с { $start } (августовское заседание планирует год) по сегодняшний день.
minutes-error-date-other-year = При исправлении дата должна остаться в том же учебном году и не позже сегодняшнего дня.
minutes-error-topic-empty = Напишите тему заседания.
minutes-error-topic-too-long = Тема слишком длинная ({ $length }): можно не больше { $limit } знаков.
minutes-error-item-empty = Пришлите вопрос повестки текстом.
minutes-error-item-too-long = Вопрос повестки слишком длинный ({ $length }): можно не больше { $limit } знаков. Сократите его или разбейте на несколько вопросов.
minutes-error-too-many-items = В повестке может быть не больше { $limit } вопросов.
minutes-error-no-items = В повестке нет ни одного вопроса. Пришлите хотя бы один вопрос, затем нажмите «Готово».
minutes-error-text-empty = Напишите текст или нажмите «Пропустить».
minutes-error-text-too-long = Слишком длинный текст ({ $length }): можно не больше { $limit } знаков.
minutes-error-attendance = Не понял «{ $text }». Напишите, сколько присутствовало и сколько всего, например: 12 из 15.
minutes-error-attendance-total = Всего в объединении — от 1 до { $limit } человек. Напишите, например: 12 из 15.
minutes-error-present-over-total = Присутствующих ({ $present }) больше, чем всего в объединении ({ $total }). Проверьте числа и напишите, например: 12 из 15.
minutes-error-file-too-big = Файл «{ $name }» больше { $limit } МБ. Сожмите его или пришлите другой.
minutes-error-file-type = Файл «{ $name }» такого типа не принимается. Можно: { $allowed } и фото.
minutes-error-too-many-files = Не больше { $limit } приложений к одному протоколу.
minutes-error-edit-closed = Протокол № { $number } можно было исправить в течение { $days ->
    [one] { $days } дня
   *[other] { $days } дней
} после отправки — до { $until }. Если исправление нужно, обратитесь к методисту.
minutes-error-already-corrected = Протокол № { $number } уже исправлен: откройте его снова и проверьте текущую версию.
minutes-error-meeting-handed = Протокол этого заседания уже сдан. Исправить его можно в /minutes.
minutes-error-theme-empty = Напишите методическую тему текстом.
minutes-error-theme-too-long = Тема слишком длинная ({ $length }): можно не больше { $limit } знаков.
minutes-error-year = Учебный год { $year } недоступен.
minutes-error-months = Такого месяца в плане нет.
minutes-error-registry-not-allowed = Реестр протоколов доступен методисту и координатору школы.
minutes-error-meeting-not-found = Это заседание не найдено в плане.
minutes-error-nothing-to-chart = Пока нечего показать: в этом году нет сроков заседаний.
minutes-error-nothing-to-zip = Пока нет ни одного протокола.
minutes-error-zip-too-big = Архив слишком большой для Telegram: больше { $size } МБ (можно до { $limit } МБ). Скачайте протоколы по заседаниям.

## Документ протокола (слова шаблона по умолчанию)

minutes-doc-protocol = ПРОТОКОЛ №
minutes-doc-meeting = заседания
minutes-doc-topic = Тема
minutes-doc-absent = Отсутствовали
minutes-doc-agenda = Повестка дня
minutes-doc-heard = Слушали
minutes-doc-spoke = Выступили
minutes-doc-decided = Решили
minutes-doc-decisions = Решение
minutes-doc-attendance = Присутствовали: { $present } { $present ->
    [one] человек
    [few] человека
   *[many] человек
}, отсутствовали: { $absent }
minutes-doc-date-words = { $day } { $month } { $year } г.
minutes-doc-head-school = Руководитель ШМО
minutes-doc-head-municipal = Руководитель ГМО
minutes-doc-head-district = Руководитель РМО
minutes-zip-attachments = № { $number } — приложения

minutes-sample-organisation = МАОУ «СОШ № 1»
minutes-sample-association = ШМО учителей начальных классов
minutes-sample-topic = Планирование работы на учебный год
minutes-sample-absent = Иванова А. А., Петров П. П.
minutes-sample-item = Утверждение плана работы
minutes-sample-heard = Руководителя ШМО о плане работы на год
minutes-sample-spoke = Учителя начальных классов с предложениями
minutes-sample-decided = Утвердить план работы
minutes-sample-head = Иванова М. И.

## Реестр протоколов

minutes-registry-title = 📚 <b>Протоколы заседаний, { $year } учебный год</b>
minutes-registry-school = Школа: { $name }
minutes-registry-minutes-count = { $count ->
    [one] Сдан { $count } протокол.
    [few] Сдано { $count } протокола.
   *[many] Сдано { $count } протоколов.
}
minutes-registry-coverage = Протоколы сдали { $done } из { $total }, { $percent } % — по заседаниям, срок которых прошёл (пока таких нет — по ближайшим):
minutes-registry-org-line = • { $name }: { $done } из { $total } ({ $percent } %)
minutes-registry-meetings = Заседания по плану:
minutes-registry-documents = Документы года:
minutes-registry-planned = • { $title } — до { $due }: сдали { $done } из { $total } ({ $percent } %)
minutes-registry-meeting-button = { $title } — { $percent } %
minutes-registry-no-plan = Сроки заседаний на этот год ещё не созданы.
minutes-registry-no-plan-methodologist = Сроки заседаний на этот год ещё не созданы: откройте «План заседаний» и нажмите «Создать сроки года».
minutes-registry-municipal = Муниципальные и районные объединения
minutes-registry-due = Срок: { $due }
minutes-registry-meeting-coverage = Протоколы сдали { $done } из { $total } объединений, { $percent } %
minutes-registry-missing = Не сдали:
minutes-registry-missing-org = { $organisation }: { $names }
minutes-registry-missing-more = …и ещё { $count } — полный список в Excel.
minutes-registry-missing-none = Сдали все. ✅
minutes-registry-minutes-button = № { $number } от { $date } — { $association }
minutes-registry-places = Организации ({ $count }), { $year } учебный год:
minutes-registry-place-button = { $name } — объединений: { $associations }, протоколов: { $minutes }
minutes-registry-associations = Объединения ({ $count }):
minutes-registry-association-button = { $name } — протоколов: { $minutes }
minutes-registry-theme = Методическая тема: { $topic }
minutes-registry-term = Руководитель: { $name }, с { $since }{ $confirmed ->
    [yes] , утверждён на год
   *[no] {""}
}
minutes-registry-term-ended = Руководитель: { $name }, с { $since } по { $until }
minutes-registry-own-plan = Свой план заседаний: { $months }. Отметьте месяцы кнопками.
minutes-registry-level-plan = План заседаний — как у уровня: { $months }. Отметьте месяцы кнопками, чтобы задать свой.
minutes-registry-no-months = заседаний нет
minutes-registry-xlsx-caption = Протоколы { $year } учебного года
minutes-registry-chart-caption = Протоколы сдали { $done } из { $total }, { $percent } %
minutes-registry-zip-wait = Собираю архив…
minutes-registry-zip-caption = Протоколы и приложения, { $year } учебный год
minutes-registry-zip-lost = Не удалось получить: { $names }
minutes-registry-button-places = 🏫 По организациям
minutes-registry-button-xlsx = 📊 Excel
minutes-registry-button-chart = 📈 Диаграмма
minutes-registry-button-zip = 🗂 Все протоколы (ZIP)
minutes-registry-button-plan = 🗓 План заседаний
minutes-registry-button-template = 📄 Шаблон протокола
minutes-registry-button-back = ⬅️ Назад
minutes-registry-button-previous = ‹ { $year }
minutes-registry-button-next = { $year } ›
minutes-registry-button-own-reset = Как у уровня
minutes-registry-button-set-up = ✅ Создать сроки года
minutes-registry-button-heads = 👥 Утвердить руководителей на год
minutes-registry-plan-level = { $level }:
minutes-chart-title = Сдача протоколов по организациям, { $year }
minutes-chart-title-meeting = Сдача протоколов: { $title }
minutes-chart-bar = { $done } из { $total } ({ $percent } %)

minutes-xlsx-minutes = Протоколы
minutes-xlsx-coverage = Охват по организациям
minutes-xlsx-meetings = По заседаниям
minutes-xlsx-missing = Не сдали
minutes-xlsx-title = Протоколы заседаний, { $year } учебный год
minutes-xlsx-col-1 = Организация
minutes-xlsx-col-2 = Объединение
minutes-xlsx-col-3 = Уровень
minutes-xlsx-col-4 = №
minutes-xlsx-col-5 = Дата заседания
minutes-xlsx-col-6 = Тема
minutes-xlsx-col-7 = Присутствовали
minutes-xlsx-col-8 = Всего
minutes-xlsx-col-9 = Вопросов
minutes-xlsx-col-10 = Приложений
minutes-xlsx-col-11 = Версия
minutes-xlsx-col-12 = Руководитель
minutes-xlsx-col-13 = Сдан
minutes-xlsx-col-14 = Заседание по плану
minutes-xlsx-col-15 = Методическая тема
minutes-xlsx-col-organisation = Организация
minutes-xlsx-col-association = Объединение
minutes-xlsx-col-heads = Руководители
minutes-xlsx-col-meeting = Заседание
minutes-xlsx-col-due = Срок
minutes-xlsx-col-done = Сдали
minutes-xlsx-col-total = Всего
minutes-xlsx-col-percent = %

## План заседаний

minutes-plan-title = 🗓 <b>План заседаний, { $year } учебный год</b>
minutes-plan-level = { $level }: { $months }
minutes-plan-overrides = Свой план у объединений:
minutes-plan-override = • { $name }: { $months }
minutes-plan-duties = { $count ->
    [0] Сроки года ещё не созданы.
    [one] Создан { $count } срок года.
    [few] Создано { $count } срока года.
   *[many] Создано { $count } сроков года.
}
minutes-plan-hint = Отмечайте месяцы заседаний кнопками. Свой план объединения — в его карточке («По организациям»). «Создать сроки года» создаёт срок на каждое заседание и документ года (план работы, анализ, отчёт, «методическая копилка»); повторное нажатие добавляет изменения и ничего не создаёт дважды.
minutes-plan-set-up = ✅ Сроки года: создано { $created }, добавлено объединений { $added }, убрано { $dropped }, пропущено прошедших месяцев { $past }.
minutes-plan-heads-confirmed = Руководители на { $year } учебный год утверждены: { $count }.

## Шаблон протокола

minutes-template-screen =
    📄 <b>Шаблон протокола</b>
    Сейчас: { $state }

    Чтобы заменить шаблон, пришлите файл .docx (до { $limit } МБ). Поля шаблона: {"{{"} organisation {"}}"}, {"{{"} association {"}}"}, {"{{"} number {"}}"}, {"{{"} date {"}}"}, {"{{"} topic {"}}"}, {"{{"} attendance {"}}"}, {"{{"} absent_names {"}}"}, {"{{"} agenda {"}}"} (список), {"{{"} items {"}}"} (список: number, title, heard, spoke, decided), {"{{"} decisions {"}}"}, {"{{"} head_title {"}}"}, {"{{"} head_name {"}}"} и другие — см. README. Скачайте текущий шаблон как образец.
minutes-template-state-default = шаблон по умолчанию
minutes-template-state-uploaded = загруженный шаблон «{ $name }» от { $at }
minutes-template-button-get = ⬇️ Скачать текущий
minutes-template-button-default = ⬇️ Скачать шаблон по умолчанию
minutes-template-button-reset = ↩️ Вернуть шаблон по умолчанию
minutes-template-file-expected = Пришлите шаблон файлом .docx.
minutes-template-too-large = Файл слишком большой: шаблон — до { $limit } МБ.
minutes-template-download-failed = Не удалось получить файл из Telegram. Пришлите его ещё раз.
minutes-template-replaced = ✅ Шаблон «{ $name }» проверен и будет использоваться для следующих протоколов. Ниже — пример протокола по нему.
minutes-template-sample-caption = Пример протокола по новому шаблону
minutes-template-reset-done = ✅ Снова используется шаблон по умолчанию.
minutes-template-already-default = Сейчас и так используется шаблон по умолчанию.
minutes-template-rejected = { $count ->
    [one] ❌ Шаблон не подходит: { $count } ошибка.
    [few] ❌ Шаблон не подходит: { $count } ошибки.
   *[many] ❌ Шаблон не подходит: { $count } ошибок.
}
minutes-template-kept = Прежний шаблон остаётся в работе. Исправьте файл и пришлите снова.
minutes-template-not-docx = «{ $name }» — не документ Word (.docx).
minutes-template-syntax = Ошибка в поле или блоке шаблона (строка { $line }): { $reason }
minutes-template-unknown-field = Неизвестное поле «{ $field }».
minutes-template-no-fields = В шаблоне нет ни одного поля: протоколы по нему были бы пустыми.
minutes-template-render = Пример протокола не собирается: { $reason }
