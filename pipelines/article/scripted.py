"""Articles a page carries as data: the story inside a JSON object in an inline ``<script>``.

App share pages and client-rendered portals serve an HTML stub (headline, date, "open the app to
read on") and put the article into the page's state object (``window.__DATA__ = {…}``), where the
browser's script renders it. The object is recognised without knowing the app: it has a string
field that names the page's headline, and beside it (or one or two levels under it) a long text or
HTML field that reads as prose. Fields next to the headline that are named like a date, an author,
an editor or a source fill those fields when the page itself does not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from . import dates
from .dom import clean_space, iter_lines
from .title import same_story

_MIN_SCRIPT = 200  # shorter inline scripts hold switches and counters, not articles
_MAX_ATTEMPTS = 40  # JSON starts tried per script: state objects come first, the rest is code
_MIN_BODY = 80  # characters of prose a body field needs
# where a JSON value can start in JavaScript: an assignment, a call, or the script's start
_JSON_START = re.compile(r"(?:^|[=(]\s*)\{|^\[|JSON\.parse\(\s*\"")
_MARKUP = re.compile(r"<(?:p|br|div|section|span|h[1-6]|img|strong|table)\b", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[，。！？；、,.!?;]")
# field names, lower-cased with _ and - removed
_DATE_KEY = re.compile(r"^(?:publish|pub|release|post|create|issue)\w*(?:time|date|at|stamp)$|^(?:date|time|ctime|ptime)$")
_AUTHOR_KEYS = frozenset({"author", "authors", "authorname", "writer", "reporter", "reporters", "byline"})
_EDITOR_KEYS = frozenset({"editor", "editorname", "chargeeditor", "responsibleeditor", "dutyeditor"})
_SOURCE_KEYS = frozenset({"source", "sourcename", "origin", "copyfrom", "media", "medianame"})


@dataclass
class ScriptedArticle:
    """The article found in a script's data: its body as HTML, and the fields beside it."""

    body_html: str
    body_chars: int
    published: dates.DateCandidate | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    source: str | None = None


def _json_values(script: str) -> list[Any]:
    """The JSON objects a script assigns or passes (``x = {…}``, ``f({…})``)."""
    decoder = json.JSONDecoder()
    found: list[Any] = []
    end = 0
    for attempt, match in enumerate(_JSON_START.finditer(script)):
        if attempt >= _MAX_ATTEMPTS:
            break
        start = match.end() - 1
        if start < end:
            continue
        try:
            value, end = decoder.raw_decode(script, start)
            if isinstance(value, str):  # JSON.parse("{…}"): the object is inside a string literal
                value = json.loads(value)
        except ValueError:
            continue
        found.append(value)
    return found


def _prose_chars(text: str) -> int:
    """Non-space characters of a text that reads as prose, else 0."""
    compact = re.sub(r"\s", "", text)
    if len(compact) < _MIN_BODY or len(_PUNCTUATION.findall(text)) < 3:
        return 0
    return len(compact)


def _as_html(value: str) -> str:
    """A body field as HTML: markup as it is, plain text one paragraph a line."""
    if _MARKUP.search(value):
        return value
    return "".join(f"<p>{escape(line.strip())}</p>" for line in value.splitlines() if line.strip())


def _text_of(html: str) -> str:
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return "\n".join(line.text for line in iter_lines(fragment))


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [n for n in re.split(r"[、，,;；/\s]+", value.strip()) if n]
    if isinstance(value, dict):
        return _names(value.get("name") or value.get("nickname") or "")
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _moment(value: Any, tz: str) -> dates.DateCandidate | None:
    """A date field: a date string, or a Unix time in seconds or milliseconds."""
    if isinstance(value, str):
        return dates.date_candidate(value, tz, compact=True)
    if isinstance(value, int) and not isinstance(value, bool) and 10**9 <= value < 10**13:
        seconds = value / 1000 if value >= 10**11 else value
        return dates.DateCandidate(datetime.fromtimestamp(seconds, ZoneInfo(tz)), True)
    return None


def _fill(article: ScriptedArticle, obj: dict[str, Any], tz: str) -> None:
    """Fields named like a date, author, editor or source, where not yet found."""
    for key, value in obj.items():
        name = str(key).lower().replace("_", "").replace("-", "")
        if article.published is None and _DATE_KEY.match(name):
            article.published = _moment(value, tz)
        elif not article.authors and name in _AUTHOR_KEYS:
            article.authors = _names(value)
        elif article.editor is None and name in _EDITOR_KEYS and isinstance(value, str) and value.strip():
            article.editor = clean_space(value)
        elif article.source is None and name in _SOURCE_KEYS and isinstance(value, str) and value.strip():
            article.source = clean_space(value)


def _has_title(obj: dict[str, Any], title: str) -> bool:
    # the whole headline, give or take a decoration: a section name inside it is no headline
    return any(isinstance(v, str) and len(title) * 0.6 <= len(v) <= 120 and same_story(clean_space(v), title)
               for v in obj.values())


def _best_body(obj: Any, depth: int = 0) -> tuple[int, str]:
    """(prose characters, HTML) of the longest prose field in ``obj`` and two levels under it."""
    best = (0, "")
    children = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else []
    for value in children:
        if isinstance(value, str) and len(value) >= _MIN_BODY:
            html = _as_html(value)
            chars = _prose_chars(_text_of(html))
            if chars > best[0]:
                best = (chars, html)
        elif isinstance(value, dict | list) and depth < 2:
            found = _best_body(value, depth + 1)
            if found[0] > best[0]:
                best = found
    return best


def _titled_objects(value: Any, title: str) -> list[dict[str, Any]]:
    """Objects anywhere in ``value`` that hold the headline as one of their fields."""
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if _has_title(item, title):
                found.append(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return found


def find_scripted_article(root: etree._Element, title: str, tz: str = "Asia/Shanghai") -> ScriptedArticle | None:
    """The article in the page's script data whose headline is ``title``, or None."""
    if not title:
        return None
    best: ScriptedArticle | None = None
    for script in root.iter("script"):
        if script.get("src"):
            continue
        text = script.text or ""
        if len(text) < _MIN_SCRIPT or "{" not in text:
            continue
        for value in _json_values(text.strip()):
            for obj in _titled_objects(value, title):
                chars, html = _best_body(obj)
                if chars and (best is None or chars > best.body_chars):
                    best = ScriptedArticle(html, chars)
                    _fill(best, obj, tz)
    return best


def body_element(article: ScriptedArticle) -> etree._Element | None:
    """The scripted body as an element, for the same line rules as a body found in the page."""
    try:
        return lxml.html.fragment_fromstring(article.body_html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
