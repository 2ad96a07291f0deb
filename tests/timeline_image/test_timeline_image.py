"""The timeline picture: the seeds' three events drawn at phone width, and not blank."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from itertools import pairwise

import pytest
from PIL import Image, ImageStat

from digests.analysis.models import DatePrecision, PartialDate
from digests.stories.timeline_image import TimelineMark, layout_timeline, render_timeline_png


def _day(iso: str) -> PartialDate:
    return PartialDate(date.fromisoformat(iso), DatePrecision.DAY)


SEED_TIMELINE = [
    TimelineMark(
        _day("2024-05-21"), "Pentagon: no change on long-range strikes", ("Ukrainian News",)
    ),
    TimelineMark(_day("2024-05-15"), "Blinken visits Kyiv", ("NV", "Ukrainian News")),
    TimelineMark(_day("2024-05-17"), "Blinken urges White House to allow strikes", ("NV",)),
]


def _image(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def _ink_rows(image: Image.Image) -> list[int]:
    """Rows of the picture holding anything but white background."""
    grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()
    assert pixels is not None
    return [y for y in range(height) if any(pixels[x, y] < 200 for x in range(0, width, 2))]


def test_seed_timeline_is_a_phone_width_png_with_content() -> None:
    data = render_timeline_png(SEED_TIMELINE, title="Blinken in Kyiv")

    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = _image(data)
    assert image.format == "PNG"
    assert image.width == 1080
    assert 600 <= image.height <= 2000
    stat = ImageStat.Stat(image.convert("L"))
    assert stat.stddev[0] > 20, "the picture is blank"
    # Ink spread over most of the height: marks and labels, not one smudge.
    rows = _ink_rows(image)
    assert rows[-1] - rows[0] > 0.6 * image.height


def test_more_events_make_a_taller_picture_not_a_cramped_one() -> None:
    many = [
        TimelineMark(
            _day(f"2024-05-{day:02d}"), f"Event number {day} with a longish label", ("NV",)
        )
        for day in range(1, 13)
    ]
    few = _image(render_timeline_png(SEED_TIMELINE))
    tall = _image(render_timeline_png(many))

    assert tall.width == few.width == 1080
    assert tall.height > 2 * few.height


def test_partial_dates_and_a_custom_width_render() -> None:
    marks = [
        TimelineMark(PartialDate(date(2022, 1, 1), DatePrecision.YEAR), "Full-scale invasion"),
        TimelineMark(PartialDate(date(2024, 5, 1), DatePrecision.MONTH), "Kharkiv offensive"),
        TimelineMark(_day("2024-05-15"), "Blinken visits Kyiv", ("НВ",)),
    ]
    image = _image(render_timeline_png(marks, width_px=720))

    assert image.width == 720
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 20


def test_one_event_and_very_long_labels_still_render() -> None:
    label = "word " * 200
    image = _image(render_timeline_png([TimelineMark(_day("2024-05-15"), label, ("NV",) * 3)]))

    assert image.width == 1080
    assert image.height < 1500  # the label is cut to a few lines, not drawn in full


# Clauses as the analysis gives them, quoted from AP and NYT articles of TimeML.
CLAUSES = [
    "Suspected bombs exploded outside the U.S. embassies in the Kenyan and Tanzanian capitals "
    "Friday, killing dozens of people",
    "At least 82 were killed and more than 1,700 injured, officials said as dawn broke Saturday.",
    "Philippine President Joseph Estrada on Tuesday condemned the bombings of the U.S. "
    "embassies in Kenya and Tanzania",
    "The Security Council condemned the bombing of the U.S. embassies in Kenya and Tanzania on "
    "Thursday",
    "Officials said last week that six people were in custody for questioning about the bombing.",
]


def _fifteen() -> list[TimelineMark]:
    days = [7, 8, 8, 11, 13, 13, 14, 17, 18, 18, 20, 24, 28, 31, 31]
    return [
        TimelineMark(_day(f"1998-08-{day:02d}"), CLAUSES[i % len(CLAUSES)], ("AP",))
        for i, day in enumerate(days)
    ]


def test_each_card_sits_beside_its_mark_with_a_short_level_connector() -> None:
    layout = layout_timeline(_fifteen(), title="Embassy bombings")
    cards = layout.cards
    assert [c.mark.date.start for c in cards] == sorted(c.mark.date.start for c in cards)
    for card in cards:
        # The mark is level with the card's first line: the connector is horizontal and short.
        assert card.y <= card.mark_y <= card.y + card.height
        assert 0 < card.x - layout.rail_x <= 0.05 * layout.width
    for upper, lower in pairwise(cards):
        # Cards never overlap, so level connectors can never cross.
        assert upper.y + upper.height < lower.y
        assert upper.mark_y < lower.mark_y


def test_fifteen_events_are_about_twice_as_tall_as_wide_and_legible() -> None:
    layout = layout_timeline(_fifteen(), title="Embassy bombings")
    assert layout.width == 1080
    assert layout.height <= 2.1 * layout.width
    # Words at least 3% of the width: about 12 pt when a phone shows the picture full width.
    assert layout.style.text >= 0.03 * layout.width
    assert all(card.lines and all(card.lines) for card in layout.cards)
    image = _image(render_timeline_png(_fifteen(), title="Embassy bombings"))
    assert image.size == (layout.width, layout.height)


def test_a_few_events_get_room_for_their_words_and_outlets() -> None:
    layout = layout_timeline([TimelineMark(_day("1998-08-07"), CLAUSES[0], ("AP", "NYT"))] * 3)
    assert all(card.outlets == "AP, NYT" for card in layout.cards)
    assert all(not card.lines[-1].endswith("…") for card in layout.cards)
    assert layout.height < layout.width


def test_no_events_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        render_timeline_png([])


def _dark_pixels(data: bytes) -> int:
    histogram = _image(data).convert("L").histogram()
    return sum(histogram[:128])


def test_dollar_signs_are_drawn_as_text_not_mathtext() -> None:
    def picture(label: str, outlet: str = "NV") -> bytes:
        marks = [*SEED_TIMELINE[1:], TimelineMark(_day("2024-05-19"), label, (outlet,))]
        data = render_timeline_png(marks, title="Prices")
        assert data is not None
        return data

    # As mathtext, "$$" is an empty formula and "$120 to $98" loses its dollars and spaces.
    dollars = _dark_pixels(picture("$$$$$$$$$$$$ $$$$$$$$$$$$"))
    blank = _dark_pixels(picture("x"))
    assert dollars > blank + 500
    # A formula that does not parse must not break the picture.
    assert picture("Price fell from $120 to $98", outlet=r"$\cmd{$") is not None
