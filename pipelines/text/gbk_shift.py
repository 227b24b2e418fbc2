"""Repair of one-byte-shifted GBK/GB18030 runs, as content farms serve them.

The damage: GBK bytes decoded one byte late. The lead byte of the first character becomes `?`,
each following character is made of the trail byte of one character and the lead byte of the
next (reads as rare, unrelated characters), fullwidth forms come out halfwidth after the farm's
width folding (`！` -> `!`), pairs that land in the user-defined area are dropped, and decoding
re-synchronizes at the next ASCII byte: either the last trail byte is itself ASCII (`區` = 85 5E
leaves `^`) or a dangling byte swallows the ASCII byte after it into a second `?`.

The repair re-encodes the characters after the `?`, shifts the bytes back, fills the unknown
bytes from the plausibility model and accepts the result only when it reads clearly better than
the damage. Bytes that are truly lost (the swallowed ASCII byte, or an unknown byte the model
cannot pin down) become the visible gap marker U+FFFD.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipelines.text.pinyin_notes import NOTE_AFTER, is_reading
from pipelines.text.plausibility import char_model, is_han

GAP = "\ufffd"
MAX_RUN = 60
MIN_GAIN = 6.0  # nats the whole window must gain
GAIN_PER_CHAR = 1.0  # ...and per shifted character
CONFIDENT = 2.0  # a filled-in byte needs this margin over the runner-up, else it is a gap
INSERT_PENALTY = 2.0  # a dropped user-defined pair is a hypothesis, not a free lunch
CHAR_ALLOWANCE = 6.0  # mean cost of a real character: a longer reading is not worse for its length
NOTE_BONUS = 6.0
_LEADS = range(0x81, 0xFF)
_TRAILS = [*range(0x40, 0x7F), *range(0x80, 0xFF)]


@lru_cache(maxsize=65_536)
def pair_char(a: int, b: int) -> str | None:
    """The character GBK bytes (a, b) stand for; None when invalid or user-defined."""
    try:
        ch = bytes((a, b)).decode("gb18030")
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or 0xE000 <= ord(ch) <= 0xF8FF or ch < "\x80":
        return None
    return ch


@lru_cache(maxsize=1)
def user_defined_pairs() -> tuple[tuple[int, int], ...]:
    """Byte pairs that decode to private-use characters: the ones a farm's cleaner drops."""
    out = []
    for a in _LEADS:
        for b in _TRAILS:
            try:
                ch = bytes((a, b)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and 0xE000 <= ord(ch) <= 0xF8FF:
                out.append((a, b))
    return tuple(out)


@lru_cache(maxsize=65_536)
def char_bytes(ch: str) -> tuple[int, int] | None:
    """GBK bytes a damaged character came from; ASCII punctuation was a fullwidth form."""
    o = ord(ch)
    if 0x21 <= o <= 0x7E:
        return (0xA3, o + 0x80)
    if o < 0x80:
        return None
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return (b[0], b[1]) if len(b) == 2 else None


@dataclass
class Candidate:
    end: int  # index after the terminator in the damaged text
    chars: list[str]  # realigned characters (filled)
    gaps: set[int]  # positions in `chars` to show as GAP
    lost_ascii: bool  # the terminator `?` swallowed one ASCII byte
    cost: float


WORD_BONUS = 3.0  # a 3-4 character dictionary word through a filled-in character


def _seq_cost(prev: str, chars: list[str]) -> float:
    """Cost of `chars` after the (Simplified) context `prev`, bigrams plus word evidence."""
    model = char_model()
    total = 0.0
    seen = prev
    last = prev[-1:] if prev else ""
    for ch in chars:
        s = model.simplify_char(ch)
        total += model.char_cost(last, s)
        seen += s
        total -= WORD_BONUS * model.words_ending(seen[-4:])
        last = s
    return total


def _best_fill(options: list[str], left: str, right: str) -> tuple[str, float, float]:
    """The option that reads best between `left` and `right`, its cost and the runner-up's."""
    scored = sorted((_seq_cost(left, [o, right] if right else [o]), o) for o in set(options))
    if not scored:
        return GAP, 99.0, 99.0
    best = scored[0]
    second = scored[1][0] if len(scored) > 1 else best[0] + 99.0
    return best[1], best[0], second


def _realign(first: int | None, middle: list[int], last: int | None) -> list[tuple[int | None, int | None]]:
    seq = [first, *middle, last]
    return [(seq[i], seq[i + 1]) for i in range(0, len(seq) - 1, 2)]


def _candidate(text: str, p: int, q: int, lost_ascii: bool) -> Candidate | None:
    """Realign the run text[p+1:q] (terminator at q) and fill its unknown bytes."""
    middle: list[int] = []
    for ch in text[p + 1 : q]:
        b = char_bytes(ch)
        if b is None:
            return None
        middle.extend(b)
    last = None if lost_ascii else ord(text[q])
    pairs = _realign(None, middle, last)
    chars: list[str] = []
    for x, y in pairs:
        decoded = pair_char(x, y) if x is not None and y is not None else "?"
        if decoded is None:
            return None
        chars.append(decoded)
    gaps: set[int] = set()
    left = "".join(char_model().simplify_char(c) for c in text[max(0, p - 3) : p])
    # the lead byte lost in the first `?`
    trail0 = pairs[0][1]
    assert trail0 is not None
    opts = [c for c in (pair_char(u, trail0) for u in _LEADS) if c]
    chars[0], best, second = _best_fill(opts, left, chars[1] if len(chars) > 1 else "")
    if second - best < CONFIDENT:
        gaps.add(0)
    if lost_ascii:
        a = pairs[-1][0]
        assert a is not None
        opts = [c for c in (pair_char(a, t) for t in _TRAILS) if c]
        prev = left + "".join(char_model().simplify_char(c) for c in chars[:-1])
        chars[-1], best, second = _best_fill(opts, prev[-3:], "")
        if second - best < CONFIDENT:
            gaps.add(len(chars) - 1)
    cost = _seq_cost(left, chars)
    return Candidate(q + 1, chars, gaps, lost_ascii, cost)


def _with_dropped_pair(c: Candidate, left: str) -> Candidate:
    """Try re-inserting one dropped user-defined pair at each boundary; keep the best."""
    best = c
    if len(c.chars) < 2:
        return best
    model = char_model()
    for j in range(len(c.chars)):
        ch = c.chars[j]
        bts = char_bytes(ch) if j not in c.gaps else None
        if bts is None or j == 0:
            continue
        # the realigned char j = (x, y); a dropped pair (L, T) between them gives (x, L) (T, y)
        x, y = bts
        prev = "".join(model.simplify_char(x) for x in c.chars[max(0, j - 3) : j])
        nxt = model.simplify_char(c.chars[j + 1]) if j + 1 < len(c.chars) else ""
        found: list[tuple[float, str, str]] = []
        for lead, trail in user_defined_pairs():
            a = pair_char(x, lead)
            b = pair_char(trail, y)
            if a and b:
                found.append((_seq_cost(prev, [a, b, nxt] if nxt else [a, b]), a, b))
        if not found:
            continue
        found.sort()
        old = _seq_cost(prev, [ch, nxt] if nxt else [ch])
        cost = c.cost - old + found[0][0] + INSERT_PENALTY - CHAR_ALLOWANCE
        confident = len(found) == 1 or found[1][0] - found[0][0] >= CONFIDENT
        # an unconfident insertion is not taken: on our corpus it invented more than it fixed
        if cost < best.cost and confident:
            chars = [*c.chars[:j], found[0][1], found[0][2], *c.chars[j + 1 :]]
            gaps = {g if g < j else g + 1 for g in c.gaps}
            best = Candidate(c.end, chars, gaps, c.lost_ascii, cost)
    return best


def _repair_at(text: str, p: int) -> tuple[int, str] | None:
    if p == 0 or text[p - 1] < "\x80" or p + 1 >= len(text) or char_bytes(text[p + 1]) is None:
        return None
    model = char_model()
    candidates: list[Candidate] = []
    q = p + 1
    while q < len(text) and q - p <= MAX_RUN:
        ch = text[q]
        if q > p + 1 and ch == "?":
            cand = _candidate(text, p, q, lost_ascii=True)
            if cand:
                candidates.append(cand)
        if q > p + 1 and 0x40 <= ord(ch) <= 0x7E:
            cand = _candidate(text, p, q, lost_ascii=False)
            if cand:
                candidates.append(cand)
            break
        if char_bytes(ch) is None:
            break
        q += 1
    left = "".join(model.simplify_char(c) for c in text[max(0, p - 3) : p])
    best: tuple[float, Candidate] | None = None
    for cand in candidates:
        cand = _with_dropped_pair(cand, left)
        right = text[cand.end : cand.end + 2]
        damaged = model.cost(text[p - 1]) + _seq_cost(left, list(text[p : cand.end + 2]))
        shown = [*cand.chars, GAP] if cand.lost_ascii else cand.chars
        context = left + "".join(model.simplify_char(c) for c in shown)
        repaired = model.cost(text[p - 1]) + cand.cost + _seq_cost(context[-3:], list(right))
        if cand.lost_ascii:
            repaired += 4.0
        note = NOTE_AFTER.match(text, cand.end)
        if note and is_reading(cand.chars[-1], note.group("note")):
            repaired -= NOTE_BONUS
        gain = damaged - repaired
        shifted = cand.end - p
        if gain >= max(MIN_GAIN, GAIN_PER_CHAR * shifted) and (best is None or repaired < best[0]):
            best = (repaired, cand)
    if best is None:
        return None
    cand = best[1]
    out = "".join(GAP if i in cand.gaps else c for i, c in enumerate(cand.chars))
    return cand.end, out + (GAP if cand.lost_ascii else "")


def repair_shifted_runs(text: str) -> tuple[str, int]:
    if "?" not in text:
        return text, 0
    out: list[str] = []
    done = 0
    count = 0
    p = text.find("?")
    while p != -1:
        if p >= done:
            found = _repair_at(text, p)
            if found:
                end, fixed = found
                out.append(text[done:p])
                out.append(fixed)
                done = end
                count += 1
        p = text.find("?", max(p + 1, done))
    out.append(text[done:])
    return "".join(out), count


__all__ = ["GAP", "repair_shifted_runs", "is_han"]
