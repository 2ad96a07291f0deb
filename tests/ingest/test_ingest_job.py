"""The ingest job against real databases and a real HTTP server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest import IngestConfig, IngestProgress, IngestReport, ingest
from digests.sources.fetch import make_client
from digests.sources.models import SourceKind
from storage.articles import list_articles
from storage.engine import transaction
from storage.models import Source
from storage.sources import add_source, get_source
from tests.ingest.builders import article_text, long_text, page_html, rss20
from tests.ingest.conftest import FeedServer, Route

XML = "application/rss+xml"


def _add(sessions: sessionmaker[Session], kind: SourceKind, location: str) -> int:
    with transaction(sessions) as session:
        return add_source(session, kind=kind, location=location).id


def _run(sessions: sessionmaker[Session], config: IngestConfig, **kwargs: object) -> IngestReport:
    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(sessions, config, client=client, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(once())


def _source(sessions: sessionmaker[Session], source_id: int) -> Source:
    with transaction(sessions) as session:
        source = get_source(session, source_id)
        assert source is not None
        return source


def _feed(
    server: FeedServer, *, teaser_title: str = "Teaser story", etag: str | None = None
) -> str:
    server.add(
        "/story.html",
        Route(
            page_html(
                "Page headline",
                article_text("Roads"),
                canonical=server.url("/story.html"),
                published="2024-05-20T08:00:00+00:00",
            )
        ),
    )
    body = rss20(
        [
            {
                "title": "Full story",
                "link": "http://example.com/full",
                "description": long_text("Schools"),
                "pubDate": "Tue, 21 May 2024 10:00:00 +0300",
            },
            {
                "title": teaser_title,
                "link": server.url("/story.html"),
                "description": "Roads will be repaired…",
                "pubDate": "Wed, 22 May 2024 09:00:00 +0000",
            },
        ]
    )
    return server.add("/feed.xml", Route(body, content_type=XML, etag=etag))


def test_feed_with_a_teaser_stores_both_and_a_second_run_stores_nothing(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    source_id = _add(db_sessions, SourceKind.FEED, _feed(http_server))
    seen: list[IngestProgress] = []
    report = _run(db_sessions, ingest_config, progress=seen.append)
    assert (report.new, report.updated, report.unchanged, report.failed) == (2, 0, 0, 0), report
    assert [(p.done, p.total) for p in seen] == [(1, 1)]
    with transaction(db_sessions) as session:
        articles = {a.title: a for a in list_articles(session)}
    full, teaser = articles["Full story"], articles["Teaser story"]
    assert full.outlet == "Example feed" and full.language == "en"
    assert full.published_at == datetime(2024, 5, 21, 7, 0, tzinfo=UTC)
    assert full.published_precision == "day"
    # The teaser's page was fetched: its full text, its outlet, the feed's date.
    assert "Roads: Work on the first projects" in teaser.text
    assert "Photo:" not in teaser.text and "Share:" not in teaser.text
    assert teaser.outlet == "Example Times"
    assert teaser.canonical_url == http_server.url("/story.html")
    assert teaser.published_at == datetime(2024, 5, 22, 9, 0, tzinfo=UTC)
    assert http_server.hits["/story.html"] == 1

    again = _run(db_sessions, ingest_config, source_id=source_id)
    assert (again.new, again.updated, again.unchanged, again.failed) == (0, 0, 2, 0)
    # Known teaser links are not fetched again.
    assert http_server.hits["/story.html"] == 1
    # Nothing is due right after a successful poll.
    assert _run(db_sessions, ingest_config).sources == 0


def test_retitled_entry_is_an_update(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    source_id = _add(db_sessions, SourceKind.FEED, _feed(http_server))
    _run(db_sessions, ingest_config)
    _feed(http_server, teaser_title="Teaser story, corrected")
    report = _run(db_sessions, ingest_config, source_id=source_id)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    with transaction(db_sessions) as session:
        titles = sorted(a.title or "" for a in list_articles(session))
        assert titles == ["Full story", "Teaser story, corrected"]
        assert all(a.updated_at is not None for a in list_articles(session) if "corr" in a.title)


def test_unchanged_feed_costs_one_304(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    source_id = _add(db_sessions, SourceKind.FEED, _feed(http_server, etag='"abc"'))
    _run(db_sessions, ingest_config)
    report = _run(db_sessions, ingest_config, source_id=source_id)
    assert report.not_modified == 1 and report.new == 0 and report.failed == 0
    assert http_server.hits["/feed.xml"] == 2
    assert http_server.conditional["/feed.xml"] == 1
    assert _source(db_sessions, source_id).etag == '"abc"'


def test_same_text_from_two_sources_is_stored_once(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    text = article_text("Harbour")
    one = http_server.add("/a.html", Route(page_html("Harbour plan", text)))
    two = http_server.add("/b.html", Route(page_html("Harbour plan (copy)", text)))
    _add(db_sessions, SourceKind.PAGE, one)
    _add(db_sessions, SourceKind.PAGE, two)
    report = _run(db_sessions, ingest_config)
    assert (report.new, report.unchanged, report.failed) == (1, 1, 0)


def test_one_bad_source_or_page_never_stops_the_others(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    good = _add(db_sessions, SourceKind.FEED, _feed(http_server))
    http_server.add("/story.html", Route(b"boom", status=500))
    html = http_server.add("/html-feed", Route(page_html("Not a feed", article_text("X"))))
    bad = _add(db_sessions, SourceKind.FEED, html)
    report = _run(db_sessions, ingest_config)
    assert report.new == 1
    reasons = {(f.source_id, f.reason) for f in report.failures}
    assert (bad, f"{html}: an HTML page where a feed was expected") in reasons
    assert any(sid == good and "HTTP 500" in why for sid, why in reasons)
    assert _source(db_sessions, good).error_count == 0
    assert _source(db_sessions, bad).error_count == 1


def test_failing_source_backs_off_then_is_disabled(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    url = http_server.add("/gone.xml", Route(b"gone", status=410))
    source_id = _add(db_sessions, SourceKind.FEED, url)
    now = datetime(2030, 1, 1, tzinfo=UTC)
    delays = []
    for _ in range(ingest_config.max_source_errors):
        report = _run(db_sessions, ingest_config, now=now)
        assert report.sources == 1 and report.failed == 1
        source = _source(db_sessions, source_id)
        assert source.next_check_at is not None
        delays.append(source.next_check_at - now)
        now = source.next_check_at + timedelta(seconds=1)
    assert delays == [timedelta(minutes=30), timedelta(minutes=60), timedelta(minutes=120)]
    source = _source(db_sessions, source_id)
    assert not source.enabled
    assert source.disabled_reason == f"disabled after 3 failures in a row: HTTP 410 Gone from {url}"
    assert _run(db_sessions, ingest_config, now=now + timedelta(days=30)).sources == 0
    # Polled by hand once it works again, it is back.
    http_server.add("/gone.xml", Route(rss20([]), content_type=XML))
    _run(db_sessions, ingest_config, source_id=source_id)
    source = _source(db_sessions, source_id)
    assert source.enabled and source.error_count == 0 and source.disabled_reason is None
