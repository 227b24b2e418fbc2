"""Fan-out caps, in real crawls of a hostile server on loopback: a list page with thousands of
links, a crawl with more pages than its budget, sitemap indexes that chain forever, an article
with fifty continuation pages and a gzip bomb sitemap each queue only what the caps allow; every
cap hit is counted in the run file and logged once with the page's URL."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.hostile.server import HostileServer, article, crawl, hostile_server, list_page

pytestmark = pytest.mark.integration

XML = {"Content-Type": "application/xml"}


def cap_lines(log: str, what: str) -> list[str]:
    return [line for line in log.splitlines() if f"(cap {what})" in line]


def articles_asked(server: HostileServer) -> list[str]:
    return [p for p in server.asked if p.startswith("/a/") and "_" not in p]


def test_a_list_page_with_thousands_of_links_queues_only_the_cap(tmp_path: Path) -> None:
    with hostile_server(articles=0) as server:
        server.html("/list.html", list_page(3000))
        for n in range(1, 3001):
            server.html(f"/a/{n}.html", article(n % 60))
        out = crawl(tmp_path, server, "MAX_LINKS_PER_PAGE=40")
        asked = articles_asked(server)
    assert len(asked) == 40, len(asked)
    assert out["stats"]["difang/caps/links"] == 1
    lines = cap_lines(out["log"], "links")
    assert len(lines) == 1 and "/list.html" in lines[0] and "more than 40 links" in lines[0]


def test_the_page_budget_bounds_a_crawl_and_a_site_file_sets_it(tmp_path: Path) -> None:
    with hostile_server(articles=0) as server:
        server.html("/list.html", list_page(200))
        for n in range(1, 201):
            server.html(f"/a/{n}.html", article(n % 60))
        out = crawl(tmp_path, server, max_pages="25")
        asked = [p for p in server.asked if p != "/robots.txt"]
    assert len(asked) == 25, asked  # the list page and 24 articles
    assert len(out["records"]) == 24
    assert out["stats"]["difang/caps/page_budget"] == 200 - 24
    lines = cap_lines(out["log"], "page_budget")
    assert len(lines) == 1 and "page budget of 25 requests" in lines[0]


def test_sitemap_indexes_that_chain_forever_stop_at_the_nesting_cap(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        for n in range(100):
            index = (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                     f"<sitemap><loc>{server.base}/s{n + 1}.xml</loc></sitemap></sitemapindex>")
            server.routes[f"/s{n}.xml"] = (200, XML, index.encode())
        out = crawl(tmp_path, server, "MAX_SITEMAP_DEPTH=3", sitemaps=f"['{server.base}/s0.xml']")
        sitemaps = [p for p in server.asked if p.startswith("/s")]
    assert sitemaps == ["/s0.xml", "/s1.xml", "/s2.xml", "/s3.xml"]
    assert out["stats"]["difang/caps/sitemap_depth"] == 1
    assert len(cap_lines(out["log"], "sitemap_depth")) == 1


def test_a_sitemap_with_more_urls_than_the_cap_gives_only_the_cap(tmp_path: Path) -> None:
    with hostile_server(articles=0) as server:
        urls = "".join(f"<url><loc>{server.base}/a/{n}.html</loc></url>" for n in range(1, 501))
        body = f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        server.routes["/sitemap.xml"] = (200, XML, body.encode())
        for n in range(1, 501):
            server.html(f"/a/{n}.html", article(n % 60))
        out = crawl(tmp_path, server, "MAX_SITEMAP_ENTRIES=30", sitemaps=f"['{server.base}/sitemap.xml']")
        asked = articles_asked(server)
    assert len(asked) == 30
    assert out["stats"]["difang/caps/sitemap_entries"] == 1


def test_a_gzip_bomb_sitemap_is_a_named_error_not_memory(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<" * (80 * 1024 * 1024), compresslevel=9)  # 80 MiB in about 80 KB
    with hostile_server(articles=1) as server:
        server.routes["/sitemap.xml.gz"] = (200, {"Content-Type": "application/octet-stream"}, bomb)
        out = crawl(tmp_path, server, sitemaps=f"['{server.base}/sitemap.xml.gz']")
    assert out["stats"]["difang/errors/sitemap_too_large"] == 1
    lines = [line for line in out["log"].splitlines() if "sitemap.xml.gz" in line and "sitemap_too_large" in line]
    assert len(lines) == 1


def paged_article(total: int) -> str:
    pager = " ".join(f"<a href='/a/1_{i}.html'>{i}</a>" if i > 1 else "<a href='/a/1.html'>1</a>"
                     for i in range(1, total + 1))
    return article(1).replace("</body>", f"<div class='page'>共{total}页 {pager} "
                                         "<a href='/a/1_2.html'>下一页</a></div></body>")


def test_an_article_with_fifty_pages_is_archived_with_the_capped_pages(tmp_path: Path) -> None:
    with hostile_server(articles=1) as server:
        server.html("/a/1.html", paged_article(50))
        for i in range(2, 51):
            server.html(f"/a/1_{i}.html", article(i).replace("第", "续"))
        out = crawl(tmp_path, server, "MAX_ARTICLE_PAGES=5")
        pages = [p for p in server.asked if p.startswith("/a/1")]
    assert pages == ["/a/1.html", "/a/1_2.html", "/a/1_3.html", "/a/1_4.html", "/a/1_5.html"]
    assert len(out["records"]) == 1
    text = out["records"][0]["text"]
    assert "续5篇稿件" in text and "续6篇稿件" not in text  # four continuation pages kept, in order
    assert out["stats"]["difang/caps/article_pages"] == 1
    assert len(cap_lines(out["log"], "article_pages")) == 1
