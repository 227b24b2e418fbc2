"""Finding the system browser, the error when there is none, and what a rendering page may fetch."""

from __future__ import annotations

import asyncio
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.middlewares.address_guard import AddressPolicy
from crawler.render import (
    HANDLER,
    LAUNCH_ARGS,
    BrowserNotFound,
    BrowserRequestFilter,
    browser_for,
    enable_rendering,
    find_browser,
)


def fake_browser(folder: Path, name: str, executable: bool = True) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_configured_path_is_used_and_only_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = fake_browser(tmp_path, "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    mine = fake_browser(tmp_path, "my-chrome")
    assert find_browser(str(mine)) == str(mine)
    assert find_browser("/nonexistent") is None  # no silent fallback to the one on PATH
    assert find_browser(str(fake_browser(tmp_path, "not-executable", executable=False))) is None
    assert find_browser("") == str(on_path)


def test_found_on_path_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_browser("") is None
    chrome = fake_browser(tmp_path, "google-chrome")
    assert find_browser("") == str(chrome)
    browser = fake_browser(tmp_path, "chromium-browser")
    assert find_browser("") == str(browser)
    assert find_browser("google-chrome") == str(chrome)  # a bare name is looked up on PATH


def test_missing_browser_names_site_and_remedy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound) as info:
        browser_for("xikou", "articles", "")
    message = str(info.value)
    assert message.startswith("site xikou has render: articles, but no browser was found on PATH")
    assert "apt-get install chromium" in message and "DIFANG_CHROMIUM" in message
    with pytest.raises(BrowserNotFound, match=r"render: true, but DIFANG_CHROMIUM=/nonexistent is not an"):
        browser_for("xikou", True, "/nonexistent")


def project() -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return settings


def test_enable_rendering_installs_playwright_with_the_system_browser(tmp_path: Path) -> None:
    settings = project()
    browser = fake_browser(tmp_path, "chromium")
    settings.set("DIFANG_CHROMIUM", str(browser), priority="cmdline")
    settings.set("DOWNLOAD_HANDLERS", {"ftp": None}, priority="cmdline")
    assert enable_rendering(settings, "demo-js", True, ["127.0.0.5"]) == str(browser)
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": HANDLER, "https": HANDLER, "ftp": None}
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == str(browser) and launch["headless"] is True
    assert set(LAUNCH_ARGS) <= set(launch["args"])
    assert {"--disable-background-networking", "--disable-quic", "--disable-sync"} <= set(launch["args"])
    assert ("--no-sandbox" in launch["args"]) is (os.geteuid() == 0)  # only where it cannot start
    assert settings.getfloat("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT") == 30_000
    assert isinstance(settings.get("PLAYWRIGHT_ABORT_REQUEST"), BrowserRequestFilter)


def test_enable_rendering_without_browser_changes_nothing() -> None:
    settings = project()
    settings.set("DIFANG_CHROMIUM", "/nonexistent", priority="cmdline")
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    with pytest.raises(BrowserNotFound):
        enable_rendering(settings, "demo-js", True, [])
    assert settings.getdict("DOWNLOAD_HANDLERS") == handlers
    assert settings.get("PLAYWRIGHT_LAUNCH_OPTIONS") is None


@dataclass
class FakeRequest:
    url: str
    resource_type: str = "fetch"


@pytest.mark.parametrize(("url", "kind", "refused"), [
    ("http://127.0.0.5:8701/api/list_1.json", "fetch", False),  # a host the site names
    ("http://127.0.0.5:8701/logo.png", "image", True),
    ("http://127.0.0.5:8701/font.woff2", "font", True),
    ("http://127.0.0.5:8701/clip.mp4", "media", True),
    ("http://127.0.0.9:8080/admin", "xhr", True),  # loopback no site names
    ("http://127.0.0.5:8702/admin", "fetch", True),  # the site's address, another port
    ("http://169.254.169.254/latest/meta-data/", "fetch", True),
    ("http://10.1.2.3/", "script", True),
    ("http://localhost:9200/", "fetch", True),
    ("http://93.184.216.34/app.js", "script", False),  # a public address
    ("data:text/javascript,1", "script", False),
    ("file:///etc/passwd", "document", True),
])
def test_what_a_rendering_page_may_fetch(url: str, kind: str, refused: bool) -> None:
    guard = BrowserRequestFilter(["image", "font", "media"], AddressPolicy(frozenset({"127.0.0.5:8701"})))
    assert asyncio.run(guard(FakeRequest(url, kind))) is refused


def test_sandbox_switch() -> None:
    from crawler.render import launch_args

    assert "--no-sandbox" in launch_args("0")
    assert "--no-sandbox" not in launch_args("1")
    import os

    assert ("--no-sandbox" in launch_args("")) == (os.geteuid() == 0)
