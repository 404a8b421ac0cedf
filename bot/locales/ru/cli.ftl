# Сообщения командной строки (stderr), одна строка на ошибку.

cli-setting-missing = Ошибка настройки { $name }: не задана. { $hint }
cli-setting-invalid = Ошибка настройки { $name }: неверное значение. { $hint }
cli-hint-bot-token = Укажите токен бота от @BotFather, вида 123456789:AA… (переменная окружения или файл .env).
cli-hint-admin-ids = Укажите Telegram-идентификаторы методистов числами через запятую, например 12345,67890.
cli-hint-database-url = Укажите адрес базы вида sqlite+aiosqlite:///./data/shmo.db или postgresql+asyncpg://user@host:5432/db.
cli-hint-timezone = Укажите часовой пояс из базы IANA, например Europe/Moscow или Asia/Yekaterinburg.
cli-hint-default-locale = Допустимые значения: ru, en.
cli-hint-log-level = Допустимые значения: DEBUG, INFO, WARNING, ERROR.
cli-hint-telegram-api-base = Укажите адрес сервера Bot API вида http://127.0.0.1:8081 или оставьте пустым.
cli-hint-sqlite-busy-timeout-ms = Укажите число миллисекунд от 0 до 600000.
cli-hint-send-rate = Укажите, сколько сообщений в секунду рассылать: число больше 0 и не больше 30 (обычно 25).
cli-hint-updates-at-once = Укажите, сколько сообщений обрабатывать одновременно: целое число от 1 до 1000 (обычно 64).
cli-hint-reconfirm-dates = Укажите даты проверки данных через запятую в виде ММ-ДД, например 09-01,02-01.
cli-hint-reconfirm-hour = Укажите час от 0 до 23, когда спрашивать (по часовому поясу TIMEZONE).
cli-hint-escalation-days = Укажите, через сколько дней после срока сообщать координатору об отстающих: целое число от 1 до 60 (обычно 3).
cli-hint-summary-time = Укажите время утренней сводки методистам в виде ЧЧ:ММ, например 08:30 (по часовому поясу TIMEZONE).
cli-hint-digest-weekday = Укажите день недели еженедельной сводки в группах числом: 1 — понедельник, … 7 — воскресенье.
cli-hint-digest-time = Укажите время еженедельной сводки в группах в виде ЧЧ:ММ, например 08:00 (по часовому поясу TIMEZONE).
cli-hint-submission-max-mb = Укажите наибольший размер сдаваемого файла в мегабайтах: целое число от 1 до 2000 (обычно 20).
cli-hint-submission-types = Укажите допустимые расширения сдаваемых файлов через запятую, например pdf,docx,xlsx,jpg.
cli-not-migrated = База данных не обновлена до текущей схемы (сейчас: { $current }, нужна: { $head }). Выполните: shmo-bot migrate
cli-migrated = Схема базы данных обновлена до { $head }.
cli-token-rejected = Telegram отклонил токен бота (BOT_TOKEN): проверьте его у @BotFather.
cli-api-unreachable = Не удаётся связаться с сервером Bot API ({ $base }): { $reason }
cli-database-unreachable = Не удаётся подключиться к базе данных (DATABASE_URL): { $reason }
cli-stopped = Бот остановлен.
