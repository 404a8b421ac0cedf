"""The Bot API double lives in the package (``bot.demo.double``); kept here for the tests."""

from bot.demo.double import *  # noqa: F403
from bot.demo.double import (
    DEFAULT_TOKEN,
    SECRET_HEADER,
    ApiError,
    BotAPIDouble,
    Request,
    WebhookDelivery,
)

__all__ = [
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "ApiError",
    "BotAPIDouble",
    "Request",
    "WebhookDelivery",
]
