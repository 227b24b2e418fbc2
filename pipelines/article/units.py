"""Repeated sibling units: runs of elements built alike (same tag, same class) under one parent.

Two kinds matter to an article page, and both are told by structure, not by their words:

- **cards**: units that each lead with a linked headline and add a short summary, a picture or an
  account name (相关推荐 cards, 上一篇/下一篇 teasers, feed items). They are another story's
  furniture, even inside ``<article>`` and even when their summaries are full sentences.
- **gallery slides**: units that each hold one picture and a short text and no link (图集). The
  slides together are the body, with the intro printed beside them, however the scorer ranks a
  single slide.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from .boilerplate import is_boilerplate_line
from .dom import BLOCK_TAGS, next_element, previous_element, tag_of, visible_text

MIN_CARDS = 3  # two alike units are a pair (上一篇/下一篇), three are a list
CARD_TEXT = 200  # characters of a card at most: headline, summary, account, time
# characters of a feed item at most: a card whose headline is a heading, or that carries its own
# time stamp ("8 小時前"), may print a long teaser and still be another story's card
FEED_ITEM_TEXT = 800
HEADLINE = 8  # characters a card's linked headline has at least (account names are shorter)
CARD_HEADLINE = 30  # characters of a long headline; twice that is a sentence, not a headline
SLIDE_TEXT = 400  # characters of a gallery slide's text at most
_SENTENCE_END = ("。", "！", "？", "”", "…", "」", "!", "?")
_HEADINGS = frozenset({"h1", "h2", "h3"})
_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# a relative time stamp of a feed item: "8 小時前", "21分钟前", "2 天前"
_AGO = re.compile(r"\d+\s*(?:秒|分鐘|分钟|小時|小时|天|日|週|周|星期|個月|个月|年)前")


_UNIT_TAGS = BLOCK_TAGS - {"br"}


def _alike_groups(parent: etree._Element, least: int) -> list[list[etree._Element]]:
    """The children of ``parent`` grouped by signature (tag and class words), groups of at least
    ``least``."""
    groups: dict[tuple[str, str], list[etree._Element]] = defaultdict(list)
    for child in parent:
        tag = child.tag
        if isinstance(tag, str) and (tag := tag.lower()) in _UNIT_TAGS:
            classes = child.get("class")
            groups[tag, " ".join(classes.split()) if classes else ""].append(child)
    return [group for group in groups.values() if len(group) >= least]


def _block_of(el: etree._Element, unit: etree._Element) -> etree._Element:
    node = el
    while node is not unit and tag_of(node) not in BLOCK_TAGS and node.getparent() is not None:
        node = node.getparent()
    return node


def _is_card(unit: etree._Element) -> bool:
    """A unit that leads with a linked headline: a link that is a whole line of its own, headline
    long and unpunctuated, in a unit short enough to be a teaser rather than a story."""
    if next(unit.iter("a"), None) is None:
        return False  # no link, no headline (most units are paragraphs)
    text = visible_text(unit)
    if not text or len(text) > FEED_ITEM_TEXT:
        return False
    long = len(text) > CARD_TEXT
    for link in unit.iter("a"):
        headline = visible_text(link)
        # a headline may end in a quote or an exclamation, never in a full stop
        if not (HEADLINE <= len(headline.replace(" ", "")) <= 2 * CARD_HEADLINE and not headline.endswith("。")
                and link.get("href")):
            continue
        block = _block_of(link, unit)
        if visible_text(block) != headline:
            continue
        # a long unit is a card only when it reads as a feed item: a heading for its headline, or
        # a time stamp of its own
        if not long or tag_of(block) in _HEADLINE_TAGS or _AGO.search(text[:CARD_HEADLINE * 3]):
            return True
    return False


@dataclass
class CardCut:
    """What :func:`remove_card_lists` cut: the elements that lost a child, and each cut (the
    parent, the index the element had, the element) in the order made, so that it can be undone."""

    changed: list[etree._Element] = field(default_factory=list)
    cuts: list[tuple[etree._Element, int, etree._Element]] = field(default_factory=list)

    def cut(self, parent: etree._Element, el: etree._Element) -> None:
        self.cuts.append((parent, parent.index(el), el))
        parent.remove(el)  # (lxml keeps the element's tail with it, so putting it back restores all)

    def undo(self) -> None:
        """Put every cut element back where it was."""
        for parent, index, el in reversed(self.cuts):
            parent.insert(index, el)
        self.cuts.clear()


def remove_card_lists(root: etree._Element) -> CardCut:
    """Cut every run of cards, and the box around it when nothing but a heading is left."""
    found = CardCut()
    changed = found.changed
    for parent in list(root.iter(etree.Element)):
        if len(parent) < MIN_CARDS or parent.getparent() is None:
            continue
        # every card holds a link: under fewer links than a run has cards, no group needs a look
        if next(islice(parent.iter("a"), MIN_CARDS - 1, None), None) is None:
            continue
        for group in _alike_groups(parent, MIN_CARDS):
            cards: list[etree._Element] = []
            misses = 0
            for unit in group:
                if _is_card(unit):
                    cards.append(unit)
                    continue
                # once even all the units left could not make the run, the rest need no look
                misses += 1
                if len(group) - misses < MIN_CARDS or len(group) - misses < 0.8 * len(group):
                    break
            if len(cards) < MIN_CARDS or len(cards) < 0.8 * len(group):
                continue
            for card in cards:
                found.cut(parent, card)
            changed.append(parent)
            rest = visible_text(parent)
            box = parent.getparent()
            if len(rest) <= 24 and box is not None and tag_of(parent) not in ("body", "html", "article", "main"):
                found.cut(box, parent)
                changed.append(box)
    return found


def _is_slide(unit: etree._Element) -> bool:
    """One picture and a short text, no headline and no link text."""
    if len(unit.findall(".//img")) != 1 or any(tag_of(n) in _HEADINGS for n in unit.iter()):
        return False
    text = visible_text(unit)
    links = sum(len(visible_text(a)) for a in unit.iter("a"))
    return 8 <= len(text) <= SLIDE_TEXT and links == 0


def _slides_under(parent: etree._Element) -> bool:
    # two slides hold a picture each: under fewer than two pictures, no group needs a look
    if next(islice(parent.iter("img"), 1, None), None) is None:
        return False
    return any(sum(_is_slide(unit) for unit in group) >= 2 for group in _alike_groups(parent, 2))


def gallery_of(best: etree._Element, depth: int = 3) -> etree._Element | None:
    """The element holding the run of slides that ``best`` is (or sits in), if it is a gallery."""
    node: etree._Element | None = best
    for _ in range(depth + 1):
        if node is None or tag_of(node) in ("body", "html"):
            return None
        if _slides_under(node):
            return node
        node = node.getparent()
    return None


def _is_prose_block(el: etree._Element) -> bool:
    """A block of sentences beside the slides: the gallery's intro or closing words."""
    if tag_of(el) not in BLOCK_TAGS or el.find(".//img") is not None:
        return False
    text = visible_text(el)
    links = sum(len(visible_text(a)) for a in el.iter("a"))
    return (len(text) >= 10 and text.endswith(_SENTENCE_END) and links <= 0.2 * len(text)
            and not is_boilerplate_line(text))


def gallery_body(gallery: etree._Element) -> etree._Element:
    """The gallery with the prose blocks right before and after it, as one element (copies; the
    page's own tree keeps its shape)."""
    before: list[etree._Element] = []
    node = previous_element(gallery)
    while node is not None and _is_prose_block(node):
        before.insert(0, node)
        node = previous_element(node)
    after: list[etree._Element] = []
    node = next_element(gallery)
    while node is not None and _is_prose_block(node):
        after.append(node)
        node = next_element(node)
    if not before and not after:
        return gallery
    body = gallery.makeelement("div", {})
    for part in (*before, gallery, *after):
        piece = copy.deepcopy(part)
        piece.tail = None
        body.append(piece)
    return body
