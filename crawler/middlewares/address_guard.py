"""Refuse destinations on private, loopback and link-local addresses that no site names.

A sitemap, a feed or a redirect can point anywhere; a crawler that follows it into the operator's
own network is a server-side request forgery waiting to happen. Hosts named in any site
definition (and ``ADDRESS_GUARD_EXTRA_HOSTS``) are allowed; names are resolved before the check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)


def is_internal(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return bool(addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
                or addr.is_unspecified or addr.is_multicast)


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler, extra_hosts: list[str]) -> None:
        self.crawler = crawler
        self.extra_hosts = {h.lower() for h in extra_hosts}
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler, crawler.settings.getlist("ADDRESS_GUARD_EXTRA_HOSTS"))

    async def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        named = set(getattr(self.crawler.spider, "named_hosts", ())) | self.extra_hosts
        if host in named:
            return None
        if host not in self._verdicts:
            self._verdicts[host] = await is_internal_host(host)
        if self._verdicts[host]:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("difang/errors/private_address")
            log.warning("refused %s: %s is a private, loopback or link-local address no site names",
                        request.url, host)
            raise IgnoreRequest(f"private address refused: {host}")
        return None


async def is_internal_host(host: str) -> bool:
    """Whether a host name or address lies on a private, loopback or link-local network."""
    try:
        return is_internal(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False  # unresolvable: the download fails on its own, with its own reason
    return any(is_internal(ipaddress.ip_address(info[4][0])) for info in infos)
