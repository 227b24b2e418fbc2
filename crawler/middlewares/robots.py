"""robots.txt as RFC 9309 reads it, on top of Scrapy's RobotsTxtMiddleware.

Scrapy parses whatever a robots.txt request returns: a 503 error page becomes "no rules", so a
portal that is down for maintenance is crawled in full the moment it answers again, and a 10 MB
robots.txt is parsed whole. Here:

- 5xx, or no answer at all (timeout, refused connection): the host is fully disallowed for this
  crawl (RFC 9309 2.3.1.3/2.3.1.4; the next scheduled crawl asks again). Counted as
  ``difang/errors/robots_unavailable`` and logged once per host.
- 4xx (404, 403, …): no robots.txt, everything allowed (RFC 9309 2.3.1.3).
- Only the first ``ROBOTSTXT_MAX_BYTES`` (500 KiB, as Google and the RFC's minimum) are parsed, cut
  at a line end; counted as ``difang/robots_truncated``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.robotstxt import RobotParser

log = logging.getLogger(__name__)


class DisallowAll:
    """A parser that refuses every URL (the answer to a robots.txt that cannot be read)."""

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_bytes = crawler.settings.getint("ROBOTSTXT_MAX_BYTES")

    def _disallow(self, netloc: str, reason: str) -> None:
        self._stats.inc_value("difang/errors/robots_unavailable")
        log.warning("robots.txt of %s unavailable (%s): nothing fetched from it this crawl (RFC 9309)",
                    netloc, reason)
        pending = self._parsers[netloc]
        assert isinstance(pending, Deferred)
        parser = cast("RobotParser", DisallowAll())
        self._parsers[netloc] = parser
        pending.callback(parser)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._disallow(netloc, f"HTTP {response.status}")
            return
        if 400 <= response.status < 500:
            response = response.replace(body=b"")
        elif len(response.body) > self.max_bytes:
            head = response.body[: self.max_bytes]
            cut = head.rfind(b"\n")
            response = response.replace(body=head[: cut + 1] if cut >= 0 else b"")
            self._stats.inc_value("difang/robots_truncated")
            log.info("robots.txt of %s is over %d bytes: only its first part is read", netloc, self.max_bytes)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # refused by a guard of ours: that guard said why
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._disallow(netloc, _reason(exc))


def _reason(exc: Any) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__
