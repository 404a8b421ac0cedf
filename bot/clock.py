"""The injected clock: services and jobs ask it for the time, tests move it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FastClock:
    """For the demo only: shows ``start`` at the real moment ``origin`` (Unix seconds) and then
    runs ``speed`` times faster than real time. Two processes given the same three values
    agree on the time, so the demo knows what the bot's clock shows."""

    def __init__(
        self,
        start: datetime,
        origin: float,
        speed: float,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("the start must be timezone-aware")
        self.start = start.astimezone(UTC)
        self.origin = origin
        self.speed = speed
        self._wall = wall

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(self._wall() - self.origin) * self.speed)

    def spec(self) -> str:
        """The value of the ``DEMO_CLOCK`` setting that makes the same clock."""
        return f"{self.start.isoformat()}|{self.origin!r}|{self.speed!r}"

    @classmethod
    def parse(cls, spec: str) -> FastClock:
        """``"<ISO start with offset>|<origin, Unix seconds>|<speed>"``; ValueError otherwise."""
        parts = spec.strip().split("|")
        if len(parts) != 3:
            raise ValueError("expected START|ORIGIN|SPEED")
        start = datetime.fromisoformat(parts[0].strip())
        origin, speed = float(parts[1]), float(parts[2])
        if start.tzinfo is None or not 1 <= speed <= 10_000 or origin <= 0:
            raise ValueError("a timezone-aware start, a positive origin, a speed of 1…10000")
        return cls(start, origin, speed)
