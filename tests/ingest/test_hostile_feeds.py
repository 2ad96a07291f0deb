"""Feeds and pages as the wild serves them, through the ingest job, a real server and real DBs.

Relative and guid-only links, UTF-16/32 without a byte-order mark, absurd dates, items repeated
or in the hundreds, canonical URLs naming other outlets, wrong charset headers, and links to
private addresses.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.convert import partial_date
from digests.jobs.ingest import IngestConfig, IngestReport, ingest
from digests.sources.fetch import make_client
from digests.sources.models import SourceKind
from storage.articles import list_articles
from storage.engine import transaction
from storage.models import Article
from storage.sources import add_source
from tests.ingest.builders import article_text, long_text, page_html, rss20
from tests.ingest.conftest import FeedServer, Route

XML = "application/rss+xml"


def _add(sessions: sessionmaker[Session], kind: SourceKind, location: str) -> int:
    with transaction(sessions) as session:
        return add_source(session, kind=kind, location=location).id


def _run(sessions: sessionmaker[Session], config: IngestConfig, **kwargs: object) -> IngestReport:
    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(sessions, config, client=client, everything=True, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(once())


def _articles(sessions: sessionmaker[Session], source_id: int | None = None) -> list[Article]:
    with transaction(sessions) as session:
        return list(list_articles(session, source_id=source_id))


def _feed(server: FeedServer, items: list[dict[str, str]], path: str = "/feed.xml") -> str:
    return server.add(path, Route(rss20(items), content_type=XML))


def test_relative_links_resolve_against_the_feed_and_content_location(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    http_server.add("/news/teaser.html", Route(page_html("Teaser page", article_text("Roads"))))
    body = rss20(
        [
            {"title": "Full", "link": "full-1.html", "description": long_text("Schools")},
            {"title": "Teaser", "link": "teaser.html", "description": "Roads will be…"},
        ]
    )
    # Served at /feeds/rss, but its Content-Location puts its base in /news/.
    url = http_server.add(
        "/feeds/rss",
        Route(body, content_type=XML, headers={"Content-Location": "/news/index.xml"}),
    )
    _add(db_sessions, SourceKind.FEED, url)
    report = _run(db_sessions, ingest_config)
    assert (report.new, report.failed) == (2, 0), report.failures
    assert sorted(a.url or "" for a in _articles(db_sessions)) == [
        http_server.url("/news/full-1.html"),
        http_server.url("/news/teaser.html"),
    ]


def test_a_guid_that_is_no_url_is_no_link_and_its_changed_entry_is_an_update(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    first = {"title": "Live", "guid": "article-42", "description": long_text("Storm")}
    url = _feed(http_server, [first])
    source_id = _add(db_sessions, SourceKind.FEED, url)
    report = _run(db_sessions, ingest_config)
    assert (report.new, report.failed) == (1, 0), report.failures
    assert http_server.hits["/article-42"] == 0
    [stored] = _articles(db_sessions)
    assert stored.url is None
    # The same guid with more text: the one article is updated, not added again.
    _feed(http_server, [{**first, "description": long_text("Storm") + "\n\nMore news."}])
    report = _run(db_sessions, ingest_config)
    assert (report.new, report.updated) == (0, 1)
    assert len(_articles(db_sessions, source_id)) == 1
    assert (_run(db_sessions, ingest_config).new, _run(db_sessions, ingest_config).updated) == (
        0,
        0,
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_feeds_without_a_byte_order_mark(
    db_sessions: sessionmaker[Session],
    http_server: FeedServer,
    ingest_config: IngestConfig,
    encoding: str,
) -> None:
    text = rss20(
        [{"title": "Київ", "link": "http://example.com/k", "description": long_text("Київ")}]
    ).decode()
    declared = text.replace('encoding="utf-8"', f'encoding="{encoding[:6].upper()}"')
    url = http_server.add("/wide.xml", Route(declared.encode(encoding), content_type=XML))
    _add(db_sessions, SourceKind.FEED, url)
    report = _run(db_sessions, ingest_config)
    assert (report.new, report.failed) == (1, 0), report.failures
    assert _articles(db_sessions)[0].title == "Київ"


def test_two_items_with_one_link_are_kept_apart_and_stay_unchanged(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    items = [
        {
            "title": "Morning",
            "link": "http://example.com/live",
            "guid": "m",
            "description": long_text("Dawn"),
        },
        {
            "title": "Evening",
            "link": "http://example.com/live",
            "guid": "e",
            "description": long_text("Dusk"),
        },
    ]
    _add(db_sessions, SourceKind.FEED, _feed(http_server, items))
    assert (_run(db_sessions, ingest_config).new, len(_articles(db_sessions))) == (2, 2)
    for _ in range(2):
        report = _run(db_sessions, ingest_config)
        assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert sorted(a.title or "" for a in _articles(db_sessions)) == ["Evening", "Morning"]


def test_items_per_poll_are_capped_newest_first(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    items = [
        {
            "title": f"Item {n}",
            "link": f"http://example.com/{n}",
            "description": long_text(f"Topic{n}"),
            "pubDate": f"{n + 1:02d} May 2024 10:00:00 +0000",
        }
        for n in range(30)
    ]
    url = _feed(http_server, items)
    _add(db_sessions, SourceKind.FEED, url)
    report = _run(db_sessions, replace(ingest_config, max_items_per_poll=10))
    assert report.new == 10
    assert report.skipped == (f"{url}: 20 older items beyond the 10 read per poll",)
    assert sorted(a.title or "" for a in _articles(db_sessions)) == sorted(
        f"Item {n}" for n in range(20, 30)
    )


@pytest.mark.parametrize(
    "written",
    [
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "1850-06-01",
        # Impossible dates are no dates, never rolled over into real ones (2024-03-02, 2000).
        "Sat, 31 Feb 2024 10:00:00 GMT",
        "2024-02-31T10:00:00Z",
        "2024-13-01",
        "May 20000",
        "20 May 20000",
    ],
)
def test_absurd_item_dates_are_dropped_the_article_kept(
    db_sessions: sessionmaker[Session],
    http_server: FeedServer,
    ingest_config: IngestConfig,
    written: str,
) -> None:
    item = {
        "title": "Odd",
        "link": "http://example.com/odd",
        "description": long_text("Odd"),
        "pubDate": written,
    }
    _add(db_sessions, SourceKind.FEED, _feed(http_server, [item]))
    assert _run(db_sessions, ingest_config).new == 1
    [stored] = _articles(db_sessions)
    assert stored.published_at is None and stored.published_precision is None


def test_the_publishers_own_day_is_kept(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    late = "2024-05-21T23:30:00-05:00"  # 04:30 UTC on the 22nd
    http_server.add(
        "/late.html", Route(page_html("Late news", article_text("Late"), published=late))
    )
    items = [
        {
            "title": "West",
            "link": "http://example.com/west",
            "description": long_text("West"),
            "pubDate": "Tue, 21 May 2024 23:30:00 -0500",
        },
        {
            "title": "East",
            "link": "http://example.com/east",
            "description": long_text("East"),
            "pubDate": "Tue, 21 May 2024 01:00:00 +0300",  # 22:00 UTC on the 20th
        },
    ]
    _add(db_sessions, SourceKind.FEED, _feed(http_server, items))
    _add(db_sessions, SourceKind.PAGE, http_server.url("/late.html"))
    assert _run(db_sessions, ingest_config).new == 3
    days = {
        a.title: partial_date(a.published_at, a.published_precision) for a in _articles(db_sessions)
    }
    assert {title: d.start if d else None for title, d in days.items()} == {
        "West": date(2024, 5, 21),
        "East": date(2024, 5, 21),
        "Late news": date(2024, 5, 21),
    }


def test_a_wrong_latin1_header_on_utf8_bytes_does_not_win(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    text = article_text("Café in Київ")
    url = http_server.add(
        "/page.html",
        Route(page_html("Café in Київ", text), content_type="text/html; charset=iso-8859-1"),
    )
    _add(db_sessions, SourceKind.PAGE, url)
    assert _run(db_sessions, ingest_config).new == 1
    [stored] = _articles(db_sessions)
    assert "Café in Київ" in stored.text and "Ã" not in stored.text


def test_no_source_overwrites_another_sources_article(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    victim = http_server.add(
        "/victim.html", Route(page_html("The real story", article_text("Harbour")))
    )
    _add(db_sessions, SourceKind.PAGE, victim)
    assert _run(db_sessions, ingest_config).new == 1
    [original] = _articles(db_sessions)
    assert original.canonical_url == victim
    # A page elsewhere claiming to be the victim's article (a canonical on another host) ...
    http_server.add(
        "/claim.html",
        Route(page_html("Fake", article_text("Forgery"), canonical="https://victim.example/a")),
    )
    port = http_server.base.rpartition(":")[2]
    claim = f"http://localhost:{port}/claim.html"
    # ... and a feed whose item links to the victim's page with other text.
    hostile = _feed(
        http_server,
        [{"title": "Fake", "link": victim, "description": long_text("Forgery")}],
        path="/hostile.xml",
    )
    claim_id = _add(db_sessions, SourceKind.PAGE, claim)
    hostile_id = _add(db_sessions, SourceKind.FEED, hostile)
    for _ in range(2):
        _run(db_sessions, ingest_config)
    with transaction(db_sessions) as session:
        kept = session.get(Article, original.id)
        assert kept is not None
        assert (kept.text, kept.title, kept.source_id) == (
            original.text,
            original.title,
            original.source_id,
        )
    [from_claim] = _articles(db_sessions, claim_id)
    assert from_claim.canonical_url == claim
    [from_feed] = _articles(db_sessions, hostile_id)
    assert from_feed.url == victim and from_feed.canonical_url is None
    assert len(_articles(db_sessions)) == 3


def test_links_to_private_addresses_are_refused_by_default(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    port = http_server.base.rpartition(":")[2]
    http_server.add("/internal.html", Route(page_html("Internal", article_text("Secret"))))
    items = [
        {
            "title": "Teaser to a name that resolves to loopback",
            "link": f"http://localhost:{port}/internal.html",
            "description": "Short…",
        },
        {
            "title": "Full text linking a private address",
            "link": "http://10.0.0.7/admin",
            "description": long_text("Admin"),
        },
        {"title": "Fine", "link": "http://example.com/fine", "description": long_text("Fine")},
    ]
    feed = _feed(http_server, items)
    _add(db_sessions, SourceKind.FEED, feed)
    page_id = _add(db_sessions, SourceKind.PAGE, f"http://localhost:{port}/internal.html")
    # Only the feed's own host is allowed: everything else gets the default policy.
    config = replace(
        ingest_config,
        fetch=replace(
            ingest_config.fetch, allow_private_addresses=False, allowed_hosts=("127.0.0.1",)
        ),
    )
    report = _run(db_sessions, config)
    assert report.new == 1
    reasons = {f.location: f.reason for f in report.failures}
    assert "is a loopback address" in reasons[f"http://localhost:{port}/internal.html"]
    assert "10.0.0.7 is a private address" in reasons["http://10.0.0.7/admin"]
    assert all("\n" not in r for r in reasons.values())
    assert http_server.hits["/internal.html"] == 0
    assert [a.title for a in _articles(db_sessions)] == ["Fine"]
    assert any(f.source_id == page_id for f in report.failures)


def test_stored_dates_are_utc_instants(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    item = {
        "title": "Noon",
        "link": "http://example.com/noon",
        "description": long_text("Noon"),
        "pubDate": "Tue, 21 May 2024 12:00:00 +0200",
    }
    _add(db_sessions, SourceKind.FEED, _feed(http_server, [item]))
    _run(db_sessions, ingest_config)
    [stored] = _articles(db_sessions)
    assert stored.published_at == datetime(2024, 5, 21, 10, 0, tzinfo=UTC)
