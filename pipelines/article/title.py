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
    logos: list[str] = field(default_factory=list)  # headings that are the site's logo
    classed: list[str] = field(default_factory=list)  # elements classed as a title, outside links


# Block elements that end a heading's first line: <h1>标题<div>副题</div></h1> prints two lines, the
# second a subtitle (a <br> only breaks a long headline, and is kept)
_LINE_BREAKERS = frozenset({"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section"})
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
# A home page link: the site root, or its index page
_HOME = re.compile(r"^(?:(?:https?:)?//[^/]+)?(?:/|\./|/?index\.\w+)?$", re.IGNORECASE)
# class/id words of an element that holds the page's headline
_TITLE_CLASS = re.compile(r"title|headline|biaoti", re.IGNORECASE)
_MAX_CLASSED = 20  # title-classed elements kept per page


def _heading_text(el: etree._Element) -> str:
    """A heading's first line: the text before a block child (a subtitle printed inside it)."""
    for child in el.iter():
        if child is not el and isinstance(child.tag, str) and child.tag in _LINE_BREAKERS:
            first = clean_space(_ZERO_WIDTH.sub("", _text_before(el, child)))
            if len(first) >= 4:
                return first
            if not first:  # the first line is itself a block: <div><div>标题</div><ul>…</ul></div>
                inner = _heading_text(child)
                if len(inner) >= 4:
                    return inner
            break
    return clean_space(_ZERO_WIDTH.sub("", visible_text(el)))


def _text_before(el: etree._Element, stop: etree._Element) -> str:
    """The text of ``el`` in document order up to the element ``stop``."""
    parts: list[str] = []

    def walk(node: etree._Element) -> bool:
        if node is stop:
            return True
        if isinstance(node.tag, str):
            parts.append(node.text or "")
        for child in node:
            if walk(child):
                return True
            parts.append(child.tail or "")
        return False

    walk(el)
    return "".join(parts)


def _is_logo(el: etree._Element, text: str) -> bool:
    """A heading that is the site's logo: a picture beside a short name, or a link to the home page."""
    if any(isinstance(img.tag, str) for img in el.iter("img")) and len(text) <= 16:
        return True
    links = [a for a in el.iter("a")] + [a for a in el.iterancestors("a")]
    return any(_HOME.match(str(a.get("href") or "").strip()) and a.get("href") is not None for a in links)


def _in_link(el: etree._Element) -> bool:
    return any(True for _ in el.iterancestors("a")) or any(True for _ in el.iter("a"))


def _candidates(root: etree._Element) -> _Candidates:
    # one walk for the four tags instead of a search of the tree per tag and per <meta> field
    # (the parser writes tag names in lower case)
    found = _Candidates()
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag == "meta":
            found.metas.append(el)
            continue
        if tag == "title":
            text = visible_text(el)
            if text:
                found.page_titles.append(text)
        elif tag in ("h1", "h2"):
            text = _heading_text(el)
            if text:
                if _is_logo(el, text):
                    found.logos.append(text)
                else:
                    (found.h1 if tag == "h1" else found.h2).append(text)
        elif (len(found.classed) < _MAX_CLASSED and tag not in _NOT_CLASSED
              and _TITLE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
            text = _heading_text(el)
            if 4 <= len(text) <= 80 and not _in_link(el):
                found.classed.append(text)
    return found


_NOT_CLASSED = frozenset({"html", "body", "head", "script", "style", "a", "img", "meta", "link", "ul", "ol",
                          "table", "tbody", "form", "input", "section", "article", "main", "header", "footer"})
# markup a CMS wrote into a <meta> value: <meta name="ArticleTitle" content="标题<div>副题</div>">
_MARKUP = re.compile(r"<[^>]*>")
_BLOCK_MARKUP = re.compile(r"<(?:div|p|br|h[1-6])\b", re.IGNORECASE)


def _meta_text(content: str) -> str:
    """A <meta> headline without the markup written into it; a subtitle after a block tag goes."""
    if "<" in content:
        block = _BLOCK_MARKUP.search(content)
        head = content[: block.start()] if block else content
        if len(clean_space(_MARKUP.sub("", head))) >= 4:
            content = head
        content = _MARKUP.sub(" ", content)
    return clean_space(_ZERO_WIDTH.sub("", content))


def _meta_title(metas: list[etree._Element]) -> str:
    for attr, value in _META_TITLES:
        for meta in metas:
            content = meta.get("content")
            if content is not None and meta.get(attr) == value:
                text = _meta_text(content)
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


# A date (and clock) glued to a headline's start or end: "标题 2024-05-13 13:48"
_GLUED_DATE = re.compile(r"^\s*(?:(?:19|20)\d\d[-/.年][01]?\d[-/.月][0-3]?\d日?(?:\s*[0-2]?\d:[0-5]\d(?::[0-5]\d)?)?)\s*|"
                         r"\s*[(（\[]?(?:(?:19|20)\d\d[-/.年][01]?\d[-/.月][0-3]?\d日?"
                         r"(?:\s*[0-2]?\d:[0-5]\d(?::[0-5]\d)?)?)[)）\]]?\s*$")


def _without_date(text: str) -> str:
    """``text`` without a date glued to its start or end, when a headline is left."""
    rest = _GLUED_DATE.sub("", text)
    return rest.strip() if len(rest.strip()) >= 4 else text


def _title_parts(page_title: str) -> list[tuple[str, str]]:
    """Each separator-delimited part of ``page_title`` with the raw prefix of the title up to its end."""
    parts: list[tuple[str, str]] = []
    start = 0
    for match in [*_TITLE_SPLIT.finditer(page_title), None]:
        end = match.start() if match else len(page_title)
        part = page_title[start:end].strip()
        if part:
            parts.append((part, page_title[:end].strip()))
        if match:
            start = match.end()
    return parts


def _site_names(metas: list[etree._Element]) -> set[str]:
    names = set()
    for meta in metas:
        key = str(meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:site_name", "application-name", "sitename", "site_name", "apple-mobile-web-app-title"):
            name = clean_space(str(meta.get("content") or ""))
            if name:
                names.add(name)
    return names


def _link_texts(root: etree._Element) -> set[str]:
    return {text for a in root.iter("a") if (text := visible_text(a))}


_GENERIC_CHARS = 8  # a <title> headline shorter than this, and not shown on the page, names a section


def find_title(root: etree._Element, page_lines: list[str], ld_headline: str = "") -> tuple[str, str]:
    """(title, title_raw) of the page; ``page_lines`` are its visible lines."""
    title, raw = _find_title(root, page_lines, ld_headline)
    return _without_date(_ZERO_WIDTH.sub("", title)).strip(), raw


def _find_title(root: etree._Element, page_lines: list[str], ld_headline: str) -> tuple[str, str]:
    candidates = _candidates(root)
    page_title = _ZERO_WIDTH.sub("", candidates.page_titles[0]) if candidates.page_titles else ""
    meta = _meta_title(candidates.metas)
    sites = _site_names(candidates.metas)
    # a heading that is the site's name (the last part of <title>, og:site_name) is its logo
    parts_raw = _title_parts(page_title)
    suffixes = {part for part, _ in parts_raw[1:]} | sites
    headings = [h for h in candidates.h1 + candidates.h2 if h not in suffixes or len(parts_raw) <= 1]
    # the part of <title> that the page also shows as a line of its own (not a navigation link) is
    # the headline; several parts shown as one line are a headline with its column (栏目 | 标题)
    shown = {_ZERO_WIDTH.sub("", line) for line in page_lines}
    links: set[str] | None = None
    parts = [part for part, _ in parts_raw]
    joined = [prefix for index, (part, prefix) in enumerate(parts_raw) if index and prefix in shown
              and part not in sites and all(len(part) > len(before) for before, _ in parts_raw[:index])]
    shown_parts = sorted((p for p in parts if p in shown and len(p) >= 4), key=len, reverse=True)
    if shown_parts:
        links = _link_texts(root)
        shown_parts = [p for p in shown_parts if p not in links]
    if joined:
        stripped = joined[-1]
    else:
        stripped = shown_parts[0] if shown_parts else (strip_site_suffix(page_title) if page_title else "")
    # an <h1> that agrees with the og:title, the JSON-LD headline or a part of <title> is the
    # cleanest form of the headline
    references = [r for r in (meta, ld_headline, stripped) if r]
    references += sorted((p for p in parts if len(p) >= 4 and p not in references and p not in sites),
                         key=len, reverse=True)
    heading = _agreeing_heading(headings, references) or _agreeing_heading(candidates.classed, references)
    if heading:
        if joined and heading != stripped and heading in stripped:
            return stripped, page_title  # the heading without its column prefix
        return heading, page_title or heading
    if meta:
        return meta, page_title or meta
    if ld_headline:
        return ld_headline, page_title or ld_headline
    # a <title> the page does not show as a line of its own is generic (the site and its section):
    # an element classed as the title, or the first heading, names the story
    if stripped and not joined and not shown_parts and (candidates.classed or headings):
        if links is None:
            links = _link_texts(root)
        if len(stripped) < _GENERIC_CHARS or stripped in links:
            fallback = next((t for t in candidates.classed + headings
                             if t in shown and t not in links and len(t) > len(stripped)), None)
            if fallback:
                return fallback, page_title
    if stripped:
        return stripped, page_title
    if headings:
        return headings[0], headings[0]
    return "", ""
