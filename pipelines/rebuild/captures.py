"""The captures of a site's WARC files, read back for ``difang rebuild``.

A scan reads the record headers only (a WARC file is streamed from the store, never held whole)
and keeps where each ``response`` / ``revisit`` / ``conversion`` record lives. Payloads are read
later, one record at a time by byte range, with the HTTP Content-Encoding undone: the WARC keeps
the bytes as served, the pipeline parses what Scrapy hands it after decompression.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from core.items import RawPointer
from core.limits import DOWNLOAD_MAXSIZE
from storage.content_encoding import EncodingError, decode_body
from storage.store import Store

WARC_NAME = re.compile(r"/(?P<site>[a-z0-9_-]+)-(?P<stamp>\d{14})-(?P<serial>\d{5})\.warc\.gz$")
WARC_DATE = re.compile(r"/date=(?P<date>\d{4}-\d{2}-\d{2})/")


class CaptureError(Exception):
    """A record whose payload cannot be had (unreadable WARC, unresolvable revisit, unknown or
    damaged coding, a body that decodes past the crawl's cap)."""


@dataclass(frozen=True)
class Capture:
    """One ``response`` or ``revisit`` record: what was fetched, when, and where the record is."""

    warc: str
    offset: int
    length: int
    record_id: str
    url: str
    date: str  # WARC-Date
    status: int
    headers: dict[str, str]  # HTTP response headers, names lower-cased, last value wins
    refers_to: str | None = None  # a revisit: the record holding the payload
    refers_to_uri: str | None = None
    refers_to_date: str | None = None

    @property
    def revisit(self) -> bool:
        return self.refers_to is not None or self.refers_to_uri is not None

    @property
    def pointer(self) -> RawPointer:
        return RawPointer(warc=self.warc, offset=self.offset, length=self.length, record_id=self.record_id)


@dataclass(frozen=True)
class Conversion:
    """A rendered DOM (``conversion`` record) derived from the response record ``refers_to``."""

    pointer: RawPointer
    content_type: str


@dataclass
class WarcScan:
    """What one WARC file holds, in file order; ``error`` if reading stopped early."""

    key: str
    captures: list[Capture]
    conversions: dict[str, Conversion]
    error: str | None = None


class _ChunkReader(io.RawIOBase):
    """A file object over an iterator of byte chunks (a store object streamed, not loaded)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            self._rest = next(self._chunks, b"")
            if not self._rest:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def _headers(record: Any) -> dict[str, str]:
    http = record.http_headers
    if http is None:
        return {}
    return {name.lower(): value for name, value in http.headers}


def scan_warc(store: Store, key: str) -> WarcScan:
    """Index one WARC file; a damaged file keeps the records read before the damage."""
    scan = WarcScan(key, [], {})
    try:
        stream = io.BufferedReader(_ChunkReader(store.read_chunks(key)), 1 << 16)
        iterator = ArchiveIterator(stream)
        for record in iterator:
            kind = record.rec_type
            head = record.rec_headers
            iterator.read_to_end(record)
            where = (iterator.get_record_offset(), iterator.get_record_length())
            record_id = head.get_header("WARC-Record-ID") or ""
            url = head.get_header("WARC-Target-URI") or ""
            if kind in ("response", "revisit") and record.http_headers is not None:
                status = record.http_headers.get_statuscode() or "0"
                scan.captures.append(Capture(
                    warc=key, offset=where[0], length=where[1], record_id=record_id, url=url,
                    date=head.get_header("WARC-Date") or "", status=int(status) if status.isdigit() else 0,
                    headers=_headers(record),
                    refers_to=head.get_header("WARC-Refers-To") if kind == "revisit" else None,
                    refers_to_uri=head.get_header("WARC-Refers-To-Target-URI") if kind == "revisit" else None,
                    refers_to_date=head.get_header("WARC-Refers-To-Date") if kind == "revisit" else None,
                ))
            elif kind == "conversion" and head.get_header("WARC-Refers-To"):
                pointer = RawPointer(warc=key, offset=where[0], length=where[1], record_id=record_id)
                scan.conversions[head.get_header("WARC-Refers-To")] = Conversion(
                    pointer, head.get_header("Content-Type") or "text/html")
    except KeyError:
        scan.error = "not in the archive"
    except Exception as exc:  # warcio, gzip and zlib each raise their own kind on damage
        scan.error = f"unreadable after {len(scan.captures)} captures: {type(exc).__name__}: {exc}"
    return scan


def record_payload(store: Store, pointer: RawPointer) -> bytes:
    """The payload of the record at ``pointer``, as stored (an HTTP body still content-encoded)."""
    try:
        data = store.get_range(pointer["warc"], pointer["offset"], pointer["length"])
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
    except Exception as exc:
        raise CaptureError(f"record {pointer['record_id']} at {pointer['warc']}:{pointer['offset']} "
                           f"not readable: {type(exc).__name__}: {exc}") from exc
    found = record.rec_headers.get_header("WARC-Record-ID")
    if found != pointer["record_id"]:
        raise CaptureError(f"{pointer['warc']}:{pointer['offset']} holds {found}, not {pointer['record_id']}")
    body: bytes = record.raw_stream.read()
    return body


def undo_content_encoding(body: bytes, coding: str | None, max_size: int = DOWNLOAD_MAXSIZE) -> bytes:
    """The body as Scrapy's HttpCompressionMiddleware hands it on: every coding undone, last
    first, and refused past ``max_size`` decoded bytes as the crawl refuses it (``too_large``)."""
    try:
        return decode_body(body, coding, max_size)
    except EncodingError as exc:
        raise CaptureError(f"{exc.kind}: {exc}") from None


def warc_keys(store: Store, site: str, since: str | None = None, until: str | None = None) -> list[str]:
    """The site's WARC files whose date partition is within [since, until], oldest first."""
    keys = []
    for key in store.list(f"raw/site={site}/"):
        name, date = WARC_NAME.search(key), WARC_DATE.search(key)
        if name is None or date is None:
            continue
        if (since and date.group("date") < since) or (until and date.group("date") > until):
            continue
        keys.append(key)
    return sorted(keys, key=_crawl_order)


def _crawl_order(key: str) -> tuple[str, str]:
    match = WARC_NAME.search(key)
    assert match is not None
    return match.group("stamp"), match.group("serial")


def crawls(keys: list[str]) -> Iterator[list[str]]:
    """WARC keys (in crawl order) grouped by crawl: a crawl's writer numbers its files from 00001,
    and crawls of one site never overlap (the spool lock), so each 00001 starts the next crawl."""
    group: list[str] = []
    for key in keys:
        match = WARC_NAME.search(key)
        assert match is not None
        if group and match.group("serial") == "00001":
            yield group
            group = []
        group.append(key)
    if group:
        yield group
