"""The archive of minutes: local copies of attachments under the data folder, and one ZIP of
a year's protocols and attachments laid out by organisation and association.

Attachments are always kept by the messenger's reference. With ``MINUTES_LOCAL_COPIES``
each is also stored under ``DATA_DIR/minutes/`` by its SHA-256 (the same file twice is
stored once), and the checksum is kept with it, so the municipality keeps its archive when
the bot moves to another messenger account or server. Reading files from the messenger is
the adapter's business: the core is given a :data:`FileFetcher`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# Reads a file the messenger keeps, by its reference: the bytes (an error when it cannot).
FileFetcher = Callable[[str], Awaitable[bytes]]
FOLDER = "minutes"


@dataclass(frozen=True, slots=True)
class Copy:
    """A local copy: its path under the archive folder and its SHA-256."""

    path: str
    sha256: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep(root: Path, data: bytes, name: str) -> Copy:
    """Store ``data`` under ``root/minutes/`` by its checksum (with the extension of
    ``name``); nothing is written when the same file is there already."""
    sha = digest(data)
    suffix = Path(name).suffix.lower()[:10] if "." in name else ""
    relative = Path(FOLDER) / sha[:2] / f"{sha}{suffix}"
    target = root / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)
    return Copy(relative.as_posix(), sha)


def read_copy(root: Path, path: str, sha256: str | None) -> bytes | None:
    """A local copy's bytes, or None when it is missing or does not match its checksum."""
    target = root / path
    try:
        data = target.read_bytes()
    except OSError:
        return None
    if sha256 is not None and digest(data) != sha256:
        logger.warning("local copy %s does not match its checksum", path)
        return None
    return data


async def fetch_copies(
    root: Path, files: list[tuple[str, str]], fetch: FileFetcher
) -> dict[str, Copy]:
    """Local copies of files (reference, name) read through ``fetch``; a file that cannot be
    read is left to its reference (logged)."""
    out: dict[str, Copy] = {}
    for ref, name in files:
        if ref in out:
            continue
        try:
            data = await fetch(ref)
        except Exception:  # the messenger's error, whatever it is: the reference stays
            logger.warning("could not keep a local copy of %s", name, exc_info=True)
            continue
        out[ref] = keep(root, data, name)
    return out


class ZipWriter:
    """A ZIP built in memory, each name once (a second «x.pdf» becomes «x (2).pdf»)."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.archive = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()
        self.size = 0

    def add(self, path: str, data: bytes) -> str:
        name = path
        stem, dot, ext = path.rpartition(".")
        n = 2
        while name.casefold() in self.names:
            name = f"{stem} ({n}).{ext}" if dot else f"{path} ({n})"
            n += 1
        self.names.add(name.casefold())
        self.archive.writestr(name, data)
        self.size += len(data)
        return name

    def close(self) -> bytes:
        self.archive.close()
        return self.buffer.getvalue()
