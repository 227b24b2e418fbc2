"""Turning decoded page text into an lxml tree, whatever the page declares about itself."""

from __future__ import annotations

import re
from html.entities import html5
from urllib.parse import urljoin, urlsplit

from lxml import etree

# lxml refuses str input that carries an XML encoding declaration; the text is already decoded,
# so the declaration is meaningless and can go.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# The tree lxml.html builds, with plain elements: lxml.html's element classes cost a Python-level
# class lookup for every element the code touches, and nothing here uses their extra methods
# (dom.text_content is lxml.html's text_content).
_PARSER = etree.HTMLParser()
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8")
_EMPTY_PAGE = "<html><body></body></html>"
# Character references that stand for an ASCII character other than '&' and the markup ones
# (numeric ones, and named ones such as &lowbar; or &equals;): where a page has none, every word
# of ASCII letters, digits, '_', '=' or '%' in its parsed tree is written out in its source.
_ASCII_NAMES = sorted({name.rstrip(";") for name, value in html5.items()
                       if any(c.isascii() and c not in " <>\"'" for c in value)} - {"amp", "AMP"})
ASCII_REFERENCE = re.compile(r"&(?:#|" + "|".join(_ASCII_NAMES) + r")")
ASCII_REFERENCE_BYTES = re.compile(ASCII_REFERENCE.pattern.encode())


def join_url(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None where either is no URL (urljoin raises on a
    bad bracketed host such as ``http://[CDATA[``, which pages carry in attributes)."""
    try:
        joined = urljoin(base, href)
        urlsplit(joined)  # a bad host may pass urljoin and fail here
    except ValueError:
        return None
    return joined


def source_may_hold(html: str, *words: str) -> bool:
    """Whether the tree parsed from ``html`` may hold one of ``words`` (ASCII) in a text or an
    attribute: False only when none is written out and no reference or dropped NUL could make one."""
    return any(word in html for word in words) or "\x00" in html or bool(ASCII_REFERENCE.search(html))


def _document(text: str | bytes, parser: etree.HTMLParser) -> etree._Element:
    root = etree.fromstring(text, parser)
    if root is None:
        raise etree.ParserError("Document is empty")
    return root


def parse_html(html: str) -> etree._Element:
    """Parse decoded HTML into a tree; an empty or unparsable page yields an empty <html>."""
    text = _XML_DECLARATION.sub("", html, count=1)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text or text.isspace():  # (what text.strip() would leave empty, without a copy)
        return _document(_EMPTY_PAGE, _PARSER)
    try:
        root = _document(text, _PARSER)
    except (etree.ParserError, ValueError):
        try:
            root = _document(text.encode("utf-8"), _UTF8_PARSER)
        except (etree.ParserError, ValueError):
            return _document(_EMPTY_PAGE, _PARSER)
    return root
