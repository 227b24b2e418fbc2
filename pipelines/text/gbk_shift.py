"""Repair of one-byte-shifted GBK/GB18030 runs, as content farms serve them.

The damage: GBK bytes decoded one byte late. The lead byte of the first character becomes `?`,
each following character is made of the trail byte of one character and the lead byte of the
next (reads as rare, unrelated characters), fullwidth forms come out halfwidth after the farm's
width folding (`！` -> `!`), pairs that land in the user-defined area are dropped, and decoding
re-synchronizes at the next ASCII byte: either the last trail byte is itself ASCII (`區` = 85 5E
leaves `^`) or a dangling byte swallows the ASCII byte after it into a second `?`.

Finding runs is cheap, so clean text costs almost nothing: a run starts at a `?` glued to a
non-ASCII character, or ends at an ASCII character that carries a pinyin note (`^(qū)`: a note
belongs to a Han character, so the character before it was a shifted one; the note also names
that character). Only those few spans get the expensive search, which re-encodes the characters,
shifts the bytes back, fills the unknown bytes from the plausibility model (characters and
dictionary words), re-inserts dropped user-defined pairs where the reading gains clearly, and
accepts the result only when it reads clearly better than the damage. Bytes that are truly lost
(the swallowed ASCII byte, or an unknown byte the model cannot pin down) become the visible gap
marker U+FFFD.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.text.gbk_bytes import (
    char_bytes,
    chars_with_lead,
    chars_with_trail,
    dropped_pair_readings,
    pair_char,
    private_use_pairs,
)
from pipelines.text.pinyin_notes import NOTE_AFTER, PINYIN_LETTERS, is_reading
from pipelines.text.plausibility import BIGRAM_WEIGHT, CJK_PUNCT, char_model, is_han, pair_cost

GAP = "\ufffd"
MAX_RUN = 60  # characters: longer runs are not one shift
MIN_GAIN = 4.0  # nats the whole window must gain
GAIN_PER_CHAR = 1.0  # ...and per shifted character
CONFIDENT = 2.0  # a filled-in byte needs this margin over the runner-up, else it is a gap
CONFIDENT_ONE_SIDED = 6.0  # ...and more when only the text before it is known
DROP_PENALTY = 4.0  # a dropped user-defined pair is a hypothesis, not a free lunch
UNSURE_DROP = 2.0  # ...and more so when it shows as gaps
NOTE_BONUS = 6.0  # the pinyin note after the run is a reading of its last character
LOST_ASCII_COST = 1.0
GAP_COST = 7.0  # a gap in a repair stands for a real character we cannot name: an average one
DOC_BONUS = 3.0  # per character pair that the rest of the same text also uses
ORPHAN_COST = 3.0  # per Han character outside every dictionary word (2-4 characters)
WORD_BONUS = 1.5  # per dictionary word in the window
RESCORED = 8  # dropped-pair readings rescored with word evidence
# A run starts where the farm's decoder lost step, and that is mostly at punctuation: the
# character whose lead byte was lost is CJK punctuation far more often than its share of text.
PUNCT_PRIOR = 3.0  # nats
# ...and which punctuation: rough shares of punctuation marks in Chinese news text (the
# character model gives every mark one class cost); a mark not listed is rare.
PUNCT_SHARE = {"，": 0.45, "。": 0.22, "、": 0.08, "“": 0.05, "”": 0.05, "：": 0.04, "（": 0.02, "）": 0.02,
               "《": 0.015, "》": 0.015, "；": 0.01, "？": 0.005, "！": 0.005, "—": 0.004, "·": 0.003, "…": 0.002}
RARE_PUNCT_SHARE = 0.0005


def lead_prior(ch: str) -> float:
    """Cost (nats, negative: a bonus) of `ch` as the character whose lead byte was lost."""
    if ch not in CJK_PUNCT:
        return 0.0
    return -PUNCT_PRIOR - math.log(PUNCT_SHARE.get(ch, RARE_PUNCT_SHARE) / 0.1)

# a lone lead byte: `?` right after a non-ASCII character or a folded fullwidth `，`/`；`/`：`
_LONE_LEAD = re.compile(r"(?:(?<=[^\x00-\x7f])|(?<=[,;:]))\?")
# a trail byte shown as ASCII, carrying the pinyin note of the character it belonged to
_NOTE_ON_ASCII = re.compile(rf"(?<=[^\x00-\x7f])[\x40-\x7e](?=[(（][{PINYIN_LETTERS}]{{1,7}}[)）])")


def _context(text: str) -> str:
    """The last characters of `text`, Simplified, as word context."""
    return char_model().simplify(text[-3:])


def reading_cost(left: str, chars: list[str]) -> float:
    """Cost of `chars` after `left`: character bigrams, plus a charge for every Han character
    that no dictionary word covers in the best segmentation (word-level plausibility: 男足海口
    segments as 男足|海口, 男足迹口 leaves 迹 or 男 and 口 alone)."""
    total = 0.0
    prev = left[-1:]
    for ch in chars:
        total += GAP_COST if ch == GAP else pair_cost(prev, ch)
        prev = ch
    s = _context(left) + char_model().simplify("".join(chars))
    return total + ORPHAN_COST * orphans(s) - WORD_BONUS * words_in(s)


@lru_cache(maxsize=65_536)
def words_in(s: str) -> int:
    """Dictionary words (2-4 characters) in `s`: a longer word is better evidence (科技园)."""
    words = char_model().words
    return sum(1 for k in (2, 3, 4) for i in range(len(s) - k + 1) if s[i : i + k] in words)


@lru_cache(maxsize=65_536)
def orphans(s: str) -> int:
    """Han characters of `s` (Simplified) left outside dictionary words by the best segmentation."""
    words = char_model().words
    best = [0] * (len(s) + 1)
    for i in range(1, len(s) + 1):
        b = best[i - 1] + is_han(s[i - 1])
        for k in (2, 3, 4):
            if k <= i and best[i - k] < b and s[i - k : i] in words:
                b = best[i - k]
        best[i] = b
    return best[-1]


def _choose(scored: list[tuple[float, list[str]]], margin: float = CONFIDENT) -> tuple[float, list[str]]:
    """The best reading; characters on which the runner-up is nearly as good become gaps."""
    scored.sort(key=lambda s: s[0])
    best_cost, best = scored[0]
    if len(scored) == 1 or scored[1][0] - best_cost >= margin:
        return best_cost, best
    runner = scored[1][1]
    return best_cost, [a if a == b else GAP for a, b in zip(best, runner, strict=True)]


def doc_pairs(text: str) -> frozenset[str]:
    """Character pairs of the whole text (Simplified): a text that says 昌平 elsewhere makes 昌平
    the likely reading of a damaged spot (a cache model, as speech recognizers use)."""
    s = char_model().simplify(text)
    return frozenset(map(str.__add__, s, s[1:]))


def doc_bonus(left: str, chars: list[str], doc: frozenset[str]) -> float:
    s = _context(left)[-1:] + char_model().simplify("".join(chars))
    return DOC_BONUS * sum(1 for i in range(len(s) - 1) if s[i : i + 2] in doc)


def _choose_in_doc(
    left: str,
    scored: tuple[tuple[float, tuple[str, ...]], ...],
    tail: list[str],
    doc: frozenset[str],
    punct_prior: float = 0.0,
) -> tuple[float, list[str]]:
    margin = CONFIDENT if tail else CONFIDENT_ONE_SIDED
    return _choose(
        [
            (c - doc_bonus(left, [*chars, *tail], doc) + (lead_prior(chars[0]) if punct_prior else 0.0), list(chars))
            for c, chars in scored
        ],
        margin,
    )


@lru_cache(maxsize=8192)
def fill_options(options: tuple[str, ...], left: str, right: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The best few characters among `options` between `left` and `right`, with their costs."""
    tail = [right] if right else []
    return tuple(heapq.nsmallest(RESCORED, ((reading_cost(left, [o, *tail]), (o,)) for o in options)))


def fill(options: tuple[str, ...], left: str, right: str, doc: frozenset[str], punct_prior: float = 0.0) -> str:
    """The one character among `options` that reads best between `left` and `right`, or GAP."""
    left = _context(left)
    scored = fill_options(options, left, right)
    if not scored:
        return GAP
    return _choose_in_doc(left, scored, [right] if right else [], doc, punct_prior)[1][0]


@lru_cache(maxsize=1)
def _punct_over_private_use() -> tuple[tuple[str, tuple[int, ...]], ...]:
    """CJK punctuation whose trail byte, read as a lead byte with the next character's lead
    byte, makes a user-defined pair (，= A3 AC: AC xx is user-defined for every GB2312 lead):
    (punctuation, the next leads that make the pair)."""
    pua = private_use_pairs()
    out = []
    for ch in sorted(CJK_PUNCT):
        b = char_bytes(ch)
        if b and b[1] in pua:
            out.append((ch, pua[b[1]]))
    return tuple(out)


@lru_cache(maxsize=8192)
def first_pair_options(trail1: int, left: str, right: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The run's first two characters when the pair after the lost lead byte was user-defined
    and dropped: punctuation (whose trail byte went in the pair), then a character with the
    surviving trail byte `trail1` and a lead byte that the pair allows."""
    tail = [right] if right else []
    scored = []
    for p, leads in _punct_over_private_use():
        for lead in leads:
            c1 = pair_char(lead, trail1)
            if c1 is not None:
                scored.append((reading_cost(left, [p, c1, *tail]), (p, c1)))
    return tuple(heapq.nsmallest(RESCORED, set(scored)))


@lru_cache(maxsize=16_384)
def _tail(y: str, nxt: str) -> tuple[str, float, float, float]:
    """For the second character of a dropped pair: its Simplified form, unigram probability,
    cost after a Han character without bigram evidence, and cost of the next character after it."""
    model = char_model()
    sy = model.simplify_char(y)
    if is_han(sy):
        p_uni = math.exp(-model.unigram_cost(sy))
        no_bigram = -math.log((1 - BIGRAM_WEIGHT) * p_uni)
    else:
        p_uni, no_bigram = 0.0, pair_cost("", y)
    return sy, p_uni, no_bigram, pair_cost(y, nxt) if nxt else 0.0


@lru_cache(maxsize=4096)
def dropped_pair_options(left: str, v: int, u: int, nxt: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The two characters a dropped user-defined pair between bytes v and u may have hidden,
    scored between `left` and `nxt`: bigrams over all (~2,000) readings, words over the best few."""
    readings = dropped_pair_readings(v, u)
    if not readings:
        return ()
    model = char_model()
    bigram, outgoing = model.bigram, model.outgoing
    prev = left[-1:]
    scored: list[tuple[float, str, str]] = []
    for x, ys in readings:
        cx = pair_cost(prev, x)
        sx = model.simplify_char(x)
        out = outgoing.get(sx, 0) if is_han(sx) else 0
        for y in ys:
            sy, p_uni, no_bigram, to_next = _tail(y, nxt)
            n = bigram.get(sx + sy, 0) if out else 0
            cxy = -math.log(BIGRAM_WEIGHT * n / out + (1 - BIGRAM_WEIGHT) * p_uni) if n else no_bigram
            scored.append((cx + cxy + to_next, x, y))
    tail = [nxt] if nxt else []
    rescored = [(reading_cost(left, [x, y, *tail]), (x, y)) for _, x, y in heapq.nsmallest(RESCORED, scored)]
    return tuple(sorted(rescored))


@dataclass
class Repair:
    start: int  # index of the `?` that stands for the lost lead byte
    end: int  # index after the terminator
    text: str  # what replaces text[start:end]
    gain: float  # nats
    lost: int = 0  # characters of `text` that no surviving byte pair names: inferred or gaps


def _realign(text: str, p: int, q: int, lost_ascii: bool) -> list[tuple[int | None, int | None]] | None:
    """The byte pairs of the original characters of the run text[p:q+1] (None: byte unknown)."""
    middle: list[int | None] = []
    for ch in text[p + 1 : q]:
        b = char_bytes(ch)
        if b is None:
            return None
        middle.extend(b)
    seq = [None, *middle, None if lost_ascii else ord(text[q])]
    return [(seq[i], seq[i + 1]) for i in range(0, len(seq) - 1, 2)]


def _named_by(options: tuple[str, ...], note: str) -> tuple[str, ...]:
    """The options that the pinyin note after them reads (all of them when none does)."""
    return tuple(o for o in options if is_reading(o, note)) or options


def _candidate(
    text: str, p: int, q: int, lost_ascii: bool, doc: frozenset[str], first_dropped: bool = False
) -> Repair | None:
    """The repair of the run from the `?` at p to the terminator at q, if it reads clearly better.
    `first_dropped`: the pair right after the lost lead byte was user-defined and dropped."""
    pairs = _realign(text, p, q, lost_ascii)
    if pairs is None or len(pairs) < 2 and lost_ascii:
        return None
    left = text[max(0, p - 3) : p]
    right = text[q + 1 : q + 3]
    cells = [pair_char(a, b) if a is not None and b is not None else None for a, b in pairs]
    note = NOTE_AFTER.match(text, q + 1)
    # the lead byte lost in the first `?`
    trail0 = pairs[0][1]
    assert trail0 is not None
    after = cells[1] if len(cells) > 1 else right[:1]
    if first_dropped:
        if len(cells) < 2 or after is None:
            return None
        first = first_pair_options(trail0, _context(left), after)
        if not first:
            return None
        slots: list[list[str]] = [[c] for c in _choose_in_doc(_context(left), first, [after], doc, 1.0)[1]]
        lost = 2
    else:
        options = chars_with_trail(trail0)
        if note and len(cells) == 1:
            options = _named_by(options, note.group("note"))
        slots = [[fill(options, left, after or "", doc, 1.0)]]
        lost = 1
    slots += [[c] if c else [] for c in cells[1:-1]]
    if lost_ascii:  # the trail byte of the last character went with the swallowed ASCII byte
        lead = pairs[-1][0]
        assert lead is not None
        options = chars_with_lead(lead)
        if note:
            options = _named_by(options, note.group("note"))
        before = "".join(c for s in slots for c in s)
        slots.append([fill(options, left + before, "", doc)])
        lost += 2  # the character and the swallowed ASCII byte
    elif len(cells) > 1:
        slots.append([cells[-1]] if cells[-1] else [])
    realigned = _insert_dropped_pairs(slots, pairs, left, right, doc, skip_first=first_dropped)
    if realigned is None:
        return None
    lost += sum(len(s) for s in realigned) - sum(len(s) for s in slots if s)
    chars = [c for s in realigned for c in s]
    shown = [*chars, GAP] if lost_ascii else chars
    damaged = reading_cost(left, list(text[p : q + 1] + right))
    repaired = reading_cost(left, [*shown, *right]) + (LOST_ASCII_COST if lost_ascii else 0.0)
    if note and chars[-1] != GAP and is_reading(chars[-1], note.group("note")):
        repaired -= NOTE_BONUS
    gain = damaged - repaired
    if gain < max(MIN_GAIN, GAIN_PER_CHAR * (q + 1 - p)):  # the prior below ranks, it does not accept
        return None
    return Repair(p, q + 1, "".join(shown), gain - lead_prior(chars[0]), lost)


def _insert_dropped_pairs(
    slots: list[list[str]],
    pairs: list[tuple[int | None, int | None]],
    left: str,
    right: str,
    doc: frozenset[str],
    skip_first: bool = False,
) -> list[list[str]] | None:
    """Re-insert dropped user-defined pairs, one boundary at a time, while the reading gains.

    Slot j (0 < j < last, or the last when its bytes are known) is the character (v, u) made of
    the bytes either side of a boundary between two damaged characters; an empty slot is a pair
    that cannot be a character, so a pair must have been dropped there."""
    last = len(slots) - 1
    # with the first pair dropped, slot j holds the bytes of pairs[j - 1]
    if skip_first:
        pairs = [(None, None), *pairs]
    movable = [
        j
        for j in range(1 + skip_first, len(slots))
        if j < last or len(slots[j]) <= 1 and j < len(pairs) and pairs[j][1] is not None
    ]
    done: set[int] = set()
    for _ in range(len(movable)):
        best: tuple[float, int, tuple[str, ...]] | None = None
        for j in movable:
            if j in done:
                continue
            v, u = pairs[j]
            if v is None or u is None:
                continue
            before = left + "".join(c for s in slots[:j] for c in s)
            nxt = slots[j + 1][0] if j < last and slots[j + 1] else (right[:1] if j == last else "")
            options = dropped_pair_options(_context(before), v, u, nxt)
            if not options:
                continue
            tail = [nxt] if nxt else []
            cost, chars = _choose_in_doc(before, options, tail, doc)
            if slots[j]:
                keep = reading_cost(before, [*slots[j], *tail]) - doc_bonus(before, [*slots[j], *tail], doc)
            else:
                keep = math.inf
            # a drop we cannot name both characters of must be clearly there to replace a reading
            gain = keep - (cost + DROP_PENALTY + (UNSURE_DROP if GAP in chars else 0.0))
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, j, tuple(chars))
        if best is None:
            break
        slots[best[1]] = list(best[2])
        done.add(best[1])
    if any(not s for s in slots):
        return None
    return slots


def _terminators(text: str, p: int) -> list[tuple[int, bool]]:
    """Where the run from the `?` at p may end: at a `?` that swallowed an ASCII byte, or at the
    first ASCII character that can be a trail byte (decoding re-synchronized after it)."""
    out: list[tuple[int, bool]] = []
    q = p + 1
    while q < len(text) and q - p <= MAX_RUN:
        ch = text[q]
        if q > p + 1 and ch == "?":
            out.append((q, True))
        if "\x40" <= ch <= "\x7e":  # `?@` alone is one character: 園 = 88 40
            out.append((q, False))
            break
        if char_bytes(ch) is None:
            break
        q += 1
    return out


def _best_repair(text: str, p: int, ends: list[tuple[int, bool]], doc: frozenset[str]) -> Repair | None:
    best: Repair | None = None
    for q, lost_ascii in ends:
        for first_dropped in (False, True):
            found = _candidate(text, p, q, lost_ascii, doc, first_dropped)
            if found and (best is None or found.gain > best.gain):
                best = found
    return best


def _note_runs(text: str, doc: frozenset[str]) -> list[Repair]:
    """Runs found from their end: an ASCII trail byte that carries a pinyin note. The run starts
    at one of the `?` before it (a folded `？` can sit inside the run too)."""
    out: list[Repair] = []
    for m in _NOTE_ON_ASCII.finditer(text):
        q = m.start()
        starts = []
        i = q - 1
        while i >= 0 and q - i <= MAX_RUN and char_bytes(text[i]) is not None:
            if text[i] == "?":
                starts.append(i)
            i -= 1
        best = None
        for p in starts:
            found = _best_repair(text, p, [(q, False)], doc)
            if found and (best is None or found.gain > best.gain):
                best = found
        if best:
            out.append(best)
    return out


def repair_shifted_runs(text: str) -> tuple[str, int]:
    """`text` with its shifted runs repaired, and how many runs were."""
    out, counts = repair_shifted_runs_counted(text)
    return out, counts.get("gbk_shift_runs", 0)


def repair_shifted_runs_counted(text: str) -> tuple[str, dict[str, int]]:
    """`text` with its shifted runs repaired, and the counts for `repairs`: runs repaired
    (`gbk_shift_runs`), characters no surviving byte pair names that the model inferred
    (`gbk_shift_lost_inferred`) and that it left as U+FFFD (`gbk_shift_lost_gaps`)."""
    if "?" not in text:
        return text, {}
    starts = [m.start() for m in _LONE_LEAD.finditer(text)]
    starts = [p for p in starts if p + 1 < len(text) and char_bytes(text[p + 1]) is not None]
    if not starts and not _NOTE_ON_ASCII.search(text):
        return text, {}
    doc = doc_pairs(text)
    repairs = _note_runs(text, doc)
    for p in starts:
        found = _best_repair(text, p, _terminators(text, p), doc)
        if found:
            repairs.append(found)
    if not repairs:
        return text, {}
    out: list[str] = []
    done = 0
    counts = {"gbk_shift_runs": 0, "gbk_shift_lost_inferred": 0, "gbk_shift_lost_gaps": 0}
    for r in sorted(repairs, key=lambda r: (r.start, -r.gain)):
        if r.start < done:
            continue
        out.append(text[done : r.start])
        out.append(r.text)
        done = r.end
        gaps = r.text.count(GAP)
        counts["gbk_shift_runs"] += 1
        counts["gbk_shift_lost_gaps"] += gaps
        counts["gbk_shift_lost_inferred"] += max(0, r.lost - gaps)
    out.append(text[done:])
    return "".join(out), {k: n for k, n in counts.items() if n}


__all__ = ["GAP", "repair_shifted_runs", "repair_shifted_runs_counted"]
