"""Settings: every bad value is one clear line naming the setting, exit code 2, no secret shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import Settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
SETTING_NAMES = (
    "BOT_TOKEN",
    "ADMIN_IDS",
    "DATABASE_URL",
    "TIMEZONE",
    "DEFAULT_LOCALE",
    "LOG_LEVEL",
    "TELEGRAM_API_BASE",
    "SQLITE_BUSY_TIMEOUT_MS",
    "SEND_RATE",
    "UPDATES_AT_ONCE",
    "MINUTES_EDIT_DAYS",
    "MINUTES_MAX_MB",
    "MINUTES_TYPES",
    "MINUTES_LOCAL_COPIES",
    "MINUTES_SERVICE_NAME",
    "DATA_DIR",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_HOST",
    "WEBHOOK_PORT",
    "METRICS_PORT",
    "INSTANCE_ID",
    "REDIS_URL",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean environment in an empty folder (no .env)."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    s = Settings()
    assert s.database_url == "sqlite+aiosqlite:///./data/shmo.db"
    assert s.timezone == "Europe/Moscow"
    assert s.default_locale == "ru"
    assert s.admin_ids == ()
    assert s.telegram_api_base is None
    assert (s.minutes_edit_days, s.minutes_max_mb, s.minutes_local_copies) == (14, 20, False)
    assert s.minutes_extensions == {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"}
    assert s.data_dir == Path("data")
    assert TOKEN not in repr(s)


def test_dotenv_file_is_read(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"BOT_TOKEN={TOKEN}\nADMIN_IDS=11, 22;33\nTIMEZONE=Asia/Yekaterinburg\n", encoding="utf-8"
    )
    s = Settings()
    assert s.admin_ids == (11, 22, 33)
    assert s.tz.key == "Asia/Yekaterinburg"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (
            "postgresql://postgres@127.0.0.1:5432/test",
            "postgresql+asyncpg://postgres@127.0.0.1:5432/test",
        ),
        ("postgres://u:p@db/shmo", "postgresql+asyncpg://u:p@db/shmo"),
        ("sqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
    ],
)
def test_database_url_is_normalised(env: pytest.MonkeyPatch, given: str, stored: str) -> None:
    assert Settings(bot_token=TOKEN, database_url=given).database_url == stored


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TOKEN", "not-a-token"),
        ("BOT_TOKEN", "123456789:short"),
        ("ADMIN_IDS", "12, abc"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "::::"),
        ("DATABASE_URL", "postgresql+asyncpg://host"),
        ("TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_LOCALE", "de"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_BASE", "ftp://x"),
        ("SQLITE_BUSY_TIMEOUT_MS", "-1"),
        ("SEND_RATE", "31"),
        ("UPDATES_AT_ONCE", "0"),
        ("ESCALATION_DAYS", "0"),
        ("SUMMARY_TIME", "25:00"),
        ("DIGEST_WEEKDAY", "8"),
        ("DIGEST_TIME", "8"),
        ("SUBMISSION_MAX_MB", "0"),
        ("SUBMISSION_TYPES", "pdf, ../exe"),
        ("CAMPAIGN_DATE", "10-32"),
        ("CAMPAIGN_CLOSES", "10-01,10-31"),
        ("CAMPAIGN_TIME", "9"),
        ("CAMPAIGN_TEMPLATE", "Young Specialists!"),
        ("MINUTES_EDIT_DAYS", "-1"),
        ("MINUTES_MAX_MB", "0"),
        ("MINUTES_TYPES", "pdf, ../exe"),
        ("MINUTES_LOCAL_COPIES", "maybe"),
        ("WEBHOOK_URL", "ftp://bot.example.ru/webhook"),
        ("WEBHOOK_URL", "https://bot.example.ru/webhook?token=1"),
        ("WEBHOOK_SECRET", "has spaces in it"),
        ("WEBHOOK_HOST", "bad host"),
        ("WEBHOOK_PORT", "0"),
        ("METRICS_PORT", "70000"),
        ("INSTANCE_ID", "two words"),
        ("REDIS_URL", "http://user:secret@127.0.0.1:6379"),
    ],
)
def test_invalid_setting_is_one_line_exit_2(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    env.setenv(name, value)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert name in err
    assert "неверное значение" in err
    assert "Traceback" not in err
    assert TOKEN not in err
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0" not in err
    assert "secret" not in err


def test_missing_token(env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [err]
    assert err.startswith("Ошибка настройки BOT_TOKEN: не задана.")


def test_empty_token_counts_as_missing(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env.setenv("BOT_TOKEN", "")
    assert main(["migrate"]) == 2
    assert "BOT_TOKEN: не задана" in capsys.readouterr().err


def test_cli_speaks_the_default_locale(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env.setenv("DEFAULT_LOCALE", "en")
    assert main(["run"]) == 2
    assert capsys.readouterr().err.startswith("Setting BOT_TOKEN is not set.")


def test_unmigrated_database_is_refused(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    env.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert "shmo-bot migrate" in err
    assert len(err.splitlines()) == 1


def test_migrate_then_migrate_again(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    env.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'sub' / 'bot.db'}")
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0
    assert (tmp_path / "sub" / "bot.db").exists()
    assert "обновлена" in capsys.readouterr().err


def test_webhook_mode_needs_its_secret(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    env.setenv("WEBHOOK_URL", "https://bot.example.ru/webhook")
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [err]
    assert err.startswith("Ошибка настройки WEBHOOK_SECRET: не задана.")


def test_webhook_settings(env: pytest.MonkeyPatch) -> None:
    env.setenv("BOT_TOKEN", TOKEN)
    polling = Settings()
    assert polling.webhook_url is None
    assert polling.webhook_secret is None
    assert polling.metrics_port is None
    assert (polling.webhook_host, polling.webhook_port) == ("127.0.0.1", 8080)
    assert polling.instance_id.endswith(f"-{os.getpid()}")

    env.setenv("WEBHOOK_URL", " https://bot.example.ru/shmo/webhook ")
    env.setenv("WEBHOOK_SECRET", "s3cret_-value")
    env.setenv("WEBHOOK_PORT", "8082")
    env.setenv("INSTANCE_ID", "web1-8082")
    webhook = Settings()
    assert webhook.webhook_url == "https://bot.example.ru/shmo/webhook"
    assert webhook.webhook_path == "/shmo/webhook"
    assert webhook.webhook_port == 8082
    assert webhook.instance_id == "web1-8082"
    assert "s3cret_-value" not in repr(webhook)
