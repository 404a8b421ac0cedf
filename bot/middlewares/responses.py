"""Bot API answers are parsed without building their model again.

aiogram parses every answer with ``Response[method.__returning__]``, a generic pydantic model.
pydantic caches such a parametrized class only weakly: once nothing else holds it, the garbage
collector takes it, and the next answer of that kind builds the class (its schema and validator)
anew, which costs several milliseconds. ``Response[bool]`` (answers to callback queries) and
``Response[Message | bool]`` (edits) were rebuilt every few updates. This request middleware
holds each answer model the bot has used, so pydantic's cache keeps it.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType


class KeepResponseModels(BaseRequestMiddleware):
    """Holds ``Response[...]`` of every Bot API method called, so its model is built once."""

    def __init__(self) -> None:
        self.models: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        kind = type(method)
        if kind not in self.models:
            self.models[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
