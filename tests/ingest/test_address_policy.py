"""The address policy: non-public addresses refused by default, after resolution and per redirect.

Every server here is on 127.0.0.1, so the default policy refusing it is the point; the tests
that must reach it say so (``allow_private_addresses`` or ``allowed_hosts``).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from digests.sources.addresses import AddressPolicy, address_problem, literal_host_problem
from digests.sources.errors import AddressNotAllowed
from digests.sources.fetch import fetch, make_client
from digests.sources.models import FetchConfig, Fetched
from tests.ingest.conftest import FeedServer, Route

DEFAULT = FetchConfig(timeout=2.0)


def _get(config: FetchConfig, url: str, **client: object) -> Fetched:
    async def go() -> Fetched:
        async with make_client(config, **client) as c:  # type: ignore[arg-type]
            return await fetch(c, url, max_bytes=config.max_bytes, timeout=config.timeout)

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("239.255.255.250", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "not a public address"),
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("2002:7f00:1::", "a loopback address"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", "a private address"),  # NAT64 around 10.0.0.1
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_classes(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


def test_literal_hosts_and_exemptions() -> None:
    policy = AddressPolicy.of(allowed_hosts=["Intranet.Example.", "10.0.0.5"])
    assert literal_host_problem("127.0.0.1", policy) == "127.0.0.1 is a loopback address"
    assert literal_host_problem("[::1]", policy) == "::1 is a loopback address"
    assert literal_host_problem("LOCALHOST", policy) == "localhost is a loopback name"
    assert literal_host_problem("api.localhost", policy) == "api.localhost is a loopback name"
    assert literal_host_problem("10.0.0.5", policy) is None
    assert literal_host_problem("intranet.example", policy) is None
    assert literal_host_problem("example.com", policy) is None  # a name: checked when resolved
    assert literal_host_problem("127.0.0.1", AddressPolicy(allow_private=True)) is None


def test_the_default_refuses_loopback_in_one_line(http_server: FeedServer) -> None:
    url = http_server.add("/page", Route(b"<p>hello</p>"))
    with pytest.raises(AddressNotAllowed) as caught:
        _get(DEFAULT, url)
    message = str(caught.value)
    assert "127.0.0.1 is a loopback address" in message
    assert "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES" in message and "\n" not in message
    assert http_server.hits["/page"] == 0


def test_a_name_is_checked_on_what_it_resolves_to(http_server: FeedServer) -> None:
    http_server.add("/page", Route(b"<p>hello</p>"))
    port = http_server.base.rpartition(":")[2]
    with pytest.raises(AddressNotAllowed, match=r"refused localhost: .* is a loopback address"):
        _get(DEFAULT, f"http://localhost:{port}/page")
    assert http_server.hits["/page"] == 0


def test_the_connection_uses_the_checked_answer_of_the_one_lookup(http_server: FeedServer) -> None:
    """A name no system resolver knows, answered once by the test's resolver.

    Refused by default; allowed, the request reaches the server, so the socket went to the
    very address the check saw: there is no second lookup a rebinding DNS could answer.
    """
    http_server.add("/page", Route(b"<p>hello</p>"))
    port = http_server.base.rpartition(":")[2]
    lookups: list[str] = []

    async def rebinding(host: str, _port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    url = f"http://news.rebind.invalid:{port}/page"
    with pytest.raises(AddressNotAllowed, match=r"127\.0\.0\.1 is a loopback address"):
        _get(DEFAULT, url, resolver=rebinding)
    assert http_server.hits["/page"] == 0
    fetched = _get(replace(DEFAULT, allow_private_addresses=True), url, resolver=rebinding)
    assert fetched.content == b"<p>hello</p>"
    assert lookups == ["news.rebind.invalid", "news.rebind.invalid"]


def test_every_redirect_is_checked(http_server: FeedServer) -> None:
    port = http_server.base.rpartition(":")[2]
    http_server.add("/secret", Route(b"internal"))
    start = http_server.add(
        "/hop", Route(status=302, headers={"Location": f"http://localhost:{port}/secret"})
    )
    config = replace(DEFAULT, allowed_hosts=("127.0.0.1",))
    with pytest.raises(AddressNotAllowed, match="refused localhost"):
        _get(config, start)
    assert http_server.hits["/hop"] == 1 and http_server.hits["/secret"] == 0


def test_ipv6_and_mapped_literals_are_refused() -> None:
    for url in ("http://[::1]:9/feed", "http://[::ffff:127.0.0.1]:9/feed", "http://0.0.0.0:9/"):
        with pytest.raises(AddressNotAllowed):
            _get(DEFAULT, url)


def test_an_allowed_host_is_reached(http_server: FeedServer) -> None:
    url = http_server.add("/page", Route(b"<p>hello</p>"))
    assert _get(replace(DEFAULT, allowed_hosts=("127.0.0.1",)), url).content == b"<p>hello</p>"
