"""Update middlewares: unit of work, current member, locale."""

from bot.middlewares.context import DatabaseMiddleware, I18nMiddleware, MemberMiddleware

__all__ = ["DatabaseMiddleware", "I18nMiddleware", "MemberMiddleware"]
