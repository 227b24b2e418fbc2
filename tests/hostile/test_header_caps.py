"""Response headers count against a cap: a page with thousands of header lines, or one header
folded over thousands of continuation lines, is refused (named ``headers_too_large``, one line
with the URL) instead of being taken into memory and the WARC; normal pages still come through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.server import hostile_server
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration


def test_responses_with_too_many_header_lines_are_refused(tmp_path: Path) -> None:
    with hostile_server(articles=3) as server:
        many = {f"X-Filler-{i}": "x" * 20 for i in range(3000)}
        server.routes["/a/1.html"] = (200, {"Content-Type": "text/html", **many}, b"<html><body>x</body></html>")
        folded = {"Content-Type": "text/html", "X-Folded": "\r\n ".join(["y" * 100] * 4000)}
        server.routes["/a/2.html"] = (200, folded, b"<html><body>x</body></html>")
        server.site_file(tmp_path / "sites")
        done = scrapy_crawl("hostile", crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive")),
                            "-s", "RETRY_TIMES=0")
    assert done.returncode == 0, done.stderr[-2000:]
    run = json.loads(next((tmp_path / "archive" / "runs").glob("*.json")).read_text())
    assert run["stats"]["difang/errors/headers_too_large"] == 2
    assert run["stats"]["difang/articles/archived"] == 1  # /a/3.html
    lines = [line for line in done.stderr.splitlines() if "(headers_too_large)" in line]
    assert len(lines) == 2 and all("response headers over the cap" in line for line in lines), lines
    assert any("/a/1.html: " in line for line in lines) and any("/a/2.html: " in line for line in lines)
    warcs = list((tmp_path / "archive").glob("raw/**/*.warc.gz"))
    assert sum(p.stat().st_size for p in warcs) < 200_000  # the headers never reached the WARC
