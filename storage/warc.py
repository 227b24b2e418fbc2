"""WARC 1.1 writing: request + response records, gzip per record, a warcinfo record per file.

Files are written to a local spool folder, roll over at a size limit, and get a pywb-compatible
CDXJ index when they are finished. :meth:`WarcWriter.write_exchange` returns where the response
record lives, which the clean record keeps as its ``raw`` pointer.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from pathlib import Path
from urllib.parse import urlsplit

import surt

from core.items import RawPointer
from storage import warc_record
from storage.warc_record import new_record_id, payload_digest

__all__ = ["EarlierCapture", "FinishedWarc", "WarcWriter", "cdxj_line", "payload_digest", "surt_key",
           "warc_date", "write_cdxj"]

log = logging.getLogger(__name__)

# The warcinfo `software` field: difang at its version (pyproject.toml) writes the records itself
# (storage/warc_record.py); warcio only reads them back.
SOFTWARE = "difang/0.1.0 (own WARC record writer)"
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
    if when.tzinfo is not UTC:
        when = when.astimezone(UTC)
    if when.year < 1000:  # isoformat pads the year to four digits, strftime does not
        return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # isoformat: the same text as strftime("%Y-%m-%dT%H:%M:%S.%f") at half its cost, then "+00:00"
    return when.isoformat(timespec="microseconds")[:26] + "Z"


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
        self._fh.write(warc_record.warcinfo_record(name, info, record_id=new_record_id(), date=warc_date(now)))
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
        headers = [(f"X-Archive-Orig-{k}" if k.lower() in _REWRITTEN_HEADERS else k, v) for k, v in response_headers]
        head = warc_record.response_head(protocol, status, reason, headers)
        record_id = new_record_id()
        digest = digest or payload_digest(payload)
        if revisit_of is not None:
            response = warc_record.revisit_record(
                url, record_id=record_id, date=date, head=head, digest=digest,
                refers_to=revisit_of.record_id, refers_to_target=revisit_of.target_uri,
                refers_to_date=revisit_of.date, ip_address=ip_address)
        else:
            response = warc_record.response_record(
                url, record_id=record_id, date=date, head=head, payload=payload, digest=digest,
                ip_address=ip_address, compressed=warc_record.compressed_payload(headers))
        request = warc_record.request_record(
            url, record_id=new_record_id(), date=date, concurrent_to=record_id, body=request_body,
            head=warc_record.request_head(method, _request_target(url), request_headers))
        offset = self._append(response + request)  # one write for the exchange
        self._records += 2
        length = len(response)
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
        record_id = new_record_id()
        record = warc_record.conversion_record(
            url, record_id=record_id, date=warc_date(when or self.clock()), payload=payload,
            content_type=content_type, refers_to=refers_to)
        offset = self._append(record)
        self._records += 1
        pointer = RawPointer(warc=self._key, offset=offset, length=len(record), record_id=record_id)
        self._roll_over_if_full()
        return pointer


# scheme://netloc, then path, query and fragment of a URL of printable ASCII: one match where
# urlsplit (its cache missed by every new URL) takes ~4 µs; other URLs go to urlsplit
_URL_PARTS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#\[\]\x00-\x20\x7f-\U0010ffff]*"
                        r"(/[^?#\x00-\x20\x7f-\U0010ffff]*)?(?:\?([^#\x00-\x20\x7f-\U0010ffff]*))?(?:#[^\x00-\x20\x7f-\U0010ffff]*)?")


def _request_target(url: str) -> str:
    """Path and query of ``url`` as the request line has them, as urlsplit splits them."""
    parts = _URL_PARTS.fullmatch(url)
    if parts is not None:
        return (parts[1] or "/") + (f"?{parts[2]}" if parts[2] else "")
    split = urlsplit(url)
    return (split.path or "/") + (f"?{split.query}" if split.query else "")


_MIME_SPLIT = re.compile(r"[;\s]")


def _mime(headers: Sequence[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "content-type":
            return _MIME_SPLIT.split(value, 1)[0].strip()
    return None


def cdxj_line(url: str, warc_date_value: str, *, status: int, mime: str | None, digest: str,
              length: int, offset: int, filename: str) -> str:
    """One CDXJ line exactly as cdxj-indexer (pywb's indexer) writes it for a capture record,
    built while writing, so a finished file needs no second pass over its bytes.

    ``warc_date_value`` is a WARC-Date as :func:`warc_date` writes it; its first 19 characters
    give the 14-digit timestamp (what warcio's iso_date_to_timestamp makes of it, unparsed)."""
    # json.dumps of {"url", ["mime",] "status", "digest", "length", "offset", "filename"}, put
    # together from its pieces (its C string encoder), as the dict machinery costs more than them
    mime_field = f'"mime": {encode_basestring_ascii(mime)}, ' if mime else ""
    index = (f'{{"url": {encode_basestring_ascii(url)}, {mime_field}"status": "{status}", '
             f'"digest": {encode_basestring_ascii(digest)}, "length": "{length}", "offset": "{offset}", '
             f'"filename": {encode_basestring_ascii(filename)}}}')
    stamp = warc_date_value[:19].translate(_DIGITS_ONLY)
    return f"{surt_key(url)} {stamp} {index}\n"


_DIGITS_ONLY = str.maketrans("", "", "-T:")

# URLs whose SURT key is their host part followed by their path, lower-cased, without a
# trailing slash (see surt_key); everything else (userinfo, IPv6, percent-escapes, non-ASCII,
# whitespace, a query, a fragment, an upper-case scheme) is canonicalized by surt.surt in full.
_PLAIN_URL = re.compile(r"(https?://[A-Za-z0-9.:-]+)(/[A-Za-z0-9/._~-]*)?")


def surt_key(url: str) -> str:
    """The SURT key of ``url``: ``surt.surt(url)``, or ``url`` if surt cannot parse it (as
    cdxj-indexer does), byte for byte, as pywb looks captures up by it.

    ``surt.surt`` canonicalizes the whole URL on every call (~40-60 µs: host unescaping, IDNA,
    an address lookup, path and query regexes). For a plain URL (``_PLAIN_URL``) whose path has
    no empty, ``.`` or ``..`` segment, every step of that leaves the path as it is but for
    lower-casing it and dropping a trailing slash, so its key is the host part (computed once
    per scheme and host, by surt itself) followed by that path. tests/unit/test_warc_cdxj.py
    checks equality with surt on generated and hand-picked URLs.
    """
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        host = _surt_host(plain[1])
        path = plain[2] or "/"
        if host is not None and "//" not in path and "/./" not in path + "/" and "/../" not in path + "/":
            if len(path) > 1 and path.endswith("/"):
                path = path[:-1]
            return host + path.lower()
    return _full_surt(url)


def _full_surt(url: str) -> str:
    try:
        key: str = surt.surt(url)
    except Exception:  # the indexer keeps the URL itself when SURT cannot parse it
        return url
    return key


@lru_cache(maxsize=4096)
def _surt_host(origin: str) -> str | None:
    """The key of ``origin/`` without its path ``/`` (``6,0,0,127:8080)``), or None where surt
    makes something else of it (a port out of range): such URLs take the full way."""
    root = _full_surt(origin + "/")
    return root[:-1] if root.endswith(")/") else None


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
