"""URL shapes: links generalized into the regular expressions a site file holds.

A URL's path is cut into segments and each segment into tokens: runs of digits, runs of letters,
other characters. Its *tail* starts at the first segment with a digit in it (the last segment if
none has one), so ``/xwzx/bdxw/202405/t20240517_1234.shtml`` has the tail
``202405/t20240517_1234.shtml``: the directories before it are section names, which vary from
one article to the next while the tail keeps its form. URLs whose tails have the same tokens
(digit runs counted as one token, whatever their value) share a *shape*; a shape becomes a
pattern (RE2 syntax, searched, as site files use them):

    /\\d{6}/t\\d{8}_\\d+\\.shtml$          TRS-style county portals
    /\\d{4}-\\d{2}/\\d{2}/content_\\d+\\.htm$  dated content pages
    /show\\.php\\?id=\\d+$                 articles by query id

Digit runs that read as a year, a month, a day or a compact date keep their width (``\\d{4}``,
``\\d{1,2}``, ``\\d{8}``), as do zero-padded ones; ids become ``\\d+``. Directories shared by
every URL of a shape right before its tail are kept literally (``/news/\\d{6}/…``). A *scope*
(the path of a sub-site on a shared host, ``/yunxi/``) anchors the pattern to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

_TOKEN = re.compile(r"\d+|[A-Za-z]+|[^A-Za-z\d]+")
_HEXISH = re.compile(r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12,}")
_MIXED_ID = re.compile(r"(?=\w*[A-Za-z])(?=\w*\d)[0-9A-Za-z]{10,}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}")
DIGITS = "#"  # a digit run, whatever its value
ALNUM_ID = "@id"  # a hash-like or base-62 id
SLUG = "@slug"  # words joined by hyphens
_MARKER_REGEX = {ALNUM_ID: "[0-9A-Za-z]+", SLUG: "[0-9A-Za-z-]+"}
_REGEX_SPECIALS = set(".^$*+?{}[]\\|()")
INDEX_FILES = ("index", "default", "main")

Segment = tuple[str, ...]


@dataclass(frozen=True)
class UrlShape:
    """One URL cut into what varies (digit values) and what does not (its shape)."""

    url: str
    dirs: tuple[str, ...]  # the literal directory segments before the tail
    tail: tuple[Segment, ...]  # tokens of each tail segment; digit runs are DIGITS
    query: tuple[tuple[str, Segment], ...]  # (name, tokens of the value) of each query pair
    digits: tuple[str, ...]  # the digit runs of tail and query, in order
    dated: tuple[bool, ...]  # per digit run: may it be a date part (a segment of digits only)?

    @property
    def key(self) -> tuple[tuple[Segment, ...], tuple[tuple[str, Segment], ...]]:
        """What URLs of one shape share."""
        return self.tail, self.query

    @property
    def has_digits(self) -> bool:
        return bool(self.digits) or any(ALNUM_ID in seg or SLUG in seg for seg in self.tail)

    @property
    def full_dirs(self) -> tuple[str, ...]:
        """Every directory of the path: ``dirs`` and the tail's own (all but its last segment)."""
        return self.dirs + tuple("".join(seg) for seg in self.tail[:-1])


def _tokens(text: str, digits: list[tuple[str, bool]], dated: bool = False) -> Segment:
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            digits.append((token, dated))
            out.append(DIGITS)
        else:
            out.append(token)
    return tuple(out)


def _segment(text: str, digits: list[tuple[str, bool]], last: bool) -> Segment:
    stem, dot, ext = text.rpartition(".") if last and "." in text else (text, "", "")
    dated = not any(c.isalpha() for c in stem)
    if _HEXISH.fullmatch(stem.lower()) or _MIXED_ID.fullmatch(stem) and _alternations(stem) >= 4:
        return (ALNUM_ID, *((dot + ext,) if dot else ()))
    if _SLUG.fullmatch(stem) and len(stem) >= 16:
        return (SLUG, *((dot + ext,) if dot else ()))
    return _tokens(text, digits, dated)


def _alternations(text: str) -> int:
    return sum(1 for a, b in zip(text, text[1:], strict=False) if a.isdigit() != b.isdigit())


def shape_of(url: str) -> UrlShape | None:
    """The shape of an http(s) URL, or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    segments = (parts.path or "/").split("/")[1:]
    digits: list[tuple[str, bool]] = []
    start = next((i for i, seg in enumerate(segments) if any(c.isdigit() for c in seg)), len(segments) - 1)
    dirs = tuple(segments[:start])
    tail = tuple(_segment(seg, digits, i == len(segments) - 1) for i, seg in enumerate(segments) if i >= start)
    query = tuple((name, _tokens(value, digits)) for name, value in parse_qsl(parts.query, keep_blank_values=True))
    return UrlShape(url=url, dirs=dirs, tail=tail, query=query, digits=tuple(d for d, _ in digits),
                    dated=tuple(k for _, k in digits))


def group_by_shape(urls: Iterable[str]) -> dict[tuple[object, ...], list[UrlShape]]:
    """URLs of one shape together (first-seen order kept, each URL once)."""
    groups: dict[tuple[object, ...], list[UrlShape]] = defaultdict(list)
    seen: set[str] = set()
    for url in urls:
        shape = shape_of(url)
        if shape is None or url in seen:
            continue
        seen.add(url)
        groups[shape.key].append(shape)
    return dict(groups)


def loose_groups(urls: Iterable[str]) -> list[list[UrlShape]]:
    """URLs grouped by shape, where the words of the last segment's name may differ: the pages
    of ``/channel/local.html?page=2`` and ``/channel/society.html?page=2`` are one family."""
    groups: dict[object, list[UrlShape]] = defaultdict(list)
    for shapes in group_by_shape(urls).values():
        tail = shapes[0].tail
        last = tuple(t if t == DIGITS or not t.isalpha() or i == len(tail[-1]) - 1 else "@word"
                     for i, t in enumerate(tail[-1]))
        groups[(tail[:-1] + (last,), shapes[0].query)] += shapes
    return list(groups.values())


def _plausible_date(values: Sequence[str]) -> bool:
    for value in values:
        number = int(value)
        n = len(value)
        if n == 4 and not 1990 <= number <= 2099:
            return False
        if n == 6 and not (1990 <= number // 100 <= 2099 and 1 <= number % 100 <= 12):
            return False
        if n == 8 and not (1990 <= number // 10000 <= 2099 and 1 <= number // 100 % 100 <= 12
                           and 1 <= number % 100 <= 31):
            return False
        if n <= 2 and not 0 <= number <= 31:
            return False
        if n not in (1, 2, 4, 6, 8):
            return False
    return True


def digit_regex(values: Sequence[str], dated: bool = True, padded: bool = True) -> str:
    """The regex of one digit position, from the values seen there. ``dated``: the run is a
    segment of digits (and separators) only, where short runs may be years, months and days;
    elsewhere only compact dates (``t20240517_``) keep their width. ``padded``: the URLs write
    months and days with two digits (a ``09`` seen); else ``11`` may be ``7`` next time. Ids are ``\\d+``, however
    they are padded today: tomorrow's may be longer."""
    lengths = {len(v) for v in values}
    if not _plausible_date(values):
        return r"\d+"
    if dated and lengths <= {1, 2}:
        return r"\d{2}" if padded and lengths == {2} else r"\d{1,2}"
    if len(lengths) == 1 and (dated or lengths <= {6, 8}):
        return rf"\d{{{lengths.pop()}}}"
    return r"\d+"


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_SPECIALS else ch for ch in text)


def _segment_regex(segments: Sequence[Segment], widths: Iterator[str]) -> str:
    """The regex of one segment position of several URLs: tokens they share literally, a word
    where their words differ (loose groups only), digits by ``widths``."""
    out = []
    for tokens in zip(*segments, strict=True):
        token = tokens[0]
        if token == DIGITS:
            out.append(next(widths))
        elif token in _MARKER_REGEX:
            out.append(_MARKER_REGEX[token])
        elif len(set(tokens)) > 1:
            out.append("[A-Za-z]+")
        else:
            out.append(_escape(token))
    return "".join(out)


def _common_suffix(lists: Sequence[Sequence[str]]) -> list[str]:
    if not lists:
        return []
    out: list[str] = []
    for items in zip(*(reversed(x) for x in lists), strict=False):
        if len(set(items)) != 1:
            break
        out.append(items[0])
    return out[::-1]


def scope_dirs(scope: str) -> tuple[str, ...]:
    """The directories of a scope path: ``/yunxi/`` -> ("yunxi",); ``/`` -> ()."""
    return tuple(d for d in scope.split("/") if d)


def scope_of(url: str) -> str:
    """The sub-site path a home page URL names: ``/yunxi/`` for ``…/yunxi/`` or
    ``…/yunxi/index.html``; ``/`` for a host's root."""
    path = urlsplit(url).path or "/"
    if path.endswith("/"):
        return path
    directory, _, last = path.rpartition("/")
    if last.split(".", 1)[0].lower() in INDEX_FILES:
        return directory + "/"
    return "/"


def in_scope(url: str, scope: str) -> bool:
    path = urlsplit(url).path or "/"
    dirs = scope_dirs(scope)
    return not dirs or path.startswith("/" + "/".join(dirs) + "/") or path == "/" + "/".join(dirs)


def pattern_for(shapes: Sequence[UrlShape], scope: str = "/", *, anchored_dirs: bool = False,
                dates: bool = True) -> str:
    """The pattern of URLs of one shape (or of one loose group: see :func:`loose_groups`).

    ``scope``: the sub-site path every URL is under; the pattern is anchored to it.
    ``anchored_dirs``: keep every directory (all URLs must share them): a narrower pattern, for
    a shape whose URLs are articles in some sections and not in others.
    ``dates``: digit runs may be dates (article URLs); False for page numbers, always ``\\d+``.
    """
    first = shapes[0]
    columns = list(zip(*(s.digits for s in shapes), strict=True))
    padded = any(len(v) == 2 and v.startswith("0") for s in shapes for v, d in zip(s.digits, s.dated, strict=True) if d)
    widths = iter([digit_regex(col, dated, padded) if dates else r"\d+"
                   for col, dated in zip(columns, first.dated, strict=True)])
    tail = "/".join(_segment_regex(segs, widths) for segs in zip(*(s.tail for s in shapes), strict=True))
    query = "&".join(f"{_escape(name)}={_segment_regex([s.query[i][1] for s in shapes], widths)}"
                     for i, (name, _) in enumerate(first.query))
    end = tail + (r"\?" + query if first.query else "") + "$"
    outer = scope_dirs(scope)
    inner = [s.dirs[len(outer):] for s in shapes]
    if anchored_dirs:
        dirs = list(inner[0])
        root = "^https?://[^/]+/" + "".join(_escape(d) + "/" for d in (*outer, *dirs))
        return root + end
    common = _common_suffix(inner)
    middle = "".join(_escape(d) + "/" for d in common)
    if not outer:
        return "/" + middle + end
    deeper = any(len(dirs) > len(common) for dirs in inner)
    return ("^https?://[^/]+/" + "".join(_escape(d) + "/" for d in outer)
            + ("(?:[^?#]*/)?" if deeper else "") + middle + end)


def learn_patterns(positives: Iterable[str], negatives: Iterable[str] = (), scope: str = "/") -> list[str]:
    """Patterns covering every positive URL and no negative one (where the shapes allow it).

    One pattern per shape; a shape that also holds negatives is split by its directories, and a
    directory that holds both keeps no pattern.
    """
    negative_shapes = [s for s in (shape_of(u) for u in negatives) if s is not None]
    patterns: list[str] = []
    for shapes in group_by_shape(positives).values():
        for pattern in _patterns_of_group(shapes, negative_shapes, scope):
            if pattern not in patterns:
                patterns.append(pattern)
    return patterns


def _patterns_of_group(shapes: list[UrlShape], negatives: list[UrlShape], scope: str) -> list[str]:
    pattern = pattern_for(shapes, scope)
    if not any(matches(pattern, n.url) for n in negatives):
        return [pattern]
    by_dirs: dict[tuple[str, ...], list[UrlShape]] = defaultdict(list)
    for shape in shapes:
        by_dirs[shape.dirs].append(shape)
    out = []
    for group in by_dirs.values():
        narrow = pattern_for(group, scope, anchored_dirs=True)
        if not any(matches(narrow, n.url) for n in negatives):
            out.append(narrow)
    return out


def matches(pattern: str, url: str) -> bool:
    """``pattern`` searched in ``url`` (RE2 as the crawl does; the patterns here are plain)."""
    return re.search(pattern, url) is not None
