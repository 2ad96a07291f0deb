"""A real HTTP server on 127.0.0.1 for ingestion tests, and builders for feeds and pages."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from digests.jobs.ingest import IngestConfig
from digests.sources.models import FetchConfig
from tests.support.http import QuietHTTPServer


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    # Send this many bytes in chunks without a Content-Length (an "endless" body).
    stream_bytes: int = 0
    # Seconds between the chunks of a streamed body (a server trickling bytes).
    chunk_delay: float = 0.0


class FeedServer:
    """Routes by path; counts requests so tests can see what a poll cost."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] = {}
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.base = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path
            server.hits[path] += 1
            found = server.routes.get(path)
            if found is None:
                self._send(Route(b"not found", status=404))
                return
            route = found(self) if callable(found) else found
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                server.conditional[path] += 1
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(route)

        def _send(self, route: Route) -> None:
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.stream_bytes:
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"x" * 65536
                sent = 0
                try:
                    while sent < route.stream_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                        if route.chunk_delay:
                            self.wfile.flush()
                            time.sleep(route.chunk_delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    return Handler


@pytest.fixture(scope="session")
def _served() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = QuietHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def http_server(_served: FeedServer) -> FeedServer:
    """The threaded server on a free port of 127.0.0.1, with no routes and zeroed counters."""
    _served.routes.clear()
    _served.hits.clear()
    _served.conditional.clear()
    return _served


@pytest.fixture
def fetch_config() -> FetchConfig:
    # The server is on 127.0.0.1, which the default address policy refuses.
    return FetchConfig(
        timeout=1.0,
        max_bytes=1_000_000,
        max_redirects=3,
        user_agent="test-agent",
        allow_private_addresses=True,
    )


@pytest.fixture
def ingest_config(fetch_config: FetchConfig) -> IngestConfig:
    return IngestConfig(fetch=fetch_config, concurrency=4, max_source_errors=3)
