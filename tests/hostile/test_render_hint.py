"""The hint that a site needs rendering, in real crawls of a server on loopback: said only when
the whole crawl found no article link and list pages came without any but with scripts (the
positive case, demo-js, is in tests/render/test_render_crawl.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.hostile.server import crawl, hostile_server, list_page

pytestmark = pytest.mark.integration
SCRIPT = "<script src='/app.js'></script><script>window.load && window.load('#list')</script>"


def scripted(body: str) -> str:
    return body.replace("</head>", SCRIPT + "</head>")


def hinted(out: dict[str, Any]) -> bool:
    return "difang/errors/needs_render" in out["stats"] or "(needs_render)" in out["log"]


def test_an_empty_list_page_that_runs_scripts_gets_the_hint(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        server.html("/list.html", scripted(list_page(0)))
        out = crawl(tmp_path, server)
    assert out["stats"]["difang/errors/needs_render"] == 1
    (line,) = [line for line in out["log"].splitlines() if "(needs_render)" in line]
    assert f"{server.base}/list.html: no article link" in line and "hostile.yaml" in line


def test_scripts_beside_article_links_are_no_reason(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        server.html("/list.html", scripted(list_page(2)))
        out = crawl(tmp_path, server)
    assert out["stats"]["difang/articles/found"] == 2 and not hinted(out)


def test_an_empty_list_without_scripts_is_no_reason(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        server.html("/list.html", list_page(0))
        out = crawl(tmp_path, server)
    assert out["stats"].get("difang/articles/found", 0) == 0 and not hinted(out)


def test_one_scripted_empty_list_among_others_with_articles_is_no_reason(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        server.html("/list.html", scripted(list_page(0).replace("<ul>", "<ul><li><a href='/more.html'>更多</a></li>")))
        server.html("/more.html", list_page(2))
        out = crawl(tmp_path, server, follow_urls=r"['/more\.html$']")
    assert "/more.html" in server.asked and out["stats"]["difang/articles/found"] == 2 and not hinted(out)
