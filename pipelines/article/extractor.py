"""extract_article: one decoded page in, one :class:`Article` out.

Stages: parse → what the untouched page says about itself (title, meta, JSON-LD, the lines
around the headline, the story in its script data) → cut page furniture → find the body (or take
the script data's, when the page is a stub) → keep its prose lines, routing bylines, captions and
editor lines to their fields → reconcile every field from its sources, site selectors first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from . import byline, dates
from .boilerplate import DATE_STAMP, has_furniture_words, is_boilerplate_line, is_pager, prune_furniture
from .content import drop_lead_furniture, find_body, with_lead
from .dom import (
    Line,
    lines_of,
    lines_within,
    next_element,
    previous_element,
    tag_of,
    text_content,
    visible_text,
)
from .images import find_images, is_caption_text
from .labels import is_bracketed_field
from .metadata import (
    AUTHOR_META,
    PUBLISHED_META,
    SOURCE_META,
    first_meta,
    json_ld,
    ld_field,
    ld_names,
    meta_values,
)
from .model import Article
from .parse import join_url, parse_html, source_may_hold
from .scripted import ScriptedArticle, body_element, find_scripted_article
from .selectors import selected_body, selected_fields
from .title import find_title, strip_site_suffix
from .units import gallery_body, gallery_of, remove_card_lists

HEADER_LINES = 6  # lines under the headline where portals print date, source and reporters
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = ("。", "！", "？", "”", "…", "」", "!", "?", "；")


@dataclass
class BodyText:
    """The body's prose lines, and the lines pulled out of it for other fields."""

    lines: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    labelled: list[str] = field(default_factory=list)  # 来源/编辑/… lines dropped from the text
    closing: list[str] = field(default_factory=list)  # credit lines right after the body's element


def _base_url(root: etree._Element, url: str) -> str:
    # (lxml's own walk over the tag, not an XPath search: an XPath call costs more than the walk)
    base = next((href for el in root.iter("base") if (href := el.get("href")) is not None), None)
    return (join_url(url, base.strip()) or url) if base is not None else url


def _header(lines: list[str], title: str) -> list[str]:
    """The lines right under the headline (or the top of the page when it is not shown)."""
    for index, line in enumerate(lines):
        if title and (line == title or (title in line and len(line) <= len(title) + 12)):
            return lines[index + 1: index + 1 + HEADER_LINES]
    return lines[:30]


def _is_headline_like(line: str) -> bool:
    return len(line) <= 40 and not line.endswith(_SENTENCE_END) and "，" not in line


LABEL_LINE = 20  # characters of a label line (幻灯欣赏：) at most
FRAGMENT_RUN = 4  # fragments above the first sentence that are the page's widgets, not a kicker


def _trim_fragment_head(lines: list[str]) -> list[str]:
    """Drop a run of fragments at the top of the body (short lines that end no sentence), four or
    more before the first sentence: what a template prints above the story inside the content
    area (a video player's controls and messages, rows of tags and tools). A kicker or a deck
    line above the story is one or two such lines."""
    run = 0
    while run < len(lines) and len(lines[run]) <= 40 and not lines[run].endswith(_SENTENCE_END):
        run += 1
    return lines[run:] if FRAGMENT_RUN <= run < len(lines) else lines


# A time stamp closing a line: a list entry's date (（2005-04-01 09:56AM）, 2023-05-20)
_CLOSING_STAMP = re.compile(r"[\s(（\[【]*" + DATE_STAMP +
                            r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)?[\s)）\]】]*$")


def _is_listing(line: Line) -> bool:
    """A line that is mostly link: a link list's entry, its date stamp not counted as text."""
    if not line.link_chars:
        return False
    if line.link_density > 0.5:
        return True
    stamp = _CLOSING_STAMP.search(line.text)
    if stamp is None:
        return False
    rest = len(line.text[:stamp.start()].replace(" ", ""))
    return line.link_chars > 0.5 * max(1, rest)


def _trim_headline_tail(lines: list[str], rows: set[int], dropped: Sequence[int] = ()) -> list[str]:
    """Drop a run of headline-like lines at the end of the body (lists glued under articles); the
    rows of a table (indexes in ``rows``) are short and unpunctuated too, but article text.
    ``dropped``: where furniture lines were taken out (the index of the kept line they preceded):
    those inside the run count towards it, as the short lines they are."""
    end = len(lines)
    while end > 0 and end - 1 not in rows and _is_headline_like(lines[end - 1]):
        end -= 1
    run = len(lines) - end + sum(1 for at in dropped if at > end)
    if run < 3:
        end = len(lines)
    # a label closing the body (幻灯欣赏：, 附件：) heads what followed it, which is not the body
    while end > 0 and end - 1 not in rows and len(lines[end - 1]) <= LABEL_LINE and lines[end - 1].endswith(("：", ":")):
        end -= 1
    return lines[:end]


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _title_block(body: etree._Element, title: str) -> set[etree._Element]:
    """The headline's element and the headings printed right against it: a newspaper's 引题 above
    the headline and its 副题 below (``——…见闻``) are part of the title, not of the text."""
    block: set[etree._Element] = set()
    for heading in body.iter(*_HEADING_TAGS):
        if title and visible_text(heading) == title:
            block.add(heading)
            for near in (previous_element(heading), next_element(heading)):
                if near is not None and tag_of(near) in _HEADING_TAGS:
                    block.add(near)
    return block


def _body_text(body: etree._Element, title: str, captions: set[str], lines: list[Line] | None = None) -> BodyText:
    """The body's lines (``lines``: its ``lines_of(body, table_rows=True)`` when known) sorted
    into prose and the other fields."""
    found = BodyText()
    rows: set[int] = set()
    dropped: list[int] = []
    title_block = _title_block(body, title)
    for line in lines_of(body, table_rows=True) if lines is None else lines:
        text = line.text
        if _is_listing(line) or text == title or text in captions or line.block in title_block:
            continue
        if tag_of(line.block) == "tr":
            # a row of a data table: its start says nothing (numbers, short names), its words may
            if not (has_furniture_words(text) or is_pager(text)):
                rows.add(len(found.lines))
                found.lines.append(text)
            continue
        if is_boilerplate_line(text) or len(text) < 40 and is_caption_text(text):
            found.labelled.append(text)
            dropped.append(len(found.lines))
            continue
        # a credit line opening the body, or a short one anywhere in it: the closing
        # （融媒记者：A　B　通讯员：C） and 文/X lines name reporters as much as a leading byline does
        if byline.is_byline(text) and (not found.lines or len(text) <= 30):
            found.bylines.append(text)
            continue
        if is_bracketed_field(text):  # （作者单位：…）, 【来源：…】: a field, not a paragraph
            found.labelled.append(text)
            continue
        found.lines.append(text)
    found.lines = _trim_headline_tail(found.lines, rows, dropped)
    if not rows:
        found.lines = _trim_fragment_head(found.lines)
    return found


CLOSING_LINES = 3  # lines after the body where a page prints its credit block


def _closing_credits(lines: list[str], body_lines: list[str]) -> list[str]:
    """Credit lines printed right after the body, outside its element (``记者 A　翻译 B`` under a
    bilingual body): the bylines in the run of credit lines that follows the body's last line."""
    if not body_lines or body_lines[-1] not in lines:
        return []
    end = len(lines) - 1 - lines[::-1].index(body_lines[-1])
    credits: list[str] = []
    for line in lines[end + 1: end + 1 + CLOSING_LINES]:
        if byline.is_byline(line):
            credits.append(line)
        elif not (byline.find_editor_line(line) or is_boilerplate_line(line)):
            break  # the credit block ends where anything else begins (the next story's headline)
    return credits


def _first(*sources: Callable[[], str | None]) -> str | None:
    """The first value that one of ``sources`` (asked in order, and only until one answers) has."""
    for source in sources:
        value = source()
        if value:
            return value
    return None


# Elements that hold the author by their markup: class/id words, and the WeChat article meta bar
# (<span class="rich_media_meta rich_media_meta_text">NAME</span>), which its mirrors copy.
_MARKED_AUTHOR = etree.XPath('//*[contains(@class, "author") or contains(@id, "author") or '
                              'contains(concat(" ", normalize-space(@class), " "), " rich_media_meta_text ")]')


def _marked_authors(root: etree._Element) -> list[str]:
    """Names in elements marked as the author, when they hold a name and nothing else."""
    names: list[str] = []
    for el in _MARKED_AUTHOR(root):
        text = " ".join(text_content(el).split())
        if len(text) <= 40:
            names.extend(n for n in byline.plain_names(text) if n not in names)
    # many names in marked elements are the authors of a list of other articles
    return names if len(names) <= 3 else []


def _site_words(meta: dict[str, str], ld: list[dict[str, object]], title: str, title_raw: str) -> str:
    """What names the site rather than a person: the <title> around the headline, the site-name
    metas, the JSON-LD publisher. A platform's name in <meta name="author"> is no reporter."""
    publisher = ld_field(ld, "publisher")
    headline = title if title and title in title_raw else strip_site_suffix(title_raw)
    words = [title_raw.replace(headline, " ") if headline else title_raw, " ".join(ld_names(publisher))]
    words.extend(meta.get(key, "") for key in ("og:site_name", "sitename", "site_name", "application-name",
                                               "publisher"))
    return " ".join(words)


def _authors(chosen: dict[str, str], header: list[str], text: BodyText, ld: list[dict[str, object]],
             meta: dict[str, str], marked: list[str], site_words: str, data_names: list[str],
             lines: Sequence[str] = (), editor: str | None = None) -> list[str]:
    if "authors" in chosen:
        return byline.find_authors(chosen["authors"]) or [
            n for n in re.split(r"[、，,\s/]+", chosen["authors"]) if n]
    names: list[str] = []
    # a caption under the headline names its photographer; an info bar names him beside the reporter
    header_credits = [line for line in header if not is_caption_text(line) or byline.names_reporter(line)]
    for line in header_credits + text.bylines + text.closing:
        names.extend(n for n in byline.find_authors(line) if n not in names)
    # the lead is the first paragraph, which a subhead (一、…) may precede
    lead = next((names for names in map(byline.lead_credit_authors, text.lines[:3]) if names), [])
    names.extend(n for n in lead if n not in names)
    if not names and text.lines:  # the credit closing the last paragraph (…。（记者 X）)
        names = byline.closing_credit_authors(text.lines[-1])

    def person(name: str) -> bool:  # a name of the page's data: no outlet, not the site, not its editor
        return bool(name) and name not in site_words and name != editor and not byline.is_outlet(name)

    if not names:
        names = [n for n in data_names if person(n)]
    if not names:
        names = [n for n in ld_names(ld_field(ld, "author")) if person(n)]
    if not names:
        names = [n for n in marked if person(n)]
    if not names:
        meta_author = first_meta(meta, AUTHOR_META)
        if meta_author:
            candidates = [n for n in re.split(r"[、，,\s/]+", meta_author) if n]
            names = [n for n in candidates if _HAN.match(n) and len(n) <= 4 and person(n)]
    if not names:  # a credit line outside the body found (法庭記者：X under the last paragraph)
        # or a field bar of the source and the author (（本文来源：X 作者：Y）)
        names = next((found for line in lines if byline.names_reporter(line) and (
            len(line) <= 30 and byline.is_byline(line) or len(line) <= 120 and byline.find_source(line))
            and (found := byline.find_authors(line))), [])
    return names


_MARKED_SOURCE = etree.XPath('//*[contains(@class, "source") or @id="source"]')


def _marked_source(root: etree._Element) -> str | None:
    """A short unlabelled outlet name in an element classed as the source (``<a class="source">``)."""
    for el in _MARKED_SOURCE(root):
        name = " ".join(text_content(el).split())
        if 2 <= len(name) <= 20 and not any(ch.isdigit() for ch in name):
            return byline.find_source(name) or name
    return None


def _source(chosen: dict[str, str], header: list[str], text: BodyText, meta: dict[str, str],
            lines: list[str], root: etree._Element, data_source: str | None,
            outlets: Sequence[str] = ()) -> str | None:
    if "source" in chosen:
        return byline.find_source(chosen["source"]) or chosen["source"]
    return _first(
        lambda: next((s for s in map(byline.find_source, header) if s), None),
        lambda: next((s for s in map(byline.find_source, text.labelled) if s), None),
        lambda: first_meta(meta, SOURCE_META),
        lambda: data_source,
        lambda: next((s for s in map(byline.outlet_of_byline, header + text.bylines) if s), None),
        lambda: next((s for s in map(byline.find_source, lines) if s), None),
        # credits naming the outlet without a label: 据新华社…电, 【X專訊】, (X報道), the time's neighbour
        lambda: next((s for s in map(byline.credit_source, header + text.lines[:3]) if s), None),
        lambda: next((s for s in map(byline.time_outlet, header) if s), None),
        lambda: next((s for s in map(byline.reporter_outlet, header + text.bylines) if s), None),
        lambda: next(iter(outlets), None),  # the outlet a page's data names as its author
        lambda: _marked_source(root),
    )


def _editor(header: list[str], text: BodyText, lines: list[str], data_editor: str | None) -> str | None:
    return _first(
        lambda: next((e for e in map(byline.find_editor, text.labelled) if e), None),
        # a closing credit bracket names the editor after the reporters (（记者：A　编辑：B）)
        lambda: next((e for e in map(byline.find_editor, text.bylines) if e), None),
        lambda: next((e for line in lines if "责任编辑" in line or "責任編輯" in line
                      if (e := byline.find_editor(line))), None),
        lambda: next((e for e in map(byline.find_editor, header) if e), None),
        lambda: next((e for e in map(byline.find_editor_line, lines) if e), None),
        lambda: data_editor,
    )


def _marked_date(root: etree._Element) -> str | None:
    """The first of ``//time/@datetime | //*[@itemprop="datePublished"]/@content | …/@datetime``
    in page order, found by a walk that asks only elements with attributes (cheaper than XPath)."""
    for el in root.iter(etree.Element):
        names = el.keys()
        if not names or "datetime" not in names and "itemprop" not in names:
            continue
        published = el.get("itemprop") == "datePublished"
        is_time = el.tag == "time"
        for name in names:  # an element's attributes in their order, as XPath orders them
            if name == "datetime" and (is_time or published) or name == "content" and published:
                return el.get(name)
    return None


def _published(chosen: dict[str, str], meta: dict[str, str], ld: list[dict[str, object]],
               root: etree._Element, title: str, lines: list[str], url: str, tz: str,
               data_date: dates.DateCandidate | None) -> str | None:
    if "published_at" in chosen:
        picked = dates.pick_published([dates.date_candidate(chosen["published_at"], tz, compact=True)])
        if picked:
            return dates.iso(picked)
    ld_date = ld_field(ld, "datePublished")

    def marked() -> dates.DateCandidate | None:
        return dates.date_candidate(_marked_date(root), tz)

    def from_url() -> dates.DateCandidate | None:
        moment = dates.date_from_url(url, tz)
        return dates.DateCandidate(moment, False) if moment else None

    # the page's statements about itself in order of trust, the date printed under the headline,
    # then the rest of the page and the URLs (dates.choose_published)
    stated: list[Callable[[], dates.DateCandidate | None]] = [
        lambda: dates.date_candidate(first_meta(meta, PUBLISHED_META), tz, compact=True),
        lambda: dates.date_candidate(ld_date if isinstance(ld_date, str) else None, tz, compact=True),
        lambda: data_date,
        marked,
    ]
    later: list[Callable[[], dates.DateCandidate | None]] = [
        lambda: dates.best_labelled(lines, tz),
        lambda: next((c for c in (dates.split_date(line, tz) for line in lines if len(line) <= 60) if c), None),
        lambda: dates.script_date(root, tz),
        from_url,
        lambda: next((dates.DateCandidate(m, False) for u in dates.self_urls(root)
                      if (m := dates.date_from_url(u, tz))), None),
    ]
    return dates.iso(dates.choose_published(stated, dates.date_header(lines, title), later, tz))


def _scripted_body(scripted: ScriptedArticle, text: BodyText, images: list[dict[str, str]], title: str,
                   base: str) -> tuple[list[dict[str, str]], BodyText]:
    """The body of the page's script data instead of the page's, when it is much longer: the page
    is then a stub (headline, date, "open the app to read on") that the script fills in."""
    shown = sum(len(line.replace(" ", "")) for line in text.lines)
    element = body_element(scripted) if scripted.body_chars >= 1.5 * shown + 50 else None
    if element is None:
        return images, text
    found_images, captions = find_images(element, base)
    found = _body_text(element, title, captions)
    found.bylines = text.bylines + found.bylines
    found.labelled = text.labelled + found.labelled
    return found_images or images, found


def _language(root: etree._Element, meta: dict[str, str], text: str) -> str | None:
    declared = str(root.get("lang") or root.get("xml:lang") or meta.get("content-language") or "").strip()
    if declared:
        return declared.replace("_", "-").split("-")[0].lower() or None
    sample = "".join(text[:2000].split())  # (str.split() splits where re's \s matches)
    if not sample:
        return None
    if len(_HAN.findall(sample)) / len(sample) > 0.2:
        return "zh"
    return "en" if len(re.findall(r"[A-Za-z]", sample)) / len(sample) > 0.5 else None


def extract_article(html: str, url: str, *, selectors: Mapping[str, str] | None = None,
                    timezone: str = "Asia/Shanghai") -> Article:
    """Extract the article fields of one page; ``selectors`` override the generic path per field."""
    root = parse_html(html)
    # lxml makes a Python object for an element each time one is reached and none is alive;
    # holding them all makes every later walk of the page reuse them
    _elements = list(root.iter())
    dates.resolve_relative_times(root)
    base = _base_url(root, url)
    page_lines = lines_of(root)
    lines = [line.text for line in page_lines]
    meta = meta_values(root)
    ld = json_ld(root)
    chosen = selected_fields(root, selectors)
    headline = ld_field(ld, "headline")
    title, title_raw = find_title(root, lines, headline if isinstance(headline, str) else "")
    if "title" in chosen:
        title, title_raw = chosen["title"], title_raw or chosen["title"]
    header = _header(lines, title)
    # (the search of every element's class and id is skipped on pages that cannot name one)
    marked_authors = _marked_authors(root) if source_may_hold(html, "author", "rich_media_meta_text") else []
    scripted = find_scripted_article(root, title, timezone)
    body = selected_body(root, selectors)
    changed = prune_furniture(root)
    cards = remove_card_lists(root)
    changed += cards.changed
    # the body's lines, when it is an element of the page the pruning left alone, are lines the
    # page's walk found already
    body_lines: list[Line] | None = None
    if body is None:
        body = find_body(root)
        if body is None and cards.cuts:
            # without the runs of cards the page holds no prose: they were the story (a list of
            # linked names, each with its paragraph), not another story's teasers
            cards.undo()
            body = find_body(root)
        gallery = gallery_of(body) if body is not None else None
        if gallery is not None:
            body = gallery_body(gallery)
        elif body is not None:
            led = with_lead(root, body, title)
            if led is body:
                body_lines = lines_within(page_lines, body, changed)
            body = led
    images: list[dict[str, str]] = []
    text = BodyText()
    if body is not None:
        images, captions = find_images(body, base)
        text = _body_text(body, title, captions, body_lines)
        text.lines = drop_lead_furniture(text.lines, title, meta.get("description") or meta.get("og:description") or "")
    if scripted is not None and "body" not in (selectors or {}):
        images, text = _scripted_body(scripted, text, images, title, base)
    text.closing = _closing_credits(lines, text.lines)
    joined = "\n".join(text.lines)
    data = scripted or ScriptedArticle("", 0)
    editor = _editor(header, text, lines, data.editor)
    authors = _authors(chosen, header, text, ld, meta, marked_authors, _site_words(meta, ld, title, title_raw),
                       data.authors, lines, editor)
    outlets = [n for n in [*ld_names(ld_field(ld, "author")), *marked_authors] if byline.is_outlet(n)]
    source = byline.drop_names(_source(chosen, header, text, meta, lines, root, data.source, outlets), authors)
    return Article(
        title=title, title_raw=title_raw, text=joined,
        published_at=_published(chosen, meta, ld, root, title, lines, url, timezone, data.published),
        source=source, authors=authors, editor=editor,
        images=images, language=_language(root, meta, joined))
