"""OPML parsing and writing, on the kinds of files feed readers actually produce."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digests.sources.opml import (
    OpmlError,
    OpmlFeed,
    SkipReason,
    export_opml,
    feed_key,
    parse_opml,
)

NESTED = """<?xml version="1.0" encoding="{encoding}"?>
<opml version="2.0">
  <head><title>Новини України</title></head>
  <body>
    <outline text="Україна" title="Україна">
      <outline type="rss" text="НВ" xmlUrl="https://nv.ua/rss/all.xml" htmlUrl="https://nv.ua/"/>
      <outline text="Регіони">
        <outline type="rss" text="Українські новини" xmlURL="https://ukranews.com/rss"/>
      </outline>
    </outline>
    <outline type="rss" text="NV again" xmlUrl="HTTPS://NV.UA:443/rss/all.xml#top"/>
    <outline text="A bookmark, not a feed" htmlUrl="https://example.org/"/>
    <outline text="Gopher" xmlUrl="gopher://example.org/feed"/>
    <outline text="Empty folder"></outline>
  </body>
</opml>
"""


def test_nested_outlines_duplicates_and_missing_urls_are_reported() -> None:
    doc = parse_opml(NESTED.format(encoding="UTF-8").encode("utf-8"))

    assert doc.title == "Новини України"
    assert doc.feeds == (
        OpmlFeed("https://nv.ua/rss/all.xml", "НВ", "https://nv.ua/", ("Україна",)),
        OpmlFeed("https://ukranews.com/rss", "Українські новини", None, ("Україна", "Регіони")),
    )
    reasons = {skip.what: skip.reason for skip in doc.skipped}
    assert reasons == {
        "NV again <HTTPS://NV.UA:443/rss/all.xml#top>": SkipReason.DUPLICATE,
        "A bookmark, not a feed": SkipReason.NO_XML_URL,
        "Gopher <gopher://example.org/feed>": SkipReason.NOT_HTTP,
        "Empty folder": SkipReason.NO_XML_URL,
    }
    duplicate = next(s for s in doc.skipped if s.reason is SkipReason.DUPLICATE)
    assert str(duplicate) == (
        "NV again <HTTPS://NV.UA:443/rss/all.xml#top> (duplicate of an earlier outline: НВ)"
    )


def test_declared_windows_1251_is_read() -> None:
    doc = parse_opml(NESTED.format(encoding="windows-1251").encode("cp1251"))

    assert doc.encoding == "windows-1251"
    assert not doc.encoding_detected
    assert [f.title for f in doc.feeds] == ["НВ", "Українські новини"]


def test_wrongly_declared_encoding_is_detected() -> None:
    # Says UTF-8, is windows-1251: what a hand-edited file on Windows often is.
    doc = parse_opml(NESTED.format(encoding="utf-8").encode("cp1251"))

    assert doc.encoding_detected
    assert doc.title == "Новини України"
    assert [f.title for f in doc.feeds] == ["НВ", "Українські новини"]


def test_undeclared_utf16_with_bom_is_read() -> None:
    text = NESTED.format(encoding="UTF-16").replace('<?xml version="1.0" encoding="UTF-16"?>', "")
    doc = parse_opml(text.encode("utf-16"))

    assert len(doc.feeds) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"<opml><body><outline text='x'></body></opml>", "not well-formed XML: mismatched tag"),
        (b"<html><body></body></html>", "not an OPML file: the root element is <html>"),
        (b"<opml version='2.0'><head/></opml>", "not an OPML file: no <body>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<opml><body><outline text='&b;' xmlUrl='http://x/'/></body></opml>",
            "refused: the file declares XML entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<opml><body><outline text='&e;' xmlUrl='http://x/'/></body></opml>",
            "refused: the file declares XML entities",
        ),
    ],
)
def test_bad_files_give_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError) as caught:
        parse_opml(data)

    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_binary_garbage_is_an_opml_error() -> None:
    with pytest.raises(OpmlError):
        parse_opml(bytes(range(256)) * 4)


def test_export_is_opml_2_and_parses_back_to_the_same_feeds() -> None:
    feeds = [
        OpmlFeed("https://nv.ua/rss/all.xml", "НВ", "https://nv.ua/", ("Україна",)),
        OpmlFeed("https://ukranews.com/rss", "Ukrainian News & Co <1>"),
        OpmlFeed("https://example.org/feed?x=1&y=2"),
    ]
    data = export_opml(feeds, title="Mine", created=datetime(2024, 5, 29, 5, 0, tzinfo=UTC))

    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    assert b"<dateCreated>Wed, 29 May 2024 05:00:00 GMT</dateCreated>" in data
    back = parse_opml(data)
    assert back.title == "Mine"
    assert back.feeds == tuple(feeds)
    assert back.skipped == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://NV.ua/rss", "https://nv.ua/rss"),
        ("http://nv.ua:80/rss", "http://nv.ua/rss"),
        ("https://nv.ua", "https://nv.ua/"),
        ("https://nv.ua/rss#frag", " https://nv.ua/rss "),
    ],
)
def test_feed_key_matches_spellings_of_one_url(a: str, b: str) -> None:
    assert feed_key(a) == feed_key(b)


def test_feed_key_keeps_paths_and_queries_apart() -> None:
    assert feed_key("https://nv.ua/RSS") != feed_key("https://nv.ua/rss")
    assert feed_key("https://nv.ua/rss?a=1") != feed_key("https://nv.ua/rss?a=2")
