"""An empty 200, a page without article text and an image served as text/html are not articles:
no clean record, their URLs not marked archived, so later crawls fetch them again — until the
retry budget (TEXTLESS_TRIES) is spent. A page that gains its text is archived then. Each drop is
one log line with the URL and the reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.server import HostileServer, article, hostile_server
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def crawl(tmp_path: Path, server: HostileServer) -> tuple[dict[str, Any], list[str]]:
    start = len(server.asked)
    done = scrapy_crawl("hostile", crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive")),
                        "-s", "TEXTLESS_TRIES=2")
    assert done.returncode == 0, done.stderr[-2000:]
    run = max((json.loads(p.read_text()) for p in (tmp_path / "archive" / "runs").glob("*.json")),
              key=lambda r: r["started_at"])
    return {"stats": run["stats"], "log": done.stderr.splitlines()}, server.asked[start:]


def archived_urls(tmp_path: Path) -> set[str]:
    return {json.loads(p.read_text(encoding="utf-8"))["url"].rsplit("/", 1)[1]
            for p in (tmp_path / "archive").glob("clean/**/*.json")}


def test_textless_pages_are_not_archived_and_are_retried_within_a_budget(tmp_path: Path) -> None:
    with hostile_server(articles=4) as server:
        server.html("/a/1.html", "")
        server.html("/a/2.html", "<html><head><title>维护中</title></head><body><div>系统维护中</div></body></html>")
        server.routes["/a/3.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PNG)
        server.site_file(tmp_path / "sites")

        first, asked = crawl(tmp_path, server)
        assert archived_urls(tmp_path) == {"4.html"}
        assert first["stats"]["difang/articles/no_text"] == 2
        assert first["stats"]["difang/errors/binary_body"] == 1
        for page in ("1.html", "2.html"):
            lines = [line for line in first["log"] if f"/a/{page}" in line]
            assert len(lines) == 1, lines
            assert "Dropped" in lines[0] and "no article text: not archived, fetched again next crawl (try 1 of 2)" in lines[0]
        binary = [line for line in first["log"] if "/a/3.html" in line]
        assert len(binary) == 1 and "a PNG image served as text/html (binary_body)" in binary[0]

        server.html("/a/2.html", article(2))  # back from maintenance
        second, asked = crawl(tmp_path, server)
        assert {"/a/1.html", "/a/2.html", "/a/3.html"} <= set(asked) and "/a/4.html" not in asked
        assert archived_urls(tmp_path) == {"4.html", "2.html"}
        assert second["stats"]["difang/articles/no_text_given_up"] == 1
        assert any("/a/1.html" in line and "given up" in line for line in second["log"])

        third, asked = crawl(tmp_path, server)
        assert "/a/1.html" not in asked and "/a/2.html" not in asked and "/a/4.html" not in asked
        assert third["stats"]["difang/dedupe/no_text_given_up"] == 1
        assert "/a/3.html" in asked  # not a textless article: a binary body is an error, retried each crawl
