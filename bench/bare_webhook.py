"""A bare aiogram bot in webhook mode, for bench/cluster.py to compare with: no database, no
dialog state, no middlewares of ours — one handler that answers /start with one message, as
the bot answers a registered person's /start. Started as the bot's instances are (the same
environment variables), so the same balancer, double and clock measure both.

Run: ``python -m bench.bare_webhook`` with BOT_TOKEN, TELEGRAM_API_BASE, WEBHOOK_URL,
WEBHOOK_SECRET, WEBHOOK_HOST, WEBHOOK_PORT set.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

# The same line the bot logs when it listens (tests/instances.py waits for it).
TAKING = "taking updates as webhooks at %s"


async def on_start(message: Message) -> None:
    await message.answer("Welcome back")


async def serve() -> None:
    env = os.environ
    api = TelegramAPIServer.from_base(env["TELEGRAM_API_BASE"])
    bot = Bot(env["BOT_TOKEN"], session=AiohttpSession(api=api))
    dispatcher = Dispatcher()
    dispatcher.message.register(on_start, CommandStart())
    url, secret = env["WEBHOOK_URL"], env["WEBHOOK_SECRET"]
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(
        app, path=urlsplit(url).path or "/"
    )
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, env["WEBHOOK_HOST"], int(env["WEBHOOK_PORT"])).start()
    await bot.set_webhook(url, secret_token=secret)
    logging.getLogger(__name__).info(TAKING, url)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await stopping.wait()
    await runner.cleanup()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(serve())


if __name__ == "__main__":
    main()
