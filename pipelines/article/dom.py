"""Reading an lxml tree as a reader sees it: visible text, split into lines at block boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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

# How many verdicts on single lines (furniture? byline?) each line classifier remembers: a page's
# lines are judged by several stages (body scoring, body text, closing credits), and a site's
# furniture lines repeat on every page. The classifiers are pure functions of the line.
LINE_VERDICTS = 8192

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# _SPACE is str.isspace() (which is re's \s, and covers the full-width and the non-breaking space)
# plus two zero-width characters: where a text holds neither of those, str.split() finds the same
# runs of space several times faster than the regex (which steps through CJK text one character
# at a time).


def clean_space(text: str) -> str:
    """Collapse runs of (including full-width and non-breaking) whitespace, strip the ends."""
    if "\u200b" in text or "\ufeff" in text:
        return _SPACE.sub(" ", text).strip()
    return " ".join(text.split())


def nonspace_len(text: str) -> int:
    """Characters of ``text`` that are no whitespace: ``len(clean_space(text).replace(" ", ""))``."""
    if "\u200b" in text or "\ufeff" in text:
        return len(_SPACE.sub("", text))
    return len("".join(text.split()))


# lxml.html's HtmlElement.text_content, for every kind of lxml element
_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def text_content(el: etree._Element) -> str:
    """All text under ``el`` (its descendants' text and tails, no comments), as lxml.html gives it;
    '' for a comment, a processing instruction or an entity (no text of the page)."""
    if not isinstance(el.tag, str):
        return ""
    return str(_STRING_VALUE(el))


def visible_text(el: etree._Element) -> str:
    """``clean_space`` of the text under ``el`` ('' for a comment or processing instruction)."""
    if not isinstance(el.tag, str):
        return ""
    return clean_space(str(_STRING_VALUE(el)))


def next_element(el: etree._Element) -> etree._Element | None:
    """The next sibling of ``el`` that is an element: comments, processing instructions and
    entities between elements are skipped (``getnext()`` hands them out like elements)."""
    node = el.getnext()
    while node is not None and not isinstance(node.tag, str):
        node = node.getnext()
    return node


def previous_element(el: etree._Element) -> etree._Element | None:
    """The previous sibling of ``el`` that is an element (see :func:`next_element`)."""
    node = el.getprevious()
    while node is not None and not isinstance(node.tag, str):
        node = node.getprevious()
    return node


def tag_of(el: object) -> str:
    """Lower-case tag name, '' for comments, processing instructions and entities."""
    tag = getattr(el, "tag", None)
    # lxml gives a comment, a processing instruction or an entity a function as its tag
    return tag.lower() if isinstance(tag, str) else ""


@dataclass(slots=True)
class TextCounts:
    """Non-whitespace characters under every element of a tree, computed in one pass from the
    leaves up instead of one ``text_content`` per element (which reads each subtree again):
    ``text[el] == nonspace_len(text_content(el))`` and ``links[el]`` is the sum of that over the
    ``<a>`` elements of ``el.iter("a")``. Valid until the tree changes."""

    text: dict[etree._Element, int]
    links: dict[etree._Element, int]


def text_counts(root: etree._Element) -> TextCounts:
    """The :class:`TextCounts` of the elements under ``root`` (``root`` included)."""
    text = text_sizes(root)
    links = dict.fromkeys(text, 0)
    for link in root.iter("a"):
        count = text[link]
        if count:  # credited to the link and every element above it, up to ``root``
            links[link] += count
            if link is not root:
                for above in link.iterancestors():
                    links[above] += count
                    if above is root:
                        break
    return TextCounts(text, links)


def text_sizes(root: etree._Element) -> dict[etree._Element, int]:
    """``text_counts(root).text`` alone: ``nonspace_len(text_content(el))`` of every element."""
    text: dict[etree._Element, int] = {}
    # reversed document order visits every element after all of its descendants
    for el in reversed(list(root.iter(etree.Element))):
        own = el.text
        # (most texts between tags are a line break and an indent: isspace() is the cheap test)
        count = 0 if not own or own.isspace() else nonspace_len(own)
        for child in el:
            tail = child.tail
            if tail and not tail.isspace():
                count += nonspace_len(tail)
            below = text.get(child)  # None for a comment, whose own text is no text of the page
            if below is not None:
                count += below
        text[el] = count
    return text


_PROSE_MARK = re.compile(r"[，。！？；,.!?;]")
PROSE_RUN = 10  # characters a run of text has at least to count as prose


def _prose_len(text: str | None) -> int:
    if not text or text.isspace():
        return 0
    size = nonspace_len(text)
    return size if size >= PROSE_RUN and _PROSE_MARK.search(text) else 0


def prose_sizes(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of prose under every element of ``root``: runs of text (an element's text or a
    tail) of at least ``PROSE_RUN`` characters holding sentence punctuation. Menus, link lists and
    headlines add little; paragraphs add all they hold. Invisible elements count nothing."""
    prose: dict[etree._Element, int] = {}
    for el in reversed(list(root.iter(etree.Element))):
        tag = el.tag
        if isinstance(tag, str) and tag.lower() in INVISIBLE_TAGS:
            prose[el] = 0
            continue
        count = _prose_len(el.text)
        for child in el:
            count += _prose_len(child.tail) + prose.get(child, 0)
        prose[el] = count
    return prose


@dataclass(slots=True)
class Line:
    """One visual line of text: its text, how much of it sits in links, and where it came from."""

    text: str
    link_chars: int
    block: etree._Element  # the block element the line started in

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text.replace(" ", "")))


_CELL_TAGS = ("td", "th")


def _row_cells(row: etree._Element) -> list[Line] | None:
    """The cells of a table row as one line each, when the row is a row of data: two or more
    cells, each holding at most one line of text, no table (a layout table's cell holds a whole
    column of the page) and no picture (a row of pictures and their captions is a gallery)."""
    cells = [child for child in row if tag_of(child) in _CELL_TAGS]
    if len(cells) < 2 or any(tag_of(child) not in _CELL_TAGS for child in row if tag_of(child)):
        return None
    found: list[Line] = []
    for cell in cells:
        if not len(cell):
            # a cell of text alone (most cells of a data table): the one line lines_of gives it
            text = cell.text
            line = clean_space(text) if text else ""
            if line:
                found.append(Line(line, 0, cell))
            continue
        # a cell holding a table is a layout column; one holding a picture is a slide of a gallery
        if any(tag_of(node) in ("table", "img") for node in cell.iterdescendants()):
            return None
        lines = lines_of(cell)
        if len(lines) > 1:
            return None
        found.extend(lines)
    return found


# How the line walk treats an element, by its tag (lxml's tag object: a string, or the function
# a comment, a processing instruction or an entity has for a tag)
_HIDDEN, _INLINE, _LINK, _BLOCK, _ROW = range(5)
_TAG_KINDS: dict[object, int] = {}
_MAX_TAG_KINDS = 4096  # distinct tags remembered (a broken page may invent any number)


def _tag_kind(tag: object) -> int:
    kind = _TAG_KINDS.get(tag)
    if kind is not None:
        return kind
    name = tag.lower() if isinstance(tag, str) else ""
    if not name or name in INVISIBLE_TAGS:
        kind = _HIDDEN
    elif name == "tr":
        kind = _ROW
    elif name in BLOCK_TAGS:
        kind = _BLOCK
    else:
        kind = _LINK if name == "a" else _INLINE
    if len(_TAG_KINDS) < _MAX_TAG_KINDS:
        _TAG_KINDS[tag] = kind
    return kind


def lines_of(root: etree._Element, table_rows: bool = False) -> list[Line]:
    """The visible text lines under ``root`` in reading order, empty lines dropped.

    With ``table_rows``, a row of a data table is one line, its cells joined by one space (as a
    reader copies a price list or a timetable), and its ``block`` is the ``<tr>``."""
    # one recursive walk that appends to a list: a generator per element (``yield from`` at every
    # level) costs more than the rest of the walk
    found: list[Line] = []
    parts: list[str] = []
    link_chars = 0
    block_stack: list[etree._Element] = [root]
    kinds = _TAG_KINDS

    def flush() -> None:
        # called only with parts: nothing added since the last line means no link characters either
        nonlocal link_chars
        joined = "".join(parts)
        parts.clear()
        links = link_chars
        link_chars = 0
        # most flushes hold only the line breaks and indents between tags: isspace() is the cheap
        # test (it is true exactly where _SPACE would leave nothing, and such text has no link
        # characters either)
        if joined.isspace():
            return
        # (clean_space, written out: this runs for every line of every page)
        if "\u200b" in joined or "\ufeff" in joined:
            line = _SPACE.sub(" ", joined).strip()
        else:
            line = " ".join(joined.split())
        if line:
            size = len(line)
            found.append(Line(line, links if links < size else size, block_stack[-1]))

    def walk(el: etree._Element, kind: int, in_link: bool) -> None:
        # ``el`` is visible; its kind is known
        nonlocal link_chars
        if kind >= _BLOCK:
            if kind == _ROW and table_rows:
                cells = _row_cells(el)
                if cells is not None:
                    if parts:
                        flush()
                    text = " ".join(cell.text for cell in cells)
                    if text:
                        found.append(Line(text, min(sum(c.link_chars for c in cells), len(text)), el))
                    return
            if parts:
                flush()
            block_stack.append(el)
        elif kind == _LINK:
            in_link = True
        text = el.text
        if text:
            parts.append(text)
            if in_link:
                link_chars += nonspace_len(text)
        for child in el:
            tag = child.tag
            child_kind = kinds.get(tag)
            if child_kind is None:
                child_kind = _tag_kind(tag)
            if child_kind:
                if child_kind <= _LINK and not len(child):
                    # an inline element without children (most links and spans): its text flows
                    # into the line here, without a call of its own
                    text = child.text
                    if text:
                        parts.append(text)
                        if in_link or child_kind == _LINK:
                            link_chars += nonspace_len(text)
                else:
                    walk(child, child_kind, in_link)
            text = child.tail
            if text:
                parts.append(text)
                if in_link:
                    link_chars += nonspace_len(text)
        if kind >= _BLOCK:
            if parts:
                flush()
            block_stack.pop()

    root_kind = _tag_kind(root.tag)
    if root_kind:
        walk(root, root_kind, False)
    if parts:
        flush()
    return found


def lines_within(lines: list[Line], el: etree._Element, changed: Iterable[etree._Element]) -> list[Line] | None:
    """``lines_of(el, table_rows=True)`` read off ``lines``, the :func:`lines_of` of a tree that
    holds ``el``, without walking ``el`` again; None where they may differ.

    They are the same lines when ``el`` is a block (the walk of the tree breaks lines where it
    begins and ends, and credits its own lines to it), holds no table row (which the tree's walk
    did not join), sits in no link (whose characters the tree's walk counted) and in nothing
    invisible, and nothing under it changed since the tree's walk (``changed``: the elements whose
    children or texts were edited since)."""
    if tag_of(el) not in BLOCK_TAGS or next(el.iter("tr"), None) is not None:
        return None
    for above in el.iterancestors():
        tag = tag_of(above)
        if tag == "a" or tag in INVISIBLE_TAGS:
            return None
    inside = set(el.iter())
    if any(edited in inside for edited in changed):
        return None
    # the lines of ``el`` are those that begin in it: a block of its own or one under it
    return [line for line in lines if line.block in inside]


def iter_lines(root: etree._Element, table_rows: bool = False) -> Iterator[Line]:
    """The lines of :func:`lines_of`, one by one."""
    return iter(lines_of(root, table_rows))


def text_lines(root: etree._Element) -> list[str]:
    """Just the texts of :func:`iter_lines`."""
    return [line.text for line in lines_of(root)]
