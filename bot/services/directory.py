"""The directory capability."""

from __future__ import annotations

from bot.clock import Clock
from bot.storage.repositories import Repo


class DirectoryService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock
