"""Charset labels: what a page declares (BOM, HTTP header, meta, XML declaration) and which codec
we actually decode with (gb2312/gbk as gb18030, big5 as big5hkscs: the supersets)."""

from __future__ import annotations

import codecs
import re

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Python codec name -> the superset we decode with / the name we record.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "latin_1": "windows-1252",  # WHATWG: iso-8859-1 means windows-1252
    "iso8859-1": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
    "utf-8": "utf-8",
    "utf_8": "utf-8",
}
CJK_CODECS = ("gb18030", "big5hkscs")

_HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_META = re.compile(
    rb"<meta[^>]*?(?:charset\s*=\s*[\"']?\s*|content\s*=\s*[\"'][^\"'>]*charset\s*=\s*)([A-Za-z0-9._:-]+)",
    re.I,
)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)


def codec_for(label: str | None) -> str | None:
    """The codec we decode `label` with, or None for an unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    if label in ("x-gbk", "x-gb18030", "gb_2312-80", "csgb2312", "euc-cn", "x-euc-cn"):
        return "gb18030"
    if label in ("x-big5", "big5-hkscs", "cn-big5", "x-x-big5"):
        return "big5hkscs"
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return SUPERSETS.get(name, name)


def python_codec(name: str) -> str:
    return "cp1252" if name == "windows-1252" else name


def sniff_bom(body: bytes) -> tuple[str, int] | None:
    for bom, name in BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type.encode("latin-1", "replace"))
    return m.group(1).decode("ascii").lower() if m else None


def markup_charset(body: bytes) -> str | None:
    """The charset of a `<meta>` tag or XML declaration in the first 4 KB."""
    head = body[:4096]
    m = _XML_DECL.search(head) or _META.search(head)
    return m.group(1).decode("ascii").lower() if m else None
