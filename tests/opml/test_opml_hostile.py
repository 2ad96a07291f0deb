"""OPML as real feed readers and careless hands write it: stray ``&``, HTML entities, bad outlines.

Written to the shapes found in public collections of subscription lists (no file copied).
"""

from __future__ import annotations

import pytest

from digests.sources.opml import MAX_DEPTH, OpmlError, SkipReason, parse_opml

STRAY_AMPERSANDS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Arts & Letters</title></head>
  <body>
    <outline text="Science & Nature" title="Science & Nature">
      <outline type="rss" text="Q&A weekly" xmlUrl="http://example.org/rss?cat=1&lang=en"/>
      <outline type="rss" text="Caf&eacute; &amp; Bar &nbsp;news" xmlUrl="https://example.net/feed"/>
    </outline>
    <outline type="rss" text="AT&T &#169; &#x263A;" xmlUrl="https://example.com/a&amp;b"/>
  </body>
</opml>
"""


def test_stray_ampersands_and_html_entities_are_read_not_refused() -> None:
    doc = parse_opml(STRAY_AMPERSANDS)
    assert doc.title == "Arts & Letters"
    assert [(f.title, f.xml_url, f.folders) for f in doc.feeds] == [
        ("Q&A weekly", "http://example.org/rss?cat=1&lang=en", ("Science & Nature",)),
        ("Café & Bar news", "https://example.net/feed", ("Science & Nature",)),
        ("AT&T © ☺", "https://example.com/a&b", ()),
    ]
    # Repaired and read strictly: no structure was lost, so nothing to warn about.
    assert doc.recovered_from is None


def test_broken_structure_is_recovered_with_a_note() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="A" xmlUrl="https://a.example/feed">
      <outline text="B" xmlUrl="https://b.example/feed"/>
    </body></opml>"""
    doc = parse_opml(data)
    assert [f.xml_url for f in doc.feeds] == ["https://a.example/feed", "https://b.example/feed"]
    assert doc.recovered_from and "mismatched tag" in doc.recovered_from


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        b'<opml><body><outline text="&b; & more" xmlUrl="https://e.example/f"/></body></opml>',
        b'<!DOCTYPE opml SYSTEM "http://evil.example/x.dtd"><opml><body>'
        b'<outline text="&ext;" xmlUrl="https://e.example/f"/></body>',
        b'<opml><body><!ENTITY x "y"><outline text="&x; &" xmlUrl="https://e.example/f">'
        b"</body></opml>",
    ],
)
def test_the_lenient_path_still_refuses_dtds_and_entities(data: bytes) -> None:
    with pytest.raises(OpmlError, match="refused: the file declares XML entities or a DTD"):
        parse_opml(data)


def _deep(levels: int) -> bytes:
    opening = '<outline text="level">' * levels
    return (
        b'<opml version="2.0"><body>'
        b'<outline text="Fine" xmlUrl="https://fine.example/feed"/>'
        + opening.encode()
        + b'<outline text="Deep" xmlUrl="https://deep.example/feed"/>'
        + b"</outline>" * levels
        + b"</body></opml>"
    )


def test_bad_outlines_are_skipped_with_their_reason() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="Unclosed IPv6" xmlUrl="http://[::1/feed"/>
      <outline text="Port" xmlUrl="http://example.com:99999/feed"/>
      <outline text="Port zero" xmlUrl="http://example.com:0/feed"/>
      <outline text="No host" xmlUrl="http://:80/feed"/>
      <outline text="Good" xmlUrl="https://good.example/feed"/>
    </body></opml>"""
    doc = parse_opml(data)
    assert [f.xml_url for f in doc.feeds] == ["https://good.example/feed"]
    reasons = {s.what.split(" <")[0]: (s.reason, s.detail) for s in doc.skipped}
    assert reasons["Unclosed IPv6"][0] is SkipReason.INVALID_URL
    assert reasons["Port"] == (SkipReason.INVALID_URL, "Port out of range 0-65535")
    assert reasons["Port zero"] == (SkipReason.INVALID_URL, "port 0")
    assert reasons["No host"][0] is SkipReason.INVALID_URL
    assert all("\n" not in str(s) for s in doc.skipped)


def test_five_thousand_levels_deep_skip_that_outline_once() -> None:
    doc = parse_opml(_deep(5000))
    assert [f.xml_url for f in doc.feeds] == ["https://fine.example/feed"]
    [deep] = [s for s in doc.skipped if s.reason is SkipReason.TOO_DEEP]
    assert f"more than {MAX_DEPTH} levels" in str(deep)
    assert len(doc.skipped) == 1


def test_nesting_within_the_limit_is_read() -> None:
    doc = parse_opml(_deep(MAX_DEPTH - 1))
    assert [f.xml_url for f in doc.feeds] == [
        "https://fine.example/feed",
        "https://deep.example/feed",
    ]
    assert len(doc.feeds[1].folders) == MAX_DEPTH - 1
