"""The headline: reconciled from <h1>, og:title and <title>, with the site-name suffix removed."""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from .dom import clean_space, visible_text

# Separators portals put between headline, section and site name in <title>.
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|—|--|\s-\s|\s–\s|·\s|\s·|：：|-(?=[^\d-]*$))\s*")


@cache
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


def _texts(root: etree._Element, xpath: str) -> list[str]:
    found = _compiled(xpath)(root)
    texts = [clean_space(item) if isinstance(item, str) else visible_text(item) for item in found]
    return [t for t in texts if t]


def _meta_title(root: etree._Element) -> str:
    for xpath in ('//meta[@property="og:title"]/@content', '//meta[@name="og:title"]/@content',
                  '//meta[@name="twitter:title"]/@content', '//meta[@name="ArticleTitle"]/@content'):
        texts = _texts(root, xpath)
        if texts:
            return texts[0]
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
    page_titles = _texts(root, "//title")
    page_title = page_titles[0] if page_titles else ""
    meta = _meta_title(root)
    headings = _texts(root, "//h1") + _texts(root, "//h2")
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
