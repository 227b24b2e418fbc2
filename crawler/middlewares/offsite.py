"""Scrapy's offsite filter, saying when it costs a page.

Scrapy drops an off-site request when it is scheduled, with no errback and a debug line at most.
For a link on a list page that is right: a link to another portal is not ours to fetch. For a
redirect (HTTP 3xx or a meta refresh) of a page we asked for, it is a page lost: here that is
logged with the page's URL and the target, and counted as ``difang/errors/offsite_redirect``.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)


class OffsitePolicyMiddleware(OffsiteMiddleware):
    def request_scheduled(self, request: Request, spider: Spider) -> None:
        try:
            super().request_scheduled(request, spider)
        except IgnoreRequest:
            chain = request.meta.get("redirect_urls")
            if chain:
                self.stats.inc_value("difang/errors/offsite_redirect")
                log.warning("%s: redirected off the site to %s, not followed (offsite_redirect)",
                            chain[0], request.url[:300])
            raise
