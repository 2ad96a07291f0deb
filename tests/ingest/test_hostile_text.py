"""Text a database refuses (NUL, lone surrogates, over-long fields), per item, never per run.

Through the ingest job, a real server on 127.0.0.1 and real databases (PostgreSQL refuses NUL in
text and checks every column's length; SQLite does neither, so both are run).
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest import IngestConfig, IngestReport, ingest
from digests.sources.fetch import make_client
from digests.sources.models import SourceKind
from storage.articles import list_articles
from storage.engine import transaction
from storage.models import Article, Source
from storage.sources import add_source, get_source
from tests.ingest.builders import article_text, long_text, page_html, rss20
from tests.ingest.conftest import FeedServer, Route

XML = "application/rss+xml"


def _add(sessions: sessionmaker[Session], kind: SourceKind, location: str) -> int:
    with transaction(sessions) as session:
        return add_source(session, kind=kind, location=location).id


def _run(sessions: sessionmaker[Session], config: IngestConfig) -> IngestReport:
    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(sessions, config, client=client, everything=True)

    return asyncio.run(once())


def _articles(sessions: sessionmaker[Session]) -> list[Article]:
    with transaction(sessions) as session:
        return list(list_articles(session))


def _source(sessions: sessionmaker[Session], source_id: int) -> Source:
    with transaction(sessions) as session:
        found = get_source(session, source_id)
        assert found is not None
        return found


def test_nul_bytes_and_references_are_dropped_from_the_item_not_the_run(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    raw = rss20(
        [
            {
                "title": "Nul&#0; in the title",
                "link": "http://example.com/nul",
                "author": "A. Writer&#x0;",
                "description": long_text("Harbour") + " NUL here: &#0;.",
            },
        ],
        title="Feed\x00 title",
    ).replace(b"Harbour news", b"Harbour\x00 news", 1)
    first = _add(
        db_sessions, SourceKind.FEED, http_server.add("/nul.xml", Route(raw, content_type=XML))
    )
    after = _add(
        db_sessions,
        SourceKind.FEED,
        http_server.add(
            "/after.xml",
            Route(
                rss20(
                    [
                        {
                            "title": "After",
                            "link": "http://example.com/after",
                            "description": long_text("Bridges"),
                        }
                    ]
                ),
                content_type=XML,
            ),
        ),
    )
    report = _run(db_sessions, ingest_config)
    assert report.failed == 0, report.failures
    assert report.new == 2
    stored = {a.url: a for a in _articles(db_sessions)}
    nul = stored["http://example.com/nul"]
    assert nul.title == "Nul in the title" and "\x00" not in nul.text and "Harbour news" in nul.text
    assert nul.author == "A. Writer"
    assert _source(db_sessions, first).title == "Feed title"
    assert _source(db_sessions, after).error_count == 0
    # Polled again: the same article, unchanged, not a second row.
    again = _run(db_sessions, ingest_config)
    assert again.failed == 0 and again.new == 0 and len(_articles(db_sessions)) == 2


def test_a_lone_surrogate_costs_its_characters_not_the_feed(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    items = [
        {
            "title": "Broken &#xD800; title &#55296;",
            "link": "http://example.com/s1",
            "guid": "guid-&#xDFFF;",
            "description": long_text("Rivers") + " &#x110000;",
        },
        {"title": "Fine", "link": "http://example.com/s2", "description": long_text("Lakes")},
    ]
    _add(
        db_sessions,
        SourceKind.FEED,
        http_server.add("/s.xml", Route(rss20(items), content_type=XML)),
    )
    report = _run(db_sessions, ingest_config)
    assert report.failed == 0, report.failures
    assert report.new == 2
    titles = sorted(a.title or "" for a in _articles(db_sessions))
    assert titles == ["Broken  title ", "Fine"] or titles == ["Broken title", "Fine"]


def test_a_page_with_nul_and_surrogate_references_is_stored(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    html = page_html("Page &#xD800;title", article_text("Tunnels") + " Odd &#0; end.")
    _add(db_sessions, SourceKind.PAGE, http_server.add("/page.html", Route(html + b"\x00")))
    report = _run(db_sessions, ingest_config)
    assert report.failed == 0, report.failures
    [stored] = _articles(db_sessions)
    assert "\x00" not in stored.text and "\ud800" not in (stored.title or "")


def test_over_long_fields_are_bounded_to_their_columns(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    items = [
        {
            "title": "T" * 5000,
            "link": "http://example.com/long",
            "author": "W" * 3000,
            "description": long_text("Ferries"),
        },
    ]
    source_id = _add(
        db_sessions,
        SourceKind.FEED,
        http_server.add(
            "/long.xml",
            Route(rss20(items, title="F" * 5000), content_type=XML, etag='"' + "e" * 3000 + '"'),
        ),
    )
    report = _run(db_sessions, ingest_config)
    assert report.failed == 0, report.failures
    [stored] = _articles(db_sessions)
    assert stored.title == "T" * 1024 and stored.author == "W" * 512
    source = _source(db_sessions, source_id)
    assert source.title == "F" * 512 and source.error_count == 0
    # Polled again: the stored (cut) title is the same title, not an update every poll.
    again = _run(db_sessions, ingest_config)
    assert (again.new, again.updated, again.failed) == (0, 0, 0)


def test_metadata_with_nul_and_surrogates_is_cleaned(
    db_sessions: sessionmaker[Session], ingest_config: IngestConfig, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(article_text("Canals"), encoding="utf-8")
    (tmp_path / "metadata.json").write_text(
        json.dumps({"a.txt": {"title": "Canals\u0000 \ud800today", "outlet": "O" * 900}}),
        encoding="utf-8",
    )
    _add(db_sessions, SourceKind.PATH, str(tmp_path))
    report = _run(db_sessions, ingest_config)
    assert report.failed == 0, report.failures
    [stored] = _articles(db_sessions)
    assert stored.title == "Canals today" and stored.outlet == "O" * 256


def test_a_database_error_fails_that_source_alone(
    db_sessions: sessionmaker[Session], http_server: FeedServer, ingest_config: IngestConfig
) -> None:
    """The last line of defence: a write the database refuses fails one source, not the run.

    The source is removed while its poll is in flight (an admin's /removesource), so its
    articles' source no longer exists when they are written.
    """
    doomed: list[int] = []

    def vanishing(_: object) -> Route:
        with transaction(db_sessions) as session:
            session.execute(Source.__table__.delete().where(Source.id == doomed[0]))
        body = rss20(
            [{"title": "Gone", "link": "http://example.com/gone", "description": long_text("Gone")}]
        )
        return Route(body, content_type=XML)

    http_server.routes["/vanishing.xml"] = vanishing
    doomed.append(_add(db_sessions, SourceKind.FEED, http_server.url("/vanishing.xml")))
    others = [
        _add(
            db_sessions,
            SourceKind.FEED,
            http_server.add(
                f"/ok{n}.xml",
                Route(
                    rss20(
                        [
                            {
                                "title": f"Ok {n}",
                                "link": f"http://example.com/ok{n}",
                                "description": long_text(f"Topic{n}"),
                            }
                        ]
                    ),
                    content_type=XML,
                ),
            ),
        )
        for n in range(3)
    ]
    report = _run(db_sessions, ingest_config)
    assert report.new == 3
    [failure] = report.failures
    assert failure.source_id == doomed[0] and "\n" not in failure.reason
    with transaction(db_sessions) as session:
        stored = set(session.scalars(select(Article.source_id)))
    assert stored == set(others)


_LONG_HOST = "http://" + "h" * 5000 + ".example/feed"


def test_a_stored_source_with_an_impossible_host_fails_in_one_line(
    db_sessions: sessionmaker[Session],
    ingest_config: IngestConfig,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A source stored before the check (or by hand) fails with its reason, no traceback."""
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind=SourceKind.FEED, location=_LONG_HOST[:2048]).id

    async def once() -> int:
        async with make_client(ingest_config.fetch) as client:
            report = await ingest(db_sessions, ingest_config, client=client, everything=True)
        return report.failed

    with caplog.at_level(logging.INFO):
        assert asyncio.run(once()) == 1
    assert not [r for r in caplog.records if r.exc_info]
    with transaction(db_sessions) as session:
        source = get_source(session, source_id)
        assert source is not None and source.error_count == 1
        assert source.last_error and "over 63 characters" in source.last_error
        assert len(source.last_error) < 300
