"""Charts as PNG images: matplotlib without a display (the Agg backend), fonts with Cyrillic.

DejaVu Sans ships with matplotlib itself, so Russian labels render on any server without
system fonts.
"""

from __future__ import annotations

import io
import textwrap
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


WRAP = 28  # characters of a label line on a phone-sized chart
WRAP_LINES = 3
TITLE_WRAP = 60


def _wrapped(label: str) -> str:
    lines = textwrap.wrap(label, WRAP) or [""]
    if len(lines) > WRAP_LINES:
        lines = [*lines[: WRAP_LINES - 1], _short(" ".join(lines[WRAP_LINES - 1 :]))[:WRAP] + "…"]
    return "\n".join(lines)


def bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], Sequence[str]]],
    *,
    limit: float | None = None,
) -> bytes:
    """Horizontal bars for a phone: one group per label (first on top), one bar per series
    (``name``, values, the text written at each bar's end — e.g. a count, or «< 3» with a
    value of 0 for a hidden one). Long labels are wrapped; ``limit`` fixes the axis end."""
    count = max(1, len(labels))
    per = max(1, len(series))
    lines = max([_wrapped(label).count("\n") + 1 for label in labels] or [1])
    height = max(MIN_HEIGHT_INCHES, 1.8 + count * max(BAR_INCHES * per, 0.22 * lines + 0.15))
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    axes = figure.add_subplot()
    width = 0.8 / per
    colours = ("#4C72B0", "#DD8452", "#55A868", "#C44E52")
    top = 0.0
    for n, (name, values, shown) in enumerate(series):
        positions = [i - 0.4 + width * (n + 0.5) for i in range(len(labels))]
        drawn = axes.barh(
            positions, list(values), height=width * 0.9, color=colours[n % 4], label=name or None
        )
        axes.bar_label(drawn, labels=list(shown), padding=3, fontfamily=FONT, fontsize=9)
        top = max([top, *values])
    axes.set_yticks(range(len(labels)), [_wrapped(label) for label in labels], fontfamily=FONT)
    axes.invert_yaxis()
    heading = textwrap.wrap(title, TITLE_WRAP) or [""]
    if len(heading) > WRAP_LINES:
        heading = [*heading[: WRAP_LINES - 1], heading[WRAP_LINES - 1][: TITLE_WRAP - 1] + "…"]
    axes.set_title("\n".join(heading), fontfamily=FONT, fontsize=11)
    axes.set_xlim(0, (limit if limit is not None else max(top, 1)) * 1.2)
    if limit is None:
        axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if any(name for name, _, _ in series):
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=len(series),
            frameon=False,
            prop={"family": FONT, "size": 9},
        )
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
