"""The one error router: a domain error becomes its text, anything else an apology and a log."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.i18n import BoundTranslator, Translator
from bot.services.errors import DomainError

logger = logging.getLogger(__name__)

ALERT_LIMIT = 200  # characters Telegram allows in a callback answer


async def on_domain_error(
    event: ErrorEvent, translator: Translator, i18n: BoundTranslator | None = None
) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    i18n = i18n or translator.bind(translator.default_locale)
    await _tell(event, i18n(error.key, **error.params))


async def on_unexpected(
    event: ErrorEvent, translator: Translator, i18n: BoundTranslator | None = None
) -> None:
    logger.error(
        "update %s failed: %r",
        event.update.update_id,
        event.exception,
        exc_info=event.exception,
    )
    i18n = i18n or translator.bind(translator.default_locale)
    await _tell(event, i18n("error-unexpected"))


async def _tell(event: ErrorEvent, text: str) -> None:
    """Answer where the person is: a message in its chat, a callback with an alert."""
    update = event.update
    try:
        if update.callback_query is not None:
            try:
                alert = text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"
                await update.callback_query.answer(alert, show_alert=True)
            except TelegramBadRequest:
                # The handler had answered the button already: say it in the chat instead.
                chat = update.callback_query.message.chat if update.callback_query.message else None
                target = chat.id if chat else update.callback_query.from_user.id
                await update.callback_query.bot.send_message(target, text)  # type: ignore[union-attr]
        elif update.message is not None:
            await update.message.answer(text)
    except TelegramAPIError:
        logger.warning("could not tell update %s about its error", update.update_id, exc_info=True)


def create_router() -> Router:
    router = Router(name="errors")
    router.error.register(on_domain_error, ExceptionTypeFilter(DomainError))
    router.error.register(on_unexpected)
    return router
