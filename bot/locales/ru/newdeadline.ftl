## Новый срок сдачи: /newdeadline.

newdeadline-intro = <b>Новый срок сдачи.</b> Я задам несколько вопросов, потом покажу объявление таким, каким его получат те, кто сдаёт, и скажу, скольких оно касается. Прервать — /cancel.
newdeadline-intro-head = <b>Новый срок сдачи для участников вашего объединения.</b> Сдаёт каждый участник лично. Я задам несколько вопросов, потом покажу, как это будет выглядеть. Прервать — /cancel.

newdeadline-ask-title =
    Как называется то, что нужно сдать? Напишите коротко, до 200 знаков.
    Например: План работы ШМО на 2026/2027 учебный год
newdeadline-ask-kind = Что сдают? Выберите вид.
newdeadline-ask-unit = От кого? Выберите, кто сдаёт: за организацию сдаёт координатор, за объединение — его руководитель.
newdeadline-ask-due =
    Какой срок? Напишите дату — тогда срок до конца дня, 23:59 — или дату и время.
    Например: { $example_date } или { $example_date } 18:00, «завтра».
newdeadline-ask-associations = Для участников какого объединения? Отметьте одно или несколько и нажмите «Готово».
newdeadline-ask-recurrence = Повторяется ли срок?
newdeadline-ask-months = В какие месяцы? Отметьте месяцы и нажмите «Готово». День месяца будет тот же, что у первого срока.
newdeadline-ask-reminders =
    Напоминания получат только те, кто ещё не сдал.
    Сейчас: { $schedule }.
    Оставить так или изменить?
newdeadline-ask-reminder-days = За сколько дней до срока напомнить? Напишите числа через запятую, 0 — в день срока. Например: 7, 3, 1, 0
newdeadline-ask-reminder-time = В какое время присылать напоминания? Например: 09:00
newdeadline-ask-description = Добавьте описание: что именно сдать, в каком виде, куда обращаться с вопросами. Или нажмите «Пропустить».
newdeadline-ask-attachment = Приложите форму для заполнения — документ. Если формы нет — «Пропустить».
newdeadline-audience-title = <b>Кого касается срок?</b>
newdeadline-audience-hint = Настройте аудиторию кнопками ниже и нажмите «Далее». Группы здесь не важны: в группы о сроках пишет еженедельная сводка.

newdeadline-unit-person = Каждый человек лично
newdeadline-unit-association = Каждое объединение (сдаёт руководитель)
newdeadline-unit-organisation = Каждая организация (сдаёт координатор)

newdeadline-recurrence-once = Один раз
newdeadline-recurrence-yearly = Ежегодно
newdeadline-recurrence-quarterly = Каждую четверть (4 раза в учебном году)
newdeadline-recurrence-monthly = Ежемесячно в учебном году (сентябрь — май)
newdeadline-recurrence-months = По выбранным месяцам…

newdeadline-month-1 = январь
newdeadline-month-2 = февраль
newdeadline-month-3 = март
newdeadline-month-4 = апрель
newdeadline-month-5 = май
newdeadline-month-6 = июнь
newdeadline-month-7 = июль
newdeadline-month-8 = август
newdeadline-month-9 = сентябрь
newdeadline-month-10 = октябрь
newdeadline-month-11 = ноябрь
newdeadline-month-12 = декабрь

newdeadline-chosen-kind = Что сдают: { $kind }
newdeadline-chosen-unit = Кто сдаёт: { $unit }
newdeadline-chosen-due = Срок: { $due }
newdeadline-chosen-audience =
    Аудитория:
    { $audience }
newdeadline-chosen-associations = Объединения: { $names }
newdeadline-chosen-recurrence = Повторяется: { $recurrence }
newdeadline-chosen-months = Месяцы: { $months }
newdeadline-chosen-reminders = Напоминания: { $schedule }

newdeadline-reminder-before = за { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
newdeadline-reminder-on-day = в день срока
newdeadline-reminders = { $days }, в { $at }
newdeadline-reminders-none = без напоминаний

newdeadline-units-person = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
newdeadline-units-association = { $count ->
    [one] { $count } объединение
    [few] { $count } объединения
   *[many] { $count } объединений
}
newdeadline-units-organisation = { $count ->
    [one] { $count } организация
    [few] { $count } организации
   *[many] { $count } организаций
}
newdeadline-reach = Сдают: { $units } (объявление получат: { $people })
newdeadline-names-more = { $names } и ещё { $count }

newdeadline-button-skip = Пропустить
newdeadline-button-done = Готово
newdeadline-button-next = Далее ›
newdeadline-button-cancel = Отмена
newdeadline-button-keep = Оставить
newdeadline-button-change-days = Изменить дни
newdeadline-button-change-time = Изменить время
newdeadline-button-create = Создать
newdeadline-button-edit = Изменить
newdeadline-button-back = ‹ Назад
newdeadline-button-status = Статус сдачи

newdeadline-preview-title = <b>Выше — объявление в том виде, в каком его получат те, кто сдаёт.</b> Под ним будет кнопка «📤 Сдать».
newdeadline-preview-lonely = ⚠️ { $unit ->
    [association] Без руководителя в боте
    [organisation] Без координатора в боте
   *[person] Недоступны в боте
} ({ $count }): { $names }. { $unit ->
    [association] Им не придут ни объявление, ни напоминания, пока у объединения не появится руководитель.
    [organisation] Им не придут ни объявление, ни напоминания, пока у организации не появится координатор.
   *[person] Им не придут ни объявление, ни напоминания, пока они не начнут пользоваться ботом.
}
newdeadline-preview-months = Месяцы: { $months }
newdeadline-preview-reminders = Напоминания: { $schedule }
newdeadline-preview-reminders-late = { $count ->
    [one] Это напоминание уже в прошлом и не придёт
    [few] Эти напоминания уже в прошлом и не придут
   *[many] Эти напоминания уже в прошлом и не придут
}: { $schedule }.
newdeadline-preview-ask = Создать?
newdeadline-preview-refused =
    ⚠️ Так создать нельзя: { $reason }

    Что изменить?

newdeadline-created = ✅ Срок создан: «{ $title }», до { $due }. { $reach }. Кто сдал, а кто нет — в статусе сдачи.
newdeadline-already-created = Этот срок уже создан, второй раз я его не создам.
newdeadline-edit-ask = Что изменить?
newdeadline-editing = Хорошо, меняем.
newdeadline-edit-nothing = Оставляем как есть.
newdeadline-cancelled = Черновик удалён, срок не создан.

newdeadline-field-title = Название
newdeadline-field-kind = Что сдают
newdeadline-field-unit = Кто сдаёт
newdeadline-field-due = Срок
newdeadline-field-audience = Аудитория
newdeadline-field-associations = Объединения
newdeadline-field-recurrence = Повторение
newdeadline-field-reminders = Напоминания
newdeadline-field-description = Описание
newdeadline-field-attachment = Форма (файл)

newdeadline-text-expected = Здесь нужен ответ текстом. Напишите его сообщением — или /cancel, чтобы прервать.
newdeadline-use-buttons = Выберите вариант кнопками в сообщении выше — или /cancel, чтобы прервать.
newdeadline-attachment-expected = Пришлите форму документом — или нажмите «Пропустить» в сообщении выше.
newdeadline-error-range = Срок — это один день, а не промежуток. Напишите дату ({ $example_date }) или дату и время ({ $example_date } 18:00).
newdeadline-error-no-associations = Отметьте хотя бы одно объединение.
