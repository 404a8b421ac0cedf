# Command-line messages (stderr), one line per error.

cli-setting-missing = Setting { $name } is not set. { $hint }
cli-setting-invalid = Setting { $name } has an invalid value. { $hint }
cli-hint-bot-token = Give the bot token from @BotFather, like 123456789:AA… (environment variable or .env file).
cli-hint-admin-ids = Give the Telegram ids of the methodologists as numbers separated by commas, e.g. 12345,67890.
cli-hint-database-url = Give a database URL like sqlite+aiosqlite:///./data/shmo.db or postgresql+asyncpg://user@host:5432/db.
cli-hint-timezone = Give an IANA time zone, e.g. Europe/Moscow or Asia/Yekaterinburg.
cli-hint-default-locale = Allowed values: ru, en.
cli-hint-log-level = Allowed values: DEBUG, INFO, WARNING, ERROR.
cli-hint-telegram-api-base = Give a Bot API server address like http://127.0.0.1:8081, or leave it empty.
cli-hint-sqlite-busy-timeout-ms = Give a number of milliseconds from 0 to 600000.
cli-hint-send-rate = Give how many messages a second to send: a number above 0 and at most 30 (usually 25).
cli-hint-updates-at-once = Give how many updates to handle at once: a whole number from 1 to 1000 (usually 64).
cli-hint-reconfirm-dates = Give the dates of the details check, comma-separated, as MM-DD, e.g. 09-01,02-01.
cli-hint-reconfirm-hour = Give the hour (0 to 23, in TIMEZONE) when to ask.
cli-hint-escalation-days = Give how many days after the due date the coordinator is told of late units: a whole number from 1 to 60 (usually 3).
cli-hint-summary-time = Give the time of the methodologists' morning summary as HH:MM, e.g. 08:30 (in TIMEZONE).
cli-hint-digest-weekday = Give the weekday of the groups' weekly digest as a number: 1 is Monday, … 7 is Sunday.
cli-hint-digest-time = Give the time of the groups' weekly digest as HH:MM, e.g. 08:00 (in TIMEZONE).
cli-hint-submission-max-mb = Give the largest file that may be handed in, in megabytes: a whole number from 1 to 2000 (usually 20).
cli-hint-submission-types = Give the allowed extensions of handed-in files separated by commas, e.g. pdf,docx,xlsx,jpg.
cli-not-migrated = The database is not at the current schema (now: { $current }, needed: { $head }). Run: shmo-bot migrate
cli-migrated = The database schema is at { $head }.
cli-token-rejected = Telegram rejected the bot token (BOT_TOKEN): check it with @BotFather.
cli-api-unreachable = Cannot reach the Bot API server ({ $base }): { $reason }
cli-database-unreachable = Cannot connect to the database (DATABASE_URL): { $reason }
cli-stopped = The bot has stopped.
