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
    text = to_simplified(unicodedata.normalize("NFKC", text))
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


def shingle_hashes(text_simplified: str, n: int) -> set[int]:
    """The set of 32-bit hashes of the character ``n``-grams of :func:`shingle_text`.

    32 bits keep the stored sketches small; collisions among the few thousand shingles of an
    article are negligible. The hash is rensa's, stable across processes and runs.
    """
    chars = shingle_text(text_simplified)
    grams = [chars[i : i + n] for i in range(len(chars) - n + 1)] or ([chars] if chars else [])
    if not grams:
        return set()
    (hashes,) = rensa.RMinHash.hash_token_sets([grams])
    return {h >> 32 for h in hashes}
