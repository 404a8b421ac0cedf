"""Imported roadmaps and their rows."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Roadmap, RoadmapItem


class RoadmapRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, roadmap: Roadmap) -> Roadmap:
        self.session.add(roadmap)
        await self.session.flush()
        return roadmap

    async def add_items(self, items: Sequence[RoadmapItem]) -> None:
        self.session.add_all(items)
        await self.session.flush()

    async def existing_keys(self, plan_year: int, keys: Collection[str]) -> set[str]:
        """Those of ``keys`` already imported for the plan year."""
        found: set[str] = set()
        chunk = list(keys)
        for start in range(0, len(chunk), 500):
            rows = await self.session.scalars(
                select(RoadmapItem.row_key).where(
                    RoadmapItem.plan_year == plan_year,
                    RoadmapItem.row_key.in_(chunk[start : start + 500]),
                )
            )
            found.update(rows)
        return found

    async def years(self) -> list[int]:
        """The plan years that have imported rows, newest first."""
        rows = await self.session.scalars(
            select(RoadmapItem.plan_year).distinct().order_by(RoadmapItem.plan_year.desc())
        )
        return [int(year) for year in rows]

    async def items(self, plan_year: int) -> list[RoadmapItem]:
        """The plan year's rows, in the order they were imported."""
        rows = await self.session.scalars(
            select(RoadmapItem)
            .where(RoadmapItem.plan_year == plan_year)
            .order_by(RoadmapItem.roadmap_id, RoadmapItem.position)
        )
        return list(rows)
