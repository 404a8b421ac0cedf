## Запуск опросов: /survey_new, /surveys, /survey_templates, октябрьская кампания.

survey-launch-error-not-allowed = Запускать опросы и следить за ними могут методист и координатор организации.
survey-launch-error-no-template = Такого шаблона нет. Выберите шаблон из списка заново: /survey_new
survey-launch-error-not-yaml = Пришлите шаблон файлом с расширением .yaml или .yml.
survey-launch-error-too-large = Файл шаблона слишком большой: не больше { $limit } КБ.
survey-launch-error-not-utf8 = Не удалось прочитать файл: сохраните его в кодировке UTF-8 и пришлите снова.
survey-launch-error-builtin-key = Ключ «{ $template }» занят встроенным шаблоном. Дайте своему шаблону другой ключ (строка key:) и пришлите снова.
survey-launch-error-opens-past = Время открытия уже прошло. Напишите время в будущем или нажмите «Сейчас».
survey-launch-error-closes-before = Опрос должен закрываться позже, чем открывается. Напишите более позднюю дату закрытия.
survey-launch-error-not-found = Опрос не найден. Список опросов: /surveys
survey-launch-error-closed = Опрос уже закрыт.
survey-launch-error-extend-earlier = Новая дата закрытия должна быть позже нынешней.

survey-summary-heading = 📊 <b>{ $title }</b>: сколько ответили (опрос открыт до { $closes })
survey-summary-overall = Всего: ответили { $done } из { $total }.
survey-summary-org = • { $name }: { $done } из { $total }
survey-summary-no-org = без организации

## /survey_new

survey-new-intro = <b>Новый опрос.</b> Выберите шаблон, кого опросить, когда открыть и закрыть; перед запуском покажу, скольких он касается. Прервать — /cancel.
survey-new-ask-template =
    Какой опрос запустить? Встроенные шаблоны — наши образцы; свой шаблон можно загрузить командой /survey_templates.
    Повторный запуск шаблона — новая волна: результаты волн можно сравнить.

survey-new-template-wave = • «{ $title }» — волна { $wave }: прошлый запуск { $last }
survey-new-chosen-template = Шаблон: { $title }
survey-new-audience-title = <b>Кого опросить?</b>
survey-new-audience-hint = Настройте аудиторию кнопками ниже и нажмите «Далее». Группы здесь не важны: приглашение приходит каждому лично.
survey-new-chosen-audience = Кого опросить: { $audience }
survey-new-ask-opens =
    Когда открыть опрос? Нажмите «Сейчас» или напишите дату и время.
    Например: { $example_date } 09:00 или «завтра».
survey-new-now = сразу
survey-new-chosen-now = Открыть: сразу после запуска
survey-new-chosen-opens = Открыть: { $opens }
survey-new-ask-closes =
    Когда закрыть опрос? Напишите дату — опрос открыт до конца этого дня, 23:59 — или нажмите кнопку ниже.
    Например: { $example_date }
survey-new-chosen-closes = Закрыть: { $closes }
survey-new-preview-title = <b>Опрос «{ $title }»</b>
survey-new-preview-anonymous = Анонимный: ответы не связываются с именами.
survey-new-preview-named = Именной: ответы видны с именами.
survey-new-preview-questions = { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[many] { $count } вопросов
}
survey-new-preview-when = Открыт: { $opens } — { $closes }. Напоминания — только тем, кто не ответил.
survey-new-preview-ask = Запустить?
survey-new-preview-refused =
    Запустить так нельзя: { $reason }
    Что изменить?
survey-new-launched = 🚀 Опрос «{ $title }» (волна { $wave }) запущен: приглашения отправлены, закроется { $closes }. Следить за ответами — /surveys.
survey-new-scheduled = 🕘 Опрос «{ $title }» (волна { $wave }) откроется { $opens } и закроется { $closes }. Следить за ответами — /surveys.
survey-new-already-launched = Этот опрос уже запущен. Список опросов — /surveys.
survey-new-edit-ask = Что изменить?
survey-new-editing = Меняем.
survey-new-edit-nothing = Ничего не меняем.
survey-new-cancelled = Запуск опроса отменён.
survey-new-text-expected = Напишите дату текстом.
survey-new-use-buttons = Выберите вариант кнопкой под сообщением или прервите — /cancel.
survey-new-button-cancel = Отмена
survey-new-button-next = Далее
survey-new-button-now = Сейчас
survey-new-button-default-close = До { $day }
survey-new-button-launch = 🚀 Запустить
survey-new-button-edit = Изменить
survey-new-button-back = ← Назад к предпросмотру
survey-new-field-template = Шаблон
survey-new-field-audience = Кого опросить
survey-new-field-opens = Когда открыть
survey-new-field-closes = Когда закрыть

## /surveys

survey-admin-none = Открытых и недавних опросов нет. Запустить — /survey_new.
survey-admin-list = <b>Опросы</b> — открытые и закрытые за последний месяц. Нажмите на опрос, чтобы открыть его карточку.
survey-admin-item = • { $title } — ответили { $done } из { $total } (до { $closes })
survey-admin-rate = Ответили { $done } из { $total }.
survey-admin-declined = Не дали согласие: { $count } — им не напоминаем, пока не согласятся.
survey-admin-card-wave = Волна { $wave } · { $state }
survey-admin-card-when = Открыт: { $opens } — { $closes }
survey-admin-card-anonymous = Анонимный
survey-admin-card-named = Именной
survey-admin-card-results = Результаты — командой /results.
survey-admin-state-open = идёт
survey-admin-state-waiting = ещё не открыт
survey-admin-state-closed = закрыт
survey-admin-state-closed-early = закрыт досрочно
survey-admin-button-nudge = ⏰ Напомнить отстающим
survey-admin-button-extend = Продлить
survey-admin-button-close = Закрыть досрочно
survey-admin-button-close-yes = Да, закрыть
survey-admin-button-close-no = Нет, оставить
survey-admin-close-ask = Закрыть опрос «{ $title }» сейчас? Ответить на него больше будет нельзя, напоминания прекратятся.
survey-admin-closed = Опрос закрыт.
survey-admin-nudged = { $count ->
    [one] Напоминание отправлено { $count } человеку.
   *[other] Напоминание отправлено { $count } людям.
}
survey-admin-extend-ask =
    До какого дня продлить опрос? Напишите дату — опрос будет открыт до конца этого дня, 23:59.
    Например: { $example_date }
survey-admin-extended = Опрос «{ $title }» продлён до { $closes }. Напоминания перенесены.

## /survey_templates

survey-templates-list =
    <b>Шаблоны опросов.</b> Встроенные — наши образцы, их стоит адаптировать под себя: нажмите на шаблон, чтобы скачать его файлом YAML.
    Чтобы добавить свой шаблон или заменить загруженный, пришлите файл .yaml (не больше { $limit } КБ) сюда.
survey-templates-item-builtin = ⬇️ { $title } (встроенный)
survey-templates-item = ⬇️ { $title }
survey-templates-file-expected = Пришлите шаблон файлом .yaml или прервите — /cancel.
survey-templates-download-failed = Не удалось получить файл. Пришлите его ещё раз.
survey-templates-stored = ✅ Шаблон «{ $title }» (ключ { $template }) сохранён: его можно запустить командой /survey_new.
survey-templates-replaced = ✅ Шаблон «{ $title }» (ключ { $template }) заменён новым. Уже запущенные опросы не меняются.
