"""Over-long OPML fields: a 5,000-character host, a URL past 2,048 characters, a huge title.

Each costs its own outline one report line; the rest of the file is imported, on SQLite and on
PostgreSQL (which refuses values longer than their column).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from digests.jobs.opml import import_feeds
from digests.sources.opml import SkipReason, parse_opml
from storage.sources import list_sources

LONG_HOST = "http://" + "h" * 5000 + ".example/feed"
LONG_LABEL = "http://" + "h" * 300 + ".example/feed"
LONG_URL = "https://example.org/feed?" + "q=1&" * 600
OPML = f"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><body>
  <outline text="Host" xmlUrl="{LONG_HOST}"/>
  <outline text="Label" xmlUrl="{LONG_LABEL}"/>
  <outline text="Query" xmlUrl="{LONG_URL.replace("&", "&amp;")}"/>
  <outline text="{"T" * 3000}" xmlUrl="https://example.net/feed"/>
  <outline text="Fine" xmlUrl="https://example.com/feed"/>
</body></opml>""".encode()


def test_over_long_outlines_are_skipped_with_one_line_each(db_session: Session) -> None:
    document = parse_opml(OPML)
    report = import_feeds(db_session, document)
    assert [a.feed.xml_url for a in report.added] == [
        "https://example.net/feed",
        "https://example.com/feed",
    ]
    reasons = {skip.reason: skip for skip in report.skipped}
    assert set(reasons) == {SkipReason.INVALID_URL}
    lines = report.lines()
    assert len(lines) == 6
    assert all(len(line) < 400 for line in lines)
    assert any("over 63 characters" in line for line in lines)
    assert any("longer than 2,048 characters" in line for line in lines)
    titles = {s.location: s.title for s in list_sources(db_session)}
    assert titles["https://example.net/feed"] == "T" * 512
