"""Finding the element that holds the article body, by text, punctuation and link density.

Every run of text is credited to the block that contains it; a paragraph-like block passes its
credit up to its container, which is how a ``<div>`` full of ``<p>`` (or of ``<br>``-separated
text) outscores a sidebar full of short link lines. Credit is weighted by sentence punctuation,
because prose is punctuated and headline lists are not, and the final score is damped by the
share of the container's text that sits inside links. A winner that is one paragraph with
prose paragraphs beside it is a paragraph's own wrapper (app pages put each paragraph in a bare
``<section>``), so the body is the block that holds them all.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from .boilerplate import is_boilerplate_line
from .dom import (
    BLOCK_TAGS,
    INVISIBLE_TAGS,
    TextCounts,
    clean_space,
    nonspace_len,
    tag_of,
    text_content,
    text_counts,
    visible_text,
)

# Blocks that are a paragraph of their container rather than a container themselves.
PARAGRAPH_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre",
                            "figcaption", "center", "font", "span", "strong", "b"})
CONTAINER_TAGS = frozenset({"div", "article", "section", "main", "td", "body", "dl", "ul", "ol",
                            "blockquote"})
SENTENCE_PUNCTUATION = re.compile(r"[，。！？；、：,.!?;]")
# Web and mail addresses: their dots and slashes are no sentence punctuation (a print view's
# 本文网址 line would otherwise read as prose)
_ADDRESS = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+|[\w.-]+@[\w-]+\.[\w.]+", re.ASCII)
# a figure's thousands separator or decimal point ("18,652.59") is no sentence punctuation (a
# market ticker of figures would otherwise read as prose)
_NUMBER_MARK = re.compile(r"(?<=\d)[,.](?=\d)")
_SENTENCE_END = ("。", "！", "？", "”", "…", "」", "!", "?")


def _free_text(el: etree._Element) -> str:
    """Text of ``el`` that no block child claims and no link holds (a <br> is a line break)."""
    text = el.text
    if not len(el):  # (most paragraphs: their text and nothing else)
        return text or ""
    parts: list[str] = [text] if text else []
    _add_free_parts(el, el.tag == "a", parts)
    return "".join(parts)


def _add_free_parts(node: etree._Element, in_link: bool, parts: list[str]) -> None:
    for child in node:
        tag = child.tag
        if isinstance(tag, str):  # not a comment or processing instruction
            tag = tag.lower()
            if tag == "br":
                parts.append("\n")
            elif tag not in INVISIBLE_TAGS and tag not in BLOCK_TAGS:
                child_link = in_link or tag == "a"
                if not child_link and (text := child.text):
                    parts.append(text)
                if len(child):
                    _add_free_parts(child, child_link, parts)
        if not in_link and (text := child.tail):
            parts.append(text)


def _prose_of(free: str) -> str:
    """The free text of a block without its furniture lines (a forum post opens with
    ``本帖最后由 X 于 … 编辑`` and a <br>; that line must not sink the post)."""
    if "\n" not in free:
        line = clean_space(free)
        return "" if len(line) <= 120 and is_boilerplate_line(line) else line
    lines = map(clean_space, free.split("\n"))
    return " ".join(line for line in lines if line and not (len(line) <= 120 and is_boilerplate_line(line)))


def _punctuation(free: str) -> int:
    """Sentence punctuation marks of a block's free text (not those of addresses and figures)."""
    if "/" in free or "@" in free:
        free = _ADDRESS.sub("", free)
    marks = len(SENTENCE_PUNCTUATION.findall(free))
    if marks and ("," in free or "." in free):
        marks -= len(_NUMBER_MARK.findall(free))
    return marks


def _repeats(text: str, earlier: list[str]) -> bool:
    """Whether ``text`` was already said by an earlier block of the page."""
    compact = text.replace(" ", "")
    return len(compact) >= 8 and any(compact in before.replace(" ", "") for before in earlier)


def _container(el: etree._Element) -> etree._Element | None:
    node: etree._Element | None = el
    while node is not None and tag_of(node) not in CONTAINER_TAGS:
        node = node.getparent()
    return node


def _container_above(el: etree._Element, cache: dict[etree._Element, etree._Element | None]) -> etree._Element | None:
    """:func:`_container` of ``el``, remembered: every block of a container asks the same way up."""
    if el in cache:
        return cache[el]
    found = _container(el)
    cache[el] = found
    return found


@dataclass
class BlockScores:
    """Content score of every container that holds prose, and how many blocks credit it directly."""

    scores: dict[etree._Element, float] = field(default_factory=dict)
    direct: dict[etree._Element, int] = field(default_factory=dict)


def score_blocks(root: etree._Element) -> BlockScores:
    """Score every container by the prose it holds (see the module docstring)."""
    found = BlockScores()
    scores = found.scores
    quoted = {node for quote in root.iter("blockquote") for node in quote.iter()}
    earlier: list[str] = []
    containers: dict[etree._Element, etree._Element | None] = {}
    chains: dict[etree._Element, list[etree._Element]] = {}
    # (lxml picks the block elements: the parser writes tag names in lower case, and no block
    # tag is an invisible one)
    for el in root.iter(*BLOCK_TAGS):
        if el.text is None and not len(el):
            continue  # an empty block (a <br>) has no free text
        tag = el.tag
        free_text = _free_text(el)
        if not free_text or free_text.isspace():
            continue  # whitespace only: nothing of it would be left (most blocks hold blocks)
        # copyright, disclaimer and ICP lines are punctuated too, but never the article
        free = _prose_of(free_text)
        if len(free) < 8:
            continue
        if el in quoted and _repeats(free, earlier):
            continue  # a reply quoting the post above it: the words belong to that post
        earlier.append(free)
        punct = _punctuation(free)
        credit = 1.0 + punct + min(len(free) / 40.0, 6.0)
        if punct == 0:
            credit *= 0.3  # headlines, menus, list items
        holder = el if tag in CONTAINER_TAGS and tag not in ("ul", "ol", "dl") else el.getparent()
        if holder is None:
            continue
        chain = chains.get(holder)
        if chain is None:
            chain = chains[holder] = _credited(holder, containers)
        if chain:
            found.direct[chain[0]] = found.direct.get(chain[0], 0) + 1
        weight = 1.0
        for container in chain:
            scores[container] = scores.get(container, 0.0) + credit * weight
            weight /= 2
    return found


CREDITED_LEVELS = 3  # a block's credit goes to its container and two above, halved at each step


def _credited(holder: etree._Element, containers: dict[etree._Element, etree._Element | None]) -> list[etree._Element]:
    """The containers a block held by ``holder`` credits, nearest first (the same for every block
    of a holder, so score_blocks remembers them per holder)."""
    chain: list[etree._Element] = []
    container = _container_above(holder, containers)
    while container is not None and len(chain) < CREDITED_LEVELS:
        chain.append(container)
        parent = container.getparent()
        container = _container_above(parent, containers) if parent is not None else None
    return chain


def link_density(el: etree._Element, counts: TextCounts | None = None) -> float:
    """Share of the text under ``el`` that sits in links (1.0 for an element without text);
    ``counts``: the tree's :func:`text_counts`, when it has them."""
    if counts is None:
        # (the links' texts counted at once: a count of a joined text is the sum of the counts)
        counts = TextCounts({el: nonspace_len(text_content(el))},
                            {el: nonspace_len("".join([text_content(a) for a in el.iter("a")]))})
    text = counts.text[el]
    if not text:
        return 1.0
    return min(1.0, counts.links[el] / text)


def _is_paragraph(el: etree._Element, counts: TextCounts) -> bool:
    """Whether ``el`` reads as one paragraph of prose: a sentence-ended text in at most one block."""
    blocks = 0
    for node in el.iter():
        if tag_of(node) in BLOCK_TAGS and tag_of(node) != "br":
            blocks += 1
            if blocks > 2:
                return False
    text = visible_text(el)
    # a slogan or signature line ("关注本地，分享身边事！") is punctuated too, but no paragraph
    return len(text) >= 20 and text.endswith(_SENTENCE_END) and link_density(el, counts) < 0.5


def _paragraph_siblings(best: etree._Element, parent: etree._Element, counts: TextCounts) -> bool:
    """Whether ``best`` has prose paragraphs beside it in ``parent``: then each paragraph has its own
    wrapper (app pages put every paragraph in its own <section>), and the body is the parent."""
    node: etree._Element | None = best
    while node is not None and node.getparent() is not parent:
        node = node.getparent()
    return any(child is not node and tag_of(child) in BLOCK_TAGS and _is_paragraph(child, counts)
               for child in parent)


def find_body(root: etree._Element) -> etree._Element | None:
    """The container most likely to hold the article body, or None on a page without prose."""
    found = score_blocks(root)
    # Link density only lowers a score, so a container scoring below an adjusted score already
    # seen cannot win: the density (a read of all the text under it) is worked out for the rest
    # only, highest score first, and the winner is then picked as before, first in page order.
    adjusted: dict[etree._Element, float] = {}
    floor = 0.0
    for el, score in sorted(found.scores.items(), key=lambda item: item[1], reverse=True):
        if score < floor:
            break
        adjusted[el] = score * (1.0 - link_density(el))
        floor = max(floor, adjusted[el])
    best: etree._Element | None = None
    best_score = 0.0
    for el in found.scores:
        if el in adjusted and adjusted[el] > best_score:
            best, best_score = el, adjusted[el]
    # A single paragraph wins only when nothing like it stands beside it; a block of <br>-separated
    # paragraphs (a forum post) is a body of its own.
    if (best is not None and found.direct.get(best, 0) == 1 and best.getparent() is not None
            and len(best.findall("br")) < 2):
        parent = _container(best.getparent())
        if (parent is not None and tag_of(parent) != "body"
                and _paragraph_siblings(best, parent, text_counts(parent))):
            return parent
    return best


# -- the top of the body's text -------------------------------------------------------------------
LEAD_LINES = 3  # lines at the top of a body where a summary box or a display headline is printed
SUMMARY_SHARE = 0.7  # of a summary's character pairs that the paragraph it repeats holds
SUMMARY_CHARS = 20  # a shorter line repeating words of a later one is no summary
HEADLINE_RUN = 6  # lines of a display headline printed at the top of the content area, at most
_HEADLINE_LINE = 40


def _pairs(text: str) -> set[str]:
    compact = "".join(text.split())
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def _is_display_line(line: str) -> bool:
    return len(line) <= _HEADLINE_LINE and not line.endswith(_SENTENCE_END) and "，" not in line


def _says_again(line: str, other: str) -> bool:
    """Whether ``other`` holds nearly all of ``line``'s character pairs."""
    pairs = _pairs(line)
    return bool(pairs) and len(pairs & _pairs(other)) >= SUMMARY_SHARE * len(pairs)


def drop_lead_furniture(lines: list[str], title: str, description: str = "") -> list[str]:
    """The body's lines without what a CMS prints above the story inside the content area: the
    display headline again (one or more short unpunctuated lines, the first of them holding the
    headline or held by it), and a summary box: a line at the top that is the page's description
    (its ``<meta name="description">``) and that a later paragraph says again nearly word for word
    (``<p class="summary">``, a lead quote repeating a paragraph further down)."""
    compact_title = "".join(title.split())
    if compact_title and lines:
        run = 0
        while run < min(HEADLINE_RUN, len(lines) - 1) and _is_display_line(lines[run]):
            run += 1
        first = "".join(lines[0].split())
        if run and len(first) >= 4 and (compact_title in first or first in compact_title):
            lines = lines[run:]
    if len(description) < SUMMARY_CHARS:
        return lines
    kept: list[str] = []
    for index, line in enumerate(lines):
        if (index < LEAD_LINES and len(line) >= SUMMARY_CHARS and _says_again(line, description)
                and any(_says_again(line, later) for later in lines[index + 1:] if len(later) >= SUMMARY_CHARS)):
            continue
        kept.append(line)
    return kept


# -- a lead paragraph printed in its own box between the headline and the body ------------------
LEAD_BLOCKS = 2  # prose boxes between the headline and the body, at most (more: another story list)
LEAD_CHARS = 40  # characters of a lead paragraph at least
LEAD_SCAN = 400  # elements between the headline and the body looked at, at most
_LEAD_TAGS = frozenset({"p", "div", "section", "blockquote"})
# a summary box's label: the box retells the story, it does not open it
_SUMMARY_LABEL = re.compile(r"^[【\[（(]?\s*(?:核心提示|内容提要|內容提要|提要|摘要|导读|導讀|导语|導語|简介|簡介|概要)\s*[】\]）)]?\s*[：:]?")


def _headline_before(root: etree._Element, body: etree._Element, title: str) -> etree._Element | None:
    """The last ``<h1>``/``<h2>`` before ``body`` that prints the page's title (or part of it)."""
    compact_title = "".join(title.split())
    if len(compact_title) < 4:
        return None
    found: etree._Element | None = None
    for el in root.iter():
        if el is body:
            return found
        if tag_of(el) in ("h1", "h2"):
            text = "".join(visible_text(el).split())
            if len(text) >= 4 and (text in compact_title or compact_title in text):
                found = el
    return None  # (the body is not in the tree: a copy)


def _is_lead_prose(el: etree._Element) -> bool:
    """A leaf block of sentences: punctuated, sentence-ended, barely linked, no furniture."""
    if any(tag_of(node) in BLOCK_TAGS and tag_of(node) != "br" for node in el.iterdescendants()):
        return False
    text = visible_text(el)
    if len(text) < LEAD_CHARS or not text.endswith(_SENTENCE_END) or _punctuation(text) < 2:
        return False
    links = sum(len(visible_text(a)) for a in el.iter("a"))
    return links <= 0.1 * len(text) and not is_boilerplate_line(text) and not _SUMMARY_LABEL.match(text)


def with_lead(root: etree._Element, body: etree._Element, title: str) -> etree._Element:
    """``body`` with the lead paragraph a template prints in a box of its own between the page's
    headline and the body's box (``<div class="leadin">`` under the ``<h1>``, the main text in the
    next box): a leaf block of real sentences in that stretch, said nowhere in the body, is the
    story's opening. Returns ``body`` itself when there is none, else one element holding copies
    of the lead and the body (the page's own tree keeps its shape)."""
    headline = _headline_before(root, body, title)
    if headline is None or headline in body.iterancestors():
        return body
    # the headline and the body in one article box, not only in the page
    shared = next((a for a in headline.iterancestors() if body in a.iterdescendants()), None)
    if shared is None or tag_of(shared) in ("body", "html"):
        return body
    leads: list[etree._Element] = []
    node = next_element_in_order(headline)
    for _ in range(LEAD_SCAN):
        if node is None or node is body:
            break
        if tag_of(node) in _LEAD_TAGS and _is_lead_prose(node):
            leads.append(node)
            if len(leads) > LEAD_BLOCKS:
                return body
        node = next_element_in_order(node)
    else:
        return body
    if node is not body or not leads:
        return body
    body_text = visible_text(body)
    leads = [lead for lead in leads if not _says_again(visible_text(lead), body_text)]
    if not leads:
        return body
    joined = etree.Element("div")
    for part in (*leads, body):
        piece = copy.deepcopy(part)
        piece.tail = None
        joined.append(piece)
    return joined


def next_element_in_order(el: etree._Element) -> etree._Element | None:
    """The element after ``el`` in document order, ``el``'s own descendants included."""
    for child in el:
        if isinstance(child.tag, str):
            return child
    node: etree._Element | None = el
    while node is not None:
        sibling = node.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None:
            return sibling
        node = node.getparent()
    return None
