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
event-error-past = Это время уже прошло. Укажите будущее, например: 25.11 15:00 или завтра в 10:00.
event-error-end-before-start = Окончание должно быть позже начала. Например: 25.11 15:00-17:00.
event-error-title-empty = Название не может быть пустым. Например: Семинар «Функциональная грамотность на уроках математики».
event-error-title-too-long = Название слишком длинное: { $length } знаков, можно не больше { $limit }.
event-error-description-too-long = Описание слишком длинное: { $length } знаков, можно не больше { $limit }. Сократите его — я не обрезаю текст сам.
event-error-caption-too-long = С приложенным файлом описание может быть не длиннее { $limit } знаков, а сейчас { $length }. Сократите его или уберите файл.
event-error-link = «{ $text }» не похоже на ссылку. Ссылка начинается с https://, например: https://sferum.ru/?call_link=abc
event-error-place-empty = Место не может быть пустым. Например: МАОУ «СОШ № 1», актовый зал.
event-error-place-too-long = Слишком длинно: { $length } знаков, можно не больше { $limit }.
event-error-nobody = Эта аудитория сейчас никого не охватывает: выберите другую.
event-error-cancelled = Мероприятие «{ $title }» отменено.
event-error-started = Мероприятие «{ $title }» уже началось или прошло — ответ больше не меняется.
