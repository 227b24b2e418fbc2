"""WARC writing micro benchmark: process CPU per request + response exchange of storage.warc.

Run from the repository root, under the shared benchmark lock:
``flock /tmp/difang-bench.lock .venv/bin/python -m bench.warc.run``. It builds the exchanges of
demo-bench's article pages (the pages bench/crawl crawls, as the demo server sends them to Scrapy:
gzip, with Scrapy's request headers, and uncompressed), writes them with
storage.warc.WarcWriter.write_exchange (warcio's WARCWriter, a gzip member per record, the CDXJ
line built per exchange) over several rounds, and reports the CPU per exchange. Writes
bench/warc/results.md, keeping its notes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

from demo.portal import Portal
from storage.warc import WarcWriter, payload_digest

HERE = Path(__file__).parent
HOST = "127.0.0.6:8080"
# what Scrapy 2.19 sends (DEFAULT_REQUEST_HEADERS, UserAgentMiddleware, HttpCompressionMiddleware)
REQUEST = [("Host", HOST), ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
           ("Accept-Language", "en"), ("User-Agent", "difang/0.1 (+https://example.invalid/difang)"),
           ("Accept-Encoding", "gzip, deflate, br, zstd")]


@dataclass(frozen=True)
class Exchange:
    url: str
    headers: list[tuple[str, str]]
    payload: bytes


def exchanges(articles: int, gzip: bool) -> list[Exchange]:
    portal = Portal(8080, articles)
    site = portal.sites["demo-bench"]
    out = []
    for path in site.article_paths():
        response = portal.respond(HOST, path)
        out.append(Exchange(f"http://{HOST}{path}", response.headers(gzip), response.payload(gzip)))
    return out


def write(pages: list[Exchange], folder: Path) -> int:
    """Every page through WarcWriter.write_exchange, as the capture middleware calls it (the
    payload digest given); returns the file size. The CDXJ file written at close is not timed."""
    clock = iter(datetime(2026, 11, 26, 3, 0, tzinfo=UTC) + timedelta(milliseconds=n) for n in range(1 << 30))
    writer = WarcWriter(folder, "demo-bench", clock=lambda: next(clock))
    for page in pages:
        writer.write_exchange(page.url, method="GET", request_headers=REQUEST, request_body=b"", status=200,
                              reason="OK", protocol="HTTP/1.1", response_headers=page.headers,
                              payload=page.payload, ip_address="127.0.0.6", digest=payload_digest(page.payload))
    size = writer.open_bytes()
    writer._cdxj = []
    assert writer._fh is not None
    writer._fh.close()
    return size


def timed(pages: list[Exchange]) -> tuple[float, int]:
    """(process CPU µs per exchange, file bytes) of one pass, in a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        size = write(pages, Path(folder))
        return (time.process_time() - start) / len(pages) * 1e6, size


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    return f"{platform.machine()}, {os.cpu_count()} cores, {model}; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    served = {"gzip": exchanges(args.articles, gzip=True), "identity": exchanges(args.articles, gzip=False)}
    cpu: dict[str, list[float]] = {}
    size: dict[str, int] = {}
    load_before = os.getloadavg()
    for round_ in range(args.rounds + 1):  # round 0 warms up (imports, caches) and is not counted
        for kind, pages in served.items():
            us, bytes_ = timed(pages)
            if round_:
                cpu.setdefault(kind, []).append(us)
                size[kind] = bytes_
    rows = []
    for kind, values in cpu.items():
        payload = sum(len(page.payload) for page in served[kind]) / len(served[kind])
        rows.append(f"| {kind} ({payload:,.0f} B payload) | {statistics.median(values):.0f} "
                    f"({min(values):.0f}–{max(values):.0f}) | {min(values):.0f} "
                    f"| {size[kind] / len(served[kind]):,.0f} |")
    text = f"""# WARC writing: CPU per request + response exchange

- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC
- machine: {machine()} (shared; load average {load_before[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end)
- writer: storage.warc.WarcWriter with warcio {version("warcio")} (WARCWriter, gzip per record)
- pages: the {args.articles} article pages of demo-bench (bench/crawl's site) as demo.server sends them:
  `gzip` with Content-Encoding gzip (what Scrapy asks for, so what difang archives), `identity` uncompressed
- per exchange: response record + request record (gzip member each) written and flushed to a file, and
  the CDXJ line built; the warcinfo record once per file
- {args.rounds} rounds after one warm-up round; process CPU (`time.process_time`) µs per exchange:
  median (min–max), and the minimum alone (least disturbed by other work on the machine)
- reproduce: `flock /tmp/difang-bench.lock .venv/bin/python -m bench.warc.run --articles {args.articles} --rounds {args.rounds}`

| payload | CPU µs / exchange | min µs | file bytes / exchange |
| --- | ---: | ---: | ---: |
""" + "\n".join(rows) + "\n"
    path = HERE / "results.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old.split("## Notes", 1)[1] if "## Notes" in old else "\n\n(none yet)\n"
    path.write_text(text + "\n## Notes" + notes, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
