"""Fetching and parsing against a real HTTP server on 127.0.0.1: feeds, pages and failures."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from digests.sources.errors import (
    FetchTimeout,
    HTTPStatusError,
    MalformedFeed,
    NetworkError,
    NotAFeed,
    ResponseTooLarge,
    TooManyRedirects,
)
from digests.sources.feeds import parse_feed
from digests.sources.fetch import fetch, make_client
from digests.sources.models import FetchConfig, Fetched
from tests.ingest.builders import article_text, page_html, rss20
from tests.ingest.conftest import FeedServer, Route

XML = "application/xml"


def _get(config: FetchConfig, url: str, **kwargs: Any) -> Fetched:
    async def go() -> Fetched:
        async with make_client(config) as client:
            return await fetch(
                client, url, max_bytes=config.max_bytes, timeout=config.timeout, **kwargs
            )

    return asyncio.run(go())


LONG = article_text("Budget")

RSS_091 = f"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://example.com/</link><description>d</description><language>en</language>
<item><title>One</title><link>http://example.com/1</link><description>{LONG}</description></item>
</channel></rss>""".encode()
RSS_10 = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.com/"><title>RDF</title><link>http://example.com/</link>
<description>d</description></channel>
<item rdf:about="http://example.com/1"><title>One</title><link>http://example.com/1</link>
<description>{LONG}</description><dc:date>2024-05-21T10:00:00+03:00</dc:date></item>
</rdf:RDF>""".encode()
ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom</title><id>urn:x</id><updated>2024-05-21T10:00:00Z</updated>
<entry><title>One</title><id>urn:1</id><link href="http://example.com/1"/>
<updated>2024-05-21T10:00:00Z</updated><author><name>Jane Doe</name></author>
<content type="html">{"".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in LONG.split(chr(10) * 2))}</content>
</entry></feed>""".encode()
RSS_20 = rss20(
    [
        {
            "title": "One",
            "link": "http://example.com/1",
            "description": LONG,
            "pubDate": "Tue, 21 May 2024 10:00:00 +0300",
        }
    ]
)


@pytest.mark.parametrize(
    ("body", "version"),
    [(RSS_091, "rss091u"), (RSS_10, "rss10"), (RSS_20, "rss20"), (ATOM, "atom10")],
)
def test_feed_versions(
    http_server: FeedServer, fetch_config: FetchConfig, body: bytes, version: str
) -> None:
    url = http_server.add("/feed.xml", Route(body, content_type=XML))
    fetched = _get(fetch_config, url)
    feed = parse_feed(fetched.content, url=url, charset=fetched.charset)
    assert feed.version.startswith(version[:5])
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.url == "http://example.com/1"
    assert entry.title == "One"
    assert "The city council approved the new budget" in entry.text
    if version != "rss091u":
        assert entry.published is not None
        assert str(entry.published) == "2024-05-21"


def test_windows_1251_feed_without_declared_charset(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    title = "Київ: міська рада ухвалила бюджет"
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Новини</title>'
        f"<item><title>{title}</title><link>http://example.com/ua</link>"
        "<description>Депутати міської ради у вівторок ухвалили бюджет на наступний рік "
        "після довгої дискусії.</description></item></channel></rss>"
    ).encode("cp1251")
    url = http_server.add("/ua.xml", Route(body, content_type="text/xml"))
    fetched = _get(fetch_config, url)
    feed = parse_feed(fetched.content, url=url, charset=fetched.charset)
    assert feed.title == "Новини"
    assert feed.entries[0].title == title


def test_teaser_entries_are_flagged(http_server: FeedServer, fetch_config: FetchConfig) -> None:
    body = rss20(
        [
            {"title": "Teaser", "link": "http://example.com/t", "description": "Read this…"},
            {"title": "Full", "link": "http://example.com/f", "description": " ".join([LONG] * 6)},
        ]
    )
    feed = parse_feed(body, url="u")
    assert [e.is_teaser for e in feed.entries] == [True, False]


def test_html_where_a_feed_was_expected() -> None:
    with pytest.raises(NotAFeed, match="an HTML page where a feed was expected"):
        parse_feed(page_html("Title", LONG), url="http://x/feed")


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Broken</ti',
        b"<<<not xml at all>>>",
    ],
)
def test_malformed_xml(body: bytes) -> None:
    with pytest.raises(MalformedFeed, match="malformed XML"):
        parse_feed(body, url="http://x/feed")


def test_salvageable_feed_keeps_its_entries() -> None:
    body = RSS_20.replace(b"<title>One</title>", b"<title>One &amp; &bogus; two</title>")
    feed = parse_feed(body, url="u")
    assert len(feed.entries) == 1


@pytest.mark.parametrize("status", [404, 410, 500])
def test_http_errors(http_server: FeedServer, fetch_config: FetchConfig, status: int) -> None:
    url = http_server.add("/gone", Route(b"nope", status=status))
    with pytest.raises(HTTPStatusError, match=f"^HTTP {status} ") as info:
        _get(fetch_config, url)
    assert info.value.status == status


def test_redirects_are_followed_and_bounded(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    target = http_server.add("/final.xml", Route(RSS_20, content_type=XML))
    http_server.add("/a", Route(status=301, headers={"Location": "/b"}))
    http_server.add("/b", Route(status=302, headers={"Location": "/final.xml"}))
    fetched = _get(fetch_config, http_server.url("/a"))
    assert fetched.url == target
    assert fetched.content == RSS_20
    http_server.add("/loop1", Route(status=302, headers={"Location": "/loop2"}))
    http_server.add("/loop2", Route(status=302, headers={"Location": "/loop1"}))
    with pytest.raises(TooManyRedirects, match="too many redirects"):
        _get(fetch_config, http_server.url("/loop1"))


def test_slow_response_times_out(http_server: FeedServer) -> None:
    config = FetchConfig(timeout=0.3, max_bytes=100_000, allow_private_addresses=True)
    url = http_server.add("/slow", Route(RSS_20, delay=1.5))
    with pytest.raises(FetchTimeout, match=r"within 0\.3 s"):
        _get(config, url)


def test_oversized_bodies_are_cut_off(http_server: FeedServer, fetch_config: FetchConfig) -> None:
    # 50 MB announced: refused before reading; 50 MB streamed without a length: cut at the cap.
    url = http_server.add("/big", Route(stream_bytes=50_000_000, content_type=XML))
    with pytest.raises(ResponseTooLarge, match="exceeds the 1,000,000 byte limit"):
        _get(fetch_config, url)
    assert http_server.hits["/big"] == 1


def test_announced_size_over_cap_is_refused(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    url = http_server.add("/huge", Route(b"x" * 2_000_000, content_type=XML))
    with pytest.raises(ResponseTooLarge, match="2,000,000 bytes, over the 1,000,000 limit"):
        _get(fetch_config, url)


def test_conditional_get_costs_one_304(http_server: FeedServer, fetch_config: FetchConfig) -> None:
    url = http_server.add("/etag.xml", Route(RSS_20, content_type=XML, etag='"v1"'))
    first = _get(fetch_config, url)
    assert first.etag == '"v1"' and not first.not_modified
    second = _get(fetch_config, url, etag=first.etag)
    assert second.not_modified and second.content == b""
    assert http_server.hits["/etag.xml"] == 2
    assert http_server.conditional["/etag.xml"] == 1


def test_connection_refused_is_one_line(fetch_config: FetchConfig) -> None:
    with pytest.raises(NetworkError, match="cannot download") as info:
        _get(fetch_config, "http://127.0.0.1:9/feed")
    assert "\n" not in str(info.value)
