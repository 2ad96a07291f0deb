"""Which copy an article is: the outlet's own over a republishing feed's, the whole link always.

Two hosts on one real server: "localhost" is the republishing feed's site, "127.0.0.1" the
outlet's (both the same loopback server, told apart by name as sites are).
"""

from __future__ import annotations

import asyncio

from sqlalchemy.orm import Session, sessionmaker

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


def _add(sessions: sessionmaker[Session], location: str, kind: SourceKind = SourceKind.FEED) -> int:
    with transaction(sessions) as session:
        return add_source(session, kind=kind, location=location).id


def _run(
    sessions: sessionmaker[Session], config: IngestConfig, source_id: int | None = None
) -> IngestReport:
    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(
                sessions, config, client=client, source_id=source_id, everything=source_id is None
            )

    return asyncio.run(once())


def _articles(sessions: sessionmaker[Session]) -> list[Article]:
    with transaction(sessions) as session:
        return list(list_articles(session))


def _elsewhere(server: FeedServer, path: str) -> str:
    """The same server under another site's name."""
    return f"http://localhost:{server.base.rpartition(':')[2]}{path}"


def _outlet_and_aggregator(server: FeedServer, *, teaser: bool) -> tuple[str, str, str]:
    story = server.url("/news/story.html")
    server.add("/news/story.html", Route(page_html("Harbour reopens", article_text("Harbour"))))
    text = "The harbour reopens…" if teaser else long_text("Harbour")
    server.add(
        "/outlet.xml",
        Route(
            rss20(
                [{"title": "Harbour reopens", "link": story, "description": text}],
                title="The Outlet",
            ),
            content_type=XML,
        ),
    )
    server.add(
        "/aggregator.xml",
        Route(
            rss20(
                [{"title": "Harbour reopens (via Aggregator)", "link": story, "description": text}],
                title="Aggregator",
            ),
            content_type=XML,
        ),
    )
    return story, server.url("/outlet.xml"), _elsewhere(server, "/aggregator.xml")


def test_the_outlets_own_copy_takes_over_a_republished_one(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    story, outlet_feed, aggregator_feed = _outlet_and_aggregator(http_server, teaser=False)
    aggregator = _add(db_sessions, aggregator_feed)
    assert _run(db_sessions, ingest_config, aggregator).new == 1
    [copy] = _articles(db_sessions)
    assert copy.source_id == aggregator and not copy.first_party
    outlet = _add(db_sessions, outlet_feed)
    report = _run(db_sessions, ingest_config, outlet)
    assert report.failed == 0 and report.updated == 1
    [article] = _articles(db_sessions)
    assert article.id == copy.id
    assert (article.source_id, article.first_party, article.url) == (outlet, True, story)
    assert article.outlet == "The Outlet" and article.title == "Harbour reopens"
    # The republishing feed never takes it back.
    for _ in range(2):
        again = _run(db_sessions, ingest_config)
        assert again.failed == 0 and again.updated == 0 and again.new == 0
    [article] = _articles(db_sessions)
    assert article.source_id == outlet and article.outlet == "The Outlet"


def test_a_teaser_of_the_outlet_reads_its_page_to_take_over(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    story, outlet_feed, aggregator_feed = _outlet_and_aggregator(http_server, teaser=True)
    aggregator = _add(db_sessions, aggregator_feed)
    assert _run(db_sessions, ingest_config, aggregator).new == 1
    outlet = _add(db_sessions, outlet_feed)
    assert _run(db_sessions, ingest_config, outlet).updated == 1
    [article] = _articles(db_sessions)
    assert (article.source_id, article.first_party, article.url) == (outlet, True, story)
    assert http_server.hits["/news/story.html"] == 2
    # Stored as the outlet's: its next poll reads no page.
    _run(db_sessions, ingest_config, outlet)
    assert http_server.hits["/news/story.html"] == 2


def test_the_outlet_first_keeps_it(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    _, outlet_feed, aggregator_feed = _outlet_and_aggregator(http_server, teaser=False)
    outlet = _add(db_sessions, outlet_feed)
    _add(db_sessions, aggregator_feed)
    for _ in range(2):
        assert _run(db_sessions, ingest_config).failed == 0
    [article] = _articles(db_sessions)
    assert article.source_id == outlet and article.first_party


def test_links_sharing_their_first_2048_characters_are_two_articles(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    head = "http://example.com/search?" + "q=harbour&" * 210
    assert len(head) > 2048
    items = [
        {"title": "One", "link": head + "page=1", "description": long_text("Ferries")},
        {"title": "Two", "link": head + "page=2", "description": long_text("Tunnels")},
        {"title": "Huge", "link": head * 4, "description": long_text("Bridges")},
    ]
    _add(db_sessions, http_server.add("/long.xml", Route(rss20(items), content_type=XML)))
    first = _run(db_sessions, ingest_config)
    assert first.new == 2
    [refused] = first.failures
    assert "link refused: longer than 8,192 characters" in refused.reason
    assert len(refused.reason) < 300
    stored = {a.title: a.url for a in _articles(db_sessions)}
    assert stored == {"One": head + "page=1", "Two": head + "page=2"}
    for _ in range(2):
        again = _run(db_sessions, ingest_config)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert {a.title: a.url for a in _articles(db_sessions)} == stored
