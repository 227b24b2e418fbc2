"""Readings of one shifted GBK run: which original characters explain what the farm shows.

From the `?` that stands for the lost lead byte on, each shown character is a byte pair made of
the trail byte of one original character and the lead byte of the next. A pair that was
user-defined was dropped, so one more original character sits there, known by one byte and a
class of the other. The run ends where decoding re-synchronized: at an ASCII trail byte shown as
itself, or at a `?` for a last trail byte that swallowed the ASCII byte after it. A shown ASCII
letter or mark can also be a fullwidth form that the farm folded, and a shown `?` a folded `？`,
so each of them is both a possible end and a possible character of the run.

The search walks the shown characters left to right and keeps the cheapest partial readings (a
beam over the byte lattice): a character whose bytes are both known costs its bigram; one known
by a single byte branches over the characters that byte allows; a dropped pair is tried where
the reading without it is invalid or reads badly. Every way to end gives a finished reading; the
caller rescores them with word evidence and decides (gbk_shift.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from pipelines.text.gbk_bytes import (
    ANY_LEAD,
    Lead,
    char_bytes,
    chars_before_drop,
    chars_named,
    chars_with_high_trail,
    pair_char,
)
from pipelines.text.pinyin_notes import NOTE_AFTER, is_reading
from pipelines.text.plausibility import CJK_PUNCT, char_model, is_han, pair_cost
from pipelines.text.shift_scoring import (
    DROP_PENALTY,
    Doc,
    digit_prior,
    drop_penalty,
    final_prior,
    lead_prior,
    step_cost,
)

MAX_RUN = 60  # characters: longer runs are not one shift
BEAM = 32  # partial readings kept at each shown character
KEEP = 8  # readings kept per branching point of one partial reading
DROP_FROM = 4  # the best partial readings that try a dropped pair at each shown character
FREE = 300  # a character with both bytes unknown: one of the most frequent ones, or punctuation
FREE_BEFORE_DROP = 60  # ...and when a dropped pair follows it too
END = "\n"  # what follows the last character of a paragraph
ABANDON = 12.0  # nats: the best reading this far behind the text as shown ends the search
LIKELY = 40  # characters that close a dropped stretch, tried without bigram evidence


@dataclass(frozen=True, slots=True)
class Path:
    cost: float
    chars: tuple[str, ...]
    inferred: tuple[int, ...]  # indices of characters that no shown byte pair names
    lead: Lead  # the lead byte of the next character: known, or the bytes it may be
    drops: tuple[int, ...]  # text index of the shown character each dropped pair came before


@dataclass(frozen=True, slots=True)
class Reading:
    chars: tuple[str, ...]  # the original characters of the run
    inferred: tuple[int, ...]
    end: int  # text index after the run
    swallowed: bool  # the last trail byte took the ASCII byte after it along
    drops: tuple[int, ...]
    cost: float  # search cost: bigrams, the text's own pairs, priors
    note: bool = False  # a pinyin note after the run reads its last character

    @property
    def shape(self) -> tuple[int, bool, tuple[int, ...]]:
        """Readings of one shape differ only in the characters they infer."""
        return self.end, self.swallowed, self.drops


@lru_cache(maxsize=4096)
def frequent(options: tuple[str, ...]) -> tuple[str, ...]:
    """The characters among `options` that are worth trying when nothing else narrows them:
    punctuation and the most frequent characters."""
    ranked = sorted(options, key=lambda c: (c not in CJK_PUNCT, pair_cost("", c)))
    return tuple(ranked[:FREE])


def _named(lead: Lead, trail: int) -> tuple[str, ...]:
    options = chars_named(lead, trail)
    return options if isinstance(lead, int) else frequent(options)


def _high(lead: Lead) -> tuple[str, ...]:
    options = chars_with_high_trail(lead)
    return options if isinstance(lead, int) else frequent(options)


@lru_cache(maxsize=4096)
def _before_drop(lead: Lead) -> tuple[tuple[str, Lead], ...]:
    options = chars_before_drop(lead)
    if isinstance(lead, int):
        return options
    keep = set(frequent(tuple(c for c, _ in options))[:FREE_BEFORE_DROP])
    return tuple(o for o in options if o[0] in keep)


@lru_cache(maxsize=1)
def _successors() -> dict[str, frozenset[str]]:
    """Character -> the characters the model has bigram evidence for after it (Simplified)."""
    return _index(0)


@lru_cache(maxsize=1)
def _predecessors() -> dict[str, frozenset[str]]:
    """Character -> the characters the model has bigram evidence for before it (Simplified)."""
    return _index(1)


def _index(side: int) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pair in char_model().bigram:
        out.setdefault(pair[side], set()).add(pair[1 - side])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=16_384)
def _closing_options(leads: Lead, trail: int | None) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], frozenset[str]]:
    """The characters (one of `leads`, `trail`) that may end a dropped stretch: the most likely
    ones on their own, and all of them by Simplified form, to look up bigram evidence. A
    `trail` of None: the last character of a run whose trail byte was swallowed."""
    options = _named(leads, trail) if trail is not None else _high(leads)
    simplify = char_model().simplify_char
    by_form: dict[str, list[str]] = {}
    for b in options:
        by_form.setdefault(simplify(b), []).append(b)
    likely = sorted(options, key=lambda b: step_cost("", b))[:LIKELY]
    return tuple(likely), {k: tuple(v) for k, v in by_form.items()}, frozenset(by_form)


def _after(b: str, peek: str) -> float:
    """Cost of what follows `b`: the character `peek`, a paragraph's end (END) or nothing known."""
    return final_prior(b) if peek == END else step_cost(b, peek) if peek else 0.0


@lru_cache(maxsize=65_536)
def _plain_closings(leads: Lead, trail: int | None, peek: str) -> tuple[str, ...]:
    """The closing characters worth trying whatever comes before them: the most likely ones
    on their own (at a paragraph's end, with its prior), and those the model has bigram
    evidence for before `peek`."""
    likely, by_form, forms = _closing_options(leads, trail)
    if peek == END:
        likely = tuple(heapq.nsmallest(KEEP, likely, key=lambda b: step_cost("", b) + final_prior(b)))
    found = _predecessors().get(char_model().simplify_char(peek), frozenset()) & forms if peek else ()
    return (*likely[:KEEP], *(b for form in sorted(found) for b in by_form[form]))


@lru_cache(maxsize=65_536)
def _bigram_closings(a: str, leads: Lead, trail: int | None) -> tuple[str, ...]:
    """The closing characters the model has bigram evidence for after `a`."""
    _, by_form, forms = _closing_options(leads, trail)
    found = _successors().get(char_model().simplify_char(a), frozenset()) & forms
    return tuple(b for form in sorted(found) for b in by_form[form])


def _closings(a: str, leads: Lead, trail: int | None, peek: str) -> list[tuple[float, str]]:
    """The characters that may close a dropped stretch after `a`, with their cost."""
    candidates = {*_plain_closings(leads, trail, peek), *_bigram_closings(a, leads, trail)}
    return [(step_cost(a, b) + _after(b, peek), b) for b in candidates]


@lru_cache(maxsize=16_384)
def drop_readings(prev: str, lead: Lead, trail: int | None, peek: str, double: bool) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The best few character sequences that dropped user-defined pairs hid between the lead
    byte `lead` (or one of those bytes) and the trail byte `trail`, after `prev` and before
    `peek`, by the character model: one dropped pair hides two characters; with `double`, two
    pairs in a row hide three (the middle one known by neither byte)."""
    heads: list[tuple[float, tuple[str, ...], Lead]] = [(step_cost(prev, a), (a,), leads) for a, leads in _before_drop(lead)]
    out: list[tuple[float, tuple[str, ...]]] = []
    for depth in (1, 2):
        for cost, chars, leads in heads:
            out += [(cost + c, (*chars, b)) for c, b in _closings(chars[-1], leads, trail, peek)]
        if depth == 1 and double:
            longer = [
                (cost + DROP_PENALTY + step_cost(chars[-1], m), (*chars, m), after)
                for cost, chars, leads in heapq.nsmallest(KEEP, heads, key=lambda h: h[0])
                for m, after in _before_drop(leads)
            ]
            heads = heapq.nsmallest(KEEP, longer, key=lambda h: h[0])
        else:
            break
    return tuple(heapq.nsmallest(KEEP, out, key=lambda o: o[0]))


def swallow_prior(text: str, after: int) -> Callable[[str], float] | None:
    """What is known about the last character of a run whose trail byte swallowed the ASCII
    byte after it, from what follows the run at `after`: at a paragraph's end it ends the
    paragraph; before digits (the swallowed byte was one too) it stands before a number."""
    if after >= len(text) or text[after] == "\n":
        return final_prior
    if text[after].isascii() and text[after].isdigit():
        return digit_prior
    return None


class RunSearch:
    """The search from the `?` at `p` in `text`."""

    def __init__(self, text: str, p: int, doc: Doc) -> None:
        self.text = text
        self.p = p
        self.doc = doc
        self.left = text[p - 1] if p else ""

    def readings(self) -> list[Reading]:
        text, p = self.text, self.p
        paths = [Path(0.0, (), (), ANY_LEAD, ())]
        found: list[Reading] = []
        k = p + 1
        shown = step_cost(self.left, "?")  # the text as it stands, up to k
        while paths and k < len(text) and k - p <= MAX_RUN:
            if paths[0].cost - shown > ABANDON:  # it reads fine as it is: a real question mark
                break
            shown += step_cost(text[k - 1], text[k])
            found += self._endings(k, paths)
            token = char_bytes(text[k])
            if token is None:
                break
            grown: list[Path] = []
            x, y = token
            for rank, path in enumerate(paths):
                grown += self._shown(path, token)
                if rank < DROP_FROM:
                    peek = self._peek(k, y)
                    grown += [replace(p, lead=y) for p, _ in self._dropped(path, x, peek, k)]
            paths = self._prune(grown, k + 1)
            k += 1
        return found

    # -- steps ---------------------------------------------------------------------------------

    def _prev(self, path: Path) -> str:
        return path.chars[-1] if path.chars else self.left

    def _inferred_cost(self, path: Path, ch: str) -> float:
        """Priors of a character no shown pair names: the script of the text, and punctuation
        for the character whose lead byte was lost."""
        return self.doc.script_cost(ch) + (0.0 if path.chars else lead_prior(ch))

    def _shown(self, path: Path, token: tuple[int, int]) -> list[Path]:
        x, y = token
        prev = self._prev(path)
        if isinstance(path.lead, int):
            ch = pair_char(path.lead, x)
            if ch is None:
                return []
            return [Path(path.cost + self.doc.step(prev, ch), (*path.chars, ch), path.inferred, y, path.drops)]
        at = len(path.chars)
        scored = [(path.cost + self.doc.step(prev, ch) + self._inferred_cost(path, ch), ch) for ch in _named(path.lead, x)]
        return [
            Path(cost, (*path.chars, ch), (*path.inferred, at), y, path.drops)
            for cost, ch in heapq.nsmallest(2 * BEAM, scored)
        ]

    def _peek(self, k: int, lead: int) -> str:
        """The character after the shown one at k, when no drop follows it."""
        if k + 1 >= len(self.text):
            return ""
        token = char_bytes(self.text[k + 1])
        return (pair_char(lead, token[0]) or "") if token else ""

    def _worth_two_drops(self, path: Path, trail: int) -> bool:
        """Two dropped pairs in a row are tried where the reading without a drop is invalid, is
        not a Han character (a drop after `，` = A3 AC leaves A3 to pair with the next byte: a
        fullwidth form); and right after the lost lead byte."""
        if not isinstance(path.lead, int):
            return True
        ch = pair_char(path.lead, trail)
        return ch is None or not is_han(ch)

    def _dropped(self, path: Path, trail: int | None, peek: str, k: int) -> list[tuple[Path, str]]:
        """Readings with dropped pairs before the shown character at k (its first byte `trail`),
        each with its last character, whose trail byte is `trail`."""
        if not isinstance(path.lead, int) and path.chars:
            return []
        prev = self._prev(path)
        at = len(path.chars)
        out = []
        double = trail is not None and self._worth_two_drops(path, trail)
        for _, chars in drop_readings(prev, path.lead, trail, peek, double):
            cost = path.cost + sum(map(self.doc.step, (prev, *chars[:-1]), chars))
            cost += sum(map(self.doc.script_cost, chars))
            if not path.chars:
                cost += lead_prior(chars[0])
            drops = (*path.drops, *[k] * (len(chars) - 1))
            cost += drop_penalty(drops, self.p + 1) - drop_penalty(path.drops, self.p + 1)
            inferred = (*path.inferred, *range(at, at + len(chars)))
            grown = Path(cost, (*path.chars, *chars), inferred, path.lead, drops)
            out.append((grown, chars[-1]))
        return out

    def _prune(self, paths: list[Path], k: int) -> list[Path]:
        """The best partial readings, judged with the character that must follow each."""

        def key(path: Path) -> float:
            if not isinstance(path.lead, int) or not path.chars:
                return path.cost
            peek = self._peek(k - 1, path.lead)
            return path.cost + (step_cost(path.chars[-1], peek) if peek else 0.0)

        return heapq.nsmallest(BEAM, paths, key=key)

    # -- endings -------------------------------------------------------------------------------

    def _endings(self, k: int, paths: list[Path]) -> list[Reading]:
        ch = self.text[k]
        if "\x40" <= ch <= "\x7e":  # an ASCII trail byte: decoding re-synchronized after it
            return self._resync(k, paths, ord(ch))
        if ch == "?":
            return self._swallow(k, paths)
        return []

    def _resync(self, k: int, paths: list[Path], trail: int) -> list[Reading]:
        found = NOTE_AFTER.match(self.text, k + 1)
        note = found.group("note") if found else ""
        out = []
        for rank, path in enumerate(paths):
            if rank < DROP_FROM:
                after = self.text[k + 1 : k + 2]
                for grown, last in self._dropped(path, trail, "" if after.isascii() else after, k):
                    named = bool(note) and is_reading(last, note)
                    out.append(Reading(grown.chars, grown.inferred, k + 1, False, grown.drops, grown.cost, named))
            prev = self._prev(path)
            at = len(path.chars)
            known = isinstance(path.lead, int)
            options = _named(path.lead, trail)
            if note and not known:
                options = tuple(o for o in options if is_reading(o, note)) or options
            for ch in options:
                cost = path.cost + self.doc.step(prev, ch) + (0.0 if known else self._inferred_cost(path, ch))
                inferred = path.inferred if known else (*path.inferred, at)
                named = bool(note) and is_reading(ch, note)
                out.append(Reading((*path.chars, ch), inferred, k + 1, False, path.drops, cost, named))
        return heapq.nsmallest(BEAM, out, key=lambda r: r.cost)

    def _swallow(self, k: int, paths: list[Path]) -> list[Reading]:
        prior = swallow_prior(self.text, k + 1)
        out = []
        for rank, path in enumerate(paths):
            if rank < DROP_FROM and isinstance(path.lead, int):
                for grown, last in self._dropped(path, None, END if prior is final_prior else "", k):
                    cost = grown.cost + (prior(last) if prior else 0.0)
                    out.append(Reading(grown.chars, grown.inferred, k + 1, True, grown.drops, cost))
            prev = self._prev(path)
            at = len(path.chars)
            scored = [
                (path.cost + self.doc.step(prev, ch) + self._inferred_cost(path, ch) + (prior(ch) if prior else 0.0), ch)
                for ch in _high(path.lead)
            ]
            for cost, ch in heapq.nsmallest(KEEP, scored):
                out.append(Reading((*path.chars, ch), (*path.inferred, at), k + 1, True, path.drops, cost))
        return heapq.nsmallest(BEAM, out, key=lambda r: r.cost)


__all__ = ["MAX_RUN", "Reading", "RunSearch"]
