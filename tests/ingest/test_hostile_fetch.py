"""Hostile HTTP answers from 127.0.0.1: compression bombs, trickled bodies, odd encodings.

The bomb test runs the fetch in a child process so its peak memory (VmHWM) is its own.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from typing import Any

import pytest

from digests.sources.errors import FetchTimeout, NetworkError, ResponseTooLarge
from digests.sources.fetch import fetch, make_client
from digests.sources.models import FetchConfig, Fetched
from tests.conftest import ROOT
from tests.ingest.conftest import FeedServer, Route

MIB = 1 << 20


def _get(config: FetchConfig, url: str) -> Fetched:
    async def go() -> Fetched:
        async with make_client(config) as client:
            return await fetch(client, url, max_bytes=config.max_bytes, timeout=config.timeout)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def stacked_bomb() -> bytes:
    """1 GiB of zeros, gzip inside gzip: under 2 KB on the wire."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MIB)
    body = b"".join(inner.compress(zeros) for _ in range(1024)) + inner.flush()
    return gzip.compress(body, 9)


_CHILD = """
import asyncio, json, sys, time
from digests.sources.fetch import fetch, make_client
from digests.sources.models import FetchConfig

def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

async def main(url, timeout):
    config = FetchConfig(timeout=timeout, allow_private_addresses=True)
    gaps = []
    async def ticker():
        # Stands for the bot answering commands while the fetch runs.
        while True:
            start = time.monotonic()
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - start)
    tick = asyncio.create_task(ticker())
    before = peak_kib()
    start = time.monotonic()
    try:
        async with make_client(config) as client:
            await fetch(client, url, max_bytes=config.max_bytes, timeout=timeout)
        error = None
    except Exception as exc:
        error = [type(exc).__name__, str(exc)]
    elapsed = time.monotonic() - start
    tick.cancel()
    print(json.dumps({"error": error, "elapsed": elapsed, "before_kib": before,
                      "peak_kib": peak_kib(), "max_gap": max(gaps, default=0.0)}))

asyncio.run(main(sys.argv[1], float(sys.argv[2])))
"""


def test_stacked_gzip_bomb_is_cut_off_in_bounded_memory_and_time(
    http_server: FeedServer, stacked_bomb: bytes
) -> None:
    assert len(stacked_bomb) < 5_000
    url = http_server.add(
        "/bomb.xml",
        Route(
            stacked_bomb, content_type="application/xml", headers={"Content-Encoding": "gzip, gzip"}
        ),
    )
    timeout = 8.0
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, str(timeout)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    kind, message = result["error"]
    assert kind == ResponseTooLarge.__name__
    assert "\n" not in message and "5,000,000 byte limit" in message
    assert result["peak_kib"] < 100 * 1024, result
    assert result["elapsed"] < timeout, result
    # The event loop kept turning: nothing else on it waited for the inflating.
    assert result["max_gap"] < 0.5, result


def test_trickled_body_hits_the_deadline_of_the_whole_response(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    # Each chunk arrives well within the per-read timeout; the whole body would take 40 s.
    url = http_server.add("/trickle", Route(stream_bytes=400 * 65536, chunk_delay=0.1))
    config = replace(fetch_config, timeout=1.0, max_bytes=100 * MIB)
    start = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"within 1 s") as caught:
        _get(config, url)
    assert time.monotonic() - start < 3
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
        ("gzip", lambda b: gzip.compress(b[:5000]) + gzip.compress(b[5000:])),  # two members
        ("identity", lambda b: b),
    ],
)
def test_encoded_bodies_decode_to_what_was_sent(
    http_server: FeedServer, fetch_config: FetchConfig, encoding: str, encode: Any
) -> None:
    body = ("<p>Город & café — ünïcode</p>\n" * 2000).encode()
    url = http_server.add("/page", Route(encode(body), headers={"Content-Encoding": encoding}))
    assert _get(fetch_config, url).content == body


@pytest.mark.parametrize(
    ("encoding", "payload", "expected"),
    [
        ("br", b"\x0b\x02\x80hello\x03", "unsupported Content-Encoding 'br'"),
        ("gzip", b"\x1f\x8b\x08\x00broken", "gzip data ends before the end"),
        ("gzip", b"plain text, not gzip", "gzip data does not inflate"),
        ("gzip, gzip, gzip, gzip, gzip", b"x", "5 layers of Content-Encoding"),
    ],
)
def test_unreadable_encodings_are_one_line_errors(
    http_server: FeedServer,
    fetch_config: FetchConfig,
    encoding: str,
    payload: bytes,
    expected: str,
) -> None:
    url = http_server.add("/odd", Route(payload, headers={"Content-Encoding": encoding}))
    with pytest.raises(NetworkError, match=expected) as caught:
        _get(fetch_config, url)
    assert "\n" not in str(caught.value)


def test_decoded_bytes_are_capped_even_for_an_honest_gzip(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    body = gzip.compress(b"a" * (3 * MIB))
    url = http_server.add("/big", Route(body, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(ResponseTooLarge, match="once decoded"):
        _get(replace(fetch_config, max_bytes=MIB), url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[::1/feed", "invalid URL"),
        ("http://example.com:99999/feed", "invalid URL"),
        ("http://example.com:0/feed", "port 0"),
        ("ftp://example.com/feed", "not an http"),
    ],
)
def test_bad_urls_are_one_line_errors_before_any_request(
    fetch_config: FetchConfig, url: str, expected: str
) -> None:
    with pytest.raises(NetworkError, match=expected) as caught:
        _get(fetch_config, url)
    assert "\n" not in str(caught.value)


def test_the_client_keeps_no_cookies_across_polls_or_sources(
    http_server: FeedServer, fetch_config: FetchConfig
) -> None:
    """One long-lived client used to keep every cookie it was given (3,000 after 300 polls)."""
    sent: list[str | None] = []

    def setting(handler: Any) -> Route:
        sent.append(handler.headers.get("Cookie"))
        n = len(sent)
        return Route(b"ok", content_type="text/plain", headers={"Set-Cookie": f"c{n}={n}; Path=/"})

    http_server.routes["/a"] = setting
    http_server.routes["/b"] = setting

    async def go() -> int:
        async with make_client(fetch_config) as client:
            for _ in range(30):
                for path in ("/a", "/b"):
                    url = http_server.url(path)
                    await fetch(client, url, max_bytes=1000, timeout=fetch_config.timeout)
            return len(client.cookies.jar)

    assert asyncio.run(go()) == 0
    assert len(sent) == 60 and sent == [None] * 60
