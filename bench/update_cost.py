"""What one update of each cohort of the updates benchmark costs, counted rather than timed.

``python -m bench.update_cost [--people N] [--pg-url URL]`` seeds the world of
``bench.updates`` (SQLite by default, or a database of its own on the PostgreSQL server of
``--pg-url``), drives the real Dispatcher in this process against the Bot API double, one
update at a time, and prints per update of each cohort (``/start`` with the invitation,
«Согласен», «Приду»): the SQL statements, the transactions begun and committed, the Bot API
calls, and the Python function calls (``cProfile``). The first third of the people warm the bot
up and are not counted. Counts do not depend on how busy the machine is, so they compare two
versions of the code where timings on a shared machine cannot; the function calls include the
double's, which answers in this process (the same for both versions).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench import updates as bench
from bot.factory import create_runtime, settle_memory
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import FakeClock, Harness


async def measure(
    people_count: int, pg_url: str | None, pstats_path: Path | None = None
) -> dict[str, dict[str, float]]:
    people = bench.make_people(people_count)
    backend = "postgresql" if pg_url else "sqlite"
    place = Path(tempfile.mkdtemp(prefix="shmo-cost-"))
    counted: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    async with bench.database(backend, pg_url or "", place) as url:
        world = await bench.seed(url, people)
        async with BotAPIDouble() as double:
            for person in people:
                double.add_user(person.uid, f"U{person.uid}", started=person.cohort != "start")
            await bench.put_earlier_messages(double, people, world)
            clock = FakeClock()
            clock.set(datetime.now(UTC))
            settings = make_settings(double, url, admin_ids=(bench.ADMIN_UID,))
            runtime = create_runtime(settings, clock=clock)
            settle_memory()  # as the bot's process does once it has started
            h = Harness(runtime, double, clock)
            tally = {"statements": 0, "begins": 0, "commits": 0}

            def on_statement(*_: Any) -> None:
                tally["statements"] += 1

            def on_begin(*_: Any) -> None:
                tally["begins"] += 1

            def on_commit(*_: Any) -> None:
                tally["commits"] += 1

            overall = cProfile.Profile() if pstats_path else None
            sync = runtime.engine.sync_engine
            event.listen(sync, "before_cursor_execute", on_statement)
            event.listen(sync, "begin", on_begin)
            event.listen(sync, "commit", on_commit)
            try:
                for person in people:
                    if person.cohort == "consent":
                        await h.feed(
                            double.message_update(person.uid, f"/start {world.invite_code}")
                        )
                for i, person in enumerate(people):
                    if person.cohort == "start":
                        update = double.message_update(person.uid, f"/start {world.invite_code}")
                    else:
                        message = double.messages(person.uid)[-1]
                        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
                        update = double.callback_update(person.uid, message, data)
                    for key in tally:
                        tally[key] = 0
                    requests = len(double.requests)
                    counts = i >= people_count // 3
                    profile = overall if overall is not None and counts else cProfile.Profile()
                    profile.enable()
                    await h.feed(update)
                    profile.disable()
                    if not counts:
                        continue
                    mine = counted[person.cohort]
                    for key, value in tally.items():
                        mine[key].append(value)
                    mine["Bot API calls"].append(len(double.requests) - requests)
                    if overall is None:
                        calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
                        mine["Python calls"].append(calls)
            finally:
                await runtime.aclose()
            if overall is not None and pstats_path is not None:
                overall.dump_stats(pstats_path)
    return {
        cohort: {key: statistics.median(values) for key, values in figures.items()}
        for cohort, figures in counted.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=90, help="people, in three cohorts")
    parser.add_argument("--pg-url", help="a PostgreSQL server (127.0.0.1); default SQLite")
    parser.add_argument(
        "--pstats",
        type=Path,
        metavar="FILE",
        help="write one cProfile of every counted update into FILE (python -m pstats FILE); "
        "the Python calls are then not counted per update",
    )
    args = parser.parse_args()
    result = asyncio.run(measure(args.people, args.pg_url, args.pstats))
    keys = ["statements", "begins", "commits", "Bot API calls"]
    if args.pstats is None:
        keys.append("Python calls")
    print("| update (median) | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for cohort in bench.COHORTS:
        if cohort in result:
            cells = " | ".join(f"{result[cohort][k]:.0f}" for k in keys)
            print(f"| {cohort} | {cells} |")


if __name__ == "__main__":
    main()
