"""Chinese script: which one a text is written in, and conversion with OpenCC at phrase level.

The source variant is picked from evidence: Taiwan forms (裡, 著 …) want tw2s, Hong Kong forms
(衞, 綫 …) want hk2s, other Traditional text t2s. The variant form lists come from OpenCC itself
(see bench/text/build_char_model.py).
"""

from __future__ import annotations

from functools import lru_cache

import opencc

from pipelines.text.plausibility import char_model, is_han

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


def detect_script(text: str) -> str:
    """'zh-Hans', 'zh-Hant', 'zh-TW', 'zh-HK', or 'und' when there is no Han character."""
    model = char_model()
    han = traditional = tw = hk = 0
    for ch in text:
        if not is_han(ch):
            continue
        han += 1
        if ch in model.tw_forms:
            tw += 1
        elif ch in model.hk_forms:
            hk += 1
        if ch in model.t2s or ch in model.tw_forms or ch in model.hk_forms:
            traditional += 1
    if han == 0:
        return "und"
    simplified = sum(1 for ch in text if is_han(ch) and ch in _simplified_only())
    if traditional <= simplified:
        return "zh-Hans"
    if hk > tw:
        return "zh-HK"
    if tw > 0:
        return "zh-TW"
    return "zh-Hant"


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
