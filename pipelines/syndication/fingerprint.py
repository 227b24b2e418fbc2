"""Text fingerprints: the exact content hash, and the character shingles and sentence prints
near-duplicate detection compares.

Both work on the Simplified form of the cleaned text. The shingle form also drops what
republishers change without changing the story: punctuation width, spacing, and pinyin notes
glued to characters (``医(yī)``) in case the normalization stage left any.

Shingles are hashed in one vectorized pass (numpy) instead of one Python string per n-gram: at
about a thousand shingles per article that pass was most of the cost of filing an article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import rensa

U64 = npt.NDArray[np.uint64]

# A pinyin note: Latin letters with tone marks in (half- or full-width) brackets after a CJK char.
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
# Kept for shingling: CJK ideographs, Latin letters and digits. Punctuation and spacing vary
# between copies of the same story (full/half width, quotes, line breaks), so they carry noise.
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


# NFKC maps each full-width ASCII form and the ideographic space to one ASCII character, and
# Chinese text is full of them (，：（）): each sends unicodedata.normalize off its quick check
# into the full normalization, four times slower. Replaced by that character first (what NFKC's
# decomposition gives, so the result is the same), most texts then pass the quick check.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_HALF_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _half_width(match: re.Match[str]) -> str:
    return _HALF_WIDTH[match.group()]


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text."""
    return unicodedata.normalize("NFKC", _FULL_WIDTH.sub(_half_width, text))


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s, phrase-level); Simplified text passes unchanged."""
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def fold_text(text: str) -> str:
    """The form the content hash is taken of: NFKC, Simplified, whitespace runs folded to one
    space, blank lines dropped."""
    return fold_space(to_simplified(nfkc(text)))


def fold_space(text: str) -> str:
    """Whitespace runs folded to one space, lines stripped, blank lines dropped."""
    # str.split() splits on the same (Unicode) whitespace as \s, without a regex per line
    return "\n".join(filter(None, (" ".join(line.split()) for line in text.splitlines())))


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of :func:`fold_text`: equal for the same cleaned text on any site."""
    return "sha256:" + hashlib.sha256(fold_text(text).encode("utf-8")).hexdigest()


def _without_notes(text_simplified: str) -> str:
    text = nfkc(text_simplified)
    # NFKC made full-width brackets half-width; most texts have none, and the look-behind
    # pattern is the slowest step of the normalization when it has to scan
    return _PINYIN_NOTE.sub("", text).lower() if "(" in text else text.lower()


def shingle_text(text_simplified: str) -> str:
    """The character stream shingles are cut from (see module docstring)."""
    return _NOT_WORD.sub("", _without_notes(text_simplified))


_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# Everything that is neither kept for shingling nor a sentence end (see _NOT_WORD).
_NOT_WORD_OR_END = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff。！？!?；;\n]+")
MIN_SENTENCE_CHARS = 5  # shorter pieces (特此通告, datelines) are template, not story
# The sentences of at least MIN_SENTENCE_CHARS between sentence ends (one findall instead of a
# split and a filter).
_SENTENCE = re.compile(r"[^。！？!?；;\n]{" + str(MIN_SENTENCE_CHARS) + ",}")


@dataclass(frozen=True)
class ArticlePrints:
    """Both fingerprints of an article."""

    shingles: U64  # sorted distinct 64-bit hashes of its character n-grams
    sentences: dict[int, int]  # {24-bit print: length} of each sentence of ≥ MIN_SENTENCE_CHARS


def article_prints(text_simplified: str, n: int) -> ArticlePrints:
    """Shingle hashes and sentence prints of an article, from one normalization pass.

    Sentences tell a republished copy from another story written on the same template: copies
    share whole sentences, template stories differ in a place or number in almost every one.
    Shingles are cut from the concatenated sentences, so datelines and other short pieces do
    not count.
    """
    text = _NOT_WORD_OR_END.sub("", _without_notes(text_simplified))
    sentences: list[str] = _SENTENCE.findall(text)
    chars = "".join(sentences) if sentences else "".join(_SENTENCE_END.split(text))
    prints: dict[int, int] = {}
    if sentences:
        (sentence_hashes,) = rensa.RMinHash.hash_token_sets([sentences])
        prints = {h >> 40: len(s) for h, s in zip(sentence_hashes, sentences, strict=True)}
    return ArticlePrints(ngram_hashes(chars, n), prints)


_MULTIPLIER = 0x9E3779B97F4A7C15  # odd: the polynomial hash of an n-gram, mod 2**64


@lru_cache(maxsize=8)
def _powers(n: int) -> U64:
    return np.array([pow(_MULTIPLIER, n - 1 - j, 1 << 64) for j in range(n)], dtype=np.uint64)


_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_MIXERS = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _mix(h: U64, scratch: U64) -> U64:
    # splitmix64's finalizer, in place: the polynomial sum is not uniform in its high bits,
    # and the bottom-k samples and the 32-bit sample form rely on uniform hashes
    h ^= np.right_shift(h, _SHIFTS[0], out=scratch)
    h *= _MIXERS[0]
    h ^= np.right_shift(h, _SHIFTS[1], out=scratch)
    h *= _MIXERS[1]
    h ^= np.right_shift(h, _SHIFTS[2], out=scratch)
    return h


def ngram_hashes(chars: str, n: int) -> U64:
    """Sorted distinct 64-bit hashes of the character ``n``-grams of ``chars`` (one hash of the
    whole string if it is shorter than ``n``, none if it is empty); stable across processes."""
    if not chars:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(codes) < n:  # code point 0 never occurs in text, so the padding makes no real n-gram
        codes = np.concatenate([codes, np.zeros(n - len(codes), dtype=np.uint64)])
    count = len(codes) - n + 1
    powers = _powers(n)
    h = codes[:count] * powers[0]
    term = np.empty_like(h)  # one scratch array: a few µs of allocations less per article
    for j in range(1, n):
        h += np.multiply(codes[j : j + count], powers[j], out=term)
    h = _mix(h, term)
    h.sort()
    distinct = np.empty(count, dtype=bool)
    distinct[0] = True
    np.not_equal(h[1:], h[:-1], out=distinct[1:])
    return h[distinct]


def shingle_hashes(text_simplified: str, n: int) -> set[int]:
    """The set of 64-bit hashes of the character ``n``-grams of the article's sentences."""
    return {int(h) for h in article_prints(text_simplified, n).shingles}
