"""A real HTTP server on 127.0.0.1 with two working feeds and a URL that answers 404."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from tests.support.http import QuietHTTPServer

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>http://example.test/</link>
<item><title>First</title><link>http://example.test/{slug}/1</link>
<description>Something happened in Kyiv today, officials said.</description></item>
</channel></rss>
"""

FEEDS = {
    "/nv/rss": RSS.format(title="NV", slug="nv").encode("utf-8"),
    "/ukranews/rss": RSS.format(title="Ukrainian News", slug="un").encode("utf-8"),
    "/page.html": b"<!doctype html><html><head><title>Not a feed</title></head><body/></html>",
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = FEEDS.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        kind = "text/html" if self.path.endswith(".html") else "application/rss+xml"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def feed_server() -> Iterator[str]:
    """Base URL ("http://127.0.0.1:PORT") of a server holding /nv/rss and /ukranews/rss."""
    server = QuietHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
