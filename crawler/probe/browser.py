"""Rendering a few pages for the probe: what links a page shows once its scripts have run.

The crawl's own browser set-up (crawler.render): the system Chromium with the crawl's flags, the
same request filter (no images, fonts or media; no private address that is not allowed), the same
"settled" rule, and the same archiving: the browser's exchanges as WARC ``response`` records and
the DOM as a ``conversion`` record (crawler.middlewares.render_capture). One browser for all the
pages of a probe. What the browser received is kept with the fetcher's captures, archived when
the probe succeeds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crawler.middlewares.render_capture import BrowserExchanges
from crawler.probe.fetch import Fetcher
from crawler.render import BrowserRequestFilter, PageSettled, launch_args

log = logging.getLogger(__name__)
BLOCKED = ("image", "font", "media")
CAPTURED = ("document", "xhr", "fetch")


@dataclass(frozen=True)
class RenderedPage:
    url: str
    final_url: str
    dom: str  # the document the browser built, as HTML


def render_pages(urls: Sequence[str], *, browser: str, fetcher: Fetcher, allowed_hosts: Iterable[str],
                 timeout: float = 30.0) -> list[RenderedPage]:
    """Render ``urls`` one at a time (with the fetcher's delay and budget); pages that fail are
    left out, with a log line."""
    return asyncio.run(_render_all(list(urls), browser, fetcher, frozenset(allowed_hosts), timeout))


async def _render_all(urls: list[str], browser_path: str, fetcher: Fetcher, allowed: frozenset[str],
                      timeout: float) -> list[RenderedPage]:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    out: list[RenderedPage] = []
    request_filter = BrowserRequestFilter(BLOCKED, fetcher.politeness.policy(allowed))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=browser_path, headless=True,
                                                   args=launch_args(), timeout=timeout * 1000)
        try:
            context = await browser.new_context(user_agent=fetcher.politeness.user_agent)
            for url in urls:
                if fetcher.left < 2:
                    break
                try:
                    out.append(await _render(context, url, fetcher, request_filter, timeout))
                except PlaywrightError as exc:
                    fetcher.spend(url, "rendered", f"failed: {str(exc).splitlines()[0][:160]}", 0.0)
                    log.warning("rendering %s failed: %s", url, str(exc).splitlines()[0])
        finally:
            await browser.close()
    return out


async def _render(context: Any, url: str, fetcher: Fetcher, request_filter: BrowserRequestFilter,
                  timeout: float) -> RenderedPage:
    wait = fetcher.politeness.delay
    if wait > 0:
        await asyncio.sleep(wait)
    exchanges = BrowserExchanges(list(CAPTURED), timeout)
    answered: list[tuple[str, int]] = []  # every response the page got (scripts and styles too)
    page = await context.new_page()
    started = time.monotonic()
    try:
        async def route(route: Any) -> None:
            if await request_filter(route.request):
                await route.abort()
            else:
                await route.continue_()

        await page.route("**/*", route)
        page.on("response", exchanges.on_response)
        page.on("response", lambda response: answered.append((response.url, response.status)))
        await page.goto(url, wait_until="load", timeout=timeout * 1000)
        await PageSettled("", timeout * 1000)(page)
        await exchanges.collect(page)
        dom = await page.content()
        final_url = page.url
    finally:
        await page.close()
    seconds = time.monotonic() - started
    for answered_url, status in answered or [(url, 0)]:  # each counts against the probe's budget
        fetcher.spend(answered_url, "rendered", str(status), seconds / max(1, len(answered)))
    fetcher.keep_rendered(exchanges.captured, final_url, dom.encode("utf-8"))
    return RenderedPage(url, final_url, dom)
