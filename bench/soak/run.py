"""Soak: a crawl of a trap portal under the default caps stays under a stated memory ceiling.

The trap (served on loopback by this script) is what a hostile or broken portal offers: a
calendar of list pages with no end (each day links the next and the day before, and 200
articles), one list page of 300,000 links, sitemap indexes that chain forever and each list 50,000
URLs, and articles of 50 continuation pages. difang crawls it with its defaults (PAGE_BUDGET,
MAX_LINKS_PER_PAGE, MAX_SITEMAP_*, MAX_ARTICLE_*; only politeness delays off, and max_depth 50
so depth is no help); the peer is a plain Scrapy spider that follows every link, stopped by
CLOSESPIDER_PAGECOUNT at the same number of responses. Peak RSS = ru_maxrss of each crawl
process (os.wait4).

    .venv/bin/python -m bench.soak.run [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CEILING_MIB = 600  # the stated ceiling for one crawl of the trap with the default caps
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
PARAGRAPH = "本报讯，本县今日召开农村公路建设推进会，通报工程进度，部署下一阶段工作，各乡镇负责人参加会议。"


def article(n: int) -> bytes:
    pager = ""
    if n % 500 == 0:
        pager = "<div class='page'>" + " ".join(f"<a href='/a/{n}_{i}.html'>{i}</a>" for i in range(2, 51)) + "</div>"
    body = "".join(f"<p>第{n}篇第{i}段。{PARAGRAPH}</p>" for i in range(8))
    return (f"<html><head><title>稿件{n}</title></head><body><h1>稿件{n}</h1><div class='info'>2024-05-17 10:00 "
            f"来源：测试日报</div><div class='content'>{body}</div>{pager}</body></html>").encode()


def calendar(day: int) -> bytes:
    links = "".join(f"<li><a href='/a/{day * 1000 + k}.html'>稿件</a></li>" for k in range(1, 201))
    big = "<a href='/big/0.html'>全部</a>" if day == 0 else ""
    return (f"<html><body><a href='/cal/{day - 1}.html'>前一天</a><a href='/cal/{day + 1}.html'>后一天</a>{big}"
            f"<ul>{links}</ul></body></html>").encode()


BIG = ("<html><body><ul>" + "".join(f"<li><a href='/a/{9_000_000 + k}.html'>x</a></li>" for k in range(300_000))
       + "</ul></body></html>").encode()


def sitemap(n: int) -> bytes:
    urls = "".join(f"<url><loc>http://{{host}}/a/{50_000_000 + n * 50_000 + k}.html</loc></url>" for k in range(50_000))
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()


class Trap(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        host = self.headers.get("Host", "")
        body, ctype = b"not here", "text/plain"
        if m := re.fullmatch(r"/cal/(-?\d+)\.html", self.path):
            body, ctype = calendar(int(m[1])), "text/html; charset=utf-8"
        elif self.path == "/big/0.html":
            body, ctype = BIG, "text/html; charset=utf-8"
        elif m := re.fullmatch(r"/a/(\d+)(?:_\d+)?\.html", self.path):
            body, ctype = article(int(m[1])), "text/html; charset=utf-8"
        elif m := re.fullmatch(r"/sitemap/(\d+)\.xml", self.path):
            n = int(m[1])
            body = (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    f"<sitemap><loc>http://{host}/sitemap/{n + 1}.xml</loc></sitemap>"
                    f"<sitemap><loc>http://{host}/urls/{n}.xml</loc></sitemap></sitemapindex>").encode()
            ctype = "application/xml"
        elif m := re.fullmatch(r"/urls/(\d+)\.xml", self.path):
            body, ctype = sitemap(int(m[1])).replace(b"{host}", host.encode()), "application/xml"
        self.send_response(200 if ctype != "text/plain" else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


PEER = """
import scrapy
class Peer(scrapy.Spider):
    name = "peer"
    def __init__(self, start=None, **kw):
        super().__init__(**kw)
        self.start_urls = [start]
    def parse(self, response):
        if hasattr(response, "css"):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)
"""


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    log = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    responses = re.search(r"'downloader/response_count': (\d+)", log)
    return {"rss_mib": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime,
            "wall_s": time.monotonic() - started, "responses": int(responses[1]) if responses else 0,
            "exit": proc.returncode, "caps": len(re.findall(r"\(cap \w+\)", log))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write bench/soak/results.md")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "sites").mkdir()
        (work / "sites" / "trap.yaml").write_text(
            f"name: trap\nstart_urls: ['{base}/cal/0.html']\nsitemaps: ['{base}/sitemap/0.xml']\n"
            "article_urls: ['/a/\\d+\\.html$']\nfollow_urls: ['/cal/-?\\d+\\.html$', '/big/\\d+\\.html$']\n"
            "max_depth: 50\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
        env.update(DIFANG_SITES=str(work / "sites"), DIFANG_HOME=str(work / "home"), DIFANG_ARCHIVE=str(work / "archive"))
        difang = run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=trap", *FAST], env, ROOT)
        (work / "peer.py").write_text(PEER, encoding="utf-8")
        peer = run([sys.executable, "-m", "scrapy", "runspider", str(work / "peer.py"), "-a", f"start={base}/cal/0.html",
                    *FAST, "-s", f"CLOSESPIDER_PAGECOUNT={max(difang['responses'], 1)}", "-s", "ROBOTSTXT_OBEY=0"],
                   env, work)
    server.shutdown()
    rows = [("difang (default caps)", difang), ("peer: Scrapy, follow every link", peer)]
    lines = [
        "# Soak: a trap portal under the default caps",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end "
        "(shared machine: wall and CPU carry others' load; peak RSS does not)",
        f"- stated ceiling: {CEILING_MIB} MiB peak RSS for one difang crawl of the trap",
        "- reproduce: `.venv/bin/python -m bench.soak.run --write`",
        "",
        "| crawler | peak RSS MiB | CPU s | wall s | responses | cap lines | exit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {name} | {r['rss_mib']:.0f} | {r['cpu_s']:.1f} | {r['wall_s']:.1f} | {r['responses']:.0f} | "
          f"{r['caps']:.0f} | {r['exit']:.0f} |" for name, r in rows),
        "",
        "The peer stops at the same number of responses (CLOSESPIDER_PAGECOUNT) but has no per-page caps:",
        "it queues every link of the 300,000-link page and of every list page it reads.",
    ]
    print("\n".join(lines))
    if args.write:
        (ROOT / "bench" / "soak" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if difang["rss_mib"] <= CEILING_MIB and difang["exit"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
