"""Charts as PNG images: matplotlib without a display (the Agg backend), fonts with Cyrillic.

DejaVu Sans ships with matplotlib itself, so Russian labels render on any server without
system fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

# No display on a server: render with Agg (a bare Figure, never pyplot and its global state).
matplotlib.use("Agg")

FONT = "DejaVu Sans"
WIDTH_INCHES = 8.0
BAR_INCHES = 0.45
MIN_HEIGHT_INCHES = 2.5
DPI = 100
LABEL_LIMIT = 40


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def bar_chart(title: str, counts: Sequence[tuple[str, int]]) -> bytes:
    """A horizontal bar chart of labelled counts, the first pair on top; returns PNG bytes.

    Each bar carries its count at its end; long labels are shortened with an ellipsis.
    """
    labels = [_short(label) for label, _ in counts]
    values = [value for _, value in counts]
    height = max(MIN_HEIGHT_INCHES, 1.2 + BAR_INCHES * len(counts))
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    axes = figure.add_subplot()
    positions = list(range(len(counts)))
    bars = axes.barh(positions, values, color="#4C72B0")
    axes.set_yticks(positions, labels, fontfamily=FONT)
    axes.invert_yaxis()
    axes.bar_label(bars, padding=3, fontfamily=FONT)
    axes.set_title(title, fontfamily=FONT)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
