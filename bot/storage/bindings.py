"""Queries of the bindings capability."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class BindingRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
