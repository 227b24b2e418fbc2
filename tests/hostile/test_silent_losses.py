"""Pages lost without a word before: a redirect off the site (HTTP or meta refresh, even to the
metadata address) and a link too long to fetch end with a named error kind in the run file and
the summary line, and one log line with the page's URL — not "errors: none"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.server import hostile_server, list_page
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration


def test_offsite_redirects_and_overlong_links_are_named_errors(tmp_path: Path) -> None:
    long_link = "/a/9" + "9" * 2100 + ".html"
    with hostile_server(articles=3) as server:
        server.routes["/a/1.html"] = (302, {"Location": f"http://127.0.0.2:{server.port}/elsewhere.html"}, b"")
        server.html("/a/2.html", "<html><head><meta http-equiv='refresh' "
                                 "content='0; url=http://169.254.169.254/latest/meta-data/'></head><body>x</body></html>")
        server.html("/list.html", list_page(3).replace("</ul>", f"<li><a href='{long_link}'>长</a></li></ul>"))
        server.site_file(tmp_path / "sites")
        done = scrapy_crawl("hostile", crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive")))
        asked = list(server.asked)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not any(p.startswith("/a/99") or p == "/elsewhere.html" for p in asked)
    run = json.loads(next((tmp_path / "archive" / "runs").glob("*.json")).read_text())
    assert run["stats"]["difang/errors/offsite_redirect"] == 2
    assert run["stats"]["difang/errors/url_too_long"] == 1
    lines = done.stderr.splitlines()
    offsite = [line for line in lines if "(offsite_redirect)" in line]
    assert len(offsite) == 2
    assert any("/a/1.html: redirected off the site to http://127.0.0.2:" in line for line in offsite)
    assert any("/a/2.html: redirected off the site to http://169.254.169.254/" in line for line in offsite)
    assert len([line for line in lines if "(url_too_long)" in line]) == 1
    summary = next(line for line in lines if "difang.summary" in line and "finished" in line)
    assert "offsite_redirect=2" in summary and "url_too_long=1" in summary
