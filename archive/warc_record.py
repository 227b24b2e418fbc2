"""WARC 1.1 records as bytes: one gzip member per record, built without warcio's record builder.

warcio's ``WARCWriter`` builds a record through header objects that are searched, replaced and
re-encoded several times, then compresses it in pieces (~370 µs of CPU per request + response
exchange of a 2.6 KB page). difang writes only five kinds of record, so their header blocks are
assembled here directly, field for field as warcio 1.8 writes them: the same WARC field names in
the same order, the same HTTP header block, the same digests (sha1, base32) and the same record
trailer. tests/unit/test_warc_writer.py builds each kind with warcio and with this module and
compares the decompressed bytes.

Each function returns the whole gzip member of one record, so a file grows by whole records and
archive.recovery can cut a half-written file back at a member boundary.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
import zlib
from collections.abc import Mapping, Sequence

WARC_VERSION = "WARC/1.1"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
HTTP_RESPONSE = "application/http; msgtype=response"
HTTP_REQUEST = "application/http; msgtype=request"
WARC_FIELDS = "application/warc-fields"
# warcio's content type for a record type it has no entry for (conversion without a type)
UNKNOWN_RECORD = "application/warc-record"

# zlib level of each record's gzip member. warcio uses 9. Measured on demo-bench pages
# (bench/warc/results.md): the payloads difang stores are mostly gzip already (served with
# Content-Encoding: gzip), where 6 and 9 give the same size; on uncompressed HTML, 9 saves
# well under 1 % of the bytes and costs clearly more CPU. So 6, zlib's own default.
GZIP_LEVEL = 6
_GZIP_WBITS = zlib.MAX_WBITS | 16  # a gzip header and trailer around the deflate stream
_TRAILER = b"\r\n\r\n"


def new_record_id() -> str:
    """A WARC-Record-ID as warcio makes one: ``<urn:uuid:...>`` around a random UUID."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha1_label(digest: bytes) -> str:
    """A digest field value as warcio writes it: ``sha1:`` + base32 of the raw digest."""
    return "sha1:" + base64.b32encode(digest).decode("ascii")


def payload_digest(payload: bytes) -> str:
    """WARC-Payload-Digest of ``payload``."""
    return sha1_label(hashlib.sha1(payload).digest())


def http_head(protocol: str, statusline: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """The HTTP header block of a record: status line, ``Name: value`` lines, blank line.

    As warcio's ``StatusAndHeaders.to_ascii_bytes`` writes it: values are written as they are
    (a CR or LF inside one is not escaped, as in warcio), and a block that is not pure ASCII
    (header values decoded as Latin-1 from raw bytes) goes through warcio's own RFC 8187
    percent-encoding, which is rare enough to leave to warcio.
    """
    first = protocol + " " + statusline if protocol and statusline else protocol or statusline
    text = (first + "\r\n" if first else "") + "".join([f"{name}: {value}\r\n" for name, value in headers])
    try:
        return text.encode("ascii") + b"\r\n"
    except UnicodeEncodeError:
        from warcio.statusandheaders import StatusAndHeaders

        block: bytes = StatusAndHeaders(statusline, list(headers), protocol=protocol).to_ascii_bytes()
        return block


def response_head(protocol: str, status: int, reason: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """The HTTP header block of a response record."""
    return http_head(protocol or "HTTP/1.1", f"{status} {reason}".strip(), headers)


def request_head(method: str, target: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """The HTTP header block of a request record (``METHOD target HTTP/1.1``)."""
    # split as warcio splits a request line: the method is its "protocol", the rest its status
    protocol, statusline = f"{method} {target} HTTP/1.1".split(" ", 1)
    return http_head(protocol, statusline, headers)


def _member(fields: list[tuple[str, str]], block: Sequence[bytes], length: int) -> bytes:
    """One record, gzipped: the WARC header block (UTF-8, as warcio encodes it), ``block``, trailer."""
    head = "".join([f"{name}: {value}\r\n" for name, value in fields])
    record = b"".join([f"{WARC_VERSION}\r\n{head}Content-Length: {length}\r\n\r\n".encode(), *block, _TRAILER])
    return zlib.compress(record, GZIP_LEVEL, _GZIP_WBITS)


def _target(fields: list[tuple[str, str]], record_type: str, record_id: str, url: str) -> None:
    fields.append(("WARC-Type", record_type))
    fields.append(("WARC-Record-ID", record_id))
    if url:
        fields.append(("WARC-Target-URI", url))


def response_record(url: str, *, record_id: str, date: str, head: bytes, payload: bytes,
                    digest: str | None = None, ip_address: str | None = None) -> bytes:
    """A ``response`` record: ``head`` (:func:`response_head`) and the payload as served."""
    block = hashlib.sha1(head)
    block.update(payload)
    fields = [("WARC-Date", date)]
    if ip_address:
        fields.append(("WARC-IP-Address", ip_address))
    fields.append(("WARC-Payload-Digest", digest or payload_digest(payload)))
    fields.append(("WARC-Block-Digest", sha1_label(block.digest())))
    _target(fields, "response", record_id, url)
    fields.append(("Content-Type", HTTP_RESPONSE))
    return _member(fields, (head, payload), len(head) + len(payload))


def revisit_record(url: str, *, record_id: str, date: str, head: bytes, digest: str,
                   refers_to: str, refers_to_target: str, refers_to_date: str,
                   ip_address: str | None = None) -> bytes:
    """A ``revisit`` record of the identical-payload-digest profile: the HTTP head only."""
    fields = [("WARC-Date", date)]
    if ip_address:
        fields.append(("WARC-IP-Address", ip_address))
    fields.append(("WARC-Refers-To", refers_to))
    _target(fields, "revisit", record_id, url)
    fields += [("WARC-Profile", REVISIT_PROFILE), ("WARC-Refers-To-Target-URI", refers_to_target),
               ("WARC-Refers-To-Date", refers_to_date), ("WARC-Payload-Digest", digest),
               ("WARC-Block-Digest", sha1_label(hashlib.sha1(head).digest())),
               ("Content-Type", HTTP_RESPONSE)]
    return _member(fields, (head,), len(head))


def request_record(url: str, *, record_id: str, date: str, head: bytes, body: bytes,
                   concurrent_to: str) -> bytes:
    """A ``request`` record: ``head`` (:func:`request_head`) and the request body."""
    block = hashlib.sha1(head)
    block.update(body)
    fields = [("WARC-Date", date), ("WARC-Concurrent-To", concurrent_to),
              ("WARC-Payload-Digest", payload_digest(body)),
              ("WARC-Block-Digest", sha1_label(block.digest()))]
    _target(fields, "request", record_id, url)
    fields.append(("Content-Type", HTTP_REQUEST))
    return _member(fields, (head, body), len(head) + len(body))


def warcinfo_record(filename: str, info: Mapping[str, str], *, record_id: str, date: str) -> bytes:
    """The ``warcinfo`` record that opens a file: ``name: value`` lines (empty values left out)."""
    body = "".join([f"{name}: {value}\r\n" for name, value in info.items() if value]).encode()
    fields = [("WARC-Type", "warcinfo"), ("WARC-Record-ID", record_id)]
    if filename:
        fields.append(("WARC-Filename", filename))
    fields += [("WARC-Date", date), ("WARC-Block-Digest", payload_digest(body)), ("Content-Type", WARC_FIELDS)]
    return _member(fields, (body,), len(body))


def conversion_record(url: str, *, record_id: str, date: str, payload: bytes, content_type: str,
                      refers_to: str | None = None) -> bytes:
    """A ``conversion`` record: content derived from the record ``refers_to`` (no HTTP head)."""
    digest = payload_digest(payload)
    fields = [("WARC-Date", date)]
    if refers_to:
        fields.append(("WARC-Refers-To", refers_to))
    _target(fields, "conversion", record_id, url)
    fields += [("WARC-Payload-Digest", digest), ("WARC-Block-Digest", digest),
               ("Content-Type", content_type or UNKNOWN_RECORD)]
    return _member(fields, (payload,), len(payload))
