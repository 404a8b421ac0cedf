"""Domain errors: each names the text that explains it to the person."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain said no. ``key`` is the locale text; ``params`` fill it in."""

    key: str = "error-domain"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        if key is not None:
            self.key = key
        self.params = params
        super().__init__(self.key)


class NotAllowed(DomainError):
    key = "error-not-allowed"


class NotFound(DomainError):
    key = "error-not-found"
