"""WARC 1.1 writing: request + response records, gzip per record, a warcinfo record per file.

The records are built and compressed by warcio's ``WARCWriter`` (one gzip member per record, so
storage.recovery can cut a half-written file back at a member boundary). difang wrote them
itself for a while (storage/warc_record.py, until issue 18): 123–178 µs instead of warcio's
~390 µs of CPU per request + response exchange (bench/warc/), which is 2–3% of the ~10.9 ms of
CPU a crawl spends per archived article (bench/crawl/; an A/B of whole crawls showed no
difference beyond noise, bench/warc/results.md): no goal a user feels, so the library writes
them, and surt makes the SURT keys of the CDXJ lines.

Files are written to a local spool folder, roll over at a size limit, and get a pywb-compatible
CDXJ index when they are finished (its lines built while writing: :func:`cdxj_line`).
:meth:`WarcWriter.write_exchange` returns where the response record lives, which the clean
record keeps as its ``raw`` pointer. Each exchange (or conversion) is built in memory and
appended to the file in one write, so a failed write or a refused record leaves the file ending
with its last whole exchange. A writer is used from one thread (the crawl's reactor); writers of
different crawls share nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import surt
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_timestamp
from warcio.warcwriter import WARCWriter

from core.items import RawPointer

__all__ = ["EarlierCapture", "FinishedWarc", "WarcWriter", "cdxj_line", "payload_digest", "surt_key",
           "warc_date", "write_cdxj"]

log = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
# The warcinfo `software` field: difang at its version (pyproject.toml), and the library that
# writes its records.
SOFTWARE = f"difang/0.1.0 (warcio {version('warcio')})"
# Headers whose value no longer describes the payload as stored: Twisted has already removed the
# chunked framing, so a reader must not try to de-chunk again.
_REWRITTEN_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True)
class FinishedWarc:
    """A closed WARC file and its CDXJ index, ready to upload under ``key``."""

    key: str
    path: Path
    cdxj_key: str
    cdxj_path: Path
    records: int


@dataclass(frozen=True)
class EarlierCapture:
    """The full response record an identical-payload revisit refers to."""

    record_id: str
    target_uri: str
    date: str  # its WARC-Date


def utc_now() -> datetime:
    return datetime.now(UTC)


def warc_date(when: datetime) -> str:
    """WARC-Date with microseconds (WARC 1.1): ``2026-11-26T03:00:01.123456Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_digest(payload: bytes) -> str:
    """WARC-Payload-Digest of ``payload`` as warcio writes it: ``sha1:`` + base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


class WarcWriter:
    """Writes one site's captures into rolling WARC files under ``spool``."""

    def __init__(
        self,
        spool: str | os.PathLike[str],
        site: str,
        *,
        max_bytes: int = 1 << 30,
        on_finished: Callable[[FinishedWarc], None] | None = None,
        on_opened: Callable[[str], None] | None = None,
        on_error: Callable[[OSError], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        operator: str = "",
    ) -> None:
        self.spool = Path(spool)
        self.site = site
        self.max_bytes = max_bytes
        self.on_finished = on_finished
        self.on_opened = on_opened
        self.on_error = on_error
        self.clock = clock
        self.operator = operator
        self.serial = 0
        self._fh: io.BufferedWriter | None = None
        self._key = ""
        self._path: Path | None = None
        self._records = 0
        self._cdxj: list[str] = []  # index lines of the open file, written when it is finished

    # -- file lifecycle -------------------------------------------------------------------------
    def _open(self) -> None:
        now = self.clock()
        self.serial += 1
        stamp = now.strftime("%Y%m%d%H%M%S")
        name = f"{self.site}-{stamp}-{self.serial:05d}.warc.gz"
        self._key = f"raw/site={self.site}/date={now:%Y-%m-%d}/{name}"
        self._path = self.spool / self._key
        self._path.parent.mkdir(parents=True, exist_ok=True)
        if self.on_opened is not None:
            # Told before the file exists, so a crash never leaves a file nobody knows about.
            self.on_opened(self._key)
        self._fh = open(self._path, "xb")  # noqa: SIM115 - closed in _finish
        info = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": self.site,
        }
        if self.operator:
            info["operator"] = self.operator
        records = _Records()
        record = records.writer.create_warcinfo_record(name, info)
        record.rec_headers.replace_header("WARC-Date", warc_date(now))
        records.add(record)
        self._fh.write(records.data())
        self._fh.flush()
        self._records = 1
        self._cdxj = []

    def _finish(self) -> FinishedWarc | None:
        if self._fh is None or self._path is None:
            return None
        fh, path = self._fh, self._path
        self._fh = None
        self._path = None
        try:
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fh.close()
        # If indexing fails (disk full), the file stays without its CDXJ, which marks it as
        # unfinished: the next start indexes and uploads it.
        cdxj_path = path.with_suffix("").with_suffix(".cdxj")
        lines, self._cdxj = self._cdxj, []
        _write_lines_atomic(cdxj_path, sorted(lines))
        done = FinishedWarc(
            key=self._key, path=path, cdxj_key=self._key[: -len(".warc.gz")] + ".cdxj",
            cdxj_path=cdxj_path, records=self._records,
        )
        if self.on_finished is not None:
            self.on_finished(done)
        return done

    def close(self) -> FinishedWarc | None:
        """Finish the open file (if any); called at crawl end."""
        return self._finish()

    @property
    def open_key(self) -> str | None:
        """Key of the file being written, if one is open."""
        return self._key if self._fh is not None else None

    def open_bytes(self) -> int:
        """Size of the file being written (it counts against the spool cap too)."""
        return self._fh.tell() if self._fh is not None else 0

    def sync(self) -> None:
        """Make every record written so far durable (fsync), e.g. before a pointer to it is."""
        if self._fh is not None:
            os.fsync(self._fh.fileno())

    def _abandon(self, good_end: int) -> None:
        """After a failed write: cut the open file back to ``good_end`` and stop writing to it.

        Whatever the failed write left (half a gzip member, bytes still in the buffer) is cut
        off, so the file ends with its last complete exchange. It is left without its CDXJ:
        the next start indexes and uploads it (storage.recovery).
        """
        assert self._fh is not None and self._path is not None
        try:
            self._fh.close()  # may try to flush the rest of the buffer: cut below
        except OSError:
            pass
        os.truncate(self._path, good_end)
        self._fh = None
        self._path = None

    # -- records --------------------------------------------------------------------------------
    def write_exchange(
        self,
        url: str,
        *,
        method: str,
        request_headers: Sequence[tuple[str, str]],
        request_body: bytes,
        status: int,
        reason: str,
        protocol: str,
        response_headers: Sequence[tuple[str, str]],
        payload: bytes,
        ip_address: str | None = None,
        when: datetime | None = None,
        revisit_of: EarlierCapture | None = None,
        digest: str | None = None,
    ) -> RawPointer:
        """Write a response record and its request record; return the response's location.

        ``digest``: the payload digest, if the caller has it already (:func:`payload_digest`).

        With ``revisit_of`` (an earlier capture with the same payload digest) the response is
        written as a ``revisit`` record of the identical-payload-digest profile instead: headers
        only, pointing at the record that holds the payload.
        """
        self._ensure_open()
        assert self._fh is not None
        date = warc_date(when or self.clock())
        digest = digest or payload_digest(payload)
        headers = [(f"X-Archive-Orig-{k}" if k.lower() in _REWRITTEN_HEADERS else k, v) for k, v in response_headers]
        http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol or "HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        records = _Records()
        if revisit_of is not None:
            warc_headers["WARC-Refers-To"] = revisit_of.record_id
            response = records.writer.create_revisit_record(
                url, digest, revisit_of.target_uri, revisit_of.date, http_headers=http,
                warc_headers_dict=warc_headers)
        else:
            warc_headers["WARC-Payload-Digest"] = digest
            response = records.writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http,
                warc_headers_dict=warc_headers)
        record_id: str = response.rec_headers.get_header("WARC-Record-ID")
        length = records.add(response)
        request_http = StatusAndHeaders(f"{method} {_request_target(url)} HTTP/1.1", list(request_headers),
                                        is_http_request=True)
        records.add(records.writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body),
            http_headers=request_http, warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id}))
        offset = self._append(records.data())  # one write for the exchange
        self._records += 2
        self._cdxj.append(cdxj_line(
            url, date, status=status, length=length, offset=offset, filename=self._path_name(),
            mime="warc/revisit" if revisit_of is not None else _mime(headers), digest=digest))
        pointer = RawPointer(warc=self._key, offset=offset, length=length, record_id=record_id)
        self._roll_over_if_full()
        return pointer

    def _path_name(self) -> str:
        assert self._path is not None
        return self._path.name

    def _ensure_open(self) -> None:
        if self._fh is None:
            try:
                self._open()
            except OSError as exc:
                if self._fh is not None:
                    self._abandon(0)  # not even its warcinfo record is complete
                self._report(exc)
                raise

    def _roll_over_if_full(self) -> None:
        if self._fh is not None and self._fh.tell() >= self.max_bytes:
            try:
                self._finish()
            except OSError as exc:
                self._report(exc)  # the records are written; only the file's CDXJ is missing

    def _append(self, records: bytes) -> int:
        """Write ``records`` (whole gzip members) at the end of the open file; return where they
        start. Records are written whole or not at all: a failed write is cut off the file."""
        assert self._fh is not None
        offset = self._fh.tell()
        try:
            self._fh.write(records)
            self._fh.flush()
        except OSError as exc:
            self._abandon(offset)
            self._report(exc)
            raise
        return offset

    def _report(self, exc: OSError) -> None:
        if self.on_error is not None:
            self.on_error(exc)

    def write_conversion(self, url: str, *, payload: bytes, content_type: str,
                         refers_to: str | None = None, when: datetime | None = None) -> RawPointer:
        """Write a ``conversion`` record of ``url``: content derived from the record ``refers_to``.

        Used for the DOM a browser built from a served page (crawler.middlewares.render_capture):
        the response record keeps the page as served, this record what it became once rendered.
        """
        self._ensure_open()
        assert self._fh is not None
        warc_headers = {"WARC-Date": warc_date(when or self.clock())}
        if refers_to:
            warc_headers["WARC-Refers-To"] = refers_to
        records = _Records()
        record = records.writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(payload), length=len(payload), warc_content_type=content_type,
            warc_headers_dict=warc_headers)
        length = records.add(record)
        offset = self._append(records.data())
        self._records += 1
        pointer = RawPointer(warc=self._key, offset=offset, length=length,
                             record_id=record.rec_headers.get_header("WARC-Record-ID"))
        self._roll_over_if_full()
        return pointer


class _Records:
    """Records written by warcio into memory (a gzip member each), to be appended in one write."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=True, warc_version=WARC_VERSION)

    def add(self, record: ArcWarcRecord) -> int:
        """Write ``record``; return the length of its gzip member."""
        start = self.buffer.tell()
        self.writer.write_record(record)
        return self.buffer.tell() - start

    def data(self) -> bytes:
        return self.buffer.getvalue()


def _request_target(url: str) -> str:
    """Path and query of ``url`` as the request line has them."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


_MIME_SPLIT = re.compile(r"[;\s]")


def _mime(headers: Sequence[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "content-type":
            return _MIME_SPLIT.split(value, 1)[0].strip()
    return None


def cdxj_line(url: str, warc_date_value: str, *, status: int, mime: str | None, digest: str,
              length: int, offset: int, filename: str) -> str:
    """One CDXJ line as cdxj-indexer (pywb's indexer) writes it for a capture record, built
    while writing, so a finished file needs no second pass over its bytes."""
    index: dict[str, str] = {"url": url}
    if mime:
        index["mime"] = mime
    index.update(status=str(status), digest=digest, length=str(length), offset=str(offset), filename=filename)
    return f"{surt_key(url)} {iso_date_to_timestamp(warc_date_value)} {json.dumps(index)}\n"


def surt_key(url: str) -> str:
    """The SURT key pywb looks ``url`` up by: ``surt.surt(url)``, or ``url`` itself where surt
    cannot parse it (as cdxj-indexer does)."""
    try:
        key: str = surt.surt(url)
    except Exception:  # the indexer keeps the URL itself when SURT cannot parse it
        return url
    return key


def _write_lines_atomic(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(".tmp-" + path.name)  # hidden: never taken for an object
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_cdxj(warc_path: Path, cdxj_path: Path) -> None:
    """Index a finished WARC file into a sorted CDXJ file (pywb's format, via cdxj-indexer)."""
    from cdxj_indexer.main import write_cdx_index

    tmp = cdxj_path.with_name(".tmp-" + cdxj_path.name)  # hidden: never taken for an object
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            write_cdx_index(out, [str(warc_path)], {"sort": True})
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, cdxj_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
