"""Sites with ``render``: fetching pages through the system Chromium with scrapy-playwright.

Only a crawl of a render site loads the browser: :func:`enable_rendering` is called by the spider
before the engine starts (Scrapy freezes settings only after ``from_crawler``) and installs
scrapy-playwright's download handler for http/https. Requests without ``playwright`` in their
meta still go through that handler's plain HTTP path; plain sites never see it at all.

Playwright's own browser download is unavailable on many machines (CI here among them), so the
executable is the system Chromium: ``DIFANG_CHROMIUM``, or the first of :data:`BROWSER_NAMES`
found on PATH. The browser runs headless, without background networking, with a time limit per
page; images, fonts and media are not fetched, nor any private address that no site names.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from crawler.middlewares.address_guard import AddressPolicy, unit_of
from crawler.middlewares.render_capture import BrowserExchanges

log = logging.getLogger(__name__)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
LAUNCH_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",  # plain TCP, like every other fetch of the crawl
)
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: apt-get install chromium) or set DIFANG_CHROMIUM "
                "to a Chromium or Chrome executable")


class BrowserNotFound(RuntimeError):
    """A site wants rendering and there is no browser to render with; the message says what to do."""

    def __init__(self, site: str, render: bool | str, problem: str) -> None:
        self.site = site
        value = "articles" if render == "articles" else "true"
        super().__init__(f"site {site} has render: {value}, but {problem}: {INSTALL_HINT}")


def find_browser(configured: str = "") -> str | None:
    """The browser executable to use: ``configured`` if given (and only that), else one on PATH."""
    if configured:
        path = shutil.which(configured) if os.sep not in configured else configured
        return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_for(site: str, render: bool | str, configured: str) -> str:
    """The executable for ``site``, or :class:`BrowserNotFound` naming the site and the remedy."""
    path = find_browser(configured)
    if path is not None:
        return path
    if configured:
        raise BrowserNotFound(site, render, f"DIFANG_CHROMIUM={configured} is not an executable file")
    raise BrowserNotFound(site, render, f"no browser was found on PATH (looked for {', '.join(BROWSER_NAMES)})")


def launch_args(sandbox_setting: str = "") -> list[str]:
    """Chromium's flags. Its sandbox cannot start as root, nor in a container that forbids user
    namespaces (Docker's default seccomp profile): DIFANG_CHROMIUM_SANDBOX=0 turns it off there
    (the setting of that name, read from the environment in crawler/settings.py)."""
    wanted = sandbox_setting.strip().lower()
    sandbox = os.geteuid() != 0 if wanted in ("", "auto") else wanted not in ("0", "false", "no", "off")
    return [*LAUNCH_ARGS, *([] if sandbox else ["--no-sandbox"])]


class BrowserRequestFilter:
    """PLAYWRIGHT_ABORT_REQUEST: which requests a rendering page may not make.

    Blocked resource types save bandwidth; internal addresses are refused like the crawl's own
    requests are (crawler.middlewares.address_guard), since a page's scripts can point anywhere.
    """

    def __init__(self, blocked_types: Iterable[str], policy: AddressPolicy) -> None:
        self.blocked_types = frozenset(t.lower() for t in blocked_types)
        self.policy = policy
        self._refused: dict[str, bool] = {}

    async def __call__(self, request: Any) -> bool:
        if request.resource_type in self.blocked_types:
            return True
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return parts.scheme not in ("data", "blob", "about")
        unit = unit_of(request.url)[1]
        if unit not in self._refused:
            self._refused[unit] = await self.policy.refusal(request.url) is not None
        return self._refused[unit]


class WebSocketGuard:
    """Page init callback: a rendering page's WebSockets meet the same address rules.

    Playwright's request routing (and so ``PLAYWRIGHT_ABORT_REQUEST``) never sees a WebSocket;
    without this a page's script could open ``ws://127.0.0.1:…`` on the crawler's machine. Each
    WebSocket is routed here: connected to the server only when the address policy allows it,
    otherwise closed before any byte leaves the browser.
    """

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._said: set[str] = set()

    async def __call__(self, page: Any, request: Any) -> None:
        await page.route_web_socket(lambda url: True, self._route)

    async def _route(self, ws: Any) -> None:
        reason = await self.policy.refusal(ws.url)
        if reason is None:
            ws.connect_to_server()
            return
        if ws.url not in self._said:
            self._said.add(ws.url)
            log.warning("a rendering page's WebSocket to %s refused: %s", ws.url[:300], reason)
        await ws.close(code=1008, reason="refused by the crawler")


def enable_rendering(settings: BaseSettings, site: str, render: bool | str,
                     named_units: Iterable[str]) -> str:
    """Configure scrapy-playwright for one render site's crawl; return the browser used.

    Must run before the crawler's settings are frozen (the spider's ``from_crawler``). Raises
    :class:`BrowserNotFound` before anything is started when there is no browser.
    """
    executable = browser_for(site, render, settings.get("DIFANG_CHROMIUM") or "")
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update({"http": HANDLER, "https": HANDLER})
    timeout_ms = settings.getfloat("RENDER_PAGE_TIMEOUT") * 1000
    values: dict[str, Any] = {
        "DOWNLOAD_HANDLERS": handlers,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": executable, "headless": True, "args": launch_args(settings.get("DIFANG_CHROMIUM_SANDBOX") or ""),
            "timeout": timeout_ms,
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        # a service worker's fetches bypass the page's request routing: none may start
        "PLAYWRIGHT_CONTEXTS": {"default": {"service_workers": "block"}},
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("RENDER_MAX_PAGES"),
        "PLAYWRIGHT_ABORT_REQUEST": BrowserRequestFilter(
            settings.getlist("RENDER_BLOCK_RESOURCES"), AddressPolicy.from_settings(settings, named_units)),
    }
    for name, value in values.items():
        # at least spider priority, and never below a value given on the command line
        priority = max(settings.getpriority(name) or 0, 30)
        settings.set(name, value, priority=priority)
    return executable


class PageSettled:
    """Page method: wait until the page counts as rendered, within the page's time limit.

    Rendered means: ``selector`` is in the DOM, or else no network traffic for 500 ms. A page that
    never gets there (a long poll, an ad that keeps loading) is archived as it is by then, with a
    warning, rather than lost: its raw copy and its DOM are still worth keeping.
    """

    def __init__(self, selector: str, timeout_ms: float) -> None:
        self.selector = selector
        self.timeout_ms = timeout_ms

    async def __call__(self, page: Any) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            if self.selector:
                await page.wait_for_selector(self.selector, state="attached", timeout=self.timeout_ms)
            else:
                await page.wait_for_load_state("networkidle", timeout=self.timeout_ms)
        except PlaywrightTimeout:
            what = f"selector {self.selector!r}" if self.selector else "network idle"
            log.warning("rendered %s: %s not reached within %.0f s; archived as it was", page.url, what,
                        self.timeout_ms / 1000)


def render_meta(settings: BaseSettings) -> dict[str, Any]:
    """Request meta that has a page fetched and rendered by the browser, with its exchanges kept."""
    from scrapy_playwright.page import PageMethod

    timeout_ms = settings.getfloat("RENDER_PAGE_TIMEOUT") * 1000
    exchanges = BrowserExchanges(settings.getlist("RENDER_CAPTURE_RESOURCES"), timeout_ms / 1000)
    guard = settings.get("PLAYWRIGHT_ABORT_REQUEST")
    policy = guard.policy if isinstance(guard, BrowserRequestFilter) else AddressPolicy()
    return {
        "playwright": True,
        "playwright_page_init_callback": WebSocketGuard(policy),
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": timeout_ms},
        "playwright_page_event_handlers": {"response": exchanges.on_response},
        "playwright_page_methods": [
            PageMethod(PageSettled(settings.get("RENDER_WAIT_SELECTOR") or "", timeout_ms)),
            PageMethod(exchanges.collect),
        ],
        BrowserExchanges.META: exchanges,
    }
