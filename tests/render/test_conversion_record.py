"""WarcWriter.write_conversion: the rendered DOM as a WARC conversion record linked to its response."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from storage.warc import WarcWriter, payload_digest

WHEN = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
SERVED = b'<ul id="news-list" data-src="/api/list_1.json"></ul>'
DOM = '<ul id="news-list" data-loaded="true"><li><a href="/article/1.html">溪口新闻</a></li></ul>'.encode()


def test_conversion_refers_to_the_response(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "demo-js", clock=lambda: WHEN)
    url = "http://127.0.0.5:8701/news/list_1.html"
    served = writer.write_exchange(
        url, method="GET", request_headers=[("Host", "127.0.0.5:8701")], request_body=b"", status=200,
        reason="OK", protocol="HTTP/1.1", response_headers=[("Content-Type", "text/html; charset=utf-8")],
        payload=SERVED)
    dom = writer.write_conversion(url, payload=DOM, content_type="text/html; charset=utf-8",
                                  refers_to=served["record_id"])
    done = writer.close()
    assert done is not None and done.records == 4  # warcinfo, response, request, conversion
    assert dom["warc"] == served["warc"] and dom["offset"] > served["offset"]
    data = done.path.read_bytes()
    record = next(iter(ArchiveIterator(io.BytesIO(data[dom["offset"]:dom["offset"] + dom["length"]]),
                                       check_digests=True)))
    assert record.content_stream().read() == DOM
    headers = record.rec_headers
    assert record.rec_type == "conversion"
    assert headers.get_header("WARC-Record-ID") == dom["record_id"]
    assert headers.get_header("WARC-Refers-To") == served["record_id"]
    assert headers.get_header("WARC-Target-URI") == url
    assert headers.get_header("WARC-Date") == "2026-11-03T08:30:00.000000Z"
    assert headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert headers.get_header("WARC-Payload-Digest") == payload_digest(DOM)
    # the CDXJ index lists captures (the response), not derived records
    assert done.cdxj_path.read_text().count("\n") == 1


def test_conversion_without_a_capture_stands_alone(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "demo-js", clock=lambda: WHEN)
    dom = writer.write_conversion("http://127.0.0.5:8701/", payload=DOM, content_type="text/html")
    done = writer.close()
    assert done is not None
    records = list(ArchiveIterator(io.BytesIO(done.path.read_bytes()), check_digests=True))
    assert [r.rec_type for r in records] == ["warcinfo", "conversion"]
    assert records[1].rec_headers.get_header("WARC-Refers-To") is None
    assert records[1].rec_headers.get_header("WARC-Record-ID") == dom["record_id"]
