"""``difang rebuild`` (and ``difang raw --text``) undo an archived body's Content-Encoding with the
crawl's cap (DOWNLOAD_MAXSIZE of decoded bytes): a gzip, deflate, brotli or zstd bomb in a WARC
is reported as ``too_large`` for its capture, and the rebuild's memory stays small; the other
articles are rebuilt as before."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from backports import zstd

from core.items import RawPointer
from core.limits import DOWNLOAD_MAXSIZE
from query.source import ArchiveReader
from storage.content_encoding import TooLarge, decode_body
from storage.warc import WarcWriter
from tests.integration.crawlkit import ROOT
from tests.rebuild.warcs import HOST, Archive, article_html, article_url, day

pytestmark = pytest.mark.integration
DECODED = 128 << 20  # what each bomb would take in memory, decoded
ZEROS = b"\0" * (16 << 20)
PEAK_RSS_MB = 400  # this archive rebuilt with the bombs capped: 143 MB here (uncapped: 750 MB)


def _deflate() -> bytes:
    stream = zlib.compressobj(1)
    return b"".join(stream.compress(ZEROS) for _ in range(DECODED // len(ZEROS))) + stream.flush()


def _brotli() -> bytes:
    stream = brotli.Compressor(quality=5)
    return b"".join(stream.process(ZEROS) for _ in range(DECODED // len(ZEROS))) + stream.finish()


BOMBS: dict[str, Callable[[], bytes]] = {
    "gzip": lambda: gzip.compress(ZEROS, 9, mtime=0) * (DECODED // len(ZEROS)),  # one member after another
    "deflate": _deflate,
    "br": _brotli,
    "zstd": lambda: zstd.compress(ZEROS) * (DECODED // len(ZEROS)),  # one frame after another
}


def bomb_archive(root: Path) -> tuple[Archive, list[RawPointer]]:
    archive = Archive(root)
    writer = WarcWriter(root / "spool", "qingshan", clock=lambda: day(1))
    pages = [(article_url(n), coding, make()) for n, (coding, make) in enumerate(BOMBS.items(), 1)]
    pages.append((article_url(9), "gzip", gzip.compress(article_html(9), mtime=0)))
    pointers = [writer.write_exchange(
        url, method="GET", request_headers=[("Host", HOST)], request_body=b"", status=200, reason="OK",
        protocol="HTTP/1.1", payload=served, when=day(1),
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", coding)])
        for url, coding, served in pages]
    done = writer.close()
    assert done is not None
    archive.store.put(done.key, done.path.read_bytes())
    return archive, pointers


def test_bombs_in_the_archive_are_too_large_captures(tmp_path: Path) -> None:
    archive, pointers = bomb_archive(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update({"DIFANG_SITES": str(tmp_path / "sites"), "DIFANG_ARCHIVE": str(tmp_path / "archive"),
                "DIFANG_HOME": str(tmp_path / "home")})
    # VmHWM is this process image's own peak: ru_maxrss would also count the (forked) test runner's
    # size, which grows over a whole suite
    measured = ("import re, sys; from archive.cli.main import main; status = main(sys.argv[1:]); "
                "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
                "print('peak_rss_kb', hwm, file=sys.stderr); sys.exit(status)")
    done = subprocess.run([sys.executable, "-c", measured, "rebuild", "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-3000:]  # failed captures
    report = json.loads(done.stdout)
    failed = {f["url"]: f["reason"] for f in report["failed"]}
    assert sorted(failed) == sorted(article_url(n) for n in range(1, len(BOMBS) + 1))
    for n, coding in enumerate(BOMBS, 1):
        assert failed[article_url(n)].startswith(
            f"too_large: Content-Encoding {coding} decodes past {DOWNLOAD_MAXSIZE} bytes"), failed
    assert len(report["written"]) == 1  # the one real article
    peak_mb = int(done.stderr.rsplit("peak_rss_kb ", 1)[1].split()[0]) / 1024
    print(f"rebuild of {len(BOMBS)} bombs of {DECODED >> 20} MiB each: peak RSS {peak_mb:.0f} MB")
    assert peak_mb < PEAK_RSS_MB

    reader = ArchiveReader(archive.store)  # what `difang raw --text` decodes
    for pointer in pointers[: len(BOMBS)]:
        with pytest.raises(TooLarge):
            reader.raw(pointer).body()
    assert b"<h1>" in reader.raw(pointers[-1]).body()


@pytest.mark.parametrize("coding", list(BOMBS))
def test_the_cap_is_exact(coding: str) -> None:
    served = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
              "zstd": zstd.compress}[coding](b"a" * 1000)
    assert decode_body(served, coding, 1000) == b"a" * 1000
    with pytest.raises(TooLarge):
        decode_body(served, coding, 999)
