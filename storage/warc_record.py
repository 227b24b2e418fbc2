"""WARC 1.1 records as bytes: one gzip member per record, built without warcio's record builder.

warcio's ``WARCWriter`` builds a record through header objects that are searched, replaced and
re-encoded several times, then compresses it in pieces (~370 µs of CPU per request + response
exchange of a 2.6 KB page). difang writes only five kinds of record, so their header blocks are
assembled here directly, field for field as warcio 1.8 writes them: the same WARC field names in
the same order, the same HTTP header block, the same digests (sha1, base32) and the same record
trailer. tests/unit/test_warc_writer.py builds each kind with warcio and with this module and
compares the decompressed bytes.

Each function returns the whole gzip member of one record, so a file grows by whole records and
storage.recovery can cut a half-written file back at a member boundary.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zlib
from collections.abc import Mapping, Sequence

WARC_VERSION = "WARC/1.1"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
HTTP_RESPONSE = "application/http; msgtype=response"
HTTP_REQUEST = "application/http; msgtype=request"
WARC_FIELDS = "application/warc-fields"
# warcio's content type for a record type it has no entry for (conversion without a type)
UNKNOWN_RECORD = "application/warc-record"

# zlib level of the deflated part of each record. warcio used 9. Measured on demo-bench pages
# (bench/warc/results.md): on uncompressed HTML, 6 and 9 give the same size and CPU within noise;
# gzip payloads (most of them: Scrapy asks for gzip) are not deflated again at all (see
# _gzip_member). 6, zlib's default, as what is faster on larger pages for the same size.
GZIP_LEVEL = 6
_TRAILER = b"\r\n\r\n"
# gzip member header: deflate, no name, mtime 0, no flags, OS Unix
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
_STORED_MAX = 0xFFFF  # the most one stored deflate block holds
_FINAL_EMPTY_BLOCK = struct.pack("<BHH", 1, 0, 0xFFFF)  # ends a deflate stream
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_PAIRS = [a + b for a in _B32 for b in _B32]  # base32 of every 10-bit value
_B32_SHIFTS = range(150, -1, -10)  # a 160-bit sha1 digest is 16 such pairs, no padding


def new_record_id() -> str:
    """A WARC-Record-ID as warcio makes one: ``<urn:uuid:...>`` around a random (version 4) UUID.

    Formatted here from 16 random bytes, the same as ``uuid.uuid4()`` (version nibble 4, variant
    bits 10), at a third of its cost."""
    h = os.urandom(16).hex()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}>"


# the first hex digit of the clock sequence with the variant bits set to 10 (RFC 4122)
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def sha1_label(digest: bytes) -> str:
    """A digest field value as warcio writes it: ``sha1:`` + base32 of the raw (20-byte) digest,
    which is base64.b32encode's output, built from 10-bit pieces at half its cost."""
    bits = int.from_bytes(digest, "big")
    return "sha1:" + "".join([_B32_PAIRS[(bits >> shift) & 1023] for shift in _B32_SHIFTS])


_EMPTY_DIGEST = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"  # of b"": most request bodies


def payload_digest(payload: bytes) -> str:
    """WARC-Payload-Digest of ``payload``."""
    return sha1_label(hashlib.sha1(payload).digest()) if payload else _EMPTY_DIGEST


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
    return _gzip_member(b"".join([_warc_head(fields, length), *block, _TRAILER]))


def _warc_head(fields: list[tuple[str, str]], length: int) -> bytes:
    head = "".join([f"{name}: {value}\r\n" for name, value in fields])
    return f"{WARC_VERSION}\r\n{head}Content-Length: {length}\r\n\r\n".encode()


class _Deflater(threading.local):
    """One raw deflate stream per thread, kept for all the records it writes."""

    stream: zlib._Compress | None = None


_deflater = _Deflater()


def _deflated(data: bytes) -> bytes:
    """``data`` as deflate blocks that refer to nothing before them and end on a byte boundary.

    Setting up a zlib stream costs more than compressing a small record (~55 µs of allocating
    and clearing its ~256 KB of tables, against ~15 µs to compress a 700-byte request record), so
    one stream is kept and each record is ended with a full flush: that resets the stream's
    history (nothing after it refers to bytes before it) and aligns it to a byte, so the bytes
    of one record form a deflate stream of their own once a final block is added.
    """
    deflate = _deflater.stream
    if deflate is None:
        deflate = _deflater.stream = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    try:
        return deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)
    except BaseException:
        _deflater.stream = None  # its state is unknown now: the next record starts afresh
        raise


def _gzip_member(packed: bytes, stored: bytes = b"") -> bytes:
    """One gzip member holding ``packed`` (deflated) followed by ``stored`` (kept as it is, in
    stored deflate blocks).

    ``stored`` is a payload that is compressed already: deflating gzip or brotli bytes again
    gains nothing and is most of the CPU of writing such a record (~60 µs for a 2 KB page).
    After the deflated part (:func:`_deflated`: byte-aligned) come stored blocks (RFC 1951
    3.2.4: a header byte, LEN, NLEN, the bytes), the last one final (an empty one if ``stored``
    is empty), then the gzip trailer: CRC-32 and length of the whole. Any gzip reader sees one
    ordinary member.
    """
    if not stored:
        return b"".join([_GZIP_HEADER, _deflated(packed), _FINAL_EMPTY_BLOCK,
                         struct.pack("<II", zlib.crc32(packed), len(packed) & 0xFFFFFFFF)])
    out: list[bytes | memoryview] = [_GZIP_HEADER, _deflated(packed)]
    view = memoryview(stored)
    start = 0
    while True:
        chunk = view[start:start + _STORED_MAX]
        start += len(chunk)
        final = start >= len(stored)
        out.append(struct.pack("<BHH", final, len(chunk), len(chunk) ^ 0xFFFF))
        out.append(chunk)
        if final:
            break
    out.append(struct.pack("<II", zlib.crc32(stored, zlib.crc32(packed)), (len(packed) + len(stored)) & 0xFFFFFFFF))
    return b"".join(out)


def _target(fields: list[tuple[str, str]], record_type: str, record_id: str, url: str) -> None:
    fields.append(("WARC-Type", record_type))
    fields.append(("WARC-Record-ID", record_id))
    if url:
        fields.append(("WARC-Target-URI", url))


def response_record(url: str, *, record_id: str, date: str, head: bytes, payload: bytes,
                    digest: str | None = None, ip_address: str | None = None, compressed: bool = False) -> bytes:
    """A ``response`` record: ``head`` (:func:`response_head`) and the payload as served.

    ``compressed``: the payload is compressed already (see :func:`compressed_payload`), so it is
    stored in the gzip member as it is rather than deflated again; the record is the same."""
    block = hashlib.sha1(head)
    block.update(payload)
    fields = [("WARC-Date", date)]
    if ip_address:
        fields.append(("WARC-IP-Address", ip_address))
    fields.append(("WARC-Payload-Digest", digest or payload_digest(payload)))
    fields.append(("WARC-Block-Digest", sha1_label(block.digest())))
    _target(fields, "response", record_id, url)
    fields.append(("Content-Type", HTTP_RESPONSE))
    if compressed and payload:
        return _gzip_member(_warc_head(fields, len(head) + len(payload)) + head, payload + _TRAILER)
    return _member(fields, (head, payload), len(head) + len(payload))


# Content-Encoding values that leave the payload as it is
_IDENTITY = {"", "identity"}
# payload types that are compressed by their format
_COMPRESSED_TYPES = {"application/gzip", "application/x-gzip", "application/zip", "application/zstd",
                     "application/x-bzip2", "application/x-xz"}


def compressed_payload(headers: Sequence[tuple[str, str]]) -> bool:
    """Whether response ``headers`` say the payload is compressed (a Content-Encoding, or a gzip,
    zip, ... file), so deflating it again would only cost CPU."""
    for name, value in headers:
        lower = name.lower()
        if lower == "content-encoding" and value.strip().lower() not in _IDENTITY:
            return True
        if lower == "content-type" and value.split(";", 1)[0].strip().lower() in _COMPRESSED_TYPES:
            return True
    return False


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
