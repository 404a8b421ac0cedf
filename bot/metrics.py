"""The bot's metrics for Prometheus, behind plain functions.

One registry per process. Any layer may report through the functions here (they import
nothing of Telegram or of the database); the HTTP server (``bot.server``) renders the registry
at ``GET /metrics`` after setting the figures that are read from the database when scraped
(the outbox and the reminders, the same for every instance).

Series:

* ``shmo_update_handling_seconds{type}`` — how long an update took, from the moment its
  person's turn came to the answer (histogram); ``shmo_updates_in_flight`` — being handled now;
* ``shmo_messages_sent_total``, ``shmo_messages_failed_total``,
  ``shmo_messages_unreachable_total``, ``shmo_messages_retried_total`` — the outbox's pushes by
  this instance (read from the sender's own counters, see :func:`count_deliveries`);
* ``shmo_telegram_429_total`` — answers "429 Too Many Requests" Telegram gave this instance,
  whatever the call;
* ``shmo_outbox_messages{status}`` — the outbox's depth: rows pending and being sent;
  ``shmo_outbox_oldest_due_seconds`` — how long the oldest due row has waited;
* ``shmo_reminder_overdue_seconds`` — how late the oldest reminder that is due and not fired
  is (0: none; growing: nobody runs the scheduler); ``shmo_reminder_lateness_seconds`` — how
  late the last reminder fired;
* ``shmo_updates_redelivered_total`` — updates delivered again after they were handled, and
  dropped (``bot.storage.handled``);
* ``shmo_webhook_rejected_total{reason}`` — webhook requests refused (``secret``,
  ``malformed``);
* ``shmo_instance_info{instance_id,mode}`` — always 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "CONTENT_TYPE",
    "count_deliveries",
    "render",
    "set_instance",
    "set_outbox",
    "set_reminders",
    "telegram_rate_limited",
    "update_finished",
    "update_redelivered",
    "update_started",
    "webhook_rejected",
]

CONTENT_TYPE = CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)

_UPDATE_SECONDS = Histogram(
    "shmo_update_handling_seconds",
    "Time to handle one update, by update type.",
    ["type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
_IN_FLIGHT = Gauge("shmo_updates_in_flight", "Updates being handled now.", registry=REGISTRY)
_RATE_LIMITED = Counter(
    "shmo_telegram_429",
    "Answers 429 Too Many Requests from Telegram, whatever the call.",
    registry=REGISTRY,
)
_REDELIVERED = Counter(
    "shmo_updates_redelivered",
    "Updates delivered again after they were handled, and dropped.",
    registry=REGISTRY,
)
_WEBHOOK_REJECTED = Counter(
    "shmo_webhook_rejected",
    "Webhook requests refused: a wrong or missing secret, or a body that is not an update.",
    ["reason"],
    registry=REGISTRY,
)
_OUTBOX = Gauge(
    "shmo_outbox_messages",
    "Outbox rows waiting to be sent (pending) or being sent (sending).",
    ["status"],
    registry=REGISTRY,
)
_OUTBOX_OLDEST = Gauge(
    "shmo_outbox_oldest_due_seconds",
    "How long the oldest outbox row that is due has waited (0: none).",
    registry=REGISTRY,
)
_REMINDER_OVERDUE = Gauge(
    "shmo_reminder_overdue_seconds",
    "How late the oldest reminder that is due and not fired is (0: none).",
    registry=REGISTRY,
)
_REMINDER_LATENESS = Gauge(
    "shmo_reminder_lateness_seconds",
    "How late the last fired reminder fired, after its due time.",
    registry=REGISTRY,
)
_INSTANCE = Gauge(
    "shmo_instance_info",
    "This instance: its name and how it takes updates (polling or webhook).",
    ["instance_id", "mode"],
    registry=REGISTRY,
)

# The sender's counters (names of its statistics) and the series they become.
_DELIVERY_SERIES = (
    ("sent", "shmo_messages_sent", "Outbox messages this instance delivered."),
    ("failed", "shmo_messages_failed", "Outbox messages given up on (rejected or retried out)."),
    ("unreachable", "shmo_messages_unreachable", "Outbox messages to a blocked or removed chat."),
    ("transient", "shmo_messages_retried", "Sends that failed for a while and were retried."),
)


class _Deliveries(Collector):
    """Counters read, when scraped, from the delivery layer's own statistics."""

    def __init__(self) -> None:
        self.source: Callable[[], Mapping[str, int]] | None = None

    def collect(self) -> Iterable[Metric]:
        stats = self.source() if self.source is not None else {}
        for key, name, documentation in _DELIVERY_SERIES:
            yield CounterMetricFamily(name, documentation, value=stats.get(key, 0))


_DELIVERIES = _Deliveries()
REGISTRY.register(_DELIVERIES)


def update_started() -> None:
    _IN_FLIGHT.inc()


def update_finished(kind: str, seconds: float) -> None:
    _IN_FLIGHT.dec()
    _UPDATE_SECONDS.labels(kind).observe(seconds)


def telegram_rate_limited() -> None:
    _RATE_LIMITED.inc()


def update_redelivered() -> None:
    _REDELIVERED.inc()


def webhook_rejected(reason: str) -> None:
    _WEBHOOK_REJECTED.labels(reason).inc()


def count_deliveries(source: Callable[[], Mapping[str, int]]) -> None:
    """Read the delivery counters from ``source`` (the sender's statistics by name)."""
    _DELIVERIES.source = source


def set_outbox(depth: Mapping[str, int], oldest_due_seconds: float) -> None:
    for status in ("pending", "sending"):
        _OUTBOX.labels(status).set(depth.get(status, 0))
    _OUTBOX_OLDEST.set(max(0.0, oldest_due_seconds))


def set_reminders(overdue_seconds: float, last_lateness_seconds: float | None) -> None:
    _REMINDER_OVERDUE.set(max(0.0, overdue_seconds))
    if last_lateness_seconds is not None:
        _REMINDER_LATENESS.set(max(0.0, last_lateness_seconds))


def set_instance(instance_id: str, mode: str) -> None:
    _INSTANCE.clear()
    _INSTANCE.labels(instance_id, mode).set(1)


def render() -> bytes:
    """The registry in Prometheus' text format."""
    return generate_latest(REGISTRY)
