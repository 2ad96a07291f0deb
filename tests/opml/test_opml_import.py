"""Importing and exporting OPML against a real database and a real local HTTP server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session, sessionmaker

from bot.cli.opml import export_command, import_command
from digests.jobs.opml import check_feeds, export_sources, import_feeds
from digests.sources.fetch import make_client
from digests.sources.models import FetchConfig, SourceKind
from digests.sources.opml import OpmlFeed, SkipReason, parse_opml
from storage.engine import transaction
from storage.sources import add_source, list_sources

THREE_FEEDS = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My news</title></head>
  <body>
    <outline text="Ukraine">
      <outline type="rss" text="NV" title="NV" xmlUrl="{base}/nv/rss" htmlUrl="https://nv.ua/"/>
      <outline type="rss" text="Ukrainian News" xmlUrl="{base}/ukranews/rss"/>
    </outline>
    <outline type="rss" text="Broken: no feed URL" htmlUrl="https://example.org/"/>
  </body>
</opml>
"""


def _opml(base: str, text: str = THREE_FEEDS) -> bytes:
    return text.format(base=base).encode("utf-8")


def _invoke(database_url: str, command: object, *args: str) -> Result:
    return CliRunner().invoke(
        command,  # type: ignore[arg-type]
        list(args),
        env={
            "NEWSDIGEST_DATABASE_URL": database_url,
            "NEWSDIGEST_HTTP_TIMEOUT": "5",
            # The feed server is on 127.0.0.1.
            "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES": "true",
        },
    )


def test_three_feeds_one_broken_import_with_a_report(db_session: Session, feed_server: str) -> None:
    report = import_feeds(db_session, parse_opml(_opml(feed_server)))

    assert [(a.feed.title, a.feed.xml_url) for a in report.added] == [
        ("NV", f"{feed_server}/nv/rss"),
        ("Ukrainian News", f"{feed_server}/ukranews/rss"),
    ]
    assert [(s.what, s.reason) for s in report.skipped] == [
        ("Broken: no feed URL", SkipReason.NO_XML_URL)
    ]
    assert report.lines()[0] == "2 added, 1 skipped"
    assert report.lines()[-1] == "  skipped: Broken: no feed URL (no xmlUrl)"
    sources = list_sources(db_session)
    assert [(s.kind, s.location, s.title) for s in sources] == [
        (SourceKind.FEED.value, f"{feed_server}/nv/rss", "NV"),
        (SourceKind.FEED.value, f"{feed_server}/ukranews/rss", "Ukrainian News"),
    ]
    assert all(s.enabled and s.next_check_at is None for s in sources)


def test_importing_again_adds_nothing_and_says_why(db_session: Session, feed_server: str) -> None:
    document = parse_opml(_opml(feed_server))
    first = import_feeds(db_session, document)
    # The same feed spelled differently is still the same feed.
    shouting = parse_opml(_opml(feed_server.replace("http://", "HTTP://")))

    again = import_feeds(db_session, shouting)

    assert again.added == ()
    already = [s for s in again.skipped if s.reason is SkipReason.ALREADY_PRESENT]
    assert [s.detail for s in already] == [f"source #{a.source_id}" for a in first.added]
    assert len(list_sources(db_session)) == 2


def test_export_gives_back_the_same_feeds(db_session: Session, feed_server: str) -> None:
    imported = parse_opml(_opml(feed_server))
    import_feeds(db_session, imported)
    add_source(db_session, kind=SourceKind.PATH.value, location="/srv/seeds")

    result = export_sources(db_session, title="Round trip")
    back = parse_opml(result.data)

    assert (result.feeds, result.left_out) == (2, 1)
    assert back.title == "Round trip"
    # Equal in substance: the same feed URLs and titles (folders and htmlUrl are not stored).
    assert [(f.xml_url, f.title) for f in back.feeds] == [
        (f.xml_url, f.title) for f in imported.feeds
    ]
    assert back.skipped == ()


def test_check_rejects_a_404_and_an_html_page(feed_server: str) -> None:
    feeds = [
        OpmlFeed(f"{feed_server}/nv/rss", "NV"),
        OpmlFeed(f"{feed_server}/gone/rss", "Gone"),
        OpmlFeed(f"{feed_server}/page.html", "A page"),
    ]

    config = FetchConfig(timeout=5, allow_private_addresses=True)

    async def check() -> dict[str, str]:
        async with make_client(config) as client:
            return await check_feeds(feeds, client=client, config=config, concurrency=2)

    problems = asyncio.run(check())

    assert set(problems) == {f"{feed_server}/gone/rss", f"{feed_server}/page.html"}
    assert problems[f"{feed_server}/gone/rss"].startswith("HTTP 404")
    assert "HTML page where a feed was expected" in problems[f"{feed_server}/page.html"]


def test_cli_import_with_check_then_export(
    database_url: str, db_sessions: sessionmaker[Session], feed_server: str, tmp_path: Path
) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(_opml(feed_server).replace(b"/ukranews/rss", b"/missing/rss", 1))

    result = _invoke(database_url, import_command, "--check", str(opml))

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 added, 2 skipped"
    assert any(line.startswith("  added #") and "NV <" in line for line in lines)
    assert (
        f"  skipped: Ukrainian News <{feed_server}/missing/rss> (rejected: HTTP 404 Not Found"
        in result.output
    )
    assert "  skipped: Broken: no feed URL (no xmlUrl)" in lines

    out = tmp_path / "out.opml"
    exported = _invoke(database_url, export_command, str(out))
    assert exported.exit_code == 0, exported.output
    assert "exported 1 feeds" in exported.output
    assert [f.xml_url for f in parse_opml(out.read_bytes()).feeds] == [f"{feed_server}/nv/rss"]

    to_stdout = _invoke(database_url, export_command)
    assert to_stdout.stdout.startswith("<?xml version='1.0' encoding='utf-8'?>")
    with transaction(db_sessions) as session:
        assert len(list_sources(session)) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<opml><body><outline></opml>", "not well-formed XML: mismatched tag"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file: the root element is <rss>"),
        (b"", "the file is empty"),
    ],
)
def test_cli_bad_files_are_one_line_errors(
    database_url: str, tmp_path: Path, content: bytes, message: str
) -> None:
    opml = tmp_path / "bad.opml"
    opml.write_bytes(content)

    result = _invoke(database_url, import_command, str(opml))

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {opml}: {message}")
    assert len(result.output.strip().splitlines()) == 1


def test_cli_windows_1251_file(
    database_url: str, db_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    text = (
        '<?xml version="1.0" encoding="windows-1251"?>\n<opml version="1.0"><body>'
        '<outline text="Українські новини" xmlUrl="https://ukranews.com/rss/"/>'
        "</body></opml>"
    )
    opml = tmp_path / "cp1251.opml"
    opml.write_bytes(text.encode("cp1251"))

    result = _invoke(database_url, import_command, str(opml))

    assert result.exit_code == 0, result.output
    assert "Українські новини <https://ukranews.com/rss/>" in result.output
    with transaction(db_sessions) as session:
        assert [s.title for s in list_sources(session)] == ["Українські новини"]


def test_cli_missing_file(database_url: str, tmp_path: Path) -> None:
    result = _invoke(database_url, import_command, str(tmp_path / "nope.opml"))

    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_commands_hang_off_the_sources_group(
    database_url: str, db_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    from bot.cli import cli

    opml = tmp_path / "one.opml"
    opml.write_bytes(
        b'<opml version="2.0"><body><outline xmlUrl="https://a.test/rss"/></body></opml>'
    )
    env = {"NEWSDIGEST_DATABASE_URL": database_url}

    imported = CliRunner().invoke(cli, ["sources", "import", str(opml)], env=env)
    exported = CliRunner().invoke(cli, ["sources", "export", "-"], env=env)

    assert imported.exit_code == 0, imported.output
    assert imported.output.startswith("1 added, 0 skipped")
    assert 'xmlUrl="https://a.test/rss"' in exported.stdout
