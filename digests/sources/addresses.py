"""Which network addresses a source may be fetched from: public ones, unless the operator says so.

The check runs where the connection is made (a network backend under httpx), on the very
address the socket connects to, for the first request and for every redirect, so a name that
resolves to a public address for one lookup and a private one for the next (DNS rebinding)
gains nothing: there is only one lookup, and its answer is what is checked and used.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore

__all__ = [
    "PRIVATE_SETTING",
    "AddressPolicy",
    "AddressRefused",
    "GuardedBackend",
    "Resolver",
    "address_problem",
    "allowed_addresses",
    "literal_host_problem",
]

PRIVATE_SETTING = "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES"

# host, port -> the addresses to try, in order.
Resolver = Callable[[str, int], Awaitable[list[str]]]
_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
# Prefixes that carry an IPv4 address inside an IPv6 one (NAT64, 6to4 and Teredo are read
# through the ipaddress helpers).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Refuse non-public addresses unless ``allow_private``; ``allowed_hosts`` exempt by name."""

    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()

    def exempt(self, host: str) -> bool:
        """Whether ``host`` (as written in the URL) skips the address check."""
        return self.allow_private or _norm(host) in self.allowed_hosts

    @classmethod
    def of(cls, *, allow_private: bool = False, allowed_hosts: Iterable[str] = ()) -> AddressPolicy:
        """A policy with host names normalized as the check compares them."""
        return cls(allow_private, frozenset(_norm(h) for h in allowed_hosts if h.strip()))


class AddressRefused(httpcore.ConnectError):
    """The host resolves only to addresses the policy refuses; the message says which and why."""


def _norm(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(address: str | _IP) -> str | None:
    """Why ``address`` may not be fetched from ("a loopback address"...), or None when public."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped link-local address"
        inner = _embedded_v4(ip)
        if inner is not None:
            return address_problem(inner)
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    )
    return next((why for bad, why in checks if bad), None)


def literal_host_problem(host: str, policy: AddressPolicy) -> str | None:
    """For a host written as an IP address (or localhost): why the policy refuses it, no lookup."""
    if policy.exempt(host):
        return None
    name = _norm(host)
    if name == "localhost" or name.endswith(".localhost"):
        # Reserved for loopback (RFC 6761), whatever a resolver answers.
        return f"{name} is a loopback name"
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return None
    problem = address_problem(ip)
    return f"{ip} is {problem}" if problem else None


async def _system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def allowed_addresses(
    host: str, port: int, policy: AddressPolicy, *, resolver: Resolver | None = None
) -> list[str]:
    """The addresses of ``host`` a connection may use; AddressRefused when there are none."""
    addresses = await (resolver or _system_resolver)(host, port)
    if policy.exempt(host):
        return addresses
    checked = [(a, address_problem(a)) for a in addresses]
    allowed = [a for a, problem in checked if problem is None]
    if not allowed:
        shown, why = next(((a, p) for a, p in checked if p), (host, "unresolvable"))
        raise AddressRefused(
            f"refused {host}: {shown} is {why} "
            f"(set {PRIVATE_SETTING}=true or list the host in NEWSDIGEST_ALLOWED_HOSTS)"
        )
    return allowed


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's default backend, connecting only to addresses the policy allows.

    The host is resolved here, each address checked, and the socket opened to an allowed
    address itself (TLS still verifies the certificate against the host name).
    """

    def __init__(self, policy: AddressPolicy, *, resolver: Resolver | None = None) -> None:
        self._policy = policy
        self._resolve: Resolver = resolver or _system_resolver
        self._inner: httpcore.AsyncNetworkBackend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await allowed_addresses(host, port, self._policy, resolver=self._resolve)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("refused: sources are never read through a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
