"""SIGTERM mid-crawl: the daemon stops the crawl (Scrapy saves its JOBDIR), exits 0, and the
next run resumes where the crawl stopped instead of starting over."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from demo.server import DemoPortal
from tests.daemon.kit import Daemon, Workspace, wait_for, wait_value

pytestmark = pytest.mark.integration
SLOW = ("DOWNLOAD_DELAY=0.15", "CONCURRENT_REQUESTS_PER_DOMAIN=1")


def bench_requests(portal: DemoPortal, start: int) -> list[str]:
    return [path for site, _method, path in portal.requests[start:] if site == "demo-bench"]


def test_sigterm_mid_crawl_exits_0_and_the_next_run_resumes(ws: Workspace, portal: DemoPortal) -> None:
    ws.add_site("demo-bench")
    env = ws.env(DIFANG_TEST_SCHEDULE="*/2", DIFANG_SHUTDOWN_GRACE="0", DIFANG_KILL_GRACE="20")
    start = len(portal.requests)
    first = Daemon(ws, env, *SLOW)
    wait_for(lambda: len(bench_requests(portal, start)) >= 12, 60, "the crawl a quarter of the way")
    assert first.stop() == 0, first.log()[-3000:]
    stopped = ws.runs()
    assert [r.outcome for r in stopped] == ["interrupted"], stopped
    jobdir = ws.home / "jobs" / "demo-bench"
    assert (jobdir / "requests.queue").is_dir(), "no JOBDIR saved"
    assert "stopping the crawl of demo-bench" in first.log()
    fetched = set(bench_requests(portal, start))
    middle = len(portal.requests)

    second = Daemon(ws, env, *SLOW)
    runs = wait_value(ws.runs, lambda r: len(r) >= 2, 90, "the resumed crawl")
    assert second.stop() == 0
    resumed = runs[1]
    assert resumed.outcome == "ok", resumed
    again = bench_requests(portal, middle)
    start_page = urlsplit(portal.site_definitions()["demo-bench"]["start_urls"][0]).path
    assert start_page in fetched
    assert start_page not in again, "the resumed crawl started over from its start page"
    articles = {p for p in (fetched | set(again)) if any(u.endswith(p) for u in portal.article_urls("demo-bench"))}
    assert len(articles) == len(portal.article_urls("demo-bench"))  # together they fetched everything
    assert not (set(again) & fetched - {"/robots.txt"}), "pages fetched twice"
    assert not jobdir.exists(), "a finished crawl must not leave its JOBDIR to the next run"
