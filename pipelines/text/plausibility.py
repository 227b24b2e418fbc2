"""How plausible a piece of Chinese text is: the evidence behind every repair and decode decision.

A character bigram model of Simplified Chinese (built by bench/text/build_char_model.py from the
jieba dictionary's word frequencies) gives each character a cost in nats; Traditional characters
are mapped to Simplified first, so one model judges both scripts. Non-Han characters get fixed
class costs, so that mojibake (rare Han, Latin-1 letters, private-use, stray ASCII) costs more
than real text. Dictionary words of 2-4 characters (also from jieba) give word-level evidence.

Costs are looked up per (previous, current) character pair through one cache: repairs score
the same few thousand pairs again and again, and clean text never reaches this module.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

BIGRAM_WEIGHT = 0.7
UNKNOWN_HAN_COST = 17.0
CJK_PUNCT = frozenset("。，、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕～")
COMMON_ASCII_PUNCT = frozenset(",.:;!?()-%/'\"")
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


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
    words: frozenset[str]  # 2-4 character words (Simplified)
    places: frozenset[str]  # place names (Simplified)

    def words_ending(self, simplified: str) -> int:
        """How many dictionary words of 2-4 characters end at the last character."""
        w = self.words
        return (
            (simplified[-2:] in w)
            + (len(simplified) >= 3 and simplified[-3:] in w)
            + (len(simplified) >= 4 and simplified[-4:] in w)
        )

    def simplify_char(self, ch: str) -> str:
        return self.t2s.get(ch, ch)

    def simplify(self, text: str) -> str:
        """Character-level Traditional -> Simplified (same length), for matching and scoring."""
        return simplify_chars(text)

    def unigram_cost(self, ch: str) -> float:
        n = self.unigram.get(ch)
        if n is None:
            return UNKNOWN_HAN_COST
        return -math.log((n + 0.5) / self.total)

    def cost(self, text: str, prev: str = "") -> float:
        """Total cost of `text` in nats after the character `prev` (lower is more plausible)."""
        return sum(map(pair_cost, chain((prev,), text), text))

    def char_cost(self, prev: str, ch: str) -> float:
        return pair_cost(prev, ch)

    def non_ascii_cost(self, text: str) -> float:
        """Total cost of the non-ASCII characters of `text` (markup is ASCII in every codec)."""
        total = 0.0
        for m in _NON_ASCII_RUN.finditer(text):
            start = m.start()
            total += self.cost(m.group(), text[start - 1] if start else "")
        return total


def pair_costs(prev: str, chars: Iterable[str]) -> float:
    """Cost of a sequence of characters after `prev`."""
    seq = list(chars)
    return sum(map(pair_cost, [prev, *seq[:-1]], seq))


@lru_cache(maxsize=400_000)
def pair_cost(prev: str, ch: str) -> float:
    """Cost of raw character `ch` after raw character `prev` ("" at a start)."""
    model = char_model()
    ch = model.t2s.get(ch, ch)
    prev = model.t2s.get(prev, prev)
    if is_han(ch):
        return _han_cost(model, prev if is_han(prev) else "", ch)
    return _class_cost(prev, ch)


def _han_cost(model: CharModel, prev: str, ch: str) -> float:
    p_uni = math.exp(-model.unigram_cost(ch))
    out = model.outgoing.get(prev) if prev else None
    if not out:
        return -math.log(p_uni)
    p_bi = model.bigram.get(prev + ch, 0) / out
    return -math.log(BIGRAM_WEIGHT * p_bi + (1 - BIGRAM_WEIGHT) * p_uni)


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
        return 10.0 if chr(o - 0xFEE0).isalnum() else 12.0  # fullwidth Latin is rare in news
    if 0xE000 <= o <= 0xF8FF or ch == "\ufffd" or 0x80 <= o < 0xA0:
        return 16.0
    if ch == "\u3000" or ch in "〈〉《》「」『』【】〔〕〖〗":
        return 5.0
    if 0xA0 <= o < 0x250:  # Latin-1 letters and symbols: in Chinese pages, mojibake
        return 11.0
    return 12.0  # symbols, kana, Greek, box drawing: rare in news text, common in mojibake


TABLES_FILE = "data/script_tables.json"


@lru_cache(maxsize=1)
def script_tables() -> dict[str, Any]:
    """The small tables most pages need (script evidence, one-character Traditional ->
    Simplified, place names), shipped apart from the model (written by ``python -m pipelines.text.script``):
    a crawl of clean pages never loads the model itself."""
    raw = resources.files("pipelines.text").joinpath(TABLES_FILE).read_text(encoding="utf-8")
    tables: dict[str, Any] = json.loads(raw)
    return tables


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    pairs: str = script_tables()["t2s"]
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Place names (Simplified), the model's list."""
    return frozenset(script_tables()["places"].split("\n"))


def simplify_chars(text: str) -> str:
    """Character-level Traditional -> Simplified (same length), for matching and scoring."""
    return text.translate(_t2s_table())


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
        places=frozenset(data["places"].split("\n")),
    )
