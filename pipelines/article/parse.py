"""Turning decoded page text into an lxml tree, whatever the page declares about itself."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# lxml refuses str input that carries an XML encoding declaration; the text is already decoded,
# so the declaration is meaningless and can go.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse decoded HTML into a tree; an empty or unparsable page yields an empty <html>."""
    text = _XML_DECLARATION.sub("", html, count=1).replace("\x00", "")
    if not text.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"),
                                                 parser=lxml.html.HTMLParser(encoding="utf-8"))
        except (etree.ParserError, ValueError):
            return lxml.html.fromstring("<html><body></body></html>")
    return root
