"""The timeline as a picture: one card per dated event, beside its mark on a date rail.

Pure: marks in, PNG bytes out. Matplotlib is used through its object API with the Agg canvas, so
nothing touches pyplot's global figure state or the process's rcParams, and it runs in threads.

Layout, for a phone: the events run down the picture in date order, each a row: its mark on the
rail at the left, a short level connector, its card (date, outlets, the event's words) at the
right. Rows never overlap, so connectors never cross and each card sits beside its own mark;
the time between rows is not to scale, but the year (or month) is written in the gutter where it
changes. Text is wrapped to the card's measured width at sizes that stay legible when a phone
shows the picture at a third of its width; the height is bounded (about twice the width for 15
events) by giving each card fewer lines when there are many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch

from digests.analysis.lexicon.calendar import MONTH_PREFIXES, SEASONS
from digests.analysis.models import DatePrecision, PartialDate
from digests.stories.timeline import period_end

__all__ = [
    "CardBox",
    "CardStyle",
    "TimelineLayout",
    "TimelineMark",
    "layout_timeline",
    "render_timeline_png",
]

_MONTHS = tuple(prefix.title() for prefix in MONTH_PREFIXES)
# A season's label by its first month ("autumn", written after "fall", names September's).
_SEASONS = {month: name for name, (_, month) in SEASONS.items()}
_ACCENT = "#1f5fa8"
_MUTED = "#5b6470"
_INK = "#1b1f24"
_RAIL = "#c9d1db"
_CARD = "#f3f6f9"

_DPI = 100
# Sizes in pixels at the default width of 1080; scaled with the width.
_TEXT_PX = 38
_DATE_PX = 34
_GUTTER_PX = 32
_TITLE_PX = 46
_LINE_GAP = 1.28
_PAD = 40
_GUTTER_W = 150
_RAIL_X = 175
_CARD_X = 215
_CARD_PAD = 16
_ROW_GAP = 18
_MARK_R = 11
_MAX_LINES = 4
# The picture is at most this many widths tall (for 15 events and more): cards get fewer lines.
_MAX_HEIGHT_WIDTHS = 2.0


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """One event on the picture: when, what (a short label) and which outlets reported it."""

    date: PartialDate
    label: str
    outlets: tuple[str, ...] = field(default=())


def _date_text(when: PartialDate) -> str:
    start, precision = when.start, when.precision
    month = _MONTHS[start.month - 1]
    if precision is DatePrecision.DAY:
        return f"{start.day} {month} {start.year}"
    if precision is DatePrecision.MONTH:
        return f"{month} {start.year}"
    if precision is DatePrecision.WEEK:
        return f"week of {start.day} {month} {start.year}"
    if precision is DatePrecision.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision is DatePrecision.HALF:
        return f"H{(start.month - 1) // 6 + 1} {start.year}"
    if precision is DatePrecision.SEASON:
        return f"{_SEASONS.get(start.month, 'season')} {start.year}"
    if precision is DatePrecision.DECADE:
        return f"{start.year // 10 * 10}s"
    return str(start.year)


def _gutter_text(when: PartialDate, previous: PartialDate | None, spread_days: int) -> str | None:
    """The year (or, within one year, the month) where it changes from the row above."""
    start = when.start
    if spread_days > 400:
        return str(start.year) if previous is None or previous.start.year != start.year else None
    if previous is not None and previous.start.year != start.year:
        return str(start.year)  # the new year, within a span of months
    if previous is not None and previous.start.month == start.month:
        return None
    return _MONTHS[start.month - 1]


class _Measure:
    """Text widths in pixels, from the figure's own renderer."""

    def __init__(self, renderer: RendererAgg) -> None:
        self._renderer = renderer

    def width(self, text: str, size_px: float, *, bold: bool = False) -> float:
        prop = FontProperties(size=size_px * 72 / _DPI, weight="bold" if bold else "normal")
        width, _, _ = self._renderer.get_text_width_height_descent(text, prop, ismath=False)
        return float(width)

    def wrap(
        self,
        text: str,
        size_px: float,
        width: float,
        max_lines: int,
        *,
        indent: float = 0.0,
        bold: bool = False,
    ) -> list[str]:
        """Lines of ``text`` no wider than ``width`` (the first ``indent`` narrower); the last
        one cut with an ellipsis when the text is longer."""
        words = text.split()
        if not words:
            return ["—"]

        def room(index: int) -> float:
            return width - (indent if index == 0 else 0.0)

        lines: list[str] = []
        current = words[0]
        for word in words[1:]:
            trial = f"{current} {word}"
            if self.width(trial, size_px, bold=bold) <= room(len(lines)):
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
        lines = [self.fit(line, size_px, room(i), bold=bold) for i, line in enumerate(lines)]
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            last = max_lines - 1
            lines[last] = self.fit(lines[last], size_px, room(last), ellipsis=True, bold=bold)
        return lines

    def fit(
        self,
        line: str,
        size_px: float,
        width: float,
        *,
        ellipsis: bool = False,
        bold: bool = False,
    ) -> str:
        """``line`` as it fits ``width``: cut, and ended with an ellipsis when cut or asked."""
        if not ellipsis and self.width(line, size_px, bold=bold) <= width:
            return line
        text = line
        while text and self.width(text.rstrip(" .,;:") + " …", size_px, bold=bold) > width:
            # Whole words go first; a single long word is cut.
            text = text.rsplit(" ", 1)[0] if " " in text else text[:-1]
        return text.rstrip(" .,;:") + " …"


@dataclass(frozen=True, slots=True)
class CardStyle:
    """Sizes in pixels for one picture: roomy (a date line over the words) or dense."""

    text: float
    date: float
    pad: float
    gap: float
    dense: bool

    def fixed(self) -> float:
        """A card's height besides its lines of words."""
        return 2 * self.pad + self.gap + (0 if self.dense else self.date * _LINE_GAP)


@dataclass(frozen=True, slots=True)
class CardBox:
    """One event's card and mark, in pixels from the picture's top left."""

    mark: TimelineMark
    x: float
    y: float
    width: float
    height: float
    # Where the mark sits on the rail, and so the connector's level.
    mark_y: float
    date: str
    outlets: str
    lines: tuple[str, ...]
    gutter: str | None


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """Where everything of the picture goes: what ``render_timeline_png`` draws."""

    width: int
    height: int
    title_lines: tuple[str, ...]
    rail_x: float
    cards: tuple[CardBox, ...]
    style: CardStyle
    scale: float


def _style_for(count: int, scale: float, room: float) -> tuple[CardStyle, int]:
    """The roomiest style whose cards keep two lines of words within ``room`` pixels."""
    roomy = CardStyle(
        _TEXT_PX * scale, _DATE_PX * scale, _CARD_PAD * scale, _ROW_GAP * scale, False
    )
    dense = CardStyle(34 * scale, 34 * scale, 12 * scale, 12 * scale, True)
    for style in (roomy, dense):
        lines = int((room / count - style.fixed()) / (style.text * _LINE_GAP))
        if lines >= 2 or style is dense:
            return style, max(1, min(_MAX_LINES, lines))
    raise AssertionError("unreachable")


def layout_timeline(
    marks: Sequence[TimelineMark], *, title: str | None = None, width_px: int = 1080
) -> TimelineLayout:
    """The picture's layout: cards in date order down the picture, each beside its mark."""
    if not marks:
        raise ValueError("a timeline picture needs at least one event")
    scale = width_px / 1080
    title_px, pad = _TITLE_PX * scale, _PAD * scale
    card_x = _CARD_X * scale
    card_w = width_px - card_x - pad
    ordered = sorted(marks, key=lambda m: (m.date.start, period_end(m.date)))
    spread = (period_end(ordered[-1].date) - ordered[0].date.start).days
    measure = _Measure(FigureCanvasAgg(Figure(dpi=_DPI)).get_renderer())

    title_lines = measure.wrap(title, title_px, width_px - 2 * pad, 2, bold=True) if title else []
    top = pad + len(title_lines) * title_px * _LINE_GAP + (pad / 2 if title_lines else 0)
    bound = width_px * min(_MAX_HEIGHT_WIDTHS, 0.6 + 0.14 * len(ordered))
    style, max_lines = _style_for(len(ordered), scale, bound - top - pad)
    inner_w = card_w - 2 * style.pad
    first_line = (style.text if style.dense else style.date) * _LINE_GAP
    cards: list[CardBox] = []
    y = top
    previous: PartialDate | None = None
    for mark in ordered:
        date_text = _date_text(mark.date)
        outlets = ", ".join(dict.fromkeys(o.strip() for o in mark.outlets if o.strip()))
        if style.dense:
            # The date opens the first line; outlets are left to the text messages.
            indent = measure.width(date_text + "  ", style.date, bold=True)
            lines = measure.wrap(mark.label, style.text, inner_w, max_lines, indent=indent)
            outlets = ""
        else:
            if outlets:
                spare = inner_w - measure.width(date_text + "  ·  ", style.date, bold=True)
                outlets = measure.fit(outlets, style.date * 0.85, max(spare, inner_w * 0.25))
            lines = measure.wrap(mark.label, style.text, inner_w, max_lines)
        height = style.fixed() - style.gap + len(lines) * style.text * _LINE_GAP
        cards.append(
            CardBox(
                mark=mark,
                x=card_x,
                y=y,
                width=card_w,
                height=height,
                mark_y=y + style.pad + first_line / 2,
                date=date_text,
                outlets=outlets,
                lines=tuple(lines),
                gutter=_gutter_text(mark.date, previous, spread),
            )
        )
        previous = mark.date
        y += height + style.gap
    return TimelineLayout(
        width=width_px,
        height=round(y - style.gap + pad),
        title_lines=tuple(title_lines),
        rail_x=_RAIL_X * scale,
        cards=tuple(cards),
        style=style,
        scale=scale,
    )


def render_timeline_png(
    marks: Sequence[TimelineMark],
    *,
    title: str | None = None,
    width_px: int = 1080,
) -> bytes:
    """A PNG ``width_px`` wide of ``marks`` in date order, readable when a phone scales it down."""
    layout = layout_timeline(marks, title=title, width_px=width_px)
    style, scale, rail_x = layout.style, layout.scale, layout.rail_x
    figure = Figure(figsize=(layout.width / _DPI, layout.height / _DPI), dpi=_DPI)
    canvas = FigureCanvasAgg(figure)
    measure = _Measure(canvas.get_renderer())
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, layout.width)
    axes.set_ylim(layout.height, 0)  # pixel coordinates, y down
    axes.axis("off")

    def text(x: float, y: float, s: str, size: float, colour: str, **kw: Any) -> None:
        # parse_math=False: "$120 to $98" is money, not mathtext.
        axes.text(
            x, y, s, fontsize=size * 72 / _DPI, color=colour, va="center", parse_math=False, **kw
        )

    title_px, pad = _TITLE_PX * scale, _PAD * scale
    for index, line in enumerate(layout.title_lines):
        y = pad + (index + 0.5) * title_px * _LINE_GAP
        text(pad, y, line, title_px, _INK, fontweight="bold")
    line_h = style.text * _LINE_GAP
    for card in layout.cards:
        axes.add_patch(_rounded(card.x, card.y, card.width, card.height, 12 * scale, _CARD))
        x = card.x + style.pad
        text(x, card.mark_y, card.date, style.date, _ACCENT, fontweight="bold")
        indent = measure.width(card.date + "  ", style.date, bold=True)
        if card.outlets:
            text(x + indent, card.mark_y, "·  " + card.outlets, style.date * 0.85, _MUTED,
                 fontstyle="italic")  # fmt: skip
        line_y = card.y + style.pad + (0 if style.dense else style.date * _LINE_GAP)
        for index, line in enumerate(card.lines):
            left = x + (indent if style.dense and index == 0 else 0)
            text(left, line_y + line_h / 2, line, style.text, _INK)
            line_y += line_h
        if card.gutter:
            gutter_x = rail_x - 2.6 * _MARK_R * scale
            text(gutter_x, card.mark_y, card.gutter, _GUTTER_PX * scale, _MUTED, ha="right")
    cards = layout.cards
    if len(cards) > 1:
        rail = [cards[0].mark_y, cards[-1].mark_y]
        axes.plot([rail_x, rail_x], rail, color=_RAIL, linewidth=6 * scale)
    for card in cards:
        axes.plot([rail_x, card.x], [card.mark_y] * 2, color=_ACCENT, linewidth=3 * scale)
        exact = card.mark.date.precision is DatePrecision.DAY
        axes.plot(
            [rail_x],
            [card.mark_y],
            "o",
            markersize=2 * _MARK_R * scale * 72 / _DPI,
            color=_ACCENT if exact else "white",
            markeredgecolor=_ACCENT,
            markeredgewidth=4 * scale * 72 / _DPI,
            zorder=5,
        )
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()


def _rounded(x: float, y: float, w: float, h: float, radius: float, colour: str) -> FancyBboxPatch:
    return FancyBboxPatch(
        (x + radius, y + radius),
        w - 2 * radius,
        h - 2 * radius,
        boxstyle=f"round,pad={radius}",
        facecolor=colour,
        edgecolor="none",
        zorder=1,
    )
