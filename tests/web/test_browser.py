"""``difang web`` in a real browser (the system Chromium through Playwright): a researcher's
path through the pages, with no console error, and the sandbox of raw captures under attack.

Screenshots go to the test's output folder; with DIFANG_WEB_SCREENSHOTS=DIR the search page
and the sites board are also copied there (the README's pictures).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.render import find_browser, launch_args
from tests.web.conftest import HOSTILE_ID, SITES, WebArchive

pytestmark = pytest.mark.integration
CONFIGURED = os.environ.get("DIFANG_CHROMIUM", "")
needs_browser = pytest.mark.skipif(
    find_browser(CONFIGURED) is None,
    reason="no Chromium: apt-get install chromium (.ci/run does) or set DIFANG_CHROMIUM")
CAPTURE_FRAME = "/page"  # console messages of an archived page are its own, not the UI's


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=find_browser(CONFIGURED), args=launch_args(),
                                              headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Session:
    """A browser page that records the UI's console errors and every request it makes."""

    def __init__(self, browser: Any, web: WebArchive, shots: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 760}, locale="zh-CN")
        self.page = self.context.new_page()
        self.web = web
        self.shots = shots
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.responses: list[str] = []
        self.failed: dict[str, str] = {}
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("response", lambda res: self.responses.append(res.url))
        self.page.on("requestfailed", lambda req: self.failed.update({req.url: req.failure or ""}))

    def _console(self, message: Any) -> None:
        where = (message.location or {}).get("url", "")
        if message.type in ("error", "warning") and not where.split("?")[0].endswith(CAPTURE_FRAME):
            self.errors.append(f"{message.type} {where}: {message.text}")

    def go(self, path: str) -> None:
        self.page.goto(self.web.url + path, wait_until="load")

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: Any, web: WebArchive, tmp_path: Path) -> Iterator[Session]:
    opened = Session(browser, web, tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def keep(shot: Path, name: str) -> None:
    target = os.environ.get("DIFANG_WEB_SCREENSHOTS", "")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(target) / name)


@needs_browser
def test_a_researchers_path(session: Session) -> None:
    page = session.page
    session.go("/")
    page.fill("#q", "醫院")  # Traditional: finds the Simplified copies too
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 2 and page.locator("li.hit mark").count() >= 2
    assert page.locator("#count").inner_text().startswith("共 ")
    keep(session.shot("search"), "web-search.png")

    title = hits.first.locator("a.title").inner_text()
    hits.first.locator("a.title").click()
    page.wait_for_url("**/article/*")
    assert page.locator("h1").inner_text() == title
    assert page.locator(".text p").count() >= 2
    session.shot("article")

    article_url = page.url
    page.click("#story-link")
    page.wait_for_url("**/story/*")
    roles = page.locator("table.copies tbody tr").evaluate_all("rows => rows.map(r => r.className)")
    assert roles[0].startswith("origin") and len(roles) >= 2
    session.shot("story")

    page.goto(article_url)
    page.click("#raw-link")
    page.wait_for_url("**/raw/*")
    frame = page.frame_locator("#capture")
    frame.locator("body").wait_for()
    assert "医院" in frame.locator("body").inner_text() or "醫院" in frame.locator("body").inner_text()
    assert page.locator("#capture").get_attribute("sandbox") == ""
    session.shot("raw")

    session.go("/?limit=10")
    first = page.locator("a.title").evaluate_all("links => links.map(a => a.href)")
    page.click("#next")
    page.wait_for_url("**page=2*")
    second = page.locator("a.title").evaluate_all("links => links.map(a => a.href)")
    assert len(first) == 10 and second and not set(first) & set(second)
    page.click("#prev")
    page.wait_for_url("**page=1*")
    assert page.locator("a.title").evaluate_all("links => links.map(a => a.href)") == first

    page.click("nav >> text=站点")
    page.wait_for_url("**/sites")
    for site in SITES:
        assert page.locator(f'a.site[href="/sites/{site}"]').count() == 1
    assert page.locator("#board svg.chart").count() == page.locator("#board tbody tr").count() == len(SITES) + 1
    assert page.locator("#broken li").count() == 1  # and the broken file's last good copy has the third row
    assert page.locator(".alert", has_text="missing_authors").count() == 1
    keep(session.shot("sites"), "web-sites.png")
    page.click(f'a.site[href="/sites/{SITES[0]}"]')
    page.wait_for_url(f"**/sites/{SITES[0]}")
    assert page.locator("#runs tbody tr").count() >= 1 and page.locator("#log").inner_text().strip()
    session.shot("site")

    page.click("#lang-switch")
    assert page.locator("h2", has_text="Run history").count() == 1
    page.click("nav >> text=Stats")
    page.wait_for_url("**/stats")
    assert page.locator("#stats-sites tbody tr").count() >= len(SITES)
    session.shot("stats")
    assert session.errors == []


@needs_browser
def test_an_archived_page_cannot_reach_the_ui(session: Session) -> None:
    page = session.page
    session.go("/")  # the UI's origin holds a cookie a same-origin script could read
    session.context.add_cookies([{"name": "ui_secret", "value": "do-not-leak", "url": session.web.url}])
    session.go(f"/raw/{HOSTILE_ID}?scripts=1")
    title_before = page.title()
    frame = page.frame_locator("#capture")
    result = frame.locator("#result")
    result.wait_for()
    frame.locator("#result:not(:text('script did not run'))").wait_for(timeout=15_000)
    got = json.loads(result.inner_text())
    assert set(got) == {"parent_document", "parent_write", "top_location", "cookie", "local_storage",
                        "fetch_capture", "fetch_bytes", "xhr"}
    assert all(value.startswith("blocked:") for value in got.values()), got
    assert got["parent_document"] == "blocked:SecurityError" and got["cookie"] == "blocked:SecurityError"
    # the UI's page is as it was, its cookie untouched, and no capture was fetched
    assert page.title() == title_before and "PWNED" not in page.locator("body").inner_text()
    assert page.locator("h1").inner_text() == "原始网页"
    assert {c["name"]: c["value"] for c in session.context.cookies()}["ui_secret"] == "do-not-leak"
    answered = [u for u in session.responses if "/page" not in u and ("/raw/" in u or "/article/" in u)]
    assert answered == [f"{session.web.url}/raw/{HOSTILE_ID}?scripts=1"], (answered, session.failed)
    assert {u: why for u, why in session.failed.items() if "/article/" in u} == {
        u: "csp" for u in session.requests if "/article/" in u}  # the XHR never left the browser
    assert session.errors == []

    session.go(f"/raw/{HOSTILE_ID}")  # scripts off by default: the page's script does not even run
    assert page.frame_locator("#capture").locator("#result").inner_text() == "script did not run"

    session.go(f"/raw/{HOSTILE_ID}/page?scripts=1")  # opened on its own: still sandboxed by its CSP
    page.locator("#result:not(:text('script did not run'))").wait_for(timeout=15_000)
    alone = json.loads(page.locator("#result").inner_text())
    assert alone["cookie"] == "blocked:SecurityError" and alone["local_storage"] == "blocked:SecurityError"
    assert alone["fetch_capture"].startswith("blocked:") and alone["xhr"].startswith("blocked:")
