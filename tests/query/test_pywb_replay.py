"""pywb replays our WARC through our CDXJ: the archive is a standard web archive.

pywb cannot share the project's virtualenv (it pins werkzeug and pyOpenSSL below ours and its
brotlipy shadows Scrapy's Brotli), so it runs in an interpreter of its own: DIFANG_PYWB_PYTHON,
or ``.venv-pywb/bin/python`` (README, "Replaying pages with pywb"). Its WSGI app is driven
in-process there with werkzeug's test client; no port is opened.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.warc import WarcWriter

ROOT = Path(__file__).resolve().parents[2]
PAGE = ("<html><head><meta charset='utf-8'><title>临港夜市美食节开幕</title></head>"
        "<body><p>临港夜市美食节今晚开幕，三百多个摊位汇聚各地风味。</p></body></html>").encode()
URL = "http://news.example.cn/2024-05/01/content_77.htm"
REPLAY = """
import json, os, sys
folder, url = sys.argv[1], sys.argv[2]
os.chdir(folder)
with open("config.yaml", "w") as fh:
    fh.write(f"collections:\\n  difang:\\n    index_paths: {folder}/\\n    archive_paths: {folder}/\\n")
from pywb.apps.frontendapp import FrontEndApp
from werkzeug.test import Client
response = Client(FrontEndApp(config_file="config.yaml")).get(f"/difang/id_/{url}")
sys.stdout.write(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                             "body": response.get_data().decode("utf-8", "replace")}))
"""


def pywb_python() -> str | None:
    candidates = [os.environ.get("DIFANG_PYWB_PYTHON", ""), str(ROOT / ".venv-pywb" / "bin" / "python")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.mark.skipif(pywb_python() is None, reason="no pywb interpreter (DIFANG_PYWB_PYTHON or .venv-pywb)")
def test_pywb_serves_an_archived_page_back(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "replay", clock=lambda: datetime(2024, 5, 1, 8, 0, tzinfo=UTC))
    writer.write_exchange(
        URL, method="GET", request_headers=[("Host", "news.example.cn")], request_body=b"",
        status=200, reason="OK", protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        payload=gzip.compress(PAGE, mtime=0))
    done = writer.close()
    assert done is not None
    python = pywb_python()
    assert python is not None
    proc = subprocess.run([python, "-c", REPLAY, str(done.path.parent), URL], capture_output=True,
                          text=True, timeout=120, env={k: v for k, v in os.environ.items()
                                                       if not k.startswith("PYTHON")})
    assert proc.returncode == 0, proc.stderr[-3000:]
    served = json.loads(proc.stdout)
    assert served["status"] == 200
    assert served["headers"]["Memento-Datetime"] == "Wed, 01 May 2024 08:00:00 GMT"
    assert PAGE.decode("utf-8") in served["body"]


def test_our_cdxj_points_at_the_response_record(tmp_path: Path) -> None:
    """What pywb relies on, checked without pywb: the CDXJ line's offset/length is the record."""
    from warcio.archiveiterator import ArchiveIterator

    writer = WarcWriter(tmp_path, "replay", clock=lambda: datetime(2024, 5, 1, 8, 0, tzinfo=UTC))
    pointer = writer.write_exchange(
        URL, method="GET", request_headers=[], request_body=b"", status=200, reason="OK",
        protocol="HTTP/1.1", response_headers=[("Content-Type", "text/html")], payload=PAGE)
    done = writer.close()
    assert done is not None
    lines = [line.split(" ", 2) for line in done.cdxj_path.read_text(encoding="utf-8").splitlines()]
    fields = next(json.loads(f) for key, stamp, f in lines if json.loads(f)["url"] == URL
                  and json.loads(f).get("status") == "200")
    assert lines[0][0] == "cn,example,news)/2024-05/01/content_77.htm" and lines[0][1] == "20240501080000"
    assert (int(fields["offset"]), int(fields["length"])) == (pointer["offset"], pointer["length"])
    assert fields["filename"] == done.path.name
    with open(done.path, "rb") as fh:
        fh.seek(int(fields["offset"]))
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response" and record.content_stream().read() == PAGE
