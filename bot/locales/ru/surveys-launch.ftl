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
