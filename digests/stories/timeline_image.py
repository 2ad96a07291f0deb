"""The timeline as a picture: dated events on a vertical date axis, sized for a phone screen.

Pure: marks in, PNG bytes out. Matplotlib is used through its object API with the Agg canvas, so
nothing touches pyplot's global figure state or the process's rcParams, and it runs in threads.

Layout: the date axis runs down the left; each event is a dot at its true date (a bar across the
period for a month or a year), joined by a leader line to a label box on the right. Boxes are
placed as near their dates as they can be without overlapping, so events days apart stay legible.
"""

from __future__ import annotations

import textwrap
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO

from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from digests.analysis.models import DatePrecision, PartialDate

__all__ = ["TimelineMark", "render_timeline_png"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ACCENT = "#1f5fa8"
_MUTED = "#5b6470"
_INK = "#1b1f24"

# Sizes in pixels of the output; fonts are given in points at _DPI (1 pt = _DPI / 72 px).
_DPI = 100
_LABEL_PT = 25
_DATE_PT = 25
_OUTLET_PT = 21
_TITLE_PT = 30
_AXIS_PT = 19
_LINE_PX = 1.35 * _LABEL_PT * _DPI / 72
_BOX_GAP_PX = 34
_MARGIN_TOP_PX = 40
_MARGIN_BOTTOM_PX = 60
_TITLE_PX = 90
_MAX_LABEL_LINES = 4


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """One event on the picture: when, what (a short label) and which outlets reported it."""

    date: PartialDate
    label: str
    outlets: tuple[str, ...] = field(default=())


def _period_end(when: PartialDate) -> date:
    """The last day the partial date may mean (the day itself for a full date)."""
    start = when.start
    if when.precision is DatePrecision.MONTH:
        return date(start.year, start.month, monthrange(start.year, start.month)[1])
    if when.precision is DatePrecision.YEAR:
        return date(start.year, 12, 31)
    return start


def _date_text(when: PartialDate) -> str:
    start = when.start
    if when.precision is DatePrecision.YEAR:
        return f"{start.year} (approx.)"
    if when.precision is DatePrecision.MONTH:
        return f"{_MONTHS[start.month - 1]} {start.year} (approx.)"
    return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"


def _tick_format(span_days: int) -> str:
    if span_days <= 120:
        return "%d %b"
    if span_days <= 3 * 366:
        return "%b %Y"
    return "%Y"


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or ["—"]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = textwrap.shorten(lines[-1] + " …", width=width, placeholder=" …")
        if not lines[-1].endswith("…"):
            lines[-1] = lines[-1].rstrip(" .,;:") + " …"
    return lines


@dataclass(frozen=True, slots=True)
class _Box:
    mark: PartialDate
    lines: tuple[str, ...]
    outlets: str | None

    @property
    def height_px(self) -> float:
        rows = 1 + len(self.lines) + (1 if self.outlets else 0)
        return rows * _LINE_PX + 16


def _layout(centres: list[float], heights: list[float], top: float, bottom: float) -> list[float]:
    """Box tops (pixels down from the plot top) as close to ``centres`` as no-overlap allows."""
    tops = [c - h / 2 for c, h in zip(centres, heights, strict=True)]
    # Push down past the previous box, then pull up from the bottom edge if that overflowed.
    floor = top
    for i, height in enumerate(heights):
        tops[i] = max(tops[i], floor)
        floor = tops[i] + height + _BOX_GAP_PX
    ceiling = bottom
    for i in range(len(heights) - 1, -1, -1):
        tops[i] = min(tops[i], ceiling - heights[i])
        ceiling = tops[i] - _BOX_GAP_PX
    return tops


def render_timeline_png(
    marks: Sequence[TimelineMark],
    *,
    title: str | None = None,
    width_px: int = 1080,
) -> bytes:
    """A PNG ``width_px`` wide of ``marks`` in date order, readable when a phone scales it down."""
    if not marks:
        raise ValueError("a timeline picture needs at least one event")
    ordered = sorted(marks, key=lambda m: (m.date.start, _period_end(m.date)))
    label_chars = max(16, round(width_px * 0.62 / (0.55 * _LABEL_PT * _DPI / 72)))
    boxes = [
        _Box(
            mark=m.date,
            lines=tuple(_wrap(m.label, label_chars, _MAX_LABEL_LINES)),
            outlets=", ".join(dict.fromkeys(o.strip() for o in m.outlets if o.strip())) or None,
        )
        for m in ordered
    ]
    heights = [b.height_px for b in boxes]

    first = ordered[0].date.start
    last = max(_period_end(m.date) for m in ordered)
    span_days = max((last - first).days, 1)
    pad = timedelta(days=max(1, round(span_days * 0.06)))
    axis_start, axis_end = first - pad, last + pad + timedelta(days=1)

    plot_px = max(sum(heights) + _BOX_GAP_PX * len(heights), 0.6 * width_px)
    top_px = _MARGIN_TOP_PX + (_TITLE_PX if title else 0)
    height_px = round(top_px + plot_px + _MARGIN_BOTTOM_PX)

    figure = Figure(figsize=(width_px / _DPI, height_px / _DPI), dpi=_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    left = 0.2
    axes = figure.add_axes(
        (left, _MARGIN_BOTTOM_PX / height_px, 1 - left - 0.03, plot_px / height_px),
        facecolor="white",
    )
    y0, y1 = mdates.date2num(axis_start), mdates.date2num(axis_end)
    axes.set_ylim(y1, y0)  # earliest at the top, read downwards like the text timeline
    axes.set_xlim(0, 1)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_linewidth(3)
    axes.spines["left"].set_color(_MUTED)
    axes.set_xticks([])
    locator = mdates.AutoDateLocator(minticks=2, maxticks=max(4, round(plot_px / 160)))
    axes.yaxis.set_major_locator(locator)
    axes.yaxis.set_major_formatter(mdates.DateFormatter(_tick_format(span_days)))
    axes.tick_params(axis="y", labelsize=_AXIS_PT, colors=_MUTED, length=8, width=2)
    axes.grid(axis="y", color="#e3e7ec", linewidth=1)

    def to_px(day: date) -> float:
        return (mdates.date2num(day) - y0) / (y1 - y0) * plot_px

    # Every mark sits where its period begins: a day on its own tick of the date axis, a month
    # or a year where its span starts, so marks keep the order of the boxes.
    centres = [to_px(b.mark.start) for b in boxes]
    tops = _layout(centres, heights, 0.0, plot_px)
    text_x = 0.1
    for box, centre, box_top in zip(boxes, centres, tops, strict=True):
        mark_y = y0 + centre / plot_px * (y1 - y0)
        if box.mark.precision is DatePrecision.DAY:
            axes.plot([0], [mark_y], "o", color=_ACCENT, markersize=16, clip_on=False, zorder=5)
        else:
            # An approximate date is a span over its whole month or year, not a point.
            span = (mdates.date2num(box.mark.start), mdates.date2num(_period_end(box.mark)) + 1)
            axes.plot([0, 0], span, color=_ACCENT, linewidth=14, alpha=0.45, clip_on=False)
            axes.plot(
                [0],
                [mark_y],
                "o",
                color="white",
                markeredgecolor=_ACCENT,
                markeredgewidth=4,
                markersize=14,
                clip_on=False,
                zorder=5,
            )
        box_y = y0 + (box_top + _LINE_PX * 0.55 + 8) / plot_px * (y1 - y0)
        axes.annotate(
            "",
            xy=(0.012, mark_y),
            xytext=(text_x - 0.015, box_y),
            arrowprops={"arrowstyle": "-", "color": _ACCENT, "linewidth": 2},
            annotation_clip=False,
        )
        line_y = box_top + 8
        rows: list[tuple[str, float, str, str, str]] = [
            (_date_text(box.mark), _DATE_PT, _ACCENT, "bold", "normal")
        ]
        rows += [(line, _LABEL_PT, _INK, "normal", "normal") for line in box.lines]
        if box.outlets:
            rows.append((box.outlets, _OUTLET_PT, _MUTED, "normal", "italic"))
        for text, size, colour, weight, style in rows:
            axes.text(
                text_x,
                y0 + (line_y + _LINE_PX / 2) / plot_px * (y1 - y0),
                text,
                fontsize=size,
                color=colour,
                fontweight=weight,
                fontstyle=style,
                va="center",
                ha="left",
                clip_on=False,
                parse_math=False,
            )
            line_y += _LINE_PX
    if title:
        figure.text(
            0.03,
            1 - (_MARGIN_TOP_PX + _TITLE_PX / 2) / height_px,
            textwrap.shorten(" ".join(title.split()), width=48, placeholder=" …"),
            fontsize=_TITLE_PT,
            fontweight="bold",
            color=_INK,
            va="center",
            ha="left",
            parse_math=False,
        )
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()
