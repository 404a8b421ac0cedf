"""Surveys benchmark (the results half): the diagnostics answered by 30,000 people of a
municipality of 300 organisations, on SQLite (a file in a temporary folder, seeded with bulk
inserts: the people of ``bench.deadlines``, the survey's deadline for everyone, every unit
handed in, 30,000 responses with seeded random answers, and a previous wave as large).

Run from the project root: ``python -m bench.surveys`` (``make bench``). Measured, each as the
median of several runs, time and added memory:

a. the results for the methodologist: ``SurveyResults.results`` (every response read and
   counted), every chart (``SurveyResults.charts``: a PNG per question and the areas chart)
   and the XLSX (``SurveyResults.xlsx``: a summary, the diagnostics, a sheet per question and
   30,000 response rows);
b. (extra) the CSV of the 30,000 responses;
c. (extra) this wave against the previous one: ``SurveyResults.comparison`` and its chart.

Target for a.: within 10 s and 300 MB of added memory. Memory is measured in a separate run
of each step (tracemalloc slows Python down): the tracemalloc peak and the growth of the
process's peak RSS, as in ``bench.deadlines``. Each step also shows the CPU time of its runs
(the process's, SQLite's thread included), which a machine busy with other work changes
less than the wall clock. Nothing here fails on a slow machine: each figure is printed with
PASS or FALLS SHORT.

``--compare PATH`` runs step a. of another checkout of the project (``main``, say) in turns
with this one: a process of the other tree's own code seeds its own database (its schema may
be older) and times its step a. between this code's runs; both medians and their ratio are
printed, so the two meet the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from bench.deadlines import (
    ORGANISATIONS,
    PEOPLE,
    TZ,
    Clock,
    Figures,
    Place,
    machine,
    measured_memory,
    methodologist,
    seed,
)
from bot.i18n import Translator
from bot.services.audience import Audience
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.surveys.answers import counted
from bot.services.surveys.results import SurveyResults
from bot.services.surveys.spec import builtin_templates
from bot.storage.engine import create_engine, session_factory
from bot.storage.models import (
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    UnitStatus,
)
from bot.storage.unit import unit_of_work

RESPONSES = PEOPLE
TIME_TARGET = 10.0
MEMORY_TARGET_MB = 300.0
AREAS = ("subject", "methodology", "psychology", "literacy", "soft", "ict")
FORMS = ("courses", "seminar", "master_class", "mentoring", "consultation", "self_study")


def answers(rng: random.Random, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for area in AREAS:
        out[f"{area}_difficulty"] = rng.randint(1, 5)
        out[f"{area}_strength"] = rng.randint(1, 5)
    chosen = sorted(rng.sample(FORMS, rng.randint(1, 3)))
    other = None
    if rng.random() < 0.1:
        chosen.append("other")
        other = f"Стажировка на базе школы № {n % 300 + 1}"
    out["support_forms"] = {"chosen": chosen, "other": other}
    if rng.random() < 0.3:
        out["main_difficulty"] = f"Не хватает времени на подготовку к урокам ({n})"
    return out


async def prepare(url: str, start: datetime) -> tuple[int, int]:
    """Two waves of the diagnostics for everyone, every unit handed in; (this, previous)."""
    clock = Clock(start)
    engine = create_engine(url)
    sessions = session_factory(engine)
    translator = Translator(default_locale="ru")
    template = builtin_templates()["diagnostics"][0]
    actor = await methodologist(sessions)
    rng = random.Random(13)
    ids = []
    for wave in (1, 2):
        async with unit_of_work(sessions) as repo:
            deadline = await DeadlineService(repo, clock, translator, TZ).create(
                actor,
                DeadlineDraft(
                    title=f"{template.title} ({wave})",
                    kind=Deliverable.SURVEY,
                    unit=DeadlineUnit.PERSON,
                    due_at=start + timedelta(days=14),
                    audience=Audience(),
                ),
                announce=False,
                reminders_from=start,
            )
            survey = Survey(
                template_key=template.key,
                title=template.title,
                spec=template.to_dict(),
                anonymous=False,
                unit=DeadlineUnit.PERSON,
                audience=Audience().to_json(),
                opens_at=start,
                closes_at=start + timedelta(days=14),
                wave=wave,
                deadline_id=deadline.id,
                status=SurveyStatus.OPEN,
                announced_at=start,
                author_id=actor.id,
                created_at=start,
                updated_at=start,
            )
            repo.session.add(survey)
            await repo.session.flush()
            ids.append(survey.id)
            await repo.session.execute(
                update(DeadlineAssignee)
                .where(DeadlineAssignee.deadline_id == deadline.id)
                .values(status=UnitStatus.SUBMITTED, submitted_at=start, versions=1)
            )
        rows = [
            {
                "id": uuid.UUID(int=rng.getrandbits(128)).hex,
                "survey_id": ids[-1],
                "member_id": n + 1,
                "organisation_id": n % ORGANISATIONS + 1,
                "answers": answers(rng, n),
                "submitted_at": start,
            }
            for n in range(RESPONSES)
        ]
        async with engine.begin() as conn:
            for at in range(0, len(rows), 5000):
                batch = rows[at : at + 5000]
                await conn.execute(insert(SurveyResponse), batch)
                await conn.execute(
                    insert(SurveyAnswer),
                    [
                        {
                            "response_id": row["id"],
                            "question_id": one.question_id,
                            "choice": one.choice,
                            "survey_id": row["survey_id"],
                            "organisation_id": row["organisation_id"],
                            "number": one.number,
                            "text": one.text,
                        }
                        for row in batch
                        for one in counted(template, row["answers"])
                    ],
                )
    await engine.dispose()
    return ids[1], ids[0]


@dataclass
class Measured(Figures):
    """The figures of one step, with the CPU time of each timed run (the process's, all its
    threads: SQLite's work too) — what a busy machine changes less than the wall clock."""

    cpu: list[float] = field(default_factory=list)
    compared: list[float] = field(default_factory=list)  # the compared code's wall clock
    compared_cpu: list[float] = field(default_factory=list)


async def timed_cpu(step: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """(wall clock, CPU time) of one run of the step."""
    wall, cpu = time.perf_counter(), time.process_time()
    await step()
    return time.perf_counter() - wall, time.process_time() - cpu


class Bench:
    def __init__(self, url: str, survey_id: int, start: datetime, runs: int) -> None:
        self.url = url
        self.survey_id = survey_id
        self.clock = Clock(start)
        self.runs = runs
        self.translator = Translator(default_locale="ru")
        self.i18n = self.translator.bind("ru")
        self.sizes: dict[str, int] = {}

    async def measure(
        self, step: Callable[[Any, Any], Awaitable[None]], compared: Compared | None = None
    ) -> Measured:
        """``runs`` timed runs (taking turns with the compared code's, if given), then one
        run for the memory."""
        engine = create_engine(self.url)
        sessions = session_factory(engine)
        actor = await methodologist(sessions)

        async def once() -> None:
            async with unit_of_work(sessions) as repo:
                service = SurveyResults(repo, self.clock, self.translator, TZ)
                await step(service, actor)

        out = Measured([])
        try:
            for _ in range(self.runs):
                if compared is not None:
                    wall, cpu = await compared.once()
                    out.compared.append(wall)
                    out.compared_cpu.append(cpu)
                wall, cpu = await timed_cpu(once)
                out.seconds.append(wall)
                out.cpu.append(cpu)
            out.tracemalloc_mb, out.rss_peak_mb = await measured_memory(once)
        finally:
            await engine.dispose()
        return out

    async def results(self, service: SurveyResults, actor: Any) -> None:
        res = await service.results(actor, self.survey_id, self.i18n)
        charts = service.charts(res, self.i18n)
        book = await service.xlsx(res, self.i18n)
        self.sizes["charts"] = len(charts)
        self.sizes["chart bytes"] = sum(len(png) for _, png in charts)
        self.sizes["xlsx bytes"] = len(book)
        self.sizes["responses"] = res.responded

    async def csv(self, service: SurveyResults, actor: Any) -> None:
        res = await service.results(actor, self.survey_id, self.i18n)
        self.sizes["csv bytes"] = len(await service.csv(res, self.i18n))

    async def waves(self, service: SurveyResults, actor: Any) -> None:
        cmp = await service.comparison(actor, self.survey_id, self.i18n)
        service.comparison_chart(cmp, self.i18n)


def line(name: str, figures: Measured, *, target: bool = True) -> str:
    ok = figures.median <= TIME_TARGET and not figures.memory_mb > MEMORY_TARGET_MB
    verdict = ("PASS" if ok else "FALLS SHORT") if target else ""
    runs = ", ".join(f"{s:.2f}" for s in figures.seconds)
    return (
        f"{name:36} median {figures.median:6.2f} s  (runs {runs})"
        f"  CPU {statistics.median(figures.cpu):5.2f} s"
        f"  tracemalloc peak {figures.tracemalloc_mb:6.1f} MB"
        f"  peak RSS +{figures.rss_peak_mb:6.1f} MB  {verdict}"
    )


# The compared code's side: a process of its own in the other tree, seeding its own database
# (its schema may differ) and running step a. of *its* bench whenever asked, so that the two
# take turns on the same machine. Only names both trees have are used.
WORKER = """
import asyncio, json, shutil, sys, tempfile, time
from datetime import UTC, date, datetime, time as clock_time
from pathlib import Path
from bench.deadlines import TZ, measured_memory, methodologist, seed
from bench import surveys
from bot.services.surveys.results import SurveyResults
from bot.storage.engine import create_engine, session_factory
from bot.storage.unit import unit_of_work

async def main():
    folder = Path(tempfile.mkdtemp(prefix="shmo-surveys-compared-"))
    try:
        url = f"sqlite+aiosqlite:///{folder / 'base.db'}"
        start = datetime.combine(date(2026, 11, 23), clock_time(9, 0), tzinfo=TZ).astimezone(UTC)
        await seed(url, start)
        survey_id, _ = await surveys.prepare(url, start)
        bench = surveys.Bench(url, survey_id, start, 1)
        engine = create_engine(url)
        sessions = session_factory(engine)
        actor = await methodologist(sessions)

        async def once():
            async with unit_of_work(sessions) as repo:
                service = SurveyResults(repo, bench.clock, bench.translator, TZ)
                await bench.results(service, actor)

        print(json.dumps("ready"), flush=True)
        for command in sys.stdin:
            if command.strip() == "time":
                wall, cpu = time.perf_counter(), time.process_time()
                await once()
                answer = [time.perf_counter() - wall, time.process_time() - cpu]
            elif command.strip() == "memory":
                answer = list(await measured_memory(once))
            else:
                break
            print(json.dumps(answer), flush=True)
        await engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

asyncio.run(main())
"""


class Compared:
    """Step a. of another checkout of the project (``--compare PATH``), run by its own code."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, tree: Path) -> Compared:
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
        env.update(PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            WORKER,
            cwd=tree,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        compared = cls(process)
        assert await compared._answer() == "ready"
        return compared

    async def _answer(self) -> Any:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError("the compared code stopped (see its output above)")
        return json.loads(line)

    async def _ask(self, command: str) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(command.encode() + b"\n")
        await self.process.stdin.drain()
        return await self._answer()

    async def once(self) -> tuple[float, float]:
        wall, cpu = await self._ask("time")
        return float(wall), float(cpu)

    async def memory(self) -> tuple[float, float]:
        peak, rss = await self._ask("memory")
        return float(peak), float(rss)

    async def close(self) -> None:
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.write(b"quit\n")
            self.process.stdin.close()
            await self.process.wait()


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


async def main_async(runs: int, compare: Path | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="shmo-surveys-"))
    compared = None
    try:
        place = Place(folder)
        url = place.url("base.db")
        print(f"machine: {machine()}; {load()}")
        start = datetime.combine(date(2026, 11, 23), clock_time(9, 0), tzinfo=TZ).astimezone(UTC)
        started = time.perf_counter()
        await seed(url, start)
        survey_id, _ = await prepare(url, start)
        print(
            f"seeded {ORGANISATIONS} organisations, {PEOPLE} people, two waves of "
            f"{RESPONSES} responses each in {time.perf_counter() - started:.1f} s"
        )
        if compare is not None:
            started = time.perf_counter()
            compared = await Compared.start(compare)
            seconds = time.perf_counter() - started
            print(f"the compared code ({compare}) seeded its own database in {seconds:.1f} s")
        bench = Bench(url, survey_id, start, runs)
        a = await bench.measure(bench.results, compared)
        print(line("a. results: all charts and the XLSX", a))
        print(
            f"   {bench.sizes['responses']} responses, {bench.sizes['charts']} charts "
            f"({bench.sizes['chart bytes'] // 1024} KiB), XLSX "
            f"{bench.sizes['xlsx bytes'] // 1024} KiB"
        )
        if compared is not None:
            before = Measured(a.compared, *await compared.memory(), cpu=a.compared_cpu)
            print(line("a. the same, compared code", before))
            print(
                f"   compared code / this code: time {before.median / a.median:.2f}, "
                f"CPU {statistics.median(before.cpu) / statistics.median(a.cpu):.2f} "
                "(medians of runs taking turns)"
            )
            await compared.close()
            compared = None
        b = await bench.measure(bench.csv)
        print(line("b. results and the CSV (extra)", b, target=False))
        print(f"   CSV {bench.sizes['csv bytes'] // 1024} KiB")
        c = await bench.measure(bench.waves)
        print(line("c. two waves compared (extra)", c, target=False))
        print(load())
    finally:
        if compared is not None:
            await compared.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--compare",
        type=Path,
        help="another checkout of the project (e.g. main): its step a. runs in turns with this "
        "one's, by its own code on its own database, and the ratio is printed",
    )
    args = parser.parse_args()
    asyncio.run(main_async(args.runs, args.compare))


if __name__ == "__main__":
    main()
