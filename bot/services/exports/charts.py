"""Charts as PNG images: matplotlib without a display (the Agg backend), fonts with Cyrillic.

DejaVu Sans ships with matplotlib itself, so Russian labels render on any server without
system fonts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

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
TITLE_SIZE = 11
TITLE_GAP = 8  # points between the title and the bars
VALUE_SIZE = 9  # the values at the bars' ends and the legend
LABEL_PADDING = 3  # points between a bar's end and its value
PAD_PIXELS = 8  # free border around the chart
COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52")


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
    """One chart of :meth:`Painter.bars` (for several, keep one painter)."""
    return Painter().bars(title, labels, series, limit=limit)


class Painter:
    """Horizontal bar charts for a phone, drawn one after another on one figure and canvas
    (set up once, cleared between charts).

    Only what is read is drawn: the category labels, the bars, the value written at each
    bar's end, the title and, for several series, the legend — no value axis (the values
    are on the bars). The margins come from measuring those texts, not from
    ``tight_layout`` (which lays out every artist of the figure once more): the labels on
    the left, the title above and the legend below get exactly their room, and the value
    axis is made long enough for the longest value written past its bar.
    """

    def __init__(self) -> None:
        self.figure = Figure(figsize=(WIDTH_INCHES, MIN_HEIGHT_INCHES), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)

    def bars(
        self,
        title: str,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float], Sequence[str]]],
        *,
        limit: float | None = None,
    ) -> bytes:
        """A PNG: one group per label (first on top), one bar per series (``name``, values,
        the text written at each bar's end — e.g. a count, or «< 3» with a value of 0 for a
        hidden one). Long labels are wrapped; ``limit`` fixes the axis end."""
        self.draw(title, labels, series, limit=limit)
        out = io.BytesIO()
        self.figure.savefig(out, format="png")
        return out.getvalue()

    def draw(
        self,
        title: str,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float], Sequence[str]]],
        *,
        limit: float | None = None,
    ) -> Figure:
        """The chart of :meth:`bars` on the painter's figure, not yet rendered."""
        figure = self.figure
        figure.clear()
        wrapped = [_wrapped(label) for label in labels]
        count = max(1, len(labels))
        per = max(1, len(series))
        lines = max([w.count("\n") + 1 for w in wrapped] or [1])
        height = max(MIN_HEIGHT_INCHES, 1.8 + count * max(BAR_INCHES * per, 0.22 * lines + 0.15))
        figure.set_size_inches(WIDTH_INCHES, height)
        axes = figure.add_subplot()
        width = 0.8 / per
        drawn = []
        top = 0.0
        for n, (name, values, shown) in enumerate(series):
            positions = [i - 0.4 + width * (n + 0.5) for i in range(len(labels))]
            bars = axes.barh(
                positions,
                list(values),
                height=width * 0.9,
                color=COLOURS[n % 4],
                label=name or None,
            )
            drawn.append((bars, list(values), list(shown)))
            top = max([top, *values])
        axes.set_yticks(range(len(labels)), wrapped, fontfamily=FONT)
        axes.invert_yaxis()
        axes.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        heading = textwrap.wrap(title, TITLE_WRAP) or [""]
        if len(heading) > WRAP_LINES:
            heading = [*heading[: WRAP_LINES - 1], heading[WRAP_LINES - 1][: TITLE_WRAP - 1] + "…"]
        # Over the whole width (not the axes, which the labels push to the right).
        caption = figure.suptitle(
            "\n".join(heading),
            y=1 - PAD_PIXELS / (height * DPI),
            va="top",
            fontfamily=FONT,
            fontsize=TITLE_SIZE,
        )
        legend = None
        if any(name for name, _, _ in series):
            legend = figure.legend(
                loc="lower center",
                bbox_to_anchor=(0.5, PAD_PIXELS / (height * DPI)),
                ncol=len(series),
                frameon=False,
                prop={"family": FONT, "size": VALUE_SIZE},
            )
        renderer = self.canvas.get_renderer()
        # Room on the left for the longest label, above for the title, below for the legend.
        pixels_w, pixels_h = WIDTH_INCHES * DPI, height * DPI
        tick = _points(
            matplotlib.rcParams["ytick.major.size"] + matplotlib.rcParams["ytick.major.pad"]
        )
        left = (
            PAD_PIXELS
            + tick
            + max([t.get_window_extent(renderer).width for t in axes.get_yticklabels()] or [0.0])
        )
        above = PAD_PIXELS + caption.get_window_extent(renderer).height + _points(TITLE_GAP)
        below = PAD_PIXELS
        if legend is not None:
            below += legend.get_window_extent(renderer).height + PAD_PIXELS
        right = PAD_PIXELS
        figure.subplots_adjust(
            left=left / pixels_w,
            right=1 - right / pixels_w,
            top=1 - above / pixels_h,
            bottom=below / pixels_h,
        )
        # The value axis: long enough that each bar's text fits past the bar's end.
        span = pixels_w - left - right
        end = (limit if limit is not None else max(top, 1)) * 1.2
        gap = _points(LABEL_PADDING)
        for bars, values, shown in drawn:
            for value, text in zip(values, shown, strict=False):
                room = span - gap - _text_width(renderer, text, VALUE_SIZE) - PAD_PIXELS
                if value > 0 and room > 0:
                    end = max(end, value * span / room)
            axes.bar_label(
                bars, labels=shown, padding=LABEL_PADDING, fontfamily=FONT, fontsize=VALUE_SIZE
            )
        axes.set_xlim(0, end)
        return figure


def _points(points: float) -> float:
    """Typographic points in pixels."""
    return points * DPI / 72


_FONTS: dict[float, FontProperties] = {}


def _text_width(renderer: RendererBase, text: str, size: float) -> float:
    font = _FONTS.get(size)
    if font is None:
        font = _FONTS[size] = FontProperties(family=FONT, size=size)
    width, _, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
    return float(width)
