"""The CDXJ written while a WARC is written equals what pywb's indexer makes of the finished file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive.warc import EarlierCapture, WarcWriter, write_cdxj


def test_incremental_cdxj_matches_cdxj_indexer(tmp_path: Path) -> None:
    clock = iter(datetime(2026, 11, 26, 3, 0, s, 123456, tzinfo=UTC) for s in range(60))
    writer = WarcWriter(tmp_path, "s1", clock=lambda: next(clock))
    common = dict(method="GET", request_headers=[("Host", "127.0.0.2:8701")], request_body=b"",
                  protocol="HTTP/1.1")
    first = writer.write_exchange(
        "http://127.0.0.2:8701/news/list_1.html?b=2&a=1", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        payload=b"\x1f\x8b compressed bytes", **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/old.htm", status=302, reason="Found",
        response_headers=[("Location", "/new.htm")], payload=b"", **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/news/list_1.html?b=2&a=1", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html;charset=utf-8")], payload=b"\x1f\x8b compressed bytes",
        revisit_of=EarlierCapture(first["record_id"], "http://127.0.0.2:8701/news/list_1.html?b=2&a=1",
                                  "2026-11-26T03:00:01.123456Z"), **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/feed.xml", status=200, reason="OK",
        response_headers=[("Content-Type", "application/rss+xml")], payload=b"<rss/>", **common)  # type: ignore[arg-type]
    writer.write_conversion("http://127.0.0.2:8701/js.html", payload=b"<html>dom</html>",
                            content_type="text/html", refers_to=first["record_id"])
    done = writer.close()
    assert done is not None
    ours = done.cdxj_path.read_text()
    write_cdxj(done.path, tmp_path / "reference.cdxj")
    reference = (tmp_path / "reference.cdxj").read_text()
    assert len(ours.splitlines()) == 4
    assert ours == reference
