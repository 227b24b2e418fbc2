"""Publication dates: parsing the formats Chinese portals print, and finding them on a page.

Everything is returned as ISO 8601 with an offset. A date without an offset is read in the
site's timezone; a date with one is converted to it, so the same instant always prints the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
# Between date and clock a page may print the weekday (星期二, （周五）) or its zone (HKT, 北京时间);
# before the clock a half of the day (下午2:05), after it am/pm (04:17 pm)
_BETWEEN = (r"(?:[(（]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][)）]?\s*|(?:HKT|CST|BJT|北京时间|北京時間|香港时间|香港時間)"
            r"\s*[:：]?\s*)*")
_HALF_DAY = r"(?P<ap1>上午|下午|中午|晚上|凌晨|早上|傍晚|夜间|夜間|[AaPp][Mm])?\s*"
_TIME = (r"(?:\s*(?:T|\s|-(?=[0-2]?\d:))?\s*" + _BETWEEN + _HALF_DAY +
         r"(?P<H>[0-2]?\d)\s*(?::|：|时|時)\s*(?P<M>[0-5]?\d)(?!\d)"
         r"(?:\s*(?::|：|分)\s*(?P<S>[0-5]\d)(?:\.\d+)?)?\s*秒?(?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
         + _OFFSET + ")?")
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


_AFTERNOON = ("下午", "晚上", "傍晚", "夜间", "夜間")


def _hour_of_day(groups: dict[str, str | None]) -> int:
    """The hour on a 24-hour clock: 下午2:05 and 04:17 pm are afternoon, 12:30 am is past midnight."""
    hour = int(groups.get("H") or 0)
    half = str(groups.get("ap1") or groups.get("ap2") or "").replace(".", "").lower()
    if not half or hour > 12:
        return hour
    if half == "pm" or half in _AFTERNOON or half == "中午" and hour < 11:
        return hour + 12 if hour < 12 else hour
    if half == "am" and hour == 12 or half == "凌晨" and hour == 12:
        return 0
    return hour


def _build(groups: dict[str, str | None], tz: str) -> datetime | None:
    hour = _hour_of_day(groups)
    try:
        moment = datetime(int(groups["y"] or 0), int(groups["m"] or 0), int(groups["d"] or 0),
                          hour, int(groups.get("M") or 0), int(groups.get("S") or 0))
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


# A clock printed before its date ("13:58 2017/10/24")
_CLOCK_BEFORE = re.compile(r"(?<![\d:])" + _HALF_DAY + r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
                           r"(?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?))?\s*[,，]?\s*$")


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
            if not groups.get("H") and not anchored and match.start():
                clock = _CLOCK_BEFORE.search(text, max(0, match.start() - 16), match.start())
                if clock:
                    groups.update(clock.groupdict())
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


# A date label and what follows it: 发布时间：, 发表于, 日期：, 时间：…, by what it announces: the
# publication (rank 0), a date of no stated kind (1), an update (2). A clock's label (香港時間：,
# 北京时间) announces the time the page was served, not the story's.
_PUBLISH_LABELS = (r"发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|发表时间|發表時間|发表日期|發表日期|发表于|發表於|"
                   r"发布于|發布於|發佈於|发稿时间|發稿時間|出版时间|出版時間|刊登时间|刊登時間|刊出日期|首发于|"
                   r"创建时间|創建時間|建立时间|建立時間|上载时间|上載時間|发布|發布|發佈|publish(?:ed)?(?:\s+(?:on|at))?|"
                   r"\bposted(?:\s+(?:on|at))?")
_UPDATE_LABELS = (r"最新更新时间|最新更新時間|最后更新时间|最後更新時間|最后更新|最後更新|更新时间|更新時間|更新日期|更新于|更新於|"
                  r"修改时间|修改時間|更新|\b(?:last\s+)?updated?(?:\s+(?:on|at))?|\bmodified")
_PLAIN_LABELS = r"(?<!香港)(?<!北京)(?<!当前)(?<!當前)(?<!现在)(?<!現在)(?:时间|時間|日期|\bdate|\btime)"
_LABEL = re.compile(r"(?:(?P<publish>" + _PUBLISH_LABELS + r")|(?P<update>" + _UPDATE_LABELS + r")|"
                    + _PLAIN_LABELS + r")\s*[:：]?\s*", re.IGNORECASE)
PUBLISHED, PLAIN, UPDATED = 0, 1, 2


# The characters a date label begins with (case-blind: its English words): a line without them has
# no label, and the case-blind search, which tries every position, is saved
_LABEL_INITIALS = re.compile("[发發更时時日出刊首创創建上最修PpUuMmDdTt]")


@dataclass
class DateCandidate:
    moment: datetime
    timed: bool  # whether the source gave a time of day
    rank: int = PLAIN  # what its label says it is: PUBLISHED, PLAIN or UPDATED


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
    """A date announced by a label in a visible line (``发布时间：2023-03-03 09:15``); of several, the
    publication's before an unlabelled kind's before an update's."""
    if not _LABEL_INITIALS.search(line):
        return None
    best: DateCandidate | None = None
    for label in _LABEL.finditer(line):
        after = line[label.end(): label.end() + 40]
        found = date_candidate(after, tz)
        if found and _date_groups(after, anchored=True):
            found.rank = PUBLISHED if label.group("publish") else UPDATED if label.group("update") else PLAIN
            if best is None or found.rank < best.rank:
                best = found
            if best.rank == PUBLISHED:
                break
    return best


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


# -- choosing the publication time -------------------------------------------------------------------

HEADER_LINES = 6  # lines under a headline where portals print the date
_PRINTED_LINE_CHARS = 60  # a longer line with an unlabelled date is prose, which dates other events
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\\s]")


def date_header(lines: list[str], title: str) -> list[str]:
    """The lines under every occurrence of the headline (pages print it twice, a desktop and a
    mobile header, and only one of them with its date), a date glued to the headline's own line
    first; the top of the page when the headline is not shown."""
    key = _INVISIBLE.sub("", title)
    found: list[str] = []
    if key:
        for index, line in enumerate(lines):
            flat = _INVISIBLE.sub("", line)
            if flat == key or key in flat and len(flat) <= len(key) + 24:
                rest = flat.replace(key, " ").strip()
                found.extend(([rest] if rest else []) + lines[index + 1: index + 1 + HEADER_LINES])
                if len(found) >= 3 * HEADER_LINES:
                    break
    return found or lines[:30]


def printed_date(header: list[str], tz: str) -> DateCandidate | None:
    """The date printed under the headline: of the header's dates, the first labelled as the
    publication's, else the first of no stated kind (in a short line: a long one is prose), else
    an update's."""
    best: DateCandidate | None = None
    for line in header:
        found = labelled_date(line, tz)
        if found is None and len(line) <= _PRINTED_LINE_CHARS:
            found = date_candidate(line, tz)
        if found is not None and (best is None or found.rank < best.rank):
            best = found
            if best.rank == PUBLISHED:
                break
    return best


def _printed_wins(printed: DateCandidate, stated: DateCandidate) -> bool:
    """Whether a time printed under the headline beats the one the page's metadata states: the
    labelling follows the print, and metadata that differs by hours is a UTC time written as
    local, a time zone applied twice, or the record's modification. An update's printed time does
    not beat a stated one, nor does a printed day the stated time lies far from."""
    if not printed.timed or printed.rank == UPDATED:
        return False
    if not stated.timed:
        return abs((printed.moment.date() - stated.moment.date()).days) <= 1
    return abs((printed.moment - stated.moment).total_seconds()) <= 24 * 3600


# Publication times a page's inline script assigns (ejValue['publishDateTime']="2018-06-29 15:23:00",
# var pubDate = "…", "publish_time": "…")
_SCRIPT_DATE = re.compile(r"""(?i)\b\w*(?:publish|pub|release|post)\w*(?:date|time)\w*['"]?\s*\]?\s*[:=]\s*['"]"""
                          r"""(?P<value>[^'"\n]{8,40})['"]""")
_SCRIPT_DATE_CHARS = 200_000  # script text searched per page: the search stays bounded


def script_date(root: etree._Element, tz: str) -> DateCandidate | None:
    """A publication time assigned in an inline script, the first one that parses."""
    seen = 0
    for script in root.iter("script"):
        text = script.text or ""
        if script.get("src") or not text:
            continue
        text = text[: _SCRIPT_DATE_CHARS - seen]
        seen += len(text)
        for match in _SCRIPT_DATE.finditer(text):
            found = date_candidate(match.group("value"), tz)
            if found is not None:
                return found
        if seen >= _SCRIPT_DATE_CHARS:
            break
    return None


_SELF_LINKS = ("canonical", "image_src")
_SELF_METAS = ("og:url", "og:image", "twitter:image")


def self_urls(root: etree._Element) -> list[str]:
    """URLs the page gives for itself and its lead image (canonical, og:url, og:image, image_src),
    whose paths carry the day they were filed under."""
    urls: list[str] = []
    for el in root.iter("link", "meta"):
        if el.tag == "link":
            rel = str(el.get("rel") or "").lower()
            if rel in _SELF_LINKS and el.get("href"):
                urls.append(str(el.get("href")))
        elif str(el.get("property") or el.get("name") or "").lower() in _SELF_METAS and el.get("content"):
            urls.append(str(el.get("content")))
    return urls


def choose_published(stated: list[Callable[[], DateCandidate | None]], header: list[str],
                     later: list[Callable[[], DateCandidate | None]], tz: str) -> datetime | None:
    """The publication time from the page's statements about itself (``stated``: metadata, in
    order of trust), the date printed under its headline (``header``) and, where these give none
    or no time of day, the ``later`` sources (asked in order, only as far as needed): the first
    date found is completed with the time of day of a later one on the same day."""
    known = next((c for c in (source() for source in stated) if c is not None), None)
    printed = printed_date(header, tz)
    if printed is not None and (known is None or _printed_wins(printed, known)):
        first: DateCandidate | None = printed
    else:
        first = known or printed
    if first is not None and first.timed:
        return first.moment
    for source in [lambda: printed, *later]:
        candidate = source()
        if candidate is None:
            continue
        if first is None:
            first = candidate
            if first.timed:
                return first.moment
        elif candidate.timed and candidate.moment.date() == first.moment.date():
            return candidate.moment
    if first is None:
        return None
    # a clock under the headline whose date lacks its year: the year of the page's first date
    year = first.moment.year
    yearless = next((c for c in (yearless_date(line, year, tz) for line in header) if c), None)
    if yearless is not None and yearless.moment.date() == first.moment.date():
        return yearless.moment
    return first.moment


def best_labelled(lines: list[str], tz: str) -> DateCandidate | None:
    """Of the labelled dates in ``lines``, the first of the best kind (publication, then of no
    stated kind, then update): with nothing else printed, an update time is the page's time."""
    best: DateCandidate | None = None
    for line in lines:
        found = labelled_date(line, tz)
        if found is not None and (best is None or found.rank < best.rank):
            best = found
            if best.rank == PUBLISHED:
                break
    return best
