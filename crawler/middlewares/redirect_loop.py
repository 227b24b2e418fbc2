"""Name redirect loops instead of letting them vanish.

Scrapy's duplicate filter silently drops a redirect back to a URL the chain already visited, so a
loop would leave no trace. This middleware sees each redirect before RedirectMiddleware does and,
when its target is already in the request's redirect chain, ends the chain with an error that
names the loop (the spider logs it with the URL and counts ``difang/errors/redirect_loop``).
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class RedirectLoopMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        location = (response.headers.get("Location") or b"").decode("latin-1")
        target = urljoin(request.url, location).split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            # The spider's errback logs it with the URL and counts difang/errors/redirect_loop.
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response
