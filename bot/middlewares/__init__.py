"""Update middlewares: unit of work, current member, locale."""

from bot.middlewares.context import (
    CommandStartsFresh,
    DatabaseMiddleware,
    I18nMiddleware,
    MemberMiddleware,
)

__all__ = ["CommandStartsFresh", "DatabaseMiddleware", "I18nMiddleware", "MemberMiddleware"]
