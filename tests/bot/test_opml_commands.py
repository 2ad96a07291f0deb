"""Admin /import and /export against the test Bot API server: getFile in, sendDocument out."""

from __future__ import annotations

from sqlalchemy import select

from digests.sources.models import SourceKind
from digests.sources.opml import parse_opml
from storage.engine import transaction
from storage.models import Source
from storage.sources import add_source
from tests.bot.conftest import ADMIN, BotHarness
from tests.support.botapi import User

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News">
      <outline type="rss" text="Kyiv Independent" xmlUrl="https://kyivindependent.com/feed/"/>
      <outline type="rss" text="Ukrainska Pravda" xmlUrl="https://www.pravda.com.ua/rss/"/>
    </outline>
    <outline type="rss" text="Broken, no feed address"/>
  </body>
</opml>
"""


def _feeds(bot: BotHarness) -> dict[str, str | None]:
    with bot.sessions() as session:
        rows = session.scalars(select(Source).where(Source.kind == SourceKind.FEED)).all()
        return {row.location: row.title for row in rows}


async def test_import_with_caption_reports_added_and_skipped(bot: BotHarness) -> None:
    with transaction(bot.sessions) as session:
        add_source(session, kind="feed", location="https://www.pravda.com.ua/rss/")
    before = len(bot.server.calls("sendMessage", chat_id=ADMIN.id))
    bot.server.push_document(OPML, caption="/import", user=ADMIN)
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=before + 1, chat_id=ADMIN.id, timeout=10
    )
    report = str(calls[before].params["text"])
    assert "1 feed added, 2 skipped" in report
    assert "Kyiv Independent" in report
    assert "already a source" in report and "no xmlUrl" in report
    assert bot.server.calls("getFile")
    assert set(_feeds(bot)) == {
        "https://kyivindependent.com/feed/",
        "https://www.pravda.com.ua/rss/",
    }


async def test_import_as_a_reply_to_the_file_and_bad_files(bot: BotHarness) -> None:
    document = bot.server.push_document(OPML, user=ADMIN)
    # The bare document gets the "text commands only" hint; then /import answers it.
    await bot.server.wait_for_calls_async("sendMessage", count=1, chat_id=ADMIN.id, timeout=10)
    bot.server.push_message("/import", user=ADMIN, extra={"reply_to_message": document})
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=2, chat_id=ADMIN.id, timeout=10
    )
    assert "2 feeds added, 1 skipped" in calls[1].params["text"]

    usage = await bot.command("import", user=ADMIN)
    assert "Usage" in usage and ".opml" in usage
    bot.server.push_document(b"<opml><body><outline", caption="/import", user=ADMIN)
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=4, chat_id=ADMIN.id, timeout=10
    )
    assert calls[3].params["text"].startswith("Not imported:")
    assert len(_feeds(bot)) == 2


async def test_import_and_export_are_for_admins(bot: BotHarness) -> None:
    user = User()
    bot.server.push_document(OPML, caption="/import", user=user)
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=1, chat_id=user.id, timeout=10
    )
    assert "admins" in calls[0].params["text"]
    assert "admins" in await bot.command("export", user=user)
    assert not _feeds(bot) and not bot.server.calls("getFile")


async def test_export_sends_the_feeds_back_as_opml(bot: BotHarness) -> None:
    bot.server.push_document(OPML, caption="/import", user=ADMIN)
    await bot.server.wait_for_calls_async("sendMessage", count=1, chat_id=ADMIN.id, timeout=10)
    with transaction(bot.sessions) as session:
        add_source(session, kind="page", location="https://example.org/article")
    bot.server.push_command("export", user=ADMIN)
    sent = await bot.server.wait_for_calls_async(
        "sendDocument", count=1, chat_id=ADMIN.id, timeout=10
    )
    upload = sent[0].uploads["document"]
    assert upload.filename == "newsdigest-sources.opml"
    assert "2 feeds as OPML" in sent[0].params["caption"]
    assert "1 page or file source is left out" in sent[0].params["caption"]
    exported = parse_opml(upload.data)
    assert {(f.xml_url, f.title) for f in exported.feeds} == {
        ("https://kyivindependent.com/feed/", "Kyiv Independent"),
        ("https://www.pravda.com.ua/rss/", "Ukrainska Pravda"),
    }
