"""QR codes of invitation links, to print for the teachers' room."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, scale: int = 10) -> bytes:
    """A PNG of ``url``'s QR code, large enough to print on A5."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
