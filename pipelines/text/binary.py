"""Bodies that cannot be a web page, whatever their Content-Type says: an image, an archive or a
font served as ``text/html`` would otherwise be decoded into an "article" of mojibake."""

from __future__ import annotations

# File signatures of what servers most often send under a wrong Content-Type.
_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP file"),
    (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"), (b"7z\xbc\xaf", "a 7-Zip file"), (b"Rar!", "a RAR file"),
    (b"\xd0\xcf\x11\xe0", "an Office document"), (b"ID3", "an MP3 file"), (b"OggS", "an Ogg file"),
    (b"wOFF", "a font"), (b"wOF2", "a font"), (b"\x00\x00\x01\x00", "an icon"),
)


def binary_kind(body: bytes) -> str | None:
    """What a body that cannot be a web page is (a file signature, or control bytes), else None."""
    head = body[:4096]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if not head or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    if head[0::2].count(0) > len(head) // 4 or head[1::2].count(0) > len(head) // 4:
        return None  # UTF-16 without a byte order mark: every other byte is zero
    controls = sum(1 for byte in head if byte < 0x20 and byte not in (9, 10, 12, 13, 27))
    return "binary data" if controls * 20 > len(head) else None
