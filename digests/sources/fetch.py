"""HTTP for sources, the only place it happens: timeouts, a byte cap, bounded redirects, 304s."""

from __future__ import annotations

import asyncio

import httpx

from digests.sources.errors import (
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    ResponseTooLarge,
    TooManyRedirects,
)
from digests.sources.models import FetchConfig, Fetched

__all__ = ["fetch", "make_client"]

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


def make_client(config: FetchConfig) -> httpx.AsyncClient:
    """One client for a whole run: connection reuse, our User-Agent, bounded redirects."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=True,
        max_redirects=config.max_redirects,
        headers={"User-Agent": config.user_agent, "Accept": _ACCEPT},
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url`` conditionally; a body over ``max_bytes`` is cut off and raises, never loaded.

    ``timeout`` bounds the whole exchange, so a server trickling bytes cannot hold a slot.
    """
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(timeout):
            return await _get(client, url, headers=headers, max_bytes=max_bytes)
    except TimeoutError as exc:
        raise FetchTimeout(f"no complete answer from {url} within {timeout:g} s") from exc
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"no complete answer from {url} within {timeout:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise TooManyRedirects(f"too many redirects (or a loop) from {url}") from exc
    except httpx.InvalidURL as exc:
        raise NetworkError(f"invalid URL {url!r}: {exc}") from exc
    except httpx.UnsupportedProtocol as exc:
        raise NetworkError(f"unsupported URL scheme in {url!r}") from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise NetworkError(f"cannot download {url}: {exc or type(exc).__name__}") from exc


async def _get(
    client: httpx.AsyncClient, url: str, *, headers: dict[str, str], max_bytes: int
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final = str(response.url)
        if response.status_code == 304:
            return Fetched(
                url=final,
                status=304,
                content=b"",
                etag=response.headers.get("ETag") or headers.get("If-None-Match"),
                last_modified=response.headers.get("Last-Modified")
                or headers.get("If-Modified-Since"),
            )
        if not 200 <= response.status_code < 300:
            phrase = response.reason_phrase or "error"
            raise HTTPStatusError(
                f"HTTP {response.status_code} {phrase} from {final}", status=response.status_code
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLarge(
                f"response from {final} is {int(declared):,} bytes, over the {max_bytes:,} limit"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLarge(
                    f"response from {final} exceeds the {max_bytes:,} byte limit; cut off"
                )
            chunks.append(chunk)
        content_type = response.headers.get("Content-Type")
        return Fetched(
            url=final,
            status=response.status_code,
            content=b"".join(chunks),
            content_type=content_type.split(";")[0].strip().lower() if content_type else None,
            charset=response.charset_encoding,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
