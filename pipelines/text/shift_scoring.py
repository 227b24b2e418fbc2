"""How well a reading of a shifted GBK run reads: the evidence that the run search and the
repair decision weigh (costs in nats, lower is better).

- the character model (bigrams, plausibility.py) and dictionary words: a Han character outside
  every word of the best segmentation costs extra (男足海口 segments as 男足|海口, 男足迹口 leaves
  迹 alone);
- the rest of the same text (a cache model, as speech recognizers use): a text that says 昌平
  elsewhere makes 昌平 the likely reading of a damaged spot, and its script decides between the
  Simplified and the Traditional form of an inferred character;
- priors for the characters no surviving byte pair names: the farm's decoder lost step mostly at
  punctuation, so the character whose lead byte was lost is punctuation far more often than its
  share of text; a paragraph ends with a full stop or a closing quote, so the character whose
  trail byte was lost at a paragraph's end is one of those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from pipelines.text.plausibility import CJK_PUNCT, char_model, is_han, pair_cost
from pipelines.text.script import char_script, detect_script

GAP = "\ufffd"
GAP_COST = 7.0  # a gap in a repair stands for a real character we cannot name: an average one
LOST_BYTE = "\x00"  # in a reading being scored: the ASCII byte a last trail byte swallowed
LOST_BYTE_COST = 3.0  # ...a digit, a space or the `<` of a tag, mostly
DOC_BONUS = 3.0  # per character pair that the rest of the same text also uses
ORPHAN_COST = 3.0  # per Han character outside every dictionary word (2-4 characters)
WORD_BONUS = 1.5  # per dictionary word in the window
SCRIPT_COST = 2.0
LONE_LETTER_COST = 10.0
DROP_PENALTY = 4.0  # a dropped user-defined pair is a hypothesis, not a free lunch
# ...but less so right after the lost lead byte: the farm's decoder loses step mostly at
# punctuation, and `，` (A3 AC) drops the pair after it whatever character follows
FIRST_DROP_PENALTY = 1.0  # an inferred character in the other script than the text's
# nats: the lost lead byte was a punctuation mark's. The farm's decoder loses step mostly at
# punctuation: if seven runs in ten start at a mark (the seed's two do), the first character is
# a mark about six times as often as in text (ln(0.74/0.12) = 1.8), anything else a third less
# often (ln(0.88/0.26) = 1.2): 3 nats between them.
PUNCT_PRIOR = 3.0
# Punctuation: the character model prices every mark alike (3 nats), so a reading full of rare
# marks (`—】`) reads as well as one with `，`. Here a mark costs its share of text: about one
# character in eight is a mark, and these are rough shares of the marks in Chinese news text; a
# mark not listed is rare.
PUNCT_TEXT_SHARE = 0.12
PUNCT_SHARE = {"，": 0.45, "。": 0.22, "、": 0.08, "“": 0.05, "”": 0.05, "：": 0.04, "（": 0.02, "）": 0.02,
               "《": 0.015, "》": 0.015, "；": 0.01, "？": 0.005, "！": 0.005, "—": 0.004, "·": 0.003, "…": 0.002}
RARE_PUNCT_SHARE = 0.0005
# What ends a paragraph: shares of the last characters of news paragraphs; anything else (a
# Han character, in a caption or a headline) is this much less likely there than elsewhere.
FINAL_SHARE = {"。": 0.8, "”": 0.08, "」": 0.02, "！": 0.02, "？": 0.02, "）": 0.02, "…": 0.01, "：": 0.01}
FINAL_OTHER = 4.5
# What stands right before a number (Arabic digits) in news text: rough shares of the characters
# before one (dates, quantities after a verb or a preposition, list marks). The character whose
# trail byte swallowed the ASCII byte after it, when digits follow, was mostly one of these; the
# rest of the text's characters share what is left.
DIGIT_BEFORE_SHARE = {
    "，": 0.10, "、": 0.04, "（": 0.02, "：": 0.03, "年": 0.07, "月": 0.04, "日": 0.01, "的": 0.06,
    "了": 0.05, "共": 0.03, "达": 0.03, "约": 0.03, "近": 0.02, "过": 0.02, "超": 0.01, "有": 0.02,
    "为": 0.03, "第": 0.04, "至": 0.03, "到": 0.03, "于": 0.02, "等": 0.01, "和": 0.01, "比": 0.01,
    "占": 0.01, "长": 0.01, "计": 0.01, "每": 0.01, "仅": 0.01, "在": 0.01, "是": 0.01, "增": 0.005,
    "降": 0.005, "号": 0.005, "逾": 0.005, "余": 0.005, "及": 0.005, "与": 0.005, "从": 0.005,
    "前": 0.005, "后": 0.005, "期": 0.005,
}
DIGIT_BEFORE_MAX = 4.0  # nats: the most a character gains from a number after it
# marks that end a clause: two in a row do not occur (a closing quote or bracket between them does)
CLAUSE_MARKS = frozenset("，。、；：,;:")
PUNCT_PAIR_COST = 6.0


def punct_cost(ch: str) -> float:
    """Cost of a CJK punctuation mark anywhere in text."""
    return -math.log(PUNCT_TEXT_SHARE * PUNCT_SHARE.get(ch, RARE_PUNCT_SHARE))


@lru_cache(maxsize=400_000)
def step_cost(prev: str, ch: str) -> float:
    """The cost of `ch` after `prev`: the character model's, with punctuation priced by its
    share of text and two clause marks in a row priced as the rarity they are."""
    if ch in CJK_PUNCT:
        return punct_cost(ch) + (PUNCT_PAIR_COST if prev in CLAUSE_MARKS and ch in CLAUSE_MARKS else 0.0)
    return pair_cost(prev, ch)


def drop_penalty(drops: tuple[int, ...], first: int) -> float:
    """What the dropped pairs of a reading cost; `first` is the text index where a drop right
    after the lost lead byte is recorded."""
    if not drops:
        return 0.0
    return DROP_PENALTY * len(drops) - (DROP_PENALTY - FIRST_DROP_PENALTY) * (drops[0] == first)


def lead_prior(ch: str) -> float:
    """Cost (negative: a bonus) of `ch` as the character whose lead byte was lost."""
    return -PUNCT_PRIOR if ch in CJK_PUNCT else 0.0


def final_prior(ch: str) -> float:
    """Cost of `ch` as the last character of a paragraph, over its cost anywhere."""
    share = FINAL_SHARE.get(ch)
    if share is None:
        return FINAL_OTHER
    return -math.log(share) - punct_cost(ch)


def _text_share(ch: str) -> float:
    """The share of `ch` in text as the character model sees it."""
    if ch in CJK_PUNCT:
        return math.exp(-punct_cost(ch))
    return math.exp(-char_model().unigram_cost(ch))


@lru_cache(maxsize=1)
def _digit_other() -> float:
    """Cost of a character not in DIGIT_BEFORE_SHARE before a number, over its cost anywhere."""
    listed = sum(map(_text_share, DIGIT_BEFORE_SHARE))
    return -math.log((1.0 - sum(DIGIT_BEFORE_SHARE.values())) / (1.0 - listed))


@lru_cache(maxsize=65_536)
def digit_prior(ch: str) -> float:
    """Cost of `ch` as the character right before a number, over its cost anywhere."""
    share = DIGIT_BEFORE_SHARE.get(char_model().simplify_char(ch))
    if share is None:
        return _digit_other()
    return max(-DIGIT_BEFORE_MAX, -math.log(share / _text_share(char_model().simplify_char(ch))))


def context(text: str) -> str:
    """The last characters of `text`, Simplified, as word context."""
    return char_model().simplify(text[-3:])


def lone_letter(prev: str, ch: str, nxt: str) -> bool:
    """A lowercase Latin letter alone between non-Latin characters: in Chinese text it is a
    trail byte shown as ASCII far more often than a word (`?p溪鄉` for `，雙溪鄉`)."""
    return "a" <= ch <= "z" and not (prev.isascii() and prev.isalnum()) and not (nxt.isascii() and nxt.isalnum())


def reading_cost(left: str, chars: list[str] | str) -> float:
    """Cost of `chars` after `left`: character bigrams, plus a charge for every Han character
    that no dictionary word covers in the best segmentation, less a bonus per word."""
    total = 0.0
    prev = left[-1:]
    for i, ch in enumerate(chars):
        if ch == LOST_BYTE:  # an ASCII byte: what follows it is priced as after ASCII
            total += LOST_BYTE_COST
            prev = "0"
            continue
        total += GAP_COST if ch == GAP else step_cost(prev, ch)
        if ch.isascii() and lone_letter(prev, ch, chars[i + 1] if i + 1 < len(chars) else ""):
            total += LONE_LETTER_COST
        prev = ch
    s = context(left) + char_model().simplify("".join(chars).replace(LOST_BYTE, ""))
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


@dataclass(frozen=True)
class Doc:
    """What the whole text tells about a damaged spot in it."""

    pairs: frozenset[str]  # character pairs of the text (Simplified)
    traditional: bool | None  # the text's script: None when it has no Han character

    @classmethod
    def of(cls, text: str) -> Doc:
        s = char_model().simplify(text)
        script = detect_script(text)
        return cls(frozenset(map(str.__add__, s, s[1:])), None if script == "und" else script != "zh-Hans")

    def bonus(self, prev: str, chars: list[str] | tuple[str, ...]) -> float:
        """Bonus for the pairs of `chars` (after the character `prev`) that the text also uses."""
        s = char_model().simplify(prev[-1:] + "".join(chars))
        return DOC_BONUS * sum(1 for i in range(len(s) - 1) if s[i : i + 2] in self.pairs)

    def script_cost(self, ch: str) -> float:
        """An inferred character written in the other script than the text's."""
        if self.traditional is None:
            return 0.0
        script = char_script(ch)
        return SCRIPT_COST if script and (script == "zh-Hant") != self.traditional else 0.0

    def step(self, prev: str, ch: str) -> float:
        """Search cost of `ch` after `prev`: its bigram, less the text's own evidence."""
        s = char_model().simplify(prev + ch)
        return step_cost(prev, ch) - (DOC_BONUS if len(s) == 2 and s in self.pairs else 0.0)


__all__ = [
    "DROP_PENALTY",
    "GAP",
    "LOST_BYTE",
    "Doc",
    "context",
    "digit_prior",
    "drop_penalty",
    "final_prior",
    "lead_prior",
    "reading_cost",
    "step_cost",
]
