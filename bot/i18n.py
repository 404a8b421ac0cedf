"""Texts: Fluent files under ``bot/locales/<locale>/``, one per capability (package data).

The translator knows nothing of the messenger; the middleware in
``bot.middlewares.i18n`` picks the locale for an update.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from fluent.runtime import FluentBundle, FluentResource

from bot.config import SUPPORTED_LOCALES

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
# Formatted texts kept per translator: a busy bot formats the same few texts with the same
# arguments over and over (a survey's «Вопрос 3 из 10», its buttons, its hints).
FORMATTED_KEPT = 4096


class Gettext(Protocol):
    """A translator bound to one locale: ``i18n("key", name=value)``."""

    locale: str

    def __call__(self, key: str, /, **kwargs: Any) -> str: ...


class Translator:
    """Loads every locale once and formats messages by key."""

    def __init__(
        self,
        default_locale: str = "ru",
        locales_dir: Path = LOCALES_DIR,
        locales: Iterable[str] = SUPPORTED_LOCALES,
    ) -> None:
        self.default_locale = default_locale
        self.locales: tuple[str, ...] = tuple(locales)
        self._bundles: dict[str, FluentBundle] = {}
        for locale in self.locales:
            bundle = FluentBundle([locale], use_isolating=False)
            files = sorted((locales_dir / locale).glob("*.ftl"))
            if not files:
                raise FileNotFoundError(f"no .ftl files for locale {locale!r} in {locales_dir}")
            for path in files:
                bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self._bundles[locale] = bundle
        self._formatted: dict[Hashable, str] = {}

    def resolve_locale(self, *candidates: str | None) -> str:
        """The first supported candidate (``en-US`` counts as ``en``), else the default."""
        for candidate in candidates:
            if not candidate:
                continue
            short = candidate.lower().replace("_", "-").split("-")[0]
            if short in self._bundles:
                return short
        return self.default_locale

    def has(self, key: str, locale: str | None = None) -> bool:
        return self._bundles[locale or self.default_locale].has_message(key)

    def __call__(self, key: str, /, locale: str | None = None, **kwargs: Any) -> str:
        """The text of ``key`` in ``locale`` with ``kwargs``. Formatting is a pure function of
        the three, so a text formatted without errors is kept (up to ``FORMATTED_KEPT``, then
        they are forgotten all at once) and given again. An argument's type is part of what is
        kept (``True``, ``1`` and ``1.0`` are equal but read differently); arguments that
        cannot be a dictionary key (a list) are formatted each time."""
        try:
            kept: Hashable | None = (key, locale, *((k, type(v), v) for k, v in kwargs.items()))
            text = self._formatted.get(kept)
        except TypeError:
            kept, text = None, None
        if text is not None:
            return text
        text, ok = self._format(key, locale, kwargs)
        if ok and kept is not None:
            if len(self._formatted) >= FORMATTED_KEPT:
                self._formatted.clear()
            self._formatted[kept] = text
        return text

    def _format(self, key: str, locale: str | None, kwargs: dict[str, Any]) -> tuple[str, bool]:
        bundle = self._bundles.get(locale or self.default_locale)
        if bundle is None:
            bundle = self._bundles[self.default_locale]
        if not bundle.has_message(key):
            logger.error("missing text %r in locale %r", key, locale)
            return key, False
        args = {k: _fluent_arg(v) for k, v in kwargs.items()}
        text, errors = bundle.format_pattern(bundle.get_message(key).value, args)
        for error in errors:
            logger.error("text %r in locale %r: %s", key, locale, error)
        return text, not errors

    def bind(self, locale: str) -> BoundTranslator:
        return BoundTranslator(self, self.resolve_locale(locale))


class BoundTranslator:
    """A :class:`Translator` fixed to one locale; what handlers receive as ``i18n``."""

    __slots__ = ("locale", "translator")

    def __init__(self, translator: Translator, locale: str) -> None:
        self.translator = translator
        self.locale = locale

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        return self.translator(key, locale=self.locale, **kwargs)


def _fluent_arg(value: Any) -> Any:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    return value


def enum_key(prefix: str, value: Enum) -> str:
    """The text key that names an enum member, e.g. ``role-methodologist``."""
    return f"{prefix}-{value.value}"
