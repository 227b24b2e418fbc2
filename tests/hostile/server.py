"""A hostile portal on loopback: each test says what every path answers (status, headers, body),
and the server logs what was asked, so a test can tell what a crawl fetched."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.integration.crawlkit import crawl_env, scrapy_crawl

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class HostileServer:
    routes: dict[str, Answer | Callable[[], Answer]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def html(self, path: str, body: str, status: int = 200) -> None:
        self.routes[path] = (status, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8"))

    def site_file(self, folder: Path, name: str = "hostile", **extra: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"name: {name}", f"start_urls: ['{self.base}/list.html']", r"article_urls: ['/a/\d+\.html$']",
                 *(f"{k}: {v}" for k, v in extra.items())]
        path = folder / f"{name}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def article(n: int) -> str:
    text = "".join(f"<p>第{n}篇稿件的第{i}段。本报讯，本市今日举行活动，市民踊跃参加，现场秩序井然，各方反响热烈。</p>"
                   for i in range(6))
    return (f"<html><head><title>测试稿件{n}</title></head><body><h1>测试稿件{n}</h1>"
            f"<div class='info'>2024-05-17 10:{n:02d} 来源：测试日报</div><div class='content'>{text}</div></body></html>")


def list_page(count: int) -> str:
    links = "".join(f"<li><a href='/a/{n}.html'>测试稿件{n}</a></li>" for n in range(1, count + 1))
    return f"<html><head><title>列表</title></head><body><ul>{links}</ul></body></html>"


@contextmanager
def hostile_server(articles: int = 3) -> Iterator[HostileServer]:
    """A server with a list page and ``articles`` article pages; tests add or replace routes."""
    state = HostileServer()
    state.html("/list.html", list_page(articles))
    for n in range(1, articles + 1):
        state.html(f"/a/{n}.html", article(n))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            state.asked.append(self.path)
            route = state.routes.get(self.path)
            status, headers, body = (route() if callable(route) else route) if route else (404, {}, b"not here")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def crawl(tmp_path: Path, server: HostileServer, *settings: str, **site: str) -> dict[str, Any]:
    """One `scrapy crawl` of the server's site (``site``: more keys of its file) into a folder
    archive; the run's stats, the crawl's log and the clean records."""
    server.site_file(tmp_path / "sites", **site)
    env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
    done = scrapy_crawl("hostile", env, *[x for s in settings for x in ("-s", s)])
    assert done.returncode == 0, done.stderr[-2000:]
    runs = list((tmp_path / "archive" / "runs").glob("*.json"))
    assert len(runs) == 1, runs
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "archive").glob("clean/**/*.json")]
    return {"stats": json.loads(runs[0].read_text())["stats"], "log": done.stderr, "records": records}
