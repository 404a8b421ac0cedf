"""Telegram's text entities, as the double parses them (``bot.demo.entities``)."""

from bot.demo.entities import *  # noqa: F403
from bot.demo.entities import (
    EntityParseError,
    LinkError,
    check_link,
    finalize_text,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    parse_text,
    sort_entities,
    utf16_len,
)

__all__ = [
    "EntityParseError",
    "LinkError",
    "check_link",
    "finalize_text",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "parse_text",
    "sort_entities",
    "utf16_len",
]
