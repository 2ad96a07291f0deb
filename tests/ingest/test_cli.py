"""`newsdigest sources ...` and `newsdigest ingest` end to end on a real database."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import cli
from storage.articles import list_articles
from storage.engine import transaction
from storage.sources import list_sources
from tests.ingest.builders import long_text, page_html, rss20
from tests.ingest.conftest import FeedServer, Route

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(database_url: str, db_sessions: sessionmaker[Session]) -> Invoke:
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(
            cli,
            list(args),
            env={
                "NEWSDIGEST_DATABASE_URL": database_url,
                # The test server is on 127.0.0.1.
                "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES": "true",
            },
        )

    return run


def test_seeds_folder_end_to_end(
    invoke: Invoke, db_sessions: sessionmaker[Session], seeds_dir: Path
) -> None:
    added = invoke("sources", "add", str(seeds_dir))
    assert added.exit_code == 0, added.output
    assert added.output.startswith("added source ") and " path " in added.output

    first = invoke("ingest")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == "2 new, 0 unchanged, 0 failed"
    with transaction(db_sessions) as session:
        articles = {a.outlet: a for a in list_articles(session)}
    nv, un = articles["NV"], articles["Ukrainian News"]
    assert nv.title is not None and nv.title.startswith("After Kyiv visit, Blinken urges")
    # Ukrainian News gives no headline: its first sentence, cut at a word, stands in.
    assert un.title is not None
    assert un.title.startswith("The U.S. Department of State, under the leadership of Antony")
    assert len(un.title) <= 100
    for article in (nv, un):
        assert article.published_precision == "month"
        assert article.published_at is not None and article.published_at.month == 5
        assert article.language == "en"
        assert "Photo:" not in article.text and "Share:" not in article.text
        assert "\n\n\n" not in article.text

    # Nothing is due right away; forcing every source finds only what is already stored.
    assert invoke("ingest").output.splitlines()[-1] == "0 new, 0 unchanged, 0 failed"
    again = invoke("ingest", "--all")
    assert again.output.splitlines()[-1] == "0 new, 2 unchanged, 0 failed"

    listed = invoke("sources", "list")
    assert listed.exit_code == 0
    assert "enabled" in listed.output and str(seeds_dir.resolve()) in listed.output


def test_binary_and_empty_files_in_a_folder(
    invoke: Invoke, tmp_path: Path, seeds_dir: Path
) -> None:
    shutil.copy(seeds_dir / "nv-blinken-2024-05.txt", tmp_path / "good.txt")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    (tmp_path / "weird.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "short.txt").write_text("Just one line.\n", encoding="utf-8")
    assert invoke("sources", "add", str(tmp_path)).exit_code == 0
    result = invoke("ingest")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "1 new, 0 unchanged, 2 failed" in lines
    assert "failed: source" in result.output
    assert any("weird.txt: binary content, not text" in line for line in lines)
    assert any("short.txt: only 3 words of text" in line for line in lines)


def test_feed_and_page_urls_are_detected(invoke: Invoke, http_server: FeedServer) -> None:
    feed = http_server.add(
        "/feed.xml",
        Route(
            rss20([{"title": "A", "link": "http://e/a", "description": long_text("A")}]),
            content_type="application/rss+xml",
        ),
    )
    page = http_server.add("/page.html", Route(page_html("A page", long_text("B"))))
    assert " feed " in invoke("sources", "add", feed).output
    assert " page " in invoke("sources", "add", page).output
    duplicate = invoke("sources", "add", feed)
    assert duplicate.exit_code == 1 and "already a source" in duplicate.output
    result = invoke("ingest")
    assert result.output.splitlines()[-1] == "2 new, 0 unchanged, 0 failed"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("not a thing", "neither an http(s) URL nor an existing file or folder"),
        ("ftp://example.com/feed", "unsupported URL scheme 'ftp'"),
        # A source's address is a column of 2,048 characters: PostgreSQL refused a longer one
        # with a raw database error; now it is refused before anything is fetched.
        ("http://example.com/" + "a" * 3000, "longer than 2,048 characters (3,019)"),
        ("http://" + "h" * 300 + ".example/feed", "a label of the host name is over 63"),
    ],
)
def test_bad_locations_are_one_line_errors(invoke: Invoke, location: str, message: str) -> None:
    result = invoke("sources", "add", location)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and len(result.output) < 400


def test_unreachable_url_is_one_line_error(invoke: Invoke, http_server: FeedServer) -> None:
    result = invoke("sources", "add", http_server.url("/missing"))
    assert result.exit_code == 1
    assert "HTTP 404" in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1


def test_remove_and_unknown_ids(invoke: Invoke, seeds_dir: Path) -> None:
    invoke("sources", "add", str(seeds_dir))
    invoke("ingest")
    listed = invoke("sources", "list").output
    source_id = listed.splitlines()[1].split()[0]
    removed = invoke("sources", "remove", source_id)
    assert removed.output.strip() == f"removed source {source_id} and its 2 article(s)"
    assert invoke("sources", "remove", source_id).exit_code == 1
    assert "no source with id 999" in invoke("ingest", "--source", "999").output
    assert "no sources yet" in invoke("sources", "list").output


@pytest.mark.parametrize(
    "command",
    [("sources",), ("sources", "add"), ("sources", "list"), ("sources", "remove"), ("ingest",)],
)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    body = result.output.split("\n\n", 1)[1]
    assert len(body.strip()) > 20


@pytest.mark.parametrize("argument", ["²", "٣", "99999999999999999999", "0"])
def test_strange_ids_are_one_line_errors(invoke: Invoke, argument: str) -> None:
    for args in (
        ("sources", "remove", argument),
        ("ingest", "--source", argument),
        ("analyze", argument),
    ):
        result = invoke(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.output)
        assert "not an id" in result.output or "neither an existing file" in result.output, (
            args,
            result.output,
        )


def test_sources_add_refuses_private_addresses_by_default(
    database_url: str, db_sessions: sessionmaker[Session], http_server: FeedServer
) -> None:
    url = http_server.add("/feed.xml", Route(rss20([]), content_type="application/rss+xml"))
    for args in (("sources", "add", url), ("sources", "add", "--kind", "feed", url)):
        result = CliRunner().invoke(cli, list(args), env={"NEWSDIGEST_DATABASE_URL": database_url})
        assert result.exit_code == 1, result.output
        assert "127.0.0.1 is a loopback address" in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert http_server.hits["/feed.xml"] == 0
    with transaction(db_sessions) as session:
        assert list(list_articles(session)) == []
        assert list(list_sources(session)) == []
