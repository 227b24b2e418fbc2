"""Reading an lxml tree as a reader sees it: visible text, split into lines at block boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

# Never visible, or never article prose.
INVISIBLE_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "option", "textarea", "input", "head", "title", "meta", "link",
})
# Tags that end the current line of text (everything else flows inline).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br",
})

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def clean_space(text: str) -> str:
    """Collapse runs of (including full-width and non-breaking) whitespace, strip the ends."""
    return _SPACE.sub(" ", text).strip()


def tag_of(el: object) -> str:
    """Lower-case tag name, '' for comments, processing instructions and entities."""
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


@dataclass
class Line:
    """One visual line of text: its text, how much of it sits in links, and where it came from."""

    text: str
    link_chars: int
    block: etree._Element  # the block element the line started in

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text.replace(" ", "")))


def iter_lines(root: etree._Element) -> Iterator[Line]:
    """Yield the visible text lines under ``root`` in reading order, empty lines dropped."""
    parts: list[str] = []
    link_chars = [0]
    block_stack: list[etree._Element] = [root]

    def flush() -> Iterator[Line]:
        line = clean_space("".join(parts))
        parts.clear()
        links = link_chars[0]
        link_chars[0] = 0
        if line:
            yield Line(line, min(links, len(line)), block_stack[-1])

    def add(text: str, in_link: bool) -> None:
        parts.append(text)
        if in_link:
            link_chars[0] += len(clean_space(text).replace(" ", ""))

    def walk(el: etree._Element, in_link: bool) -> Iterator[Line]:
        tag = tag_of(el)
        if not tag or tag in INVISIBLE_TAGS:
            return
        block = tag in BLOCK_TAGS
        in_link = in_link or tag == "a"
        if block:
            yield from flush()
            block_stack.append(el)
        if el.text:
            add(el.text, in_link)
        for child in el:
            yield from walk(child, in_link)
            if child.tail:
                add(child.tail, in_link)
        if block:
            yield from flush()
            block_stack.pop()

    yield from walk(root, False)
    yield from flush()


def text_lines(root: etree._Element) -> list[str]:
    """Just the texts of :func:`iter_lines`."""
    return [line.text for line in iter_lines(root)]
