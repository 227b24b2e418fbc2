"""robots.txt by RFC 9309, in real crawls of a hostile server on loopback: a 5xx (or no answer)
disallows the host for the crawl and is counted; a 4xx allows everything; a huge file is read
only up to its cap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.server import hostile_server
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration


def crawl(tmp_path: Path, server_routes: dict[str, tuple[int, dict[str, str], bytes]]) -> tuple[list[str], dict[str, Any]]:
    with hostile_server(articles=3) as server:
        server.routes.update(server_routes)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        done = scrapy_crawl("hostile", env)
        assert done.returncode == 0, done.stderr[-2000:]
        asked = list(server.asked)
    runs = list((tmp_path / "archive" / "runs").glob("*.json"))
    assert len(runs) == 1, runs
    return asked, {"run": json.loads(runs[0].read_text()), "log": done.stderr}


def test_robots_answering_503_disallows_the_host(tmp_path: Path) -> None:
    asked, out = crawl(tmp_path, {"/robots.txt": (503, {"Retry-After": "60"}, b"<h1>maintenance</h1>")})
    assert [p for p in asked if p != "/robots.txt"] == [], asked
    assert out["run"]["stats"].get("difang/errors/robots_unavailable") == 1, out["run"]["stats"]
    lines = [line for line in out["log"].splitlines() if "robots.txt of 127.0.0.1" in line]
    assert len(lines) == 1 and "HTTP 503" in lines[0] and "RFC 9309" in lines[0]


def test_robots_answering_404_allows_everything(tmp_path: Path) -> None:
    asked, out = crawl(tmp_path, {"/robots.txt": (404, {}, b"User-agent: *\nDisallow: /\n")})
    assert {"/list.html", "/a/1.html", "/a/2.html", "/a/3.html"} <= set(asked)
    assert "difang/errors/robots_unavailable" not in out["run"]["stats"]


def test_a_huge_robots_txt_is_read_up_to_its_cap(tmp_path: Path) -> None:
    # 9 MB of rules for other paths (under DOWNLOAD_MAXSIZE, which cancels a larger one: then the
    # host counts as unavailable); a rule past the cap would disallow the articles
    body = b"User-agent: *\n" + b"".join(b"Disallow: /nothing-%d/\n" % i for i in range(380_000))
    body += b"Disallow: /a/\n"
    assert 9_000_000 < len(body) < 10 * 1024 * 1024
    asked, out = crawl(tmp_path, {"/robots.txt": (200, {"Content-Type": "text/plain"}, body)})
    assert {"/a/1.html", "/a/2.html", "/a/3.html"} <= set(asked)
    assert "robots.txt of 127.0.0.1" in out["log"] and "only its first part" in out["log"]
    assert out["run"]["stats"].get("difang/robots_truncated") == 1


def test_robots_rules_within_the_cap_still_hold(tmp_path: Path) -> None:
    asked, _ = crawl(tmp_path, {"/robots.txt": (200, {"Content-Type": "text/plain"},
                                                b"User-agent: *\nDisallow: /a/2.html\n")})
    assert "/a/1.html" in asked and "/a/2.html" not in asked
