"""HTTP for sources, the only place it happens: timeouts, byte caps, bounded redirects, 304s.

Bodies are read raw and inflated here in bounded pieces (``decoding``), so the byte cap holds
for decoded bytes too; the whole exchange, redirects and body included, has one deadline; and
every connection goes through the address policy (``addresses``), redirects included.
"""

from __future__ import annotations

import asyncio
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlsplit

import httpcore
import httpx

from digests.sources.addresses import (
    AddressPolicy,
    AddressRefused,
    GuardedBackend,
    Resolver,
    allowed_addresses,
)
from digests.sources.decoding import ACCEPT_ENCODING, BadEncoding, BoundedDecoder
from digests.sources.errors import (
    AddressNotAllowed,
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    ResponseTooLarge,
    TooManyRedirects,
)
from digests.sources.models import FetchConfig, Fetched
from digests.sources.urls import shown, url_problem

__all__ = ["check_address", "fetch", "make_client"]

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)

_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose every socket passes the address policy."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None) -> None:
        super().__init__()
        # httpx takes no network backend; its pool is the documented seam of httpcore.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=GuardedBackend(policy, resolver=resolver),
        )


def _no_cookies() -> CookieJar:
    """A cookie jar that keeps nothing: the process's one client would otherwise keep every
    cookie of every source for its life (3,000 after 300 polls of one feed that sets ten), and
    send one source's cookies back on its next poll. Feeds and article pages need none."""
    # A jar, not httpx.Cookies: the client would copy those into a jar of its own, keeping all.
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def make_client(config: FetchConfig, *, resolver: Resolver | None = None) -> httpx.AsyncClient:
    """One client for a whole run: connection reuse, our User-Agent, bounded redirects, and
    no cookies kept (``_no_cookies``).

    Proxy variables are not read: a proxy would make the connection, out of the policy's reach.
    ``resolver`` replaces the system's name lookup (host, port -> addresses).
    """
    policy = config.address_policy
    return httpx.AsyncClient(
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=True,
        max_redirects=config.max_redirects,
        headers={
            "User-Agent": config.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        transport=_GuardedTransport(policy, resolver),
        cookies=_no_cookies(),
        trust_env=False,
    )


async def check_address(url: str, config: FetchConfig, *, resolver: Resolver | None = None) -> None:
    """Raise AddressNotAllowed (or NetworkError) when ``url`` could not be fetched from."""
    _check_url(url)
    parts = urlsplit(url)
    assert parts.hostname is not None
    policy = config.address_policy
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        await allowed_addresses(parts.hostname, port, policy, resolver=resolver)
    except AddressRefused as exc:
        raise AddressNotAllowed(f"{url}: {exc}") from exc
    except httpcore.ConnectError as exc:
        raise NetworkError(f"cannot download {url}: {exc}") from exc


def _check_url(url: str) -> None:
    problem = url_problem(url)
    if problem in ("not an http(s) URL", "no host"):
        raise NetworkError(f"not an http(s) URL: {shown(url)!r}")
    if problem is not None:
        raise NetworkError(f"invalid URL {shown(url)!r}: {problem}")


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
    _check_url(url)
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
    except httpx.ConnectError as exc:
        if isinstance(exc.__cause__, AddressRefused):
            raise AddressNotAllowed(f"{url}: {exc.__cause__}") from exc
        raise NetworkError(f"cannot download {url}: {exc or type(exc).__name__}") from exc
    except BadEncoding as exc:
        raise NetworkError(f"cannot read the answer from {url}: {exc}") from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise NetworkError(f"cannot download {url}: {exc or type(exc).__name__}") from exc
    except UnicodeError as exc:
        # A redirect to a host name the IDNA codec refuses (a label over 63 characters).
        raise NetworkError(f"invalid host name on the way to {shown(url)}: {exc}") from exc


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
        content = await _read_body(response, final, max_bytes=max_bytes)
        content_type = response.headers.get("Content-Type")
        return Fetched(
            url=final,
            status=response.status_code,
            content=content,
            content_type=content_type.split(";")[0].strip().lower() if content_type else None,
            charset=response.charset_encoding,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            content_location=response.headers.get("Content-Location"),
        )


async def _read_body(response: httpx.Response, url: str, *, max_bytes: int) -> bytes:
    """The decoded body, cut off (raising) once either the raw or the decoded bytes pass the cap."""
    decoder = BoundedDecoder(response.headers.get("Content-Encoding"))
    pieces: list[bytes] = []
    raw = size = 0

    def take(piece: bytes) -> None:
        nonlocal size
        size += len(piece)
        if size > max_bytes:
            raise ResponseTooLarge(
                f"response from {url} exceeds the {max_bytes:,} byte limit once decoded; cut off"
            )
        pieces.append(piece)

    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if raw > max_bytes:
            raise ResponseTooLarge(
                f"response from {url} exceeds the {max_bytes:,} byte limit; cut off"
            )
        for piece in decoder.decode(chunk):
            take(piece)
            # Inflating is CPU work: let the deadline (and everything else on the loop) run.
            await asyncio.sleep(0)
    for piece in decoder.finish():
        take(piece)
    return b"".join(pieces)
