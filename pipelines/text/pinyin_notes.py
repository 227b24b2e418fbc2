"""Pinyin notes glued to characters by content farms: `醫(yī)` -> `醫`.

A note is removed only when it is a valid reading of the character just before it (pypinyin,
heteronyms included), so real parentheticals such as `(相關資料圖)` or `(记者 张三)` stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_NOTE = re.compile(rf"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（](?P<note>[{PINYIN_LETTERS}]{{1,7}})[)）]")


# a note right at a position, for callers that know which character it belongs to
NOTE_AFTER = re.compile(rf"[(（](?P<note>[{PINYIN_LETTERS}]{{1,7}})[)）]")


def _plain(syllable: str) -> str:
    """Tone marks off, ü as v: compares `lǜ` with `lv` and `lü`."""
    s = syllable.lower().replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=20_000)
def readings(han: str) -> frozenset[str]:
    """All readings of one character, with and without tone marks."""
    # imported here: pypinyin's dictionaries take half a second to load, and most texts have no note
    from pypinyin import Style, pinyin

    out: set[str] = set()
    for style in (Style.TONE, Style.NORMAL):
        for group in pinyin(han, style=style, heteronym=True, errors="ignore"):
            out.update(r.lower().replace("ü", "v") for r in group)
    return frozenset(out)


def is_reading(han: str, note: str) -> bool:
    found = readings(han)
    n = note.lower().replace("ü", "v")
    if any(c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ" for c in note.lower()):
        return n in found  # a toned note must match with its tone
    return _plain(n) in found


def remove_pinyin_notes(text: str) -> tuple[str, int]:
    count = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal count
        if is_reading(m.group("han"), m.group("note")):
            count += 1
            return m.group("han")
        return m.group(0)

    return _NOTE.sub(drop, text), count
