"""Queries of the directory capability."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class DirectoryRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
