"""Publication dates: parsing the formats Chinese portals print, and finding them on a page.

Everything is returned as ISO 8601 with an offset. A date without an offset is read in the
site's timezone; a date with one is converted to it, so the same instant always prints the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from lxml import etree

from .dom import text_content

_DATE = (r"(?P<y>(?:19|20)\d\d)\s*(?:[-/.]|年)\s*(?P<m>[01]?\d)\s*(?:[-/.]|月)\s*(?P<d>[0-3]?\d)"
         r"(?!\d)\s*日?")
# A clock time after the date: a space, a T, or a dash before a clock (the 开普云 meta
# ``2024-08-08-11:09:12``); an offset only after a clock, so a dash is never read as one
_OFFSET = r"(?:\s*(?P<z>Z|[+-][01]\d:?[0-5]\d))?"
_TIME = (r"(?:\s*(?:T|\s|-(?=[0-2]?\d:))?\s*(?P<H>[0-2]?\d)\s*(?::|：|时|時)\s*(?P<M>[0-5]?\d)(?!\d)"
         r"(?:\s*(?::|：|分)\s*(?P<S>[0-5]\d)(?:\.\d+)?)?\s*秒?" + _OFFSET + ")?")
DATE_TIME = re.compile(_DATE + _TIME)
# Bilingual and English pages: "Mar 5, 2024 10:21", "March 5, 2024" (the clock may follow a comma)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ENGLISH_DATE = re.compile(r"\b(?P<mon>" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
                           r"(?P<y>(?:19|20)\d\d)(?:,?(?=\s))?" + _TIME, re.IGNORECASE)
# A date without its year beside a clock ("11-25 07:55", "3月5日 10:21"): app pages print the year nowhere
_YEARLESS = re.compile(r"(?<![\d年/.-])(?P<m>[01]?\d)\s*(?:[-/]|月)\s*(?P<d>[0-3]?\d)(?!\d)\s*日?\s*"
                       r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?!\d)")
# A date whose year sits in its own element ("<span>2024</span><span>01/23</span> 16:09:31"): only
# with a time of day, which tells it from a year followed by a count
_SPLIT_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?P<m>[01]?\d)\s*[-/.]\s*(?P<d>[0-3]?\d)(?!\d)"
                         r"\s+(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?!\d)")
# Relative times ("3 天前", "昨天 10:20"), which a page can only be read against a clock
_RELATIVE = re.compile(r"^(?:\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|个月|個月)\s*前|刚刚|剛剛|半小时前|半小時前|"
                       r"(?:今天|昨天|前天)(?:\s*[0-2]?\d:[0-5]\d)?)$")
# Compact forms only where nothing else can be meant: 20230303 or 2023030309:15 style stamps.
_COMPACT = re.compile(r"(?<!\d)(?P<y>20\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
# Date-bearing URL paths: /2023-03/03/, /202303/03/, /2023/0303/, t20230303_, /20230303/.
_URL_DATES = (
    re.compile(r"/(?P<y>20\d\d)-?(?P<m>[01]\d)/(?P<d>[0-3]\d)/"),
    re.compile(r"/(?P<y>20\d\d)/(?P<m>[01]\d)(?P<d>[0-3]\d)/"),
    re.compile(r"/(?P<y>20\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/"),
    re.compile(r"/(?P<y>20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)/"),
    re.compile(r"[/_t](?P<y>20\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[_/.]|\d{2,}[_.])"),
)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def _build(groups: dict[str, str | None], tz: str) -> datetime | None:
    try:
        moment = datetime(int(groups["y"] or 0), int(groups["m"] or 0), int(groups["d"] or 0),
                          int(groups.get("H") or 0), int(groups.get("M") or 0), int(groups.get("S") or 0))
    except ValueError:
        return None
    site = _zone(tz)
    offset = groups.get("z")
    if offset:
        if offset == "Z":
            aware = moment.replace(tzinfo=UTC)
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            aware = moment.replace(tzinfo=timezone(sign * delta))
        return aware.astimezone(site)
    return moment.replace(tzinfo=site)


# The characters an English month name can begin with, case-blind (which matches the long s
# too): a text without them holds no English date, and its search (case-blind, so re tries every
# position) is saved
_MONTH_INITIALS = re.compile("[JjFfMmAaSsſOoNnDd]")


def _date_groups(text: str, anchored: bool = False) -> dict[str, str | None] | None:
    """The fields of the first date in ``text`` (numeric, else English), or of the one it opens with."""
    for pattern in (DATE_TIME, _ENGLISH_DATE):
        if pattern is _ENGLISH_DATE and not _MONTH_INITIALS.search(text):
            break
        match = pattern.match(text) if anchored else pattern.search(text)
        if match:
            groups = match.groupdict()
            if groups.get("mon"):
                groups["m"] = str(_MONTHS.index(str(groups["mon"]).lower()[:3]) + 1)
            return groups
    return None


def parse_date(text: str, tz: str = "Asia/Shanghai") -> datetime | None:
    """The first date (with its time, if given) in ``text``."""
    groups = _date_groups(text)
    if groups:
        return _build(groups, tz)
    match = _COMPACT.search(text)
    if match:
        return _build(match.groupdict(), tz)
    return None


def has_time(text: str) -> bool:
    match = DATE_TIME.search(text)
    return bool(match and match.group("H"))


def date_from_url(url: str, tz: str = "Asia/Shanghai") -> datetime | None:
    """A date encoded in the URL path, e.g. ``/2023-03/03/`` or ``t20230303_``."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            found = _build(match.groupdict(), tz)
            if found is not None:
                return found
    return None


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


# A date label and what follows it: 发布时间：, 发表于, 日期：, 时间：…
_LABEL = re.compile(r"(?:发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|发表时间|發表時間|发表于|發表於|发布于|發布於|"
                    r"更新时间|更新時間|时间|時間|日期|发布|發布|publish(?:ed)?)\s*[:：]?\s*", re.IGNORECASE)


# The characters a date label begins with (its case-blind "publish" matches no other letter): a
# line without them has no label, and the case-blind search, which tries every position, is saved
_LABEL_INITIALS = re.compile("[发發更时時日Pp]")


@dataclass
class DateCandidate:
    moment: datetime
    timed: bool  # whether the source gave a time of day


def date_candidate(text: str | None, tz: str, compact: bool = False) -> DateCandidate | None:
    if not text:
        return None
    groups = _date_groups(text)
    if groups:
        moment = _build(groups, tz)
        return DateCandidate(moment, bool(groups.get("H"))) if moment else None
    if compact:
        moment = parse_date(text, tz)
        return DateCandidate(moment, False) if moment else None
    return None


def labelled_date(line: str, tz: str) -> DateCandidate | None:
    """A date announced by a label in a visible line (``发布时间：2023-03-03 09:15``)."""
    if not _LABEL_INITIALS.search(line):
        return None
    for label in _LABEL.finditer(line):
        found = date_candidate(line[label.end(): label.end() + 40], tz)
        if found and _date_groups(line[label.end(): label.end() + 40], anchored=True):
            return found
    return None


def pick_published(candidates: list[DateCandidate | None]) -> datetime | None:
    """The first candidate, completed with the time of a later one on the same day."""
    found = [c for c in candidates if c is not None]
    if not found:
        return None
    first = found[0]
    if not first.timed:
        for other in found[1:]:
            if other.timed and other.moment.date() == first.moment.date():
                return other.moment
    return first.moment


def yearless_date(line: str, year: int, tz: str) -> DateCandidate | None:
    """A month, day and clock printed without a year, in ``year`` (taken from the page's other
    dates or its URL)."""
    match = _YEARLESS.search(line)
    if not match:
        return None
    moment = _build({**match.groupdict(), "y": str(year)}, tz)
    return DateCandidate(moment, True) if moment else None


def split_date(line: str, tz: str) -> DateCandidate | None:
    """A date printed in pieces, year apart from month/day, with its time of day."""
    match = _SPLIT_DATE.search(line)
    moment = _build(match.groupdict(), tz) if match else None
    return DateCandidate(moment, True) if moment else None


def _titled(root: etree._Element) -> list[etree._Element]:
    """``//*[@title or @datetime]``, by a walk that asks only elements with attributes (cheaper
    than XPath)."""
    return [el for el in root.iter(etree.Element) if (names := el.keys()) and ("title" in names or "datetime" in names)]


def resolve_relative_times(root: etree._Element) -> None:
    """Give relative times ("3 天前") the absolute time their element carries in ``title`` or
    ``datetime`` (forums and feeds print both): a page cannot be read against a clock, and without
    this the first absolute time on the page would be a reply's."""
    for el in _titled(root):
        text = " ".join(text_content(el).split())
        if not text or len(text) > 12 or not _RELATIVE.match(text):
            continue
        for attr in ("title", "datetime"):
            value = str(el.get(attr) or "").strip()
            if DATE_TIME.search(value):
                for child in list(el):
                    el.remove(child)
                el.text = value
                break
