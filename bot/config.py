"""Settings: the one place configuration comes from (environment and `.env`)."""

from __future__ import annotations

import os
import re
import socket
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.clock import Clock, FastClock, SystemClock

SUPPORTED_LOCALES: tuple[str, ...] = ("ru", "en")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/shmo.db"

_TOKEN_RE = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")
# What Telegram allows in a webhook's secret token.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_INSTANCE_RE = re.compile(r"^[A-Za-z0-9_.@:-]{1,64}$")
_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


def default_instance_id() -> str:
    """The name of this process among the bot's instances when INSTANCE_ID is not set."""
    host = re.sub(r"[^A-Za-z0-9_.-]", "-", socket.gethostname())[:40] or "host"
    return f"{host}-{os.getpid()}"


def parse_month_days(raw: str) -> tuple[tuple[int, int], ...]:
    """``"09-01,02-01"`` → ((9, 1), (2, 1)); ValueError on anything else."""
    out: list[tuple[int, int]] = []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        month, day = (int(x) for x in part.split("-"))
        date(2024, month, day)  # a leap year: 02-29 is allowed, 02-30 is not
        out.append((month, day))
    if not out:
        raise ValueError("no dates")
    return tuple(out)


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
    )

    bot_token: SecretStr
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Europe/Moscow"
    default_locale: Literal["ru", "en"] = "ru"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    telegram_api_base: str | None = None
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0, le=600_000)
    send_rate: float = Field(default=25.0, gt=0, le=30)
    # Updates handled at once; the rest wait at Telegram. Bounds the queue for the database,
    # so that a scheduled job waits behind at most this many updates.
    updates_at_once: int = Field(default=64, ge=1, le=1000)
    reconfirm_dates: str = "09-01,02-01"
    reconfirm_hour: int = Field(default=10, ge=0, le=23)
    # Deadlines: a unit still late this many days after the due date is reported to its
    # coordinator; the methodologists' morning summary (working days) and the groups' weekly
    # digest (weekday 1 = Monday), in TIMEZONE; what may be handed in.
    escalation_days: int = Field(default=3, ge=1, le=60)
    summary_time: str = "08:30"
    digest_weekday: int = Field(default=1, ge=1, le=7)
    digest_time: str = "08:00"
    submission_max_mb: int = Field(default=20, ge=1, le=2000)
    submission_types: str = (
        "pdf,doc,docx,odt,rtf,txt,xls,xlsx,ods,csv,ppt,pptx,odp,jpg,jpeg,png,zip,rar,7z"
    )
    # Minutes: how many days a head may correct a submission; what may be attached (MB,
    # extensions; photos always); local copies of attachments under DATA_DIR; the
    # organisation named on a ГМО's or РМО's protocol.
    minutes_edit_days: int = Field(default=14, ge=0, le=366)
    minutes_max_mb: int = Field(default=20, ge=1, le=2000)
    minutes_types: str = "pdf,doc,docx,xls,xlsx,jpg,jpeg,png"
    minutes_local_copies: bool = False
    minutes_service_name: str = Field(default="", max_length=300)
    data_dir: Path = Path("./data")
    # The October campaign: the young specialists' questionnaire opens by itself on
    # CAMPAIGN_DATE at CAMPAIGN_TIME (MM-DD, HH:MM in TIMEZONE) and closes at the end of
    # CAMPAIGN_CLOSES; CAMPAIGN_TEMPLATE is the template's key.
    campaign_date: str = "10-01"
    campaign_closes: str = "10-31"
    campaign_time: str = "09:00"
    campaign_template: str = "young-specialists"
    # Webhook mode (several instances behind a load balancer): Telegram posts the updates to
    # WEBHOOK_URL with WEBHOOK_SECRET in a header; the bot listens on WEBHOOK_HOST:WEBHOOK_PORT
    # at the URL's path, with /healthz and /metrics beside it. No WEBHOOK_URL: long polling,
    # and /healthz and /metrics on METRICS_PORT when it is set. INSTANCE_ID names this process
    # among the instances (logs, /healthz); by default host name and process id.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    instance_id: str = Field(default_factory=default_instance_id)
    # Redis for the bot's shared pace of sending among several instances (unset: the pace is
    # shared through the database).
    redis_url: str | None = None
    # For `shmo-bot demo` only, never in production: a clock that runs fast (see
    # bot.clock.FastClock), "START|ORIGIN|SPEED". Unset: the real time.
    demo_clock: str | None = None

    @field_validator("demo_clock")
    @classmethod
    def _demo_clock(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        FastClock.parse(value)
        return value.strip()

    def clock(self) -> Clock:
        """The real clock, or the demo's fast one when ``DEMO_CLOCK`` is set."""
        return FastClock.parse(self.demo_clock) if self.demo_clock else SystemClock()

    @property
    def instance(self) -> str:
        """This instance's name: ``INSTANCE_ID``, or the host's name and the process id."""
        return self.instance_id

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not re.fullmatch(r"(rediss?|unix)://\S+", value):
            raise ValueError("not a redis:// URL")
        return value

    @field_validator("campaign_date", "campaign_closes")
    @classmethod
    def _month_day(cls, value: str) -> str:
        days = parse_month_days(value)
        if len(days) != 1:
            raise ValueError("one date MM-DD")
        return f"{days[0][0]:02d}-{days[0][1]:02d}"

    @field_validator("campaign_template")
    @classmethod
    def _template_key(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", value.strip()):
            raise ValueError("a template key: a-z, 0-9, - and _")
        return value.strip()

    @property
    def campaign_days(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """(month, day) of the campaign's opening and of its closing."""
        return parse_month_days(self.campaign_date)[0], parse_month_days(self.campaign_closes)[0]

    @field_validator("summary_time", "digest_time", "campaign_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        match = re.fullmatch(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*", value)
        if match is None:
            raise ValueError("not a time of day HH:MM")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    @field_validator("submission_types", "minutes_types")
    @classmethod
    def _extensions(cls, value: str) -> str:
        names = [v.strip().lower().lstrip(".") for v in value.split(",") if v.strip()]
        if not names or any(not re.fullmatch(r"[a-z0-9]{1,10}", n) for n in names):
            raise ValueError("file extensions separated by commas")
        return ",".join(names)

    @property
    def submission_extensions(self) -> frozenset[str]:
        return frozenset(self.submission_types.split(","))

    @property
    def minutes_extensions(self) -> frozenset[str]:
        return frozenset(self.minutes_types.split(","))

    @field_validator("reconfirm_dates")
    @classmethod
    def _reconfirm_dates(cls, value: str) -> str:
        parse_month_days(value)
        return value.strip()

    @property
    def reconfirm_days(self) -> tuple[tuple[int, int], ...]:
        return parse_month_days(self.reconfirm_dates)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_RE.fullmatch(value.get_secret_value().strip()):
            raise ValueError("malformed")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, int):
            return (value,)
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p]
            return tuple(parts)
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value.strip())
        except ArgumentError as exc:
            raise ValueError("not a database URL") from exc
        driver = _DRIVERS.get(url.drivername)
        if driver is None:
            raise ValueError(f"unsupported driver {url.drivername!r}")
        url = url.set(drivername=driver)
        if driver.startswith("postgresql") and not url.database:
            raise ValueError("no database name")
        return url.render_as_string(hide_password=False)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
        return value.strip()

    @field_validator("default_locale", "log_level", mode="before")
    @classmethod
    def _normalise_case(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise ValueError("not an http(s) URL")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
            raise ValueError("not an http(s) URL without a query")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            if info.data.get("webhook_url"):
                raise PydanticCustomError("missing", "required with WEBHOOK_URL")
            return None
        secret = value.get_secret_value().strip()
        if not _SECRET_RE.fullmatch(secret):
            raise ValueError("1 to 256 of A-Z, a-z, 0-9, _ and -")
        return SecretStr(secret)

    @field_validator("webhook_host")
    @classmethod
    def _listen_host(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,253}", value.strip()):
            raise ValueError("not a host name or address")
        return value.strip()

    @field_validator("instance_id")
    @classmethod
    def _instance_id(cls, value: str) -> str:
        if not _INSTANCE_RE.fullmatch(value.strip()):
            raise ValueError("1 to 64 of A-Z, a-z, 0-9, _ . @ : and -")
        return value.strip()

    @property
    def webhook_path(self) -> str:
        """The path the bot serves the webhook at: the path of WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The SQLite file, when the database is a file."""
        if not self.is_sqlite:
            return None
        database = make_url(self.database_url).database
        if not database or database == ":memory:":
            return None
        return Path(database)
