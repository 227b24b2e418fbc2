"""The headline: reconciled from <h1>, og:title and <title>, with the site-name suffix removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .dom import clean_space, visible_text

# Separators portals put between headline, section and site name in <title>.
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|—|--|\s-\s|\s–\s|·\s|\s·|：：|-(?=[^\d-]*$))\s*")


# The <meta> fields that carry the headline, in order of trust: (attribute, value)
_META_TITLES = (("property", "og:title"), ("name", "og:title"), ("name", "twitter:title"), ("name", "ArticleTitle"))


@dataclass
class _Candidates:
    """The texts a page offers as its headline, in page order, empty ones left out."""

    page_titles: list[str] = field(default_factory=list)  # <title>
    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    metas: list[etree._Element] = field(default_factory=list)


def _candidates(root: etree._Element) -> _Candidates:
    # one walk for the four tags instead of a search of the tree per tag and per <meta> field
    # (the parser writes tag names in lower case)
    found = _Candidates()
    for el in root.iter("title", "meta", "h1", "h2"):
        tag = el.tag
        if tag == "meta":
            found.metas.append(el)
            continue
        text = visible_text(el)
        if text:
            (found.page_titles if tag == "title" else found.h1 if tag == "h1" else found.h2).append(text)
    return found


def _meta_title(metas: list[etree._Element]) -> str:
    for attr, value in _META_TITLES:
        for meta in metas:
            content = meta.get("content")
            if content is not None and meta.get(attr) == value:
                text = clean_space(content)
                if text:
                    return text
    return ""


def strip_site_suffix(raw: str) -> str:
    """``标题_频道_XX网`` → ``标题``: the longest separator-delimited part, normally the first."""
    parts = [p for p in _TITLE_SPLIT.split(raw) if p and p.strip()]
    if len(parts) <= 1:
        return raw.strip()
    # the headline is the first part unless a later one is clearly longer (site name first)
    best = parts[0]
    for part in parts[1:]:
        if len(part) > len(best) * 1.5:
            best = part
    return best.strip()


def same_story(a: str, b: str) -> bool:
    """Whether two headline candidates name the same story."""
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 4
    common = len(set(a) & set(b))
    return common / max(1, min(len(set(a)), len(set(b)))) > 0.8


# A category tag printed before a headline in its heading ("[本地资讯] 标题", "【专题】标题")
_TAG_PREFIX = re.compile(r"^\s*[\[【]([^\]】]{1,12})[\]】]\s*")


def _agreeing_heading(headings: list[str], references: list[str]) -> str | None:
    """The first heading that names the story of a reference (og:title, then the parts of
    <title>, longest first: the headline is rarely the shortest part and a site name, which a
    logo heading repeats, rarely the longest). A category tag before it goes when the <title> has
    the headline without it."""
    for reference in references:
        for heading in headings:
            if len(heading) >= 4 and same_story(heading, reference):
                tag = _TAG_PREFIX.match(heading)
                if tag and heading[tag.end():] == reference:
                    return reference
                return heading
    return None


def find_title(root: etree._Element, page_lines: list[str]) -> tuple[str, str]:
    """(title, title_raw) of the page; ``page_lines`` are its visible lines."""
    candidates = _candidates(root)
    page_title = candidates.page_titles[0] if candidates.page_titles else ""
    meta = _meta_title(candidates.metas)
    headings = candidates.h1 + candidates.h2
    # the part of <title> that the page also shows as a line of its own is the headline
    shown = set(page_lines)
    parts = [p.strip() for p in _TITLE_SPLIT.split(page_title) if p and p.strip()] if page_title else []
    shown_parts = sorted((p for p in parts if p in shown and len(p) >= 4), key=len, reverse=True)
    stripped = shown_parts[0] if shown_parts else (strip_site_suffix(page_title) if page_title else "")
    # an <h1> that agrees with the og:title or a part of <title> is the cleanest form of the headline
    references = [meta] if meta else [stripped] if stripped else []
    references += sorted((p for p in parts if len(p) >= 4 and p not in references), key=len, reverse=True)
    heading = _agreeing_heading(headings, references)
    if heading:
        return heading, page_title or heading
    if meta:
        return meta, page_title or meta
    if stripped:
        return stripped, page_title
    if headings:
        return headings[0], headings[0]
    return "", ""
