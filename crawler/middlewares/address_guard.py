"""Refuse destinations on private, loopback and link-local addresses that no site names.

A sitemap, a feed, a redirect or a rendered page's script can point anywhere; a crawler that
follows it into the operator's own network is a server-side request forgery waiting to happen.
The rules (:class:`AddressPolicy`), applied by this middleware to every request and by the browser
filter (crawler/render.py) to every request a rendering page makes:

- The unit a site names is ``host:port``. An internal address written literally in a site's URLs
  (a test portal on ``127.0.0.3:8080``) is allowed on that port only: a redirect to another port
  of the same address is refused.
- A host *name* is judged by the addresses it resolves to, named by a site or not: a name that
  resolves to an internal address is refused (DNS can point a public-looking name anywhere).
  :class:`GuardedResolver` applies the same check to the address each connection actually uses,
  so a name that resolved to a public address for the check and to an internal one for the
  connection (DNS rebinding) is still refused.
- Link-local addresses (``169.254.0.0/16``, the cloud metadata service, ``fe80::/10``) are
  refused even when named: only ``ADDRESS_GUARD_ALLOW`` lets one through.
- ``ADDRESS_GUARD_ALLOW`` lists addresses or networks (``10.2.0.0/16``) that may be reached
  whatever the above says, for an intranet portal; ``ADDRESS_GUARD_EXTRA_HOSTS`` names more
  ``host`` or ``host:port`` units as if a site named them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def is_internal(addr: Address) -> bool:
    return bool(addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
                or addr.is_unspecified or addr.is_multicast)


def _literal(host: str) -> Address | None:
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return addr


def unit_of(url: str) -> tuple[str, str]:
    """The ``host`` and ``host:port`` of a URL (the port made explicit from the scheme)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    except ValueError:
        port = 0
    return host, f"{host}:{port}"


def site_units(urls: Iterable[str]) -> frozenset[str]:
    return frozenset(unit_of(u)[1] for u in urls if unit_of(u)[0])


@dataclass(frozen=True)
class AddressPolicy:
    named: frozenset[str] = frozenset()  # "host:port" units, or bare hosts (any port)
    allowed: tuple[Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: Any, named_units: Iterable[str]) -> AddressPolicy:
        allowed = []
        for entry in settings.getlist("ADDRESS_GUARD_ALLOW"):
            try:
                allowed.append(ipaddress.ip_network(str(entry).strip(), strict=False))
            except ValueError as exc:
                raise ValueError(f"ADDRESS_GUARD_ALLOW: {entry!r} is not an address or network ({exc})") from None
        extra = {str(h).lower() for h in settings.getlist("ADDRESS_GUARD_EXTRA_HOSTS")}
        return cls(frozenset(named_units) | extra, tuple(allowed))

    def address_ok(self, addr: Address) -> bool:
        return not is_internal(addr) or any(addr in net for net in self.allowed)

    def _names(self, host: str, unit: str) -> bool:
        return unit in self.named or host in self.named

    async def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None."""
        host, unit = unit_of(url)
        addr = _literal(host)
        if addr is not None:
            if self.address_ok(addr):
                return None
            if self._names(host, unit) and not addr.is_link_local:
                return None
            if addr.is_link_local:
                return f"{host} is a link-local address (the metadata service's range; ADDRESS_GUARD_ALLOW)"
            if any(n.split(":")[0] == host for n in self.named if ":" in n):
                return f"{unit} is not a port any site names on the internal address {host}"
            return f"{host} is a private, loopback or link-local address no site names"
        if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: loopback, whatever DNS says
            loopback = ipaddress.ip_address("127.0.0.1")
            return None if self.address_ok(loopback) else f"{host} is the loopback host"
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return None  # unresolvable: the download fails on its own, with its own reason
        for info in infos:
            resolved = _literal(str(info[4][0]))
            if resolved is not None and not self.address_ok(resolved):
                return f"{host} resolves to {resolved}, a private, loopback or link-local address"
        return None


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._policy: AddressPolicy | None = None
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    @property
    def policy(self) -> AddressPolicy:
        if self._policy is None:
            units: frozenset[str] = getattr(self.crawler.spider, "named_units", frozenset())
            self._policy = AddressPolicy.from_settings(self.crawler.settings, units)
        return self._policy

    async def process_request(self, request: Request) -> None:
        host, unit = unit_of(request.url)
        if unit not in self._verdicts:
            self._verdicts[unit] = await self.policy.refusal(request.url)
        reason = self._verdicts[unit]
        if reason is not None:
            # the request's errback logs it once, with its URL, and counts it as private_address
            raise IgnoreRequest(f"private address refused: {reason}")
        return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing a host name whose address (the one the connection will use)
    is internal and not in ``ADDRESS_GUARD_ALLOW``. Addresses written literally are the
    middleware's to judge (by host:port); they pass through here."""

    policy = AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = AddressPolicy.from_settings(crawler.settings, ())
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802 - Twisted's name
        result = super().getHostByName(name, timeout)
        if _literal(name) is None:
            result.addCallback(self._check, name)
        return result

    def _check(self, address: str, name: str) -> str:
        resolved = _literal(address)
        if resolved is not None and not self.policy.address_ok(resolved):
            # the request's errback logs it, with its URL, as private_address
            raise DNSLookupError(f"private address refused: {name} resolves to {resolved}")
        return address
