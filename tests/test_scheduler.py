"""The scheduler's poll: the reminder job's own loop, which never runs twice at once, never
skips a run (a long run is followed at once) and goes on after a run that failed."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC

from bot.scheduler import Scheduler


async def test_a_poll_never_overlaps_follows_a_long_run_at_once_and_survives_a_failure() -> None:
    scheduler = Scheduler(UTC)
    running = 0
    most = 0
    spans: list[tuple[float, float]] = []
    loop = asyncio.get_running_loop()
    done = asyncio.Event()

    async def job() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        started = loop.time()
        try:
            if len(spans) == 1:
                raise RuntimeError("a run that fails")
            await asyncio.sleep(0.05 if not spans else 0)
        finally:
            running -= 1
            spans.append((started, loop.time()))
            if len(spans) >= 4:
                done.set()

    scheduler.poll("poll", job, seconds=0.01)
    scheduler.start()
    try:
        await asyncio.wait_for(done.wait(), timeout=10)
    finally:
        scheduler.shutdown()
    assert len(spans) >= 4, "the poll went on after the failing run"
    assert most == 1, "two runs at once"
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end, "a run began before the one before it ended"
    # the long first run (longer than the period) was followed without waiting a period more
    assert spans[1][0] - spans[0][1] < 0.01 + 0.5
