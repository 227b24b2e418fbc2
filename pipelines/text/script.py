"""Chinese script: which one a text is written in, and conversion with OpenCC at phrase level.

The source variant is picked from evidence: Taiwan forms (裡, 著 …) want tw2s, Hong Kong forms
(衞, 綫 …) want hk2s, other Traditional text t2s. The variant form lists come from OpenCC itself
(see bench/text/build_char_model.py).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import opencc

from pipelines.text.charclass import char_class
from pipelines.text.plausibility import HAN_CLASS, TABLES_FILE, char_model, is_han, script_tables

_HAN = re.compile(f"[{HAN_CLASS}\U00020000-\U00031fff]")

SCRIPTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
# (source script, target script) -> OpenCC configurations applied in order.
_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("zh-Hant", "zh-Hans"): ("t2s",),
    ("zh-TW", "zh-Hans"): ("tw2s",),
    ("zh-HK", "zh-Hans"): ("hk2s",),
    ("zh-Hans", "zh-Hant"): ("s2t",),
    ("zh-TW", "zh-Hant"): ("tw2t",),
    ("zh-HK", "zh-Hant"): ("hk2t",),
    ("zh-Hans", "zh-TW"): ("s2tw",),
    ("zh-Hant", "zh-TW"): ("t2tw",),
    ("zh-HK", "zh-TW"): ("hk2t", "t2tw"),
    ("zh-Hans", "zh-HK"): ("s2hk",),
    ("zh-Hant", "zh-HK"): ("t2hk",),
    ("zh-TW", "zh-HK"): ("tw2t", "t2hk"),
}


@lru_cache(maxsize=16)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_TRADITIONAL, _TAIWAN, _HONG_KONG, _SIMPLIFIED = 1, 2, 4, 8


# Texts at least this long are counted with numpy (a fixed ~6 µs; the regex way costs ~7 µs
# per 100 characters of Chinese text).
_LONG_TEXT = 40


def detect_script(text: str) -> str:
    """'zh-Hans', 'zh-Hant', 'zh-TW', 'zh-HK', or 'und' when there is no Han character."""
    if not _HAN.search(text):
        return "und"
    if len(text) >= _LONG_TEXT:
        # Per code point its evidence bits (a table lookup), then how many code points carry
        # each of the 16 combinations of bits, then the four tallies from those.
        table, tallies = _evidence_table()
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        counts = np.bincount(table.take(points, mode="clip"), minlength=16)
        traditional, simplified, tw, hk = (tallies @ counts).tolist()
    else:
        # One pass in C over the text picks the characters that tell scripts apart; then each
        # distinct one adds its evidence bits.
        evidence = _evidence()
        traditional = tw = hk = simplified = 0
        for ch, n in Counter(_evidence_chars().findall(text)).items():
            bits = evidence[ch]
            traditional += n if bits & _TRADITIONAL else 0
            tw += n if bits & _TAIWAN else 0
            hk += n if _is_hong_kong(bits) else 0
            simplified += n if bits & _SIMPLIFIED else 0
    if traditional <= simplified:
        return "zh-Hans"
    if hk > tw:
        return "zh-HK"
    if tw > 0:
        return "zh-TW"
    return "zh-Hant"


@lru_cache(maxsize=1)
def _evidence() -> dict[str, int]:
    """Han characters that tell a script apart, with what they tell: read from the shipped
    tables (a few ms), not derived from the character model and OpenCC (~220 ms of every
    crawl's start-up). tests/text keep them equal to :func:`compute_evidence`."""
    return {ch: int(bits) for bits, chars in script_tables()["evidence"].items() for ch in chars}


def char_script(ch: str) -> str | None:
    """'zh-Hant' for a Traditional form, 'zh-Hans' for a form only Simplified text uses, None
    for a character both scripts write alike."""
    bits = _evidence().get(ch, 0)
    return "zh-Hant" if bits & _TRADITIONAL else "zh-Hans" if bits & _SIMPLIFIED else None


def _is_hong_kong(bits: int) -> bool:
    return bool(bits & _HONG_KONG and not bits & _TAIWAN)


@lru_cache(maxsize=1)
def _evidence_table() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """The evidence bits of every code point below the table's end (the last entry, which
    code points past it are clipped to, has none), and the 4 × 16 matrix that turns counts of
    each combination of bits into the traditional, simplified, Taiwan and Hong Kong tallies."""
    evidence = _evidence()
    table = np.zeros(max(map(ord, evidence)) + 2, dtype=np.uint8)
    table[np.fromiter(map(ord, evidence), dtype=np.int64)] = np.fromiter(evidence.values(), dtype=np.uint8)
    tallies = np.array([[bool(bits & _TRADITIONAL) for bits in range(16)],
                        [bool(bits & _SIMPLIFIED) for bits in range(16)],
                        [bool(bits & _TAIWAN) for bits in range(16)],
                        [_is_hong_kong(bits) for bits in range(16)]], dtype=np.int64)
    return table, tallies


@lru_cache(maxsize=1)
def _evidence_chars() -> re.Pattern[str]:
    return re.compile(f"[{char_class(set(_evidence()))}]")


def compute_evidence() -> dict[str, int]:
    """The evidence table from its sources: the character model's Traditional and variant
    forms, and the characters OpenCC s2t changes."""
    model = char_model()
    out: dict[str, int] = {}
    for ch in (*model.t2s, *model.tw_forms, *model.hk_forms):
        if is_han(ch):
            out[ch] = _TRADITIONAL
    for ch in model.tw_forms:
        out[ch] |= _TAIWAN
    for ch in model.hk_forms:
        out[ch] |= _HONG_KONG
    for ch in _simplified_only():
        out[ch] = out.get(ch, 0) | _SIMPLIFIED
    return out


def tables_json() -> str:
    """The shipped tables from their sources: the evidence (bits -> the characters with those
    bits), the character model's one-character Traditional -> Simplified pairs and its place
    names."""
    by_bits: dict[str, list[str]] = {}
    for ch, bits in sorted(compute_evidence().items()):
        by_bits.setdefault(str(bits), []).append(ch)
    pairs = sorted((a, b) for a, b in char_model().t2s.items() if len(a) == 1 and len(b) == 1)
    tables = {"evidence": {bits: "".join(chars) for bits, chars in sorted(by_bits.items())},
              "t2s": "".join(a + b for a, b in pairs), "places": "\n".join(sorted(char_model().places))}
    return json.dumps(tables, ensure_ascii=False, indent=0) + "\n"


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """Characters that only Simplified text uses: those that OpenCC s2t changes on their own."""
    chars = "".join(chr(c) for c in range(0x4E00, 0xA000))
    converted = converter("s2t").convert(chars)
    if len(converted) != len(chars):  # pragma: no cover - OpenCC maps one char to one char
        return frozenset()
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


def convert_script(text: str, source: str, target: str) -> str:
    if source == "und" or target not in SCRIPTS:
        return text
    if source == target:
        return text
    for config in _ROUTES.get((source, target), ()):
        text = converter(config).convert(text)
    return text


def to_simplified(text: str) -> str:
    """Any Chinese script -> Simplified, for dedupe and search keys."""
    try:
        return convert_script(text, detect_script(text), "zh-Hans")
    except Exception:  # pragma: no cover - keys must always be computable
        return text


if __name__ == "__main__":  # python -m pipelines.text.script: rewrite the shipped tables
    from pathlib import Path

    target = Path(__file__).parent / TABLES_FILE
    target.write_text(tables_json(), encoding="utf-8")
    print(f"wrote {target}")
