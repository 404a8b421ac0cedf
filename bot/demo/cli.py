"""``shmo-bot demo``: the story in the terminal, or (``--web``) the chat page in a browser."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.demo import story
from bot.demo.client import DemoError, World
from bot.demo.runner import BotFailed, running_bot
from bot.i18n import Translator

DEFAULT_PORT = 8080


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="ru or en")
    parser.add_argument(
        "--output", type=Path, default=Path("demo-output"), help="where the bot's files go"
    )
    parser.add_argument("--web", action="store_true", help="the chat page instead of the story")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="the chat page's port")


async def tell(lang: str, output: Path, out: TextIO) -> int:
    """Play the whole story; 0 when it went through."""
    translator = Translator(default_locale=lang)
    say = translator.bind(lang)
    started = asyncio.get_running_loop().time()
    print(say("demo-title"), file=out, flush=True)
    start = story.story_start(datetime.now(UTC))
    try:
        async with running_bot(start=start, speed=story.SPEED, locale=lang) as running:
            world = World(running.double, translator, lang, out, output, running.log)
            try:
                await story.play(world, running.clock)
            except (DemoError, TimeoutError) as exc:
                print(say("demo-failed", reason=str(exc)), file=sys.stderr)
                tail = running.log_tail()
                if tail:
                    print(tail, file=sys.stderr)
                return 1
    except BotFailed as exc:
        print(say("demo-bot-failed", log=str(exc)), file=sys.stderr)
        return 1
    seconds = asyncio.get_running_loop().time() - started
    print("", file=out)
    print(say("demo-files", count=len(world.files), folder=str(output)), file=out)
    for path in world.files:
        print(f"  {path}", file=out)
    print(say("demo-done", seconds=f"{seconds:.0f}"), file=out, flush=True)
    return 0


async def serve(lang: str, output: Path, port: int, out: TextIO) -> int:
    """Run the first scenes, then keep the bot and the chat page up until interrupted."""
    from bot.demo.web import ChatPage

    translator = Translator(default_locale=lang)
    say = translator.bind(lang)
    page = ChatPage(lang)
    start = story.story_start(datetime.now(UTC))
    try:
        async with running_bot(
            start=start, speed=1.0, locale=lang, port=port, setup=page.setup
        ) as running:
            world = World(running.double, translator, lang, out, output, running.log)
            page.world = world
            try:
                cast = await story.prologue(world)
            except (DemoError, TimeoutError) as exc:
                print(say("demo-failed", reason=str(exc)), file=sys.stderr)
                return 1
            page.cast(cast)
            print("", file=out)
            print(say("demo-web-open", url=running.double.base_url), file=out, flush=True)
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.Event().wait()
    except BotFailed as exc:
        print(say("demo-bot-failed", log=str(exc)), file=sys.stderr)
        return 1
    except OSError as exc:
        print(say("demo-port-busy", port=port, reason=str(exc)), file=sys.stderr)
        return 1
    return 0


def main(args: argparse.Namespace) -> int:
    if args.web:
        return asyncio.run(serve(args.lang, args.output, args.port, sys.stdout))
    return asyncio.run(tell(args.lang, args.output, sys.stdout))
