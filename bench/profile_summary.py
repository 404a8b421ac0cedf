"""Sums up a py-spy profile of the bot (``python -m bench.updates --profile DIR``).

``python -m bench.profile_summary FILE [--per N]`` reads py-spy's collapsed stacks
(``--format raw``, one line per distinct stack: ``frame;frame;... samples``) and prints, for the
event loop's thread (SQLAlchemy's greenlets included, since they run on it):

* **where the time is spent**: each sample goes to the library of its innermost frame that is
  not the standard library's glue (``contextlib``, ``typing``…), so the categories
  add up to the busy total;
* **what it is spent for**: each sample counts for every stage (a frame pattern) on its stack,
  so a stage includes what it calls and stages overlap;
* our own functions (``bot/``) by inclusive samples.

Samples become milliseconds with the sampling rate (``--rate``, 200 as the benchmark samples)
and, with ``--per N``, are divided by N (the people of the burst). Other threads (the SQLite
drivers' threads, the thread pool) are left out: they mostly wait, and py-spy cannot always
tell waiting from working in them.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

# (category, pattern of the file path), first match wins; checked from the innermost frame out
LIBRARIES = (
    ("SQLAlchemy", r"/sqlalchemy/|/greenlet/"),
    ("database driver", r"/aiosqlite/|/asyncpg/|/sqlite3/"),
    ("aiogram dispatch, filters, FSM context", r"/aiogram/(dispatcher|filters|fsm|handlers)/"),
    ("aiogram Bot API client", r"/aiogram/client/|/aiogram/methods/base"),
    ("pydantic models (aiogram types)", r"/pydantic|/aiogram/(types|methods)/"),
    ("aiohttp, yarl, multidict", r"/aiohttp/|/yarl/|/multidict/"),
    ("Fluent", r"/fluent|/babel/"),
    ("JSON", r"/json/"),
    ("logging", r"/logging/"),
    ("APScheduler", r"/apscheduler/"),
    ("event loop (asyncio, selectors, sockets)", r"/asyncio/|/selectors\.py|/socket\.py"),
    ("our code", r"/bot/"),
    ("other libraries", r"/site-packages/"),
)
GLUE = re.compile(r"/(contextlib|typing|abc|functools|enum|dataclasses|weakref)\.py")
STAGES = (
    ("update dispatch (Dispatcher.feed_update)", r"^Dispatcher\.feed_update$"),
    ("  our update middlewares", r"^(DatabaseMiddleware|MemberMiddleware|I18nMiddleware|InFlight)"),
    ("  dialog state (DatabaseStorage)", r"^DatabaseStorage\."),
    ("  handlers", r"/bot/handlers/"),
    ("  services", r"/bot/services/"),
    ("  repositories", r"/bot/storage/(?!engine|unit)"),
    ("Bot API calls (Bot.__call__)", r"^Bot\.__call__$"),
    ("  commit before telling", r"^CommitBeforeTelling\.__call__$"),
    ("  aiohttp request and answer", r"^AiohttpSession\.make_request$"),
    ("polling (getUpdates, update parsing)", r"^Dispatcher\.(_listen_updates|_polling)$"),
    ("scheduled work and delivery", r"/bot/(scheduler|delivery)/|/apscheduler/"),
    ("commits (Session.commit)", r"^(AsyncSession|Session)\.commit$"),
    ("SQL statements (Session.execute/get/scalar)", r"^Session\.(execute|get|scalar|scalars)$"),
    ("flushes (Session.flush)", r"^Session\.flush$"),
    ("statement compilation", r"^(Compiled\.__init__|SQLCompiler\.__init__|.*\._compile_w_cache)"),
    ("Fluent formatting", r"/fluent"),
    ("logging", r"/logging/"),
    ("JSON", r"/json/"),
    ("pydantic validation/serialisation", r"/pydantic"),
)
IDLE = re.compile(r"^(EpollSelector|KqueueSelector|SelectSelector|PollSelector)\.select$")


def parse(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    stacks = []
    for raw in path.read_text(errors="replace").splitlines():
        stack, _, count = raw.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for part in stack.split(";"):
            match = FRAME.match(part)
            frames.append((match["func"], match["file"]) if match else (part, ""))
        stacks.append((frames, int(count)))
    return stacks


def main_thread(frames: list[tuple[str, str]]) -> bool:
    """The event loop's thread: the main module's stack or a greenlet run on it."""
    return not frames or not frames[0][0].startswith("Thread._bootstrap")


def library(frames: list[tuple[str, str]]) -> str:
    for _func, file in reversed(frames):
        if GLUE.search(file) or not file:
            continue
        for name, pattern in LIBRARIES:
            if re.search(pattern, file):
                return name
        if "site-packages" not in file and "/bot/" not in file:
            return "standard library: " + Path(file).stem
        return "other"
    return "event loop (asyncio)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="+", help="py-spy collapsed stacks")
    parser.add_argument("--rate", type=int, default=200, help="py-spy's samples per second")
    parser.add_argument("--per", type=int, default=1, help="divide by this (people in a burst)")
    parser.add_argument("--top", type=int, default=25, help="our functions to list")
    args = parser.parse_args()
    stacks = [s for f in args.file for s in parse(f)]
    scale = 1000 / args.rate / args.per / len(args.file)
    busy = idle = 0
    libraries: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    for frames, count in stacks:
        if not main_thread(frames):
            continue
        if frames and IDLE.match(frames[-1][0]):
            idle += count
            continue
        busy += count
        libraries[library(frames)] += count
        for name, pattern in STAGES:
            if any(re.search(pattern, func) or re.search(pattern, file) for func, file in frames):
                stages[name] += count
        seen = set()
        for func, file in frames:
            if "/bot/" in file and "site-packages" not in file:
                key = f"{func} ({file.rpartition('/bot/')[2]})"
                if key not in seen:
                    seen.add(key)
                    ours[key] += count
    unit = "ms per person" if args.per > 1 else "ms"
    print(f"event loop thread: busy {busy * scale:.1f} {unit}, idle {idle * scale:.1f} {unit}\n")
    print(f"| where the time is spent (innermost library) | {unit} | share |\n|---|---|---|")
    for name, count in libraries.most_common():
        print(f"| {name} | {count * scale:.2f} | {count / busy:.0%} |")
    print(f"\n| stage (inclusive, overlapping) | {unit} | share |\n|---|---|---|")
    for name, _ in STAGES:
        print(f"| {name} | {stages[name] * scale:.2f} | {stages[name] / busy:.0%} |")
    print(f"\n| our function (inclusive) | {unit} |\n|---|---|")
    for name, count in ours.most_common(args.top):
        print(f"| {name} | {count * scale:.2f} |")


if __name__ == "__main__":
    main()
