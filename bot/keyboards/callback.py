"""The base of every button's callback data: a forged or outdated value never reaches a handler.

Telegram hands back whatever string a client sends as callback data, so a button is input. Every
integer field must be written as plain ASCII digits and fit a signed 64-bit column: ids and
pages are never negative, and a 25-digit "id" would otherwise reach the database and fail there.
A value that breaks this makes :meth:`Callback.unpack` raise ``ValueError``; aiogram's callback
filter then does not match, and the catch-all answers that the button no longer works.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

from aiogram.filters.callback_data import CallbackData

INT64_MAX = 2**63 - 1
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
_UNSIGNED = re.compile(r"[0-9]{1,19}")
_SIGNED = re.compile(r"-?[0-9]{1,19}")


class Callback(CallbackData, prefix="-"):
    """Use instead of ``CallbackData``; ``prefix`` here is never packed (subclasses set their own).

    ``signed`` names the integer fields that may be negative (none do today).
    """

    signed: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def unpack(cls, value: str) -> Self:
        if len(value.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError("callback data longer than Telegram allows")
        try:
            data = super().unpack(value)
        except TypeError as exc:  # a wrong number of parts
            raise ValueError(str(exc)) from exc
        parts = value.split(cls.__separator__)[1:]
        for (name, field), raw in zip(cls.model_fields.items(), parts, strict=True):
            if field.annotation is not int:
                continue
            _check_int(name, raw, getattr(data, name), signed=name in cls.signed)
        return data


def _check_int(name: str, raw: str, parsed: Any, *, signed: bool) -> None:
    pattern = _SIGNED if signed else _UNSIGNED
    if pattern.fullmatch(raw) is None:
        raise ValueError(f"{name}: not a number")
    low = -INT64_MAX - 1 if signed else 0
    if not isinstance(parsed, int) or not low <= parsed <= INT64_MAX:
        raise ValueError(f"{name}: out of range")
