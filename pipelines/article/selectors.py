"""Site-given selectors (CSS, or XPath when they start with '/' or '('), which beat the generic path."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree
from lxml.cssselect import CSSSelector

from .dom import clean_space, text_lines

FIELDS = ("title", "body", "published_at", "source", "authors")


def select(root: etree._Element, selector: str) -> list[etree._Element | str]:
    """Elements (or strings, for XPath attribute/text steps) matched by ``selector``."""
    selector = selector.strip()
    try:
        if selector.startswith(("/", "(")):
            found = root.xpath(selector)
            return list(found) if isinstance(found, list) else [str(found)]
        return list(CSSSelector(selector)(root))
    except (etree.XPathError, ValueError, SyntaxError):
        return []


def selected_text(root: etree._Element, selector: str) -> str | None:
    """The visible text of what ``selector`` matches, or None when it matches nothing."""
    parts: list[str] = []
    for item in select(root, selector):
        if isinstance(item, etree._Element):
            parts.append(" ".join(text_lines(item)))
        else:
            parts.append(clean_space(str(item)))
    text = clean_space(" ".join(p for p in parts if p))
    return text or None


def selected_fields(root: etree._Element, selectors: Mapping[str, str] | None) -> dict[str, str]:
    """Texts of the given selectors for the text-valued fields (everything but body)."""
    found: dict[str, str] = {}
    for field in FIELDS:
        if field == "body" or not selectors or not selectors.get(field):
            continue
        text = selected_text(root, selectors[field])
        if text:
            found[field] = text
    return found


def selected_body(root: etree._Element, selectors: Mapping[str, str] | None) -> etree._Element | None:
    if not selectors or not selectors.get("body"):
        return None
    elements = [e for e in select(root, selectors["body"]) if isinstance(e, etree._Element)]
    return elements[0] if elements else None
