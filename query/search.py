"""Evaluating a :class:`~query.filters.Selection` over the index's segments.

Per segment, the query is the AND of posting masks (words, source, author), the OR of the site
masks, a date-range mask over the segment's date keys, minus replaced versions. Then

- by date: segments are visited newest first and a hit is final as soon as no later segment can
  hold a newer one, so "the newest 20" reads one or two segments, not a million matches;
- by relevance: the newest RELEVANCE_WINDOW matches are scored at once with numpy (BM25 with
  presence instead of term counts — the index keeps no positions — plus a bonus for words in
  the title), so ranking costs the same at a million articles as at ten thousand.

Words of three or more characters are the AND of their bigrams; a candidate is confirmed against
its stored text only when it is about to be returned, so few texts are ever read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from query.filters import Selection
from query.postings import Mask, bucket_of, count, decode, lookup
from query.segment import NO_DATE, unpack_text
from query.terms import TITLE, QueryWord, facet_term, query_words

I64 = npt.NDArray[np.int64]
TITLE_WEIGHT, K1, B = 3.0, 1.2, 0.75
# Relevance ranks the newest matches only, so its cost does not grow with the archive: a word
# found in half a million articles is ranked among its 5,000 most recent ones.
RELEVANCE_WINDOW = 5000
_DOC_BITS = 28  # a date-ordered candidate is (key + 1) << 28 | docno
_DOCS = (1 << _DOC_BITS) - 1


class SegmentInfo(NamedTuple):
    seg: int
    first: int
    size: int
    oldest: int
    newest: int
    buckets: int


@dataclass(frozen=True)
class Hit:
    docno: int
    score: float | None


@dataclass
class Matcher:
    """One selection's masks over one segment at a time."""

    db: sqlite3.Connection
    sel: Selection
    restrict: I64 | None = None  # only these docnos (e.g. the members of a cluster)
    words: list[QueryWord] = field(init=False)
    required: list[int] = field(init=False)
    any_site: list[int] = field(init=False)
    retired: I64 = field(init=False)
    seen: dict[int, dict[int, bytes]] = field(init=False, default_factory=dict)  # blobs read, per segment

    def __post_init__(self) -> None:
        sel = self.sel
        self.words = query_words(sel.query) if sel.query.strip() else []
        self.required = [t for w in self.words for t in w.terms]
        self.required += [facet_term("source", sel.source)] if sel.source else []
        self.required += [facet_term("author", sel.author)] if sel.author else []
        self.any_site = [facet_term("site", s) for s in sel.sites]
        self.retired = _ints(self.db, "SELECT docno FROM retired")
        self.lo, self.hi = sel.key_range()

    @property
    def impossible(self) -> bool:
        """A query of punctuation only matches nothing (rather than everything)."""
        return bool(self.sel.query.strip()) and not self.words

    @property
    def verify(self) -> list[QueryWord]:
        return [w for w in self.words if w.verify]

    @property
    def _sizes(self) -> dict[int, int]:
        return {s.seg: s.size for s in self.segments()}

    def segments(self) -> list[SegmentInfo]:
        """The segments that can hold a match, newest first."""
        column = "published" if self.sel.date_field == "published" else "fetched"
        found = [SegmentInfo(*row) for row in self.db.execute(
            f"SELECT seg, first, size, coalesce({column}_min, {NO_DATE}), coalesce({column}_max, {NO_DATE}), "
            f"buckets FROM segments ORDER BY {column}_max DESC, first DESC")]
        if self.lo is not None:
            found = [s for s in found if s.newest >= self.lo]
        if self.hi is not None:
            found = [s for s in found if s.oldest < self.hi]
        return found

    def keys(self, seg: SegmentInfo) -> I64:
        column = "published" if self.sel.date_field == "published" else "fetched"
        (blob,) = self.db.execute(f"SELECT {column} FROM segments WHERE seg = ?", (seg.seg,)).fetchone()
        return np.frombuffer(blob, dtype=np.int64)

    def lengths(self, seg: SegmentInfo) -> npt.NDArray[np.int32]:
        (blob,) = self.db.execute("SELECT lengths FROM segments WHERE seg = ?", (seg.seg,)).fetchone()
        return np.frombuffer(blob, dtype=np.int32)

    def blobs(self, seg: SegmentInfo, terms: list[int]) -> dict[int, bytes]:
        """The posting lists of ``terms`` in ``seg`` (terms it does not hold are left out)."""
        if not terms:
            return {}
        wanted = {bucket_of(t, seg.buckets) for t in terms}
        marks = ",".join("?" * len(wanted))
        buckets = dict(self.db.execute(f"SELECT bucket, docs FROM postings WHERE seg = ? AND bucket IN ({marks})",
                                       [seg.seg, *wanted]))
        found = {}
        for term in terms:
            bucket = buckets.get(bucket_of(term, seg.buckets))
            blob = lookup(bucket, term) if bucket is not None else None
            if blob is not None:
                found[term] = blob
        return found

    def mask(self, seg: SegmentInfo) -> Mask | None:
        """The documents of ``seg`` that match, or None when none can."""
        blobs = self.blobs(seg, [*self.required, *self.any_site])
        self.seen[seg.seg] = blobs
        if any(t not in blobs for t in self.required):
            return None
        mask = np.ones(seg.size, dtype=bool)
        for term in sorted(set(self.required), key=lambda t: len(blobs[t])):
            mask &= decode(blobs[term], seg.size)
        if self.any_site:
            sites = [decode(blobs[t], seg.size) for t in self.any_site if t in blobs]
            if not sites:
                return None
            mask &= np.logical_or.reduce(sites)
        if self.lo is not None or self.hi is not None:
            keys = self.keys(seg)
            mask &= keys != NO_DATE
            if self.lo is not None:
                mask &= keys >= self.lo
            if self.hi is not None:
                mask &= keys < self.hi
        if self.restrict is not None:
            mask &= _local_mask(self.restrict, seg)
        if self.retired.size:
            mask &= ~_local_mask(self.retired, seg)
        return mask

    def title_masks(self, seg: SegmentInfo) -> list[Mask]:
        """Per query word: the documents of ``seg`` with the word in their title."""
        blobs = self.blobs(seg, [t | TITLE for w in self.words for t in w.terms])
        out = []
        for word in self.words:
            mask = np.ones(seg.size, dtype=bool)
            for term in word.terms:
                blob = blobs.get(term | TITLE)
                mask = mask & decode(blob, seg.size) if blob else np.zeros(seg.size, dtype=bool)
            out.append(mask)
        return out

    def frequency(self, word: QueryWord) -> int:
        """About how many documents of the segments read so far hold ``word`` (its rarest term)."""
        sizes = {s: n for s, n in self._sizes.items() if s in self.seen}
        return sum(min((count(self.seen[s].get(t, b"\x00"), n) for t in word.terms), default=0)
                   for s, n in sizes.items())

    def confirmed(self, docno: int) -> bool:
        """Whether every long word really occurs in the document (not just its bigrams)."""
        row = self.db.execute("SELECT body FROM texts WHERE docno = ?", (docno,)).fetchone()
        if row is None:
            return False
        text = unpack_text(row[0]).lower()
        return all(w.text in text for w in self.verify)


def _ints(db: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> I64:
    return np.array([r[0] for r in db.execute(sql, params)], dtype=np.int64)


def _local_mask(docnos: I64, seg: SegmentInfo) -> Mask:
    mask = np.zeros(seg.size, dtype=bool)
    inside = docnos[(docnos >= seg.first) & (docnos < seg.first + seg.size)]
    mask[inside - seg.first] = True
    return mask


def select(db: sqlite3.Connection, sel: Selection, restrict: I64 | None = None) -> list[Hit]:
    """The page of hits ``sel`` asks for, in its order (every hit when its limit is None)."""
    matcher = Matcher(db, sel, restrict)
    if matcher.impossible:
        return []
    need = None if sel.limit is None else sel.offset + sel.limit
    if sel.sort == "relevance" and matcher.words:
        hits = _by_relevance(matcher, need)
    else:
        hits = [Hit(d, None) for d in _by_date(matcher, need)]
    return hits[sel.offset:need]


def count_matches(db: sqlite3.Connection, sel: Selection, restrict: I64 | None = None) -> tuple[int, bool]:
    """How many documents ``sel`` selects (its limit and order aside), and whether that is exact.

    The posting masks are counted, segment by segment, and no text is read: words of three or
    more characters count as the AND of their bigrams, so with one of them the figure is an
    upper bound (``exact`` False) rather than a count of confirmed hits.
    """
    matcher = Matcher(db, sel, restrict)
    if matcher.impossible:
        return 0, True
    total = 0
    for seg in matcher.segments():
        mask = matcher.mask(seg)
        if mask is not None:
            total += int(np.count_nonzero(mask))
    return total, not matcher.verify


def _by_date(matcher: Matcher, need: int | None, *, confirm: bool = True) -> list[int]:
    segments = matcher.segments()
    verify = confirm and bool(matcher.verify)
    accepted: list[int] = []
    pool = np.zeros(0, dtype=np.int64)
    for i, seg in enumerate(segments):
        mask = matcher.mask(seg)
        if mask is not None:
            local = np.flatnonzero(mask)
            found = ((matcher.keys(seg)[local] + 1) << _DOC_BITS) | (seg.first + local)
            if need is not None and not verify and found.size > need:
                found = np.partition(found, found.size - need)[-need:]
            pool = np.concatenate((pool, found))
        # Nothing in a later segment is newer than this, so whatever is newer is final.
        bound = ((segments[i + 1].newest + 1) << _DOC_BITS) | _DOCS if i + 1 < len(segments) else -1
        ready = np.sort(pool[pool > bound])[::-1] & _DOCS
        pool = pool[pool <= bound]
        if not verify:
            accepted += ready[:None if need is None else need - len(accepted)].tolist()
        else:
            accepted += _confirmed(matcher, ready, None if need is None else need - len(accepted))
        if need is not None and len(accepted) >= need:
            break
    return accepted


def _confirmed(matcher: Matcher, docnos: I64, wanted: int | None) -> list[int]:
    """The first ``wanted`` of ``docnos`` that really hold every long word."""
    out: list[int] = []
    for docno in docnos.tolist():
        if matcher.confirmed(docno):
            out.append(docno)
            if wanted is not None and len(out) >= wanted:
                break
    return out


def _by_relevance(matcher: Matcher, need: int | None) -> list[Hit]:
    """The newest RELEVANCE_WINDOW matches (unconfirmed), ranked; confirmed in rank order."""
    window = np.array(_by_date(matcher, RELEVANCE_WINDOW, confirm=False), dtype=np.int64)
    if window.size == 0:
        return []
    segments = sorted(matcher.segments(), key=lambda s: s.first)
    starts = np.array([s.first for s in segments], dtype=np.int64)
    owner = np.searchsorted(starts, window, side="right") - 1
    lengths = np.zeros(window.size, dtype=np.float64)
    in_title = np.zeros((len(matcher.words), window.size), dtype=np.float64)
    for index in np.unique(owner).tolist():
        seg, mine = segments[index], np.flatnonzero(owner == index)
        local = window[mine] - seg.first
        lengths[mine] = matcher.lengths(seg)[local]
        for w, mask in enumerate(matcher.title_masks(seg)):
            in_title[w, mine] = mask[local]
    read = [s for s in segments if s.seg in matcher.seen]
    total_docs = sum(s.size for s in read)
    average = sum(float(matcher.lengths(s).mean()) * s.size for s in read) / max(total_docs, 1)
    frequency = np.array([matcher.frequency(w) for w in matcher.words], dtype=np.float64)
    idf = np.log(1 + (total_docs - frequency + 0.5) / (frequency + 0.5))
    presence = (K1 + 1) / (1 + K1 * (1 - B + B * lengths / max(average, 1.0)))
    score = (idf[:, None] * (presence[None, :] + TITLE_WEIGHT * in_title)).sum(axis=0)
    hits: list[Hit] = []
    for position in np.lexsort((-window, -score)).tolist():
        docno = int(window[position])
        if not matcher.verify or matcher.confirmed(docno):
            hits.append(Hit(docno, round(float(score[position]), 4)))
            if need is not None and len(hits) >= need:
                break
    return hits
