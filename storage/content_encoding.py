"""HTTP Content-Encoding undone with a cap on the decoded size, as the crawl undoes it.

A WARC keeps each body as served, still gzip, deflate, br or zstd encoded. The crawl decodes it
in Scrapy's HttpCompressionMiddleware, which drops a body that decodes past DOWNLOAD_MAXSIZE.
Reading an archived capture again (``difang rebuild``, ``difang raw --text``) decodes with the
same cap, a chunk at a time: a 3 KB brotli bomb stops at the cap, named ``too_large``, instead of
taking the machine's memory.

A stream cut short gives what it decoded (as the crawl and browsers take it); one that decodes
to nothing at all, or an unknown coding, is an :class:`EncodingError`.
"""

from __future__ import annotations

import importlib
import zlib
from typing import Any

CHUNK = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class EncodingError(ValueError):
    """A body whose Content-Encoding cannot be undone (damaged, unknown)."""

    kind = "bad_encoding"


class TooLarge(EncodingError):
    """A body that decodes past the cap: the crawl would have dropped it too."""

    kind = "too_large"


def decode_body(body: bytes, coding: str | None, max_size: int) -> bytes:
    """``body`` with every coding of ``coding`` (a Content-Encoding value) undone, last first."""
    for name in reversed([c.strip().lower() for c in (coding or "").split(",") if c.strip()]):
        body = _decode(body, name, max_size)
    return body


def _decode(body: bytes, name: str, max_size: int) -> bytes:
    out = _Output(name, max_size)
    if name == "identity":
        return body
    if name in ("gzip", "x-gzip"):
        _gzip(body, out)
    elif name == "deflate":
        try:
            _inflate(zlib.decompressobj(zlib.MAX_WBITS), body, out)
        except zlib.error:  # some servers send a raw deflate stream without the zlib header
            out = _Output(name, max_size)
            try:
                _inflate(zlib.decompressobj(-zlib.MAX_WBITS), body, out)
            except zlib.error as exc:
                out.fail(exc)
    elif name == "br":
        _unbrotli(body, out)
    elif name == "zstd":
        _unzstd(body, out)
    else:
        raise EncodingError(f"unsupported Content-Encoding {name!r}")
    return out.result()


class _Output:
    def __init__(self, coding: str, max_size: int) -> None:
        self.coding = coding
        self.max_size = max_size
        self.data = bytearray()

    def add(self, piece: bytes) -> None:
        self.data += piece
        if len(self.data) > self.max_size:
            raise TooLarge(f"Content-Encoding {self.coding} decodes past {self.max_size} bytes "
                           "(DOWNLOAD_MAXSIZE): a decompression bomb, or a page the crawl dropped too")

    def result(self) -> bytes:
        return bytes(self.data)

    def fail(self, error: Exception) -> None:
        """A damaged stream: what was decoded stands; nothing at all is an error."""
        if not self.data:
            raise EncodingError(f"Content-Encoding {self.coding}: {type(error).__name__}: {error}") from error


def _inflate(stream: Any, data: bytes, out: _Output) -> bytes:
    """Feed ``data`` to a zlib decompressor, at most CHUNK bytes out per step; the bytes after
    the end of the stream are returned."""
    while True:
        piece = stream.decompress(data, CHUNK)
        out.add(piece)
        data = stream.unconsumed_tail
        if stream.eof:
            return bytes(stream.unused_data)
        if not data and not piece:
            return b""  # cut short: what came out stands


def _gzip(data: bytes, out: _Output) -> None:
    try:
        while data[:2] == GZIP_MAGIC:  # one member after another
            data = _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), data, out)
        if not out.data:
            raise zlib.error("not a gzip stream")
    except zlib.error as exc:
        out.fail(exc)


def _unbrotli(data: bytes, out: _Output) -> None:
    import brotli

    stream = brotli.Decompressor()
    try:
        out.add(stream.process(data, output_buffer_limit=CHUNK))
        while not stream.is_finished() and not stream.can_accept_more_data():
            out.add(stream.process(b"", output_buffer_limit=CHUNK))
    except brotli.error as exc:
        out.fail(exc)


def _unzstd(data: bytes, out: _Output) -> None:
    try:
        zstd: Any = importlib.import_module("compression.zstd")  # Python 3.14
    except ImportError:
        zstd = importlib.import_module("backports.zstd")  # Scrapy's own dependency before 3.14

    try:
        while data:
            stream = zstd.ZstdDecompressor()
            out.add(stream.decompress(data, max_length=CHUNK))
            while not stream.eof and not stream.needs_input:
                out.add(stream.decompress(b"", max_length=CHUNK))
            data = stream.unused_data if stream.eof else b""
    except zstd.ZstdError as exc:
        out.fail(exc)
