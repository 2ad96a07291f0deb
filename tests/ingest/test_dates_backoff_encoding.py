"""Pure helpers: dates as precise as the source allows, backoff, charset detection."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime, timedelta

import pytest

from digests.analysis.models import DatePrecision, PartialDate
from digests.sources.backoff import MAX_BACKOFF, next_check_at, should_disable
from digests.sources.dates import date_from_text, first_known, parse_date_string
from digests.sources.encoding import decode_bytes, is_binary

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-21", PartialDate(date(2024, 5, 21), DAY)),
        ("2024-05", PartialDate(date(2024, 5, 1), MONTH)),
        ("2024", PartialDate(date(2024, 1, 1), YEAR)),
        ("2024-05-21T10:00:00+03:00", PartialDate(date(2024, 5, 21), DAY)),
        ("21.05.2024", PartialDate(date(2024, 5, 21), DAY)),
        ("May 21, 2024", PartialDate(date(2024, 5, 21), DAY)),
        ("21 May 2024", PartialDate(date(2024, 5, 21), DAY)),
        ("May 2024", PartialDate(date(2024, 5, 1), MONTH)),
        ("2024-02-30", None),
        # Impossible dates are refused, never shifted: not 2024-03-02, not the year 2000.
        ("2024-02-31", None),
        ("Feb 31, 2024", None),
        ("Sat, 31 Feb 2024 10:00:00 GMT", None),
        ("2024-13-01", None),
        ("May 20000", None),
        ("20 May 20000", None),
        ("2024-02-29", PartialDate(date(2024, 2, 29), DAY)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_string(value: str | None, expected: PartialDate | None) -> None:
    found = parse_date_string(value)
    assert (found.date if found else None) == expected


def test_exact_moment_only_with_a_zone() -> None:
    with_zone = parse_date_string("2024-05-21T10:00:00+03:00")
    assert with_zone is not None
    assert with_zone.moment == datetime(2024, 5, 21, 7, 0, tzinfo=UTC)
    without = parse_date_string("2024-05-21T10:00:00")
    assert without is not None and without.moment is None


def test_text_dates_come_from_stubs_only() -> None:
    assert date_from_text(["date 2024-05 Share:"]) is not None
    found = date_from_text(["date 2024-05 Share:"])
    assert found is not None and found.date == PartialDate(date(2024, 5, 1), MONTH)
    # An event date inside a sentence is not a publication date.
    assert (
        date_from_text(["On May 15, 2024, Blinken said the US does not encourage strikes."]) is None
    )
    assert date_from_text([]) is None


def test_first_known_keeps_the_callers_order_and_never_invents_now() -> None:
    feed = parse_date_string("2024-05-29")
    text = parse_date_string("2024-05")
    assert first_known(None, feed, text) is feed
    assert first_known(None, None) is None


BASE = timedelta(minutes=15)
NOW = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("errors", "delay"),
    [
        (0, BASE),
        (1, BASE * 2),
        (2, BASE * 4),
        (3, BASE * 8),
        (6, BASE * 64),
        (7, MAX_BACKOFF),
        (50, MAX_BACKOFF),
        (10_000, MAX_BACKOFF),
    ],
)
def test_next_check_at_backs_off_exponentially_with_a_cap(errors: int, delay: timedelta) -> None:
    assert next_check_at(NOW, errors, BASE) == NOW + delay


@pytest.mark.parametrize(("errors", "disabled"), [(0, False), (2, False), (3, True), (4, True)])
def test_should_disable(errors: int, disabled: bool) -> None:
    assert should_disable(errors, 3) is disabled


UKRAINIAN = (
    "Президент України заявив, що Україна продовжить боротьбу за свою незалежність. "
    "Міністр закордонних справ розповів журналістам про перебіг переговорів."
)


@pytest.mark.parametrize(
    ("raw", "charset", "expected"),
    [
        (UKRAINIAN.encode("cp1251"), None, UKRAINIAN),
        (UKRAINIAN.encode("cp1251"), "utf-8", UKRAINIAN),  # a wrong declaration is not trusted
        (UKRAINIAN.encode("utf-16"), None, UKRAINIAN),
        (codecs.BOM_UTF8 + UKRAINIAN.encode(), None, UKRAINIAN),
        (
            "Le café était très animé à midi.".encode("latin-1"),
            None,
            "Le café était très animé à midi.",
        ),
        ("Le café était très animé.".encode("latin-1"), "iso-8859-1", "Le café était très animé."),
        (
            b'<?xml version="1.0" encoding="windows-1251"?><a>' + "Київ".encode("cp1251") + b"</a>",
            None,
            '<?xml version="1.0" encoding="windows-1251"?><a>Київ</a>',
        ),
    ],
)
def test_decode_bytes(raw: bytes, charset: str | None, expected: str) -> None:
    assert decode_bytes(raw, charset=charset)[0] == expected


def test_binary_detection() -> None:
    assert is_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not is_binary(UKRAINIAN.encode("utf-16"))
    assert not is_binary(b"plain text")
