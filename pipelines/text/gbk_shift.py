"""Repair of one-byte-shifted GBK/GB18030 runs, as content farms serve them.

The damage: GBK bytes decoded one byte late. The lead byte of the first character becomes `?`,
each following character is made of the trail byte of one character and the lead byte of the
next (reads as rare, unrelated characters), fullwidth forms come out halfwidth after the farm's
width folding (`！` -> `!`), pairs that land in the user-defined area are dropped, and decoding
re-synchronizes at the next ASCII byte: either the last trail byte is itself ASCII (`區` = 85 5E
leaves `^`) or a dangling byte swallows the ASCII byte after it into a second `?`.

Finding runs is cheap, so clean text costs almost nothing: a run starts at a `?` glued to a
non-ASCII character or a folded mark, or ends at an ASCII character that carries a pinyin note
(`^(qū)`: a note belongs to a Han character, so the character before it was a shifted one; the
note also names that character). Only those few spans get the search (shift_search.py), which
re-aligns the bytes, infers the characters whose bytes were lost or dropped from the surviving
byte and the character model (shift_scoring.py), and the repair is accepted only when it reads
clearly better than the damage. In a paragraph where one run is repaired, the others are taken
on weaker evidence: the paragraph is known to be shifted. A lost character that nothing decides
(two readings nearly as good) becomes the visible gap marker U+FFFD, as does a swallowed ASCII
byte inside a paragraph (at a paragraph's end it was markup).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipelines.text.gbk_bytes import char_bytes
from pipelines.text.pinyin_notes import PINYIN_LETTERS
from pipelines.text.plausibility import CJK_PUNCT, char_model
from pipelines.text.shift_scoring import (
    GAP,
    LOST_BYTE,
    Doc,
    drop_penalty,
    lead_prior,
    reading_cost,
)
from pipelines.text.shift_search import MAX_RUN, Reading, RunSearch, swallow_prior

MIN_GAIN = 4.0  # nats the whole window must gain
GAIN_PER_CHAR = 1.0  # ...and per shifted character
CONFIDENT = 2.0  # an inferred character needs this margin over the runner-up, else it is a gap
CONFIDENT_HAN = 4.5
CONFIDENT_ONE_SIDED = 6.0  # ...and more when only the text before it is known
CONFIDENT_DROPS = 3.0  # the margin of a reading over one with dropped pairs at other places
NOTE_BONUS = 6.0  # the pinyin note after the run is a reading of its last character
RIGHT = 2  # characters after the latest possible end that every reading is judged with

# a lone lead byte: `?` right after a non-ASCII character or a folded fullwidth mark
_LONE_LEAD = re.compile(r"(?:(?<=[^\x00-\x7f])|(?<=[,;:!?)\]]))\?")
# a trail byte shown as ASCII, carrying the pinyin note of the character it belonged to
_NOTE_ON_ASCII = re.compile(rf"(?<=[^\x00-\x7f])[\x40-\x7e](?=[(（][{PINYIN_LETTERS}]{{1,7}}[)）])")


@dataclass
class Repair:
    start: int  # index of the `?` that stands for the lost lead byte
    end: int  # index after the run
    text: str  # what replaces text[start:end]
    gain: float  # nats, for ranking overlapping repairs
    inferred: int = 0  # characters of `text` that no surviving byte pair names, inferred


@dataclass
class _Scored:
    reading: Reading
    shown: list[str]  # the run's characters, with the gap for a swallowed byte
    plain: float  # cost under the character model alone: decides acceptance
    rank: float  # with the text's own evidence and the priors: decides which reading


def _line_end(text: str, i: int) -> bool:
    return i >= len(text) or text[i] == "\n"


class RunRepair:
    """Scores the readings of the run from the `?` at p and decides on one."""

    def __init__(self, text: str, p: int, doc: Doc) -> None:
        self.text, self.p, self.doc = text, p, doc
        self.readings = RunSearch(text, p, doc).readings()
        self.window = max((r.end for r in self.readings), default=p + 1) + RIGHT
        self.left = text[max(0, p - 3) : p]
        self.scored = sorted((self._score(r) for r in self.readings), key=lambda s: s.rank)
        self.damaged = reading_cost(self.left, text[p : self.window])

    def _score(self, r: Reading) -> _Scored:
        text = self.text
        lost_byte = r.swallowed and not _line_end(text, r.end)
        tail = text[r.end : self.window]
        plain = reading_cost(self.left, [*r.chars, *([LOST_BYTE] if lost_byte else []), *tail])
        if r.note:
            plain -= NOTE_BONUS
        shown = [*r.chars, GAP] if lost_byte else list(r.chars)
        rank = plain - self.doc.bonus(self.left, r.chars) + drop_penalty(r.drops, self.p + 1)
        rank += lead_prior(r.chars[0]) + sum(self.doc.script_cost(r.chars[i]) for i in r.inferred)
        prior = swallow_prior(text, r.end) if r.swallowed else None
        if prior:
            rank += prior(r.chars[-1])
        return _Scored(r, shown, plain, rank)

    def gain(self) -> float:
        """How much better the best reading reads than the damage (character model only)."""
        if not self.scored:
            return float("-inf")
        return self.damaged - self.scored[0].plain

    def both_lost(self) -> bool:
        """The best reading is one character whose bytes were both lost (`??`)."""
        return bool(self.scored) and len(self.scored[0].reading.chars) == 1 and self.scored[0].reading.swallowed

    def accepted(self, relaxed: bool) -> bool:
        if not self.scored:
            return False
        if relaxed:  # the paragraph is known to be shifted
            return self.both_lost() or self.gain() >= 0.0
        best = self.scored[0].reading
        return not self.both_lost() and self.gain() >= max(MIN_GAIN, GAIN_PER_CHAR * (best.end - self.p))

    def repair(self) -> Repair:
        best = self.scored[0]
        r = best.reading
        shown = list(best.shown)
        for i in r.inferred:
            if self._margin(best, i) < self._needed(r, i):
                shown[i] = GAP
        for i in self._undecided_drops(best):
            shown[i] = GAP
        inferred = sum(1 for i in r.inferred if shown[i] != GAP)
        return Repair(self.p, r.end, "".join(shown), self.damaged - best.rank, inferred)

    def _undecided_drops(self, best: _Scored) -> set[int]:
        """Characters of the best reading that a reading nearly as good with more dropped pairs
        reads otherwise (`步` against `昌平`: whether a pair was dropped there is not decided)."""
        simplify = char_model().simplify_char
        mine = [simplify(c) for c in best.reading.chars]
        out: set[int] = set()
        for other in self.scored[1:]:
            if other.rank - best.rank >= CONFIDENT_DROPS:
                break
            o = other.reading
            if o.end != best.reading.end or o.swallowed != best.reading.swallowed:
                continue
            if len(o.drops) <= len(best.reading.drops):  # not a drop that only its penalty kept out
                continue
            matcher = SequenceMatcher(None, mine, [simplify(c) for c in o.chars], autojunk=False)
            for tag, i1, i2, _, _ in matcher.get_opcodes():
                if tag != "equal":
                    out.update(range(i1, i2))
        # the first character and the last one (when its trail byte was lost) have their own margin
        return out - {0, len(mine) - 1 if best.reading.swallowed else 0}

    def _needed(self, r: Reading, i: int) -> float:
        """The margin an inferred character needs: more when nothing after it is known, and
        more for a Han character than for a mark (thousands of them compete for one byte)."""
        if i == len(r.chars) - 1 and r.swallowed and not _line_end(self.text, r.end):
            return CONFIDENT_ONE_SIDED
        return CONFIDENT if r.chars[i] in CJK_PUNCT else CONFIDENT_HAN

    def _margin(self, best: _Scored, i: int) -> float:
        """How much worse the best reading of the same shape with another character at i reads."""
        simplify = char_model().simplify_char
        mine = simplify(best.reading.chars[i])
        for other in self.scored[1:]:
            o = other.reading
            if o.shape == best.reading.shape and simplify(o.chars[i]) != mine:
                return other.rank - best.rank
        return float("inf")


def _starts(text: str) -> list[int]:
    """Where runs may start: lone lead bytes, and the `?`s before a pinyin note on an ASCII
    trail byte (a run found from its end: `DIA?!辈絽^(qū)` starts after a Latin letter)."""
    starts = {m.start() for m in _LONE_LEAD.finditer(text)}
    for m in _NOTE_ON_ASCII.finditer(text):
        i = m.start() - 1
        while i >= 0 and m.start() - i <= MAX_RUN and char_bytes(text[i]) is not None:
            if text[i] == "?":
                starts.add(i)
            i -= 1
    return sorted(p for p in starts if p + 1 < len(text) and char_bytes(text[p + 1]) is not None)


def _line_of(text: str, i: int) -> int:
    return text.count("\n", 0, i)


def find_repairs(text: str) -> list[Repair]:
    """The runs of `text` to repair, in order and not overlapping."""
    starts = _starts(text)
    if not starts:
        return []
    doc = Doc.of(text)
    runs = {p: RunRepair(text, p, doc) for p in starts}
    sure = [p for p, run in runs.items() if run.accepted(relaxed=False)]
    shifted_lines = {_line_of(text, p) for p in sure}
    taken = [
        runs[p].repair()
        for p in starts
        if p in sure or _line_of(text, p) in shifted_lines and runs[p].accepted(relaxed=True)
    ]
    return list(_without_overlaps(taken))


def _without_overlaps(repairs: list[Repair]) -> Iterable[Repair]:
    done = 0
    for r in sorted(repairs, key=lambda r: (r.start, -r.gain)):
        if r.start >= done:
            done = r.end
            yield r


def repair_shifted_runs(text: str) -> tuple[str, int]:
    """`text` with its shifted runs repaired, and how many runs were."""
    out, counts = repair_shifted_runs_counted(text)
    return out, counts.get("gbk_shift_runs", 0)


def repair_shifted_runs_counted(text: str) -> tuple[str, dict[str, int]]:
    """`text` with its shifted runs repaired, and the counts for `repairs`: runs repaired
    (`gbk_shift_runs`), characters no surviving byte pair names that the model inferred
    (`gbk_shift_lost_inferred`), and the gaps it left (`gbk_shift_lost_gaps`: U+FFFD for a
    character nothing decides or a swallowed ASCII byte)."""
    if "?" not in text:
        return text, {}
    repairs = find_repairs(text)
    if not repairs:
        return text, {}
    out: list[str] = []
    done = 0
    counts = {"gbk_shift_runs": 0, "gbk_shift_lost_inferred": 0, "gbk_shift_lost_gaps": 0}
    for r in repairs:
        out += [text[done : r.start], r.text]
        done = r.end
        gaps = r.text.count(GAP)
        counts["gbk_shift_runs"] += 1
        counts["gbk_shift_lost_gaps"] += gaps
        counts["gbk_shift_lost_inferred"] += r.inferred
    out.append(text[done:])
    return "".join(out), {k: n for k, n in counts.items() if n}


__all__ = ["GAP", "find_repairs", "repair_shifted_runs", "repair_shifted_runs_counted"]
