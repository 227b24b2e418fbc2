"""Search terms for Chinese text: what the query index stores and what a query asks it for.

SQLite's own tokenizers cannot find CJK words of one or two characters, and full-text tables
that store positions are far too slow to fill with a million articles, so the index keeps its
own postings (see :mod:`query.postings`) of integer terms, without positions:

- every Han character of an article is a term (its code point): one-character queries,
- every pair of adjacent Han characters is a term (``c1 << 21 | c2``): two-character words,
- a longer word is the AND of its bigrams, verified against the stored text (bigrams alone
  would also match ``地铁十号`` in ``地铁十九号线``…``铁十``…``十号``),
- a run of other letters or digits (``5g``, ``2024``) is one hashed term,
- site, source and author are hashed facet terms, so filters are postings too,
- a term found in the title is stored a second time with :data:`TITLE` set, for ranking.

Both sides are converted to Simplified and lower-cased first, so a query typed in Traditional
finds the text whatever script it was archived in. The Han terms of a whole batch of articles
are computed at once with numpy (a million articles must index in about a minute).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from pipelines.text import to_simplified

U64 = npt.NDArray[np.uint64]
# Han ideographs (Extension A, BMP, compatibility, supplementary planes) and the Japanese kana
# that turn up in Chinese text as words of their own.
HAN_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_HAN = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES)
_RUN = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")

WORD_SPACE = 1 << 43  # hashed terms live above every bigram (< 2**42)
FACET_SPACE = 2 << 43
TITLE = 1 << 46  # the same term, seen in the title
_HASH_BITS = (1 << 40) - 1
DOC_BITS = 16  # a term key is term << 16 | document within its segment (segments <= 65536)


def simplified(text: str, script: str | None = None) -> str:
    """The text in Simplified characters; skips the conversion for text already in zh-Hans."""
    return text if script == "zh-Hans" else to_simplified(text)


def normalized(text: str, script: str | None = None) -> str:
    """What is indexed and verified against: Simplified, lower case."""
    return simplified(text, script).lower()


_MULTIPLIER = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_INVERSE = pow(_MULTIPLIER, -1, 1 << 64)
_MASK64 = (1 << 64) - 1
_FINISH = 0xD6E8FEB86659FD93


def _hashed(space: int, value: str) -> int:
    """``space`` | 40 bits of the polynomial hash of the code points (the same sum that
    :func:`term_keys` computes for a whole batch at once with numpy)."""
    h, power = 0, 1
    for ch in value:
        h = (h + ord(ch) * power) & _MASK64
        power = (power * _MULTIPLIER) & _MASK64
    h = ((h ^ (h >> 32)) * _FINISH) & _MASK64  # mix, so short words differ in every bit
    return space | ((h ^ (h >> 32)) & _HASH_BITS)


def word_term(word: str) -> int:
    return _hashed(WORD_SPACE, word)


@lru_cache(maxsize=65536)  # sites, sources and authors repeat from article to article
def facet_term(kind: str, value: str) -> int:
    """The term of a filter value: ``facet_term("site", "leshan")``."""
    return _hashed(FACET_SPACE, f"{kind}\x1f{value}")


def bigram(a: str, b: str) -> int:
    return (ord(a) << 21) | ord(b)


def _classes() -> npt.NDArray[np.uint8]:
    """Per BMP code point: 1 Han, 2 letter or digit of a word, 0 anything else."""
    table = np.zeros(0x10000, dtype=np.uint8)
    table[[c for c in range(0x10000) if chr(c).isalnum()]] = 2
    for lo, hi in HAN_RANGES:
        table[lo:min(hi, 0xFFFF) + 1] = 1
    table[ord("_")] = 0
    return table


def _lower_table() -> npt.NDArray[np.uint32]:
    """Per BMP code point: its lower-case form (where that is one character)."""
    table = np.arange(0x10000, dtype=np.uint32)
    for c in range(0x10000):
        lower = chr(c).lower()
        if len(lower) == 1 and lower != chr(c):
            table[c] = ord(lower)
    return table


_CLASS = _classes()
_LOWER = _lower_table()
_U64 = np.uint64


def term_keys(texts: list[str], flag: int = 0) -> U64:
    """``term << 16 | i`` for every Han character, pair of adjacent Han characters and run of
    letters or digits of ``texts[i]`` (repeats included; texts already in Simplified, lower-cased
    here; at most 65536 texts). Numpy over slices of 1,024 texts: arrays of a few MB stay in
    cache, which makes it nearly twice as fast as one pass over 65,536 texts."""
    parts = [_slice_keys(texts[start:start + _SLICE], flag) + _U64(start) for start in range(0, len(texts), _SLICE)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


_SLICE = 1024


def _slice_keys(texts: list[str], flag: int) -> U64:
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    joined = "\n".join(texts)  # the separator breaks runs between articles
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cp = np.where(cp < 0x10000, _LOWER[cp & 0xFFFF], cp)  # str.lower, without a pass of Python
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.uint16), lengths)[: cp.size]
    kind = _CLASS[cp & 0xFFFF]
    kind[cp > 0xFFFF] = 0
    kind[(cp >= 0x20000) & (cp <= 0x3134F)] = 1
    is_han = kind == 1
    wide = cp.astype(np.uint64)
    unigrams = wide[is_han]
    unigrams |= _U64(flag)
    unigrams <<= _U64(DOC_BITS)
    unigrams |= doc[is_han]
    pair = is_han[:-1] & is_han[1:]
    bigrams = wide[:-1][pair]
    bigrams <<= _U64(21)
    bigrams |= cp[1:][pair]
    bigrams |= _U64(flag)
    bigrams <<= _U64(DOC_BITS)
    bigrams |= doc[:-1][pair]
    return np.concatenate((unigrams, bigrams, _word_keys(cp, kind == 2, doc, flag)))


def _word_keys(cp: npt.NDArray[np.uint32], word: npt.NDArray[np.bool_], doc: npt.NDArray[np.uint16],
               flag: int) -> U64:
    """The keys of the runs of ``word`` characters: the polynomial hash of each run, from
    prefix sums (modulo 2**64, undone with the multiplier's inverse)."""
    positions = np.flatnonzero(word)
    if positions.size == 0:
        return np.zeros(0, dtype=np.uint64)
    # Work on the word characters only (a few percent of a Chinese text).
    first = np.concatenate(([True], np.diff(positions) != 1))
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], positions.size)
    chars = cp[positions].astype(np.uint64)
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(chars.size, _MULTIPLIER, dtype=np.uint64)) * _U64(_INVERSE)  # B**i
        prefix = np.concatenate(([_U64(0)], np.cumsum(chars * powers, dtype=np.uint64)))
        inverse = np.cumprod(np.full(chars.size, _INVERSE, dtype=np.uint64)) * _U64(_MULTIPLIER)  # B**-i
        hashes = (prefix[ends] - prefix[starts]) * inverse[starts]
        hashes = (hashes ^ (hashes >> _U64(32))) * _U64(_FINISH)
    terms = _U64(WORD_SPACE | flag) | ((hashes ^ (hashes >> _U64(32))) & _U64(_HASH_BITS))
    return (terms << _U64(16)) | doc[positions[starts]]


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: the terms that must all be present, and whether a hit must be
    checked against the stored text (words of three or more Han characters)."""

    text: str
    terms: tuple[int, ...]
    verify: bool


def query_words(query: str) -> list[QueryWord]:
    """The words of a user's query (all must match); empty if it has no searchable character."""
    words: list[QueryWord] = []
    for han, other in _RUN.findall(normalized(query)):
        if other:
            words.append(QueryWord(other, (word_term(other),), False))
        elif len(han) == 1:
            words.append(QueryWord(han, (ord(han),), False))
        else:
            terms = tuple(dict.fromkeys(bigram(a, b) for a, b in zip(han, han[1:], strict=False)))
            words.append(QueryWord(han, terms, len(han) > 2))
    return words
