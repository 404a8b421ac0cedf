"""Queries of the registry capability."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class RegistryRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
