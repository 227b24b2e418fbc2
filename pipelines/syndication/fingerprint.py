"""Text fingerprints: the exact content hash, and the character shingles near-duplicate
detection compares.

Both work on the Simplified form of the cleaned text. The shingle form also drops what
republishers change without changing the story: punctuation width, spacing, and pinyin notes
glued to characters (``医(yī)``) in case the normalization stage left any.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import rensa

_WHITESPACE = re.compile(r"\s+")
# A pinyin note: Latin letters with tone marks in (half- or full-width) brackets after a CJK char.
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
# Kept for shingling: CJK ideographs, Latin letters and digits. Punctuation and spacing vary
# between copies of the same story (full/half width, quotes, line breaks), so they carry noise.
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s, phrase-level); Simplified text passes unchanged."""
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def fold_text(text: str) -> str:
    """The form the content hash is taken of: NFKC, Simplified, whitespace runs folded to one
    space, blank lines dropped."""
    return fold_space(to_simplified(unicodedata.normalize("NFKC", text)))


def fold_space(text: str) -> str:
    """Whitespace runs folded to one space, lines stripped, blank lines dropped."""
    lines = (_WHITESPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of :func:`fold_text`: equal for the same cleaned text on any site."""
    return "sha256:" + hashlib.sha256(fold_text(text).encode("utf-8")).hexdigest()


def shingle_text(text_simplified: str) -> str:
    """The character stream shingles are cut from (see module docstring)."""
    text = unicodedata.normalize("NFKC", text_simplified)
    text = _PINYIN_NOTE.sub("", text).lower()
    return _NOT_WORD.sub("", text)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# Everything that is neither kept for shingling nor a sentence end (see _NOT_WORD).
_NOT_WORD_OR_END = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff。！？!?；;\n]+")
MIN_SENTENCE_CHARS = 5  # shorter pieces (特此通告, datelines) are template, not story


def article_prints(text_simplified: str, n: int) -> tuple[set[int], dict[int, int]]:
    """Both fingerprints of an article in one pass: its 64-bit shingle hashes and its sentence prints, ``{24-bit hash: length}`` of each sentence
    of at least ``MIN_SENTENCE_CHARS`` shingle characters.

    Sentences tell a republished copy from another story written on the same template: copies
    share whole sentences, template stories differ in a place or number in almost every one.
    """
    text = _PINYIN_NOTE.sub("", unicodedata.normalize("NFKC", text_simplified)).lower()
    pieces = _SENTENCE_END.split(_NOT_WORD_OR_END.sub("", text))
    sentences = [s for s in pieces if len(s) >= MIN_SENTENCE_CHARS]
    chars = "".join(sentences) if sentences else "".join(pieces)
    grams = [chars[i : i + n] for i in range(len(chars) - n + 1)] or ([chars] if chars else [])
    gram_hashes, sentence_hashes = rensa.RMinHash.hash_token_sets([grams, sentences])
    prints = {h >> 40: len(s) for h, s in zip(sentence_hashes, sentences, strict=True)}
    return set(gram_hashes), prints


def shingle_hashes(text_simplified: str, n: int) -> set[int]:
    """The set of 64-bit hashes of the character ``n``-grams of the article's sentences (rensa's
    hash, stable across processes and runs)."""
    return article_prints(text_simplified, n)[0]
