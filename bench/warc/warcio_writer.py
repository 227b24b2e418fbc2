"""The records difang wrote through warcio's record builder until storage.warc_record replaced it.

Kept here, not in archive/, as the reference: tests/unit/test_warc_writer.py compares
storage.warc_record's records with these (decompressed, byte for byte), and bench/warc/run.py
times both. The calls are the ones storage/warc.py made at commit b2a6014.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REWRITTEN_HEADERS = {"transfer-encoding"}


def payload_digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def _digests(http: StatusAndHeaders, payload: bytes, digest: str | None) -> dict[str, str]:
    http.compute_headers_buffer()
    block = hashlib.sha1(http.headers_buff)
    block.update(payload)
    return {"WARC-Payload-Digest": digest or payload_digest(payload),
            "WARC-Block-Digest": "sha1:" + base64.b32encode(block.digest()).decode("ascii")}


class _Writer(WARCWriter):
    """warcio's writer, with record ids from ``record_ids`` when given (fixed ids for tests)."""

    def __init__(self, out: BinaryIO, record_ids: Callable[[], str] | None, gzip: bool) -> None:
        super().__init__(out, gzip=gzip, warc_version="WARC/1.1")
        self.record_ids = record_ids

    def _make_warc_id(self) -> str:
        return self.record_ids() if self.record_ids is not None else str(super()._make_warc_id())


class WarcioRecords:
    """Writes difang's records to ``out`` with warcio, as storage/warc.py did."""

    def __init__(self, out: BinaryIO, *, record_ids: Callable[[], str] | None = None, gzip: bool = True) -> None:
        self.out = out
        self.writer = _Writer(out, record_ids, gzip)

    def warcinfo(self, filename: str, info: dict[str, str], *, date: str) -> None:
        record = self.writer.create_warcinfo_record(filename, info)
        record.rec_headers.replace_header("WARC-Date", date)
        self.writer.write_record(record)

    def exchange(self, url: str, *, method: str, request_headers: Sequence[tuple[str, str]],
                 request_body: bytes, status: int, reason: str, protocol: str,
                 response_headers: Sequence[tuple[str, str]], payload: bytes, date: str,
                 ip_address: str | None = None, revisit_of: tuple[str, str, str] | None = None,
                 digest: str | None = None) -> str:
        """Response (or revisit of ``revisit_of`` = (record id, target URI, date)) + request;
        returns the response's record id."""
        headers = [(f"X-Archive-Orig-{k}" if k.lower() in REWRITTEN_HEADERS else k, v)
                   for k, v in response_headers]
        http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol or "HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        response: Any
        if revisit_of is not None:
            warc_headers["WARC-Refers-To"] = revisit_of[0]
            response = self.writer.create_revisit_record(
                url, payload_digest(payload), revisit_of[1], revisit_of[2],
                http_headers=http, warc_headers_dict=warc_headers)
        else:
            warc_headers.update(_digests(http, payload, digest))
            response = self.writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload),
                http_headers=http, warc_headers_dict=warc_headers)
        self.writer.write_record(response)
        record_id: str = response.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_http = StatusAndHeaders(f"{method} {target} HTTP/1.1", list(request_headers), is_http_request=True)
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body),
            http_headers=req_http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id,
                               **_digests(req_http, request_body, None)})
        self.writer.write_record(request)
        return record_id

    def conversion(self, url: str, *, payload: bytes, content_type: str, date: str,
                   refers_to: str | None = None) -> None:
        warc_headers = {"WARC-Date": date}
        if refers_to:
            warc_headers["WARC-Refers-To"] = refers_to
        record = self.writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(payload), length=len(payload),
            warc_content_type=content_type, warc_headers_dict=warc_headers)
        self.writer.write_record(record)


def cdxj_line(url: str, date: str, *, status: int, mime: str | None, digest: str, length: int, offset: int,
              filename: str) -> str:
    """The CDXJ line as storage/warc.py built it then: surt.surt and warcio's date parsing per line."""
    import json

    import surt
    from warcio.timeutils import iso_date_to_timestamp

    index: dict[str, str] = {"url": url}
    if mime:
        index["mime"] = mime
    index.update(status=str(status), digest=digest, length=str(length), offset=str(offset), filename=filename)
    try:
        key = surt.surt(url)
    except Exception:
        key = url
    return f"{key} {iso_date_to_timestamp(date)} {json.dumps(index)}\n"
