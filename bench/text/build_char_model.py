"""Builds pipelines/text/data/char_model.json.gz, the plausibility model of repairs.

The model is character unigram and bigram counts of Simplified Chinese, taken from the word
frequencies of the jieba dictionary (a corpus estimate that ships in the jieba wheel), plus the
character-level Traditional -> Simplified map and the Taiwan/Hong Kong variant forms that OpenCC
knows. Bigrams are pruned so that the file stays well under 2 MB.

Run: .venv/bin/python bench/text/build_char_model.py   (needs the dev extra: jieba)
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import jieba
import opencc

OUT = Path(__file__).resolve().parents[2] / "pipelines" / "text" / "data" / "char_model.json.gz"
MIN_WORD = 10  # 2-4 character words: word-level evidence when filling lost bytes
MIN_PLACE = 3  # place names seen at least this often
MIN_BIGRAM = 8  # prune rarer bigrams: they cost more bytes than they add evidence
CJK_RANGES = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]


def is_han(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o < hi for lo, hi in CJK_RANGES)


def dictionary() -> list[list[str]]:
    """jieba's dictionary: word, frequency, part of speech."""
    path = Path(jieba.__file__).with_name("dict.txt")
    return [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines()]


def word_counts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for parts in dictionary():
        if len(parts) >= 2 and parts[1].isdigit():
            counts[parts[0]] += int(parts[1])
    return counts


def place_names(simp: dict[str, str]) -> list[str]:
    """Place names (part of speech ns): a recurring `北京:` on headlines is a dateline, not SEO."""
    places = set()
    for parts in dictionary():
        if len(parts) == 3 and parts[2] == "ns" and int(parts[1]) >= MIN_PLACE and len(parts[0]) >= 2:
            places.add("".join(simp.get(c, c) for c in parts[0]))
    return sorted(p for p in places if all(is_han(c) for c in p))


def char_maps() -> tuple[dict[str, str], str, str]:
    chars = "".join(chr(c) for lo, hi in CJK_RANGES for c in range(lo, hi))
    t2s = opencc.OpenCC("t2s").convert(chars)
    tw = opencc.OpenCC("tw2t").convert(chars)
    hk = opencc.OpenCC("hk2t").convert(chars)
    assert len(t2s) == len(tw) == len(hk) == len(chars)
    simp = {a: b for a, b in zip(chars, t2s, strict=True) if a != b}
    tw_forms = {a for a, b in zip(chars, tw, strict=True) if a != b}
    hk_forms = {a for a, b in zip(chars, hk, strict=True) if a != b}
    return simp, "".join(sorted(tw_forms - hk_forms)), "".join(sorted(hk_forms - tw_forms))


def main() -> int:
    simp, tw_only, hk_only = char_maps()
    unigram: Counter[str] = Counter()
    bigram: Counter[str] = Counter()
    for word, freq in word_counts().items():
        w = "".join(simp.get(c, c) for c in word)
        if not all(is_han(c) for c in w):
            continue
        for c in w:
            unigram[c] += freq
        for a, b in zip(w, w[1:], strict=False):
            bigram[a + b] += freq
    kept = {k: v for k, v in bigram.items() if v >= MIN_BIGRAM}
    words = sorted(
        {"".join(simp.get(c, c) for c in w) for w, f in word_counts().items() if 2 <= len(w) <= 4 and f >= MIN_WORD}
    )
    model = {
        "source": "jieba 0.42.1 dict.txt word frequencies; OpenCC t2s/tw2t/hk2t",
        "unigram": dict(sorted(unigram.items())),
        "bigram": dict(sorted(kept.items())),
        "words": "\n".join(w for w in words if all(is_han(c) for c in w)),
        "places": "\n".join(place_names(simp)),
        "t2s": simp,
        "tw_forms": tw_only,
        "hk_forms": hk_only,
    }
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same inputs give byte-identical output
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {OUT.stat().st_size} bytes, {len(unigram)} chars, {len(kept)} bigrams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
