# Мероприятия: текст анонса, напоминания, ошибки.

event-kind-seminar = семинар
event-kind-master_class = мастер-класс
event-kind-webinar = вебинар
event-kind-conference = конференция
event-kind-round_table = круглый стол
event-kind-open_lesson = открытый урок
event-kind-meeting = заседание объединения
event-kind-subject_week = предметная неделя
event-kind-olympiad = олимпиада
event-kind-competition = конкурс

competence-subject = предметные знания
competence-methodology = методика
competence-psychology = психология и педагогика
competence-literacy = функциональная грамотность
competence-soft = гибкие навыки
competence-ict = ИКТ

event-when = 🗓 { $when }
event-place = 📍 { $place }
event-link = 🔗 { $link }
event-competences = Развивает: { $names }
event-private-footer = Придёте? Ответьте кнопкой — я напомню перед началом.
event-group-footer = Записаться и получить напоминание — кнопка ниже, в личном чате с ботом.
event-button-coming = Приду
event-button-not-coming = Не смогу
event-button-calendar = В календарь
event-button-sign-up = Записаться
event-notice-changed = ⚠️ <b>Изменения в мероприятии</b>
event-notice-cancelled = ❌ <b>Мероприятие отменено</b>
event-notice-reminder = ⏰ <b>Напоминание</b>

event-sheet-title = Регистрация
event-sheet-number = №
event-sheet-name = ФИО
event-sheet-organisation = Организация
event-sheet-role = Роль
event-sheet-answer = Ответ
event-sheet-signature = Подпись
event-sheet-coming = придёт
event-sheet-not-coming = не сможет
event-sheet-deleted = удалённый участник

event-error-not-allowed = Создавать мероприятия может методист, а руководитель объединения — заседания своего объединения.
event-error-head-own-meeting = Руководитель объединения может объявить только заседание своего объединения для его участников.
event-error-past = Это время уже прошло. Укажите будущее, например: { $example_date } 15:00 или завтра в 10:00.
event-error-end-before-start = Окончание должно быть позже начала. Например: { $example_date } 15:00-17:00.
event-error-title-empty = Название не может быть пустым. Например: Семинар «Функциональная грамотность на уроках математики».
event-error-title-too-long = Название слишком длинное: { $length } знаков, можно не больше { $limit }.
event-error-description-too-long = Описание слишком длинное: { $length } знаков, можно не больше { $limit }. Сократите его — я не обрезаю текст сам.
event-error-caption-too-long = С приложенным файлом описание может быть не длиннее { $limit } знаков, а сейчас { $length }. Сократите его или уберите файл.
event-error-text-overflow = Приглашение не поместится в сообщение: вместе с заголовком, датой и подписью оно длиннее { $limit } знаков на { $over } { $over ->
    [one] знак
    [few] знака
   *[many] знаков
}. { $field ->
    [title] Сократите название или описание
    [place] Сократите место или описание
    [link] Сократите ссылку или описание
   *[other] Сократите описание
} хотя бы на { $over } — черновик сохранён.
event-error-caption-overflow = С файлом приглашение станет подписью к нему, а подпись может быть не длиннее { $limit } знаков — сейчас текст длиннее на { $over } { $over ->
    [one] знак
    [few] знака
   *[many] знаков
}. { $field ->
    [attachment] Сократите описание хотя бы на { $over } или нажмите «Пропустить» — приглашение уйдёт без файла.
    [title] Сократите название или описание хотя бы на { $over } или уберите файл.
    [place] Сократите место или описание хотя бы на { $over } или уберите файл.
    [link] Сократите ссылку или описание хотя бы на { $over } или уберите файл.
   *[other] Сократите описание хотя бы на { $over } или уберите файл.
} Черновик сохранён.
event-error-link = «{ $text }» не похоже на ссылку. Ссылка начинается с https://, например: https://sferum.ru/?call_link=abc
event-error-place-empty = Место не может быть пустым. Например: МАОУ «СОШ № 1», актовый зал.
event-error-place-too-long = Слишком длинно: { $length } знаков, можно не больше { $limit }.
event-error-nobody = Эта аудитория сейчас никого не охватывает: выберите другую.
event-error-cancelled = Мероприятие «{ $title }» отменено.
event-error-started = Мероприятие «{ $title }» уже началось или прошло — ответ больше не меняется.

# Новое мероприятие: /newevent.

newevent-intro = <b>Новое мероприятие.</b> Я задам несколько вопросов, потом покажу приглашение таким, каким его получат участники. Прервать — /cancel.
newevent-intro-head = <b>Новое заседание объединения.</b> Приглашение получат участники вашего объединения и его привязанные группы. Я задам несколько вопросов, потом покажу, как оно будет выглядеть. Прервать — /cancel.
newevent-ask-kind = Что это за мероприятие? Выберите вид.
newevent-ask-association = Заседание какого объединения вы проводите?
newevent-ask-title =
    Как называется мероприятие? Напишите название — до 200 знаков.
    Например: Функциональная грамотность на уроках математики
newevent-ask-start =
    Когда начало? Напишите дату и время, например:
    { $example_date } 15:00
    { dates-example-day-month } в 15:00
    завтра в 10:00
    в пятницу 14:30

    Можно сразу с окончанием: { $example_date } 15:00-17:00. Многодневное — диапазоном дат: { $example_range }.
newevent-ask-end = Когда окончание? Напишите время ({ $example_end }), дату и время ({ $example_end_date }) или продолжительность (2 часа). Если окончание не важно — нажмите «Пропустить».
newevent-ask-place = Где пройдёт? Напишите место (например: СОШ № 1, актовый зал) или пришлите ссылку на онлайн-встречу (https://…). Если пока неизвестно — «Пропустить».
newevent-ask-description = Добавьте описание: программа, для кого, что взять с собой — до 4096 знаков (если приложите файл — до 1024). Или нажмите «Пропустить».
newevent-ask-competences = Какие компетенции развивает мероприятие? Отметьте подходящие (можно несколько или ни одной) и нажмите «Готово».
newevent-ask-reminders = Когда напомнить? Напоминание придёт всем, кроме ответивших «Не смогу». Отметьте нужные и нажмите «Готово».
newevent-ask-attachment = Приложите программу или положение — документ или фотографию. Если файла нет — «Пропустить».
newevent-audience-title = <b>Кого пригласить?</b>
newevent-audience-hint = Настройте получателей кнопками ниже и нажмите «Далее».

newevent-kind-seminar = Семинар
newevent-kind-master_class = Мастер-класс
newevent-kind-webinar = Вебинар
newevent-kind-conference = Конференция
newevent-kind-round_table = Круглый стол
newevent-kind-open_lesson = Открытый урок
newevent-kind-meeting = Заседание ГМО/РМО/ШМО
newevent-kind-subject_week = Предметная неделя/декада
newevent-kind-olympiad = Олимпиада
newevent-kind-competition = Конкурс

newevent-reminder-10080 = за неделю
newevent-reminder-1440 = за 1 день
newevent-reminder-180 = за 3 часа
newevent-reminder-60 = за 1 час
newevent-reminder-15 = за 15 минут
newevent-reminders-none = без напоминаний
newevent-competences-none = не выбраны

newevent-chosen-kind = Вид: { $kind }
newevent-chosen-association = Объединение выбрано.
newevent-chosen-when = Записал: { $when }
newevent-chosen-competences = Компетенции: { $names }
newevent-chosen-audience =
    <b>Получатели выбраны.</b>

    { $audience }
newevent-chosen-reminders = Напоминания: { $reminders }

newevent-text-expected = Здесь нужен ответ текстом. Напишите его сообщением — или /cancel, чтобы прервать.
newevent-use-buttons = Выберите вариант кнопками в сообщении выше — или /cancel, чтобы прервать.
newevent-attachment-expected = Пришлите документ или фотографию — или нажмите «Пропустить» в сообщении выше.

newevent-button-skip = Пропустить
newevent-button-done = Готово
newevent-button-next = Далее ›
newevent-button-cancel = Отмена
newevent-button-publish = Опубликовать
newevent-button-edit = Изменить
newevent-button-back = ‹ Назад

newevent-preview-title = <b>Выше — приглашение в том виде, в каком его получат участники.</b> Под ним будут кнопки «Приду», «Не смогу» и «В календарь», а в группах — кнопка «Записаться».
newevent-preview-reminders = Напоминания: { $reminders }
newevent-preview-ask = Опубликовать?
# Напоминания, срок которых к публикации уже прошёл: их не будет.
newevent-preview-reminders-late = { $count ->
    [one] Напоминание { $reminders } не придёт
   *[other] Напоминания { $reminders } не придут
}: до начала { $less }.
newevent-reminder-less = { $minutes ->
    [10080] меньше недели
    [1440] меньше суток
    [180] меньше 3 часов
    [60] меньше часа
   *[15] меньше 15 минут
}
newevent-published = ✅ Мероприятие опубликовано. Приглашение получат: { $people } и { $groups }. Ответы участников и список записавшихся — в /events.
newevent-already-published = Это мероприятие уже опубликовано, второй раз я его не пошлю.
newevent-edit-ask = Что изменить?
newevent-editing = Хорошо, меняем.
newevent-edit-nothing = Оставляем как есть.
newevent-cancelled = Черновик удалён, ничего не опубликовано.

newevent-field-kind = Вид
newevent-field-title = Название
newevent-field-start = Дата и время
newevent-field-end = Окончание
newevent-field-place = Место или ссылка
newevent-field-description = Описание
newevent-field-competences = Компетенции
newevent-field-audience = Получатели
newevent-field-reminders = Напоминания
newevent-field-attachment = Файл

# Мои мероприятия: /events, карточка, ответы.

events-title = <b>Ваши ближайшие мероприятия</b>
events-empty = Ближайших мероприятий для вас пока нет. Когда объявят новое, приглашение придёт сюда.
events-item =
    🗓 { $when } — { $kind }: «{ $title }»
    Ваш ответ: { $answer }
events-hint = Откройте мероприятие кнопкой ниже.
events-answer-none = ещё не ответили
events-answer-coming = приду
events-answer-not-coming = не смогу
events-card-answer = Ваш ответ: { $answer }
events-card-cancelled = ❌ Мероприятие отменено.
events-card-started = Мероприятие уже началось или прошло.
events-status-published = Опубликовано.
events-figures = Разослано: { $recipients } (доставлено: { $delivered }, в очереди: { $pending }, не доставлено: { $failed })
events-answers = Придут: { $coming } · не смогут: { $not_coming } · не ответили: { $no_answer }
events-coming-title = <b>Кто придёт:</b>
events-coming-line = { $organisation }: { $names }
events-coming-nobody = Пока никто не записался.
events-coming-more = { $count ->
    [one] …и ещё { $count } человек — полный список в выгрузке Excel.
    [few] …и ещё { $count } человека — полный список в выгрузке Excel.
   *[many] …и ещё { $count } человек — полный список в выгрузке Excel.
}
events-no-organisation = Без организации

events-button-list = ‹ К списку
events-button-excel = Выгрузить список (Excel)
events-button-change = Изменить время/место/ссылку
events-button-drop = Отменить мероприятие
events-button-change-time = Время
events-button-change-place = Место
events-button-change-link = Ссылку
events-button-back = ‹ Назад
events-button-drop-yes = Да, отменить
events-button-drop-no = Нет, оставить

events-change-ask = Что изменить? Все, кто получил приглашение, получат уведомление — первыми те, кто записался.
events-ask-time = Напишите новое время мероприятия «{ $title }», например: { $example_date } 15:00 или { $example_date } 15:00-17:00. Прервать — /cancel.
events-ask-place = Напишите новое место мероприятия «{ $title }». Прервать — /cancel.
events-ask-link = Пришлите новую ссылку для мероприятия «{ $title }» — она начинается с https://. Прервать — /cancel.
events-changed = Готово: изменения сохранены. Участники получат уведомление — первыми те, кто записался.
events-drop-ask = Отменить мероприятие? Все, кто получил приглашение, получат уведомление об отмене.
events-dropped = ❌ Мероприятие отменено. Участники получат уведомление.

events-rsvp-coming = Записал: приду
events-rsvp-not-coming = Записал: не смогу
events-calendar-caption = Откройте файл — мероприятие добавится в ваш календарь.
events-excel-caption = Список записавшихся.
events-link-stranger =
    Это приглашение на мероприятие муниципальной методической службы.

    Записываться на мероприятия и получать напоминания могут те, кого пригласили в бота. Попросите у своего методиста или заместителя директора ссылку-приглашение, откройте её — и возвращайтесь к этой кнопке.
