## Deadlines: what the core says (announcements, reminders, refusals)

deliverable-plan = план работы
deliverable-minutes = протокол
deliverable-report = отчёт
deliverable-analysis = анализ
deliverable-application = заявка
deliverable-materials = материалы для «методической копилки»
deliverable-info_card = информационная карта
deliverable-other = другое
deliverable-survey = ответы на опрос

deadline-unit-person = каждый человек
deadline-unit-association = каждое объединение (сдаёт руководитель)
deadline-unit-organisation = каждая организация (сдаёт координатор)

deadline-recurrence-once = один раз
deadline-recurrence-yearly = ежегодно
deadline-recurrence-quarterly = каждую четверть
deadline-recurrence-monthly = ежемесячно в учебном году
deadline-recurrence-months = по выбранным месяцам

deadline-notice-new = 📌 Новый срок сдачи
deadline-notice-reminder = ⏰ Напоминание: срок сдачи приближается
deadline-notice-nudge = ⏰ Напоминание: вы ещё не сдали
deadline-notice-returned = ↩️ Сданное вернули на доработку
deadline-notice-cancelled = ❌ Срок отменён: сдавать не нужно

deadline-line-kind = Что сдать: { $kind }
deadline-line-due = Срок: { $due }
deadline-line-unit = Кто сдаёт: { $unit }
deadline-line-recurrence = Повторяется: { $recurrence }
deadline-line-comment = Комментарий: { $comment }

deadline-button-submit = 📤 Сдать
deadline-notice-new-survey = 📋 Новый опрос: ответьте, пожалуйста
deadline-notice-reminder-survey = ⏰ Напоминание: опрос ещё ждёт ваших ответов
deadline-notice-nudge-survey = ⏰ Напоминание: вы ещё не ответили на опрос
deadline-button-answer = 📝 Пройти опрос

deadline-error-not-allowed = Создавать сроки и следить за ними могут методист, координатор школы (для своей школы) и руководитель объединения (для своих участников).
deadline-error-head-own-members = Руководитель объединения может назначить срок только участникам своего объединения, каждому лично.
deadline-error-not-found = Такого срока нет: возможно, его удалили.
deadline-error-not-yours = Этот срок не ваш: сдавать его могут только те, кому он назначен (за объединение — руководитель, за организацию — координатор).
deadline-error-survey-closed = Опрос «{ $title }» закрыт: ответы больше не принимаются, напоминать о нём поздно.
deadline-error-cancelled = Срок «{ $title }» отменён: сдавать его больше не нужно.
deadline-error-title-empty = Название не может быть пустым. Например: План работы ШМО на учебный год.
deadline-error-title-too-long = Название слишком длинное: { $length } знаков, можно не больше { $limit }.
deadline-error-past = Этот срок уже прошёл. Укажите будущую дату, например: { $example_date } или { $example_date } 18:00.
deadline-error-reminder-after-due = Напоминание за { $days ->
    [0] 0 дней (в день срока)
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} в { $at } пришло бы позже срока ({ $due }). Уберите его или выберите более раннее время напоминаний.
deadline-error-reminder-days = Не понял дни напоминаний: «{ $text }». Напишите числа через запятую — за сколько дней до срока напомнить, 0 — в день срока. Например: 7, 3, 1, 0
deadline-error-reminder-too-early = Напоминать можно не раньше чем за { $limit } дней до срока.
deadline-error-reminder-time = Не понял время напоминаний: «{ $text }». Напишите, например: 09:00
deadline-error-no-months = Выберите хотя бы один месяц.
deadline-error-no-units = В этой аудитории нет ни одного { $unit ->
    [association] объединения
    [organisation] организации
   *[person] человека
}, который мог бы сдать. Выберите другую аудиторию.
deadline-error-too-long = Описание слишком длинное для одного сообщения: на { $over } знаков больше, чем можно ({ $limit }). Сократите его.
deadline-error-comment-too-long = Комментарий слишком длинный: { $length } знаков, можно не больше { $limit }.
deadline-error-file-too-big = Файл «{ $name }» больше { $limit } МБ. Сожмите его или разделите на части.
deadline-error-file-type = Файл «{ $name }» такого типа принять нельзя. Можно: { $allowed }.
deadline-error-too-many-files = Слишком много файлов: можно не больше { $limit } за раз.
deadline-error-already-submitted = «{ $title }» уже сдано этой кнопкой. Чтобы заменить сданное, откройте срок заново и нажмите «Сдать».
deadline-error-replace-after-due = Срок «{ $title }» прошёл: сданное заменить уже нельзя. Если нужно исправить, попросите методиста вернуть работу на доработку.
deadline-error-return-comment-empty = Напишите, что нужно доработать: комментарий увидят те, кто сдавал.
deadline-error-return-not-submitted = Вернуть можно только сданное, а здесь ещё ничего не сдано.
