"""How plausible a piece of Chinese text is: the evidence behind every repair and decode decision.

A character bigram model of Simplified Chinese (built by bench/text/build_char_model.py from the
jieba dictionary's word frequencies) gives each character a cost in nats; Traditional characters
are mapped to Simplified first, so one model judges both scripts. Non-Han characters get fixed
class costs, so that mojibake (rare Han, Latin-1 letters, private-use, stray ASCII) costs more
than real text.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

BIGRAM_WEIGHT = 0.7
UNKNOWN_HAN_COST = 17.0
CJK_PUNCT = set("。，、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕～")
COMMON_ASCII_PUNCT = set(",.:;!?()-%/'\"")


def is_han(ch: str) -> bool:
    if len(ch) != 1:
        return False
    o = ord(ch)
    return 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0xF900 <= o < 0xFB00 or 0x20000 <= o < 0x32000


@dataclass(frozen=True)
class CharModel:
    unigram: dict[str, int]
    bigram: dict[str, int]
    outgoing: dict[str, int]
    total: int
    t2s: dict[str, str]
    tw_forms: frozenset[str]
    hk_forms: frozenset[str]
    words: frozenset[str]  # 3-4 character words (Simplified)

    def words_ending(self, simplified: str) -> int:
        """How many dictionary words of 3-4 characters end at the last character."""
        return (simplified[-3:] in self.words) + (len(simplified) >= 4 and simplified[-4:] in self.words)

    def simplify_char(self, ch: str) -> str:
        return self.t2s.get(ch, ch)

    def unigram_cost(self, ch: str) -> float:
        n = self.unigram.get(ch)
        if n is None:
            return UNKNOWN_HAN_COST
        return -math.log((n + 0.5) / self.total)

    def han_cost(self, prev: str, ch: str) -> float:
        """Cost of Han `ch` after `prev` (both already Simplified)."""
        return _han_cost(self, prev, ch)

    def cost(self, text: str) -> float:
        """Total cost of `text` in nats (lower is more plausible)."""
        total = 0.0
        prev = ""
        for raw in text:
            ch = self.t2s.get(raw, raw)
            total += self.char_cost(prev, ch)
            prev = ch
        return total

    def char_cost(self, prev: str, ch: str) -> float:
        if is_han(ch):
            return _han_cost(self, prev, ch)
        return _class_cost(prev, ch)

    def non_ascii_cost(self, text: str) -> float:
        """Total cost of the non-ASCII characters of `text` (markup is ASCII in every codec)."""
        total = 0.0
        prev = ""
        for raw in text:
            if raw < "\x80":
                prev = raw
                continue
            ch = self.t2s.get(raw, raw)
            total += self.char_cost(prev, ch)
            prev = ch
        return total


@lru_cache(maxsize=200_000)
def _han_cost_cached(prev: str, ch: str) -> float:
    model = char_model()
    p_uni = math.exp(-model.unigram_cost(ch))
    out = model.outgoing.get(prev) if prev else None
    if not out:
        return -math.log(p_uni)
    p_bi = model.bigram.get(prev + ch, 0) / out
    return -math.log(BIGRAM_WEIGHT * p_bi + (1 - BIGRAM_WEIGHT) * p_uni)


def _han_cost(model: CharModel, prev: str, ch: str) -> float:
    return _han_cost_cached(prev if is_han(prev) else "", ch)


def _class_cost(prev: str, ch: str) -> float:
    if ch in CJK_PUNCT:
        return 3.0
    if ch == "\n":
        return 1.0
    o = ord(ch)
    if o < 0x80:
        if ch.isalnum() or ch == " ":
            return 1.5 if prev and prev < "\x80" else 5.0
        if ch in COMMON_ASCII_PUNCT:
            return 3.5 if not prev or prev < "\x80" else 5.0
        return 7.0
    if 0xFF01 <= o <= 0xFF5E:
        if ch in "！？，：；（）":
            return 3.5
        return 6.0 if chr(o - 0xFEE0).isalnum() else 9.0
    if 0xE000 <= o <= 0xF8FF or ch == "\ufffd" or 0x80 <= o < 0xA0:
        return 16.0
    if 0x3000 <= o < 0x3040:
        return 5.0
    if 0xA0 <= o < 0x250:  # Latin-1 letters and symbols: in Chinese pages, mojibake
        return 11.0
    return 9.0


@lru_cache(maxsize=1)
def char_model() -> CharModel:
    raw = resources.files("pipelines.text").joinpath("data/char_model.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    unigram: dict[str, int] = data["unigram"]
    bigram: dict[str, int] = data["bigram"]
    outgoing: dict[str, int] = {}
    for pair, n in bigram.items():
        outgoing[pair[0]] = outgoing.get(pair[0], 0) + n
    return CharModel(
        unigram=unigram,
        bigram=bigram,
        outgoing=outgoing,
        total=sum(unigram.values()),
        t2s=data["t2s"],
        tw_forms=frozenset(data["tw_forms"]),
        hk_forms=frozenset(data["hk_forms"]),
        words=frozenset(data["words"].split("\n")),
    )
