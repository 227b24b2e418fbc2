"""WARC writing micro benchmark: process CPU per request + response exchange, old and new writer.

Run from the repository root, under the shared benchmark lock:
``flock /tmp/difang-bench.lock .venv/bin/python -m bench.warc.run``. It builds the exchanges of
demo-bench's article pages (the pages bench/crawl crawls, as the demo server sends them to Scrapy:
gzip, with Scrapy's request headers), writes them with

- **warcio**: the writer difang had before (bench/warc/warcio_writer.py: warcio's record builder,
  surt.surt and warcio's date parsing per CDXJ line), to a file, flushed per exchange;
- **difang**: storage.warc.WarcWriter.write_exchange (storage.warc_record), at gzip level 6 and 9;

interleaved over several rounds, and reports the median CPU per exchange. It also compares gzip
levels 6 and 9 on the same pages served without gzip (file size and CPU), which decided
warc_record.GZIP_LEVEL. Writes bench/warc/results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.warc.warcio_writer import WarcioRecords, cdxj_line
from demo.portal import Portal
from storage import warc_record
from storage.warc import WarcWriter, payload_digest, warc_date

HERE = Path(__file__).parent
OLD = "warcio (before)"
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


def write_old(pages: list[Exchange], folder: Path) -> int:
    """The old path, per exchange as storage/warc.py did it: records, offset, flush, CDXJ line."""
    path = folder / "old.warc.gz"
    start = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    with open(path, "xb") as fh:
        records = WarcioRecords(fh)
        records.warcinfo(path.name, {"software": "difang/0.1 (warcio)", "isPartOf": "demo-bench"},
                         date=warc_date(start))
        lines = []
        for number, page in enumerate(pages):
            date = warc_date(start + timedelta(milliseconds=number))
            digest = payload_digest(page.payload)
            offset = fh.tell()
            records.exchange(page.url, method="GET", request_headers=REQUEST, request_body=b"", status=200,
                             reason="OK", protocol="HTTP/1.1", response_headers=page.headers, payload=page.payload,
                             date=date, ip_address="127.0.0.6", digest=digest)
            fh.flush()
            lines.append(cdxj_line(page.url, date, status=200, mime="text/html", digest=digest,
                                   length=fh.tell() - offset, offset=offset, filename=path.name))
        return fh.tell()


def write_new(pages: list[Exchange], folder: Path) -> int:
    clock = iter(datetime(2026, 11, 26, 3, 0, tzinfo=UTC) + timedelta(milliseconds=n) for n in range(1 << 30))
    writer = WarcWriter(folder, "demo-bench", clock=lambda: next(clock))
    for page in pages:
        writer.write_exchange(page.url, method="GET", request_headers=REQUEST, request_body=b"", status=200,
                              reason="OK", protocol="HTTP/1.1", response_headers=page.headers,
                              payload=page.payload, ip_address="127.0.0.6", digest=payload_digest(page.payload))
    size = writer.open_bytes()
    writer._cdxj = []  # the index is written at close: not per exchange, not timed here
    assert writer._fh is not None
    writer._fh.close()
    return size


def at_level(level: int, write: Callable[[list[Exchange], Path], int]) -> Callable[[list[Exchange], Path], int]:
    def run(pages: list[Exchange], folder: Path) -> int:
        saved, warc_record.GZIP_LEVEL = warc_record.GZIP_LEVEL, level
        try:
            return write(pages, folder)
        finally:
            warc_record.GZIP_LEVEL = saved
    return run


def timed(write: Callable[[list[Exchange], Path], int], pages: list[Exchange]) -> tuple[float, int]:
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
    writers = {OLD: write_old, "difang, level 6": at_level(6, write_new),
               "difang, level 9": at_level(9, write_new)}
    cpu: dict[tuple[str, str], list[float]] = {}
    size: dict[tuple[str, str], int] = {}
    load_before = os.getloadavg()
    for round_ in range(args.rounds + 1):  # round 0 warms up (imports, caches) and is not counted
        names = list(writers)[round_ % len(writers):] + list(writers)[:round_ % len(writers)]
        for kind, pages in served.items():
            for name in names:
                us, bytes_ = timed(writers[name], pages)
                if round_:
                    cpu.setdefault((kind, name), []).append(us)
                    size[kind, name] = bytes_
    report(args, served, cpu, size, load_before)


def report(args: argparse.Namespace, served: dict[str, list[Exchange]], cpu: dict[tuple[str, str], list[float]],
           size: dict[tuple[str, str], int], load_before: tuple[float, float, float]) -> None:
    rows = []
    for (kind, name), values in cpu.items():
        payload = sum(len(page.payload) for page in served[kind]) / len(served[kind])
        # each round's figure over the old writer's in the same round: steadier than either
        # figure alone on a machine whose load changes between rounds
        ratios = [new / old for new, old in zip(values, cpu[kind, OLD], strict=True)]
        rows.append(f"| {kind} ({payload:,.0f} B payload) | {name} | {statistics.median(values):.0f} "
                    f"({min(values):.0f}–{max(values):.0f}) | {min(values):.0f} | {statistics.median(ratios):.2f} "
                    f"| {size[kind, name] / len(served[kind]):,.0f} |")
    text = f"""# WARC writing: CPU per request + response exchange

- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC
- machine: {machine()} (shared; load average {load_before[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end)
- pages: the {args.articles} article pages of demo-bench (bench/crawl's site) as demo.server sends them:
  `gzip` with Content-Encoding gzip (what Scrapy asks for, so what difang archives), `identity` uncompressed
- per exchange: response record + request record (gzip member each) written and flushed to a file, and
  the CDXJ line built; the warcinfo record once per file
- {args.rounds} rounds, writers interleaved (order rotated), after one warm-up round; process CPU
  (`time.process_time`) µs per exchange: median (min–max), and the minimum alone (least disturbed
  by other work on the machine); "/ warcio": median over rounds of the writer's CPU over warcio's
  in the same round
- reproduce: `flock /tmp/difang-bench.lock .venv/bin/python -m bench.warc.run --articles {args.articles} --rounds {args.rounds}`

| payload | writer | CPU µs / exchange | min µs | / warcio | file bytes / exchange |
| --- | --- | ---: | ---: | ---: | ---: |
""" + "\n".join(rows) + "\n"
    path = HERE / "results.md"
    notes = path.read_text(encoding="utf-8").split("## Notes", 1)[1] if path.exists() and "## Notes" in path.read_text(
        encoding="utf-8") else "\n\n(none yet)\n"
    path.write_text(text + "\n## Notes" + notes, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
