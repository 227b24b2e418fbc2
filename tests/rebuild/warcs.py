"""Hand-built WARC files of a small fictional portal for the rebuild tests (fixed ids and dates)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from core.items import RawPointer
from storage.store import FileStore
from storage.warc import EarlierCapture, WarcWriter

HOST = "news.qingshan.example"
SITE_YAML = f"""name: qingshan
title: 青山新闻网
start_urls: [http://{HOST}/list_1.html]
article_urls: ['/\\d{{4}}-\\d{{2}}/\\d{{2}}/art_\\d+\\.html$']
"""

PARAGRAPHS = (
    "3月1日上午，青山县城南污水处理厂二期工程通水运行，日处理能力由2万吨提升至5万吨，县城南片区"
    "12个小区的生活污水将全部接入管网集中处理。",
    "县住建局负责人介绍，二期工程总投资1.8亿元，新建配套管网9.6公里，出水水质达到一级A标准，"
    "处理后的中水将用于城区绿化灌溉和道路清扫。",
    "据了解，该县今年还将启动北部乡镇污水管网建设，计划年底前实现全县15个乡镇污水处理设施全覆盖。",
)


def article_html(number: int, title: str = "青山县城南污水处理厂二期工程通水运行") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}_青山新闻网</title></head>"
            f"<body><div class=\"nav\"><a href=\"/list_1.html\">首页</a></div><div class=\"article\">"
            f"<h1>{title}</h1><div class=\"info\">2026-03-01 09:30:00 来源：青山日报 记者 周文涛</div>"
            f"<div class=\"content\">{body}</div><div class=\"editor\">责任编辑：韩蕾</div></div>"
            f"<div class=\"footer\">青山新闻网 版权所有</div></body></html>")
    return page.encode("utf-8")


def article_url(number: int) -> str:
    return f"http://{HOST}/2026-03/01/art_{number}.html"


class Archive:
    """Writes crawls into ``root/archive`` the way the crawl's WARC writer lays them out."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store = FileStore(root / "archive")
        (root / "sites").mkdir(parents=True, exist_ok=True)
        (root / "sites" / "qingshan.yaml").write_text(SITE_YAML, encoding="utf-8")

    def crawl(self, when: datetime, pages: list[tuple[str, bytes, EarlierCapture | None]]) -> list[RawPointer]:
        """One crawl's WARC file: each page served gzip-encoded (a revisit when given an earlier capture)."""
        spool = self.root / "spool"
        writer = WarcWriter(spool, "qingshan", clock=lambda: when)
        pointers = []
        for url, html, earlier in pages:
            served = gzip.compress(html, mtime=0)
            pointers.append(writer.write_exchange(
                url, method="GET", request_headers=[("Host", HOST)], request_body=b"", status=200,
                reason="OK", protocol="HTTP/1.1", payload=served, when=when, revisit_of=earlier,
                response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]))
        done = writer.close()
        assert done is not None
        self.store.put(done.key, done.path.read_bytes())
        return pointers


def day(d: int) -> datetime:
    return datetime(2026, 3, d, 2, 0, 0, tzinfo=UTC)
