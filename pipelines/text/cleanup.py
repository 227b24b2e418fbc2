"""Character-level cleanup: entities, NUL/control/zero-width characters, indentation, width.

Each function returns the new text and how many things it changed, so the caller can count
repairs. Width and whitespace rules run last: they destroy the evidence byte repairs need.
"""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# C0 controls except tab/newline, DEL, zero-width and bidi marks, BOM, soft hyphen. C1 controls
# are removed later, separately: they are the evidence of Latin-1 mojibake.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_C1 = re.compile("[\x80-\x9f]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_PARA_EDGE_CHARS = " \t\u3000\u00a0"
_NBSP = re.compile("[\u00a0\u2002-\u200a\u202f\u205f]")


def unescape_entities(text: str) -> tuple[str, int]:
    """Resolve HTML entities, also double-escaped ones (`&amp;nbsp;`), to a fixed point."""
    count = 0
    for _ in range(8):
        found = len(_ENTITY.findall(text))
        if not found:
            break
        new = html.unescape(text)
        if new == text:
            break
        count += found
        text = new
    return text, count


def remove_invisible(text: str) -> tuple[str, int]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    new, n = _INVISIBLE.subn("", text)
    return new, n


def remove_c1_controls(text: str) -> tuple[str, int]:
    return _C1.subn("", text)


def tidy_whitespace(text: str) -> tuple[str, int]:
    """Drop paragraph indentation (`\\u3000\\u3000`), trailing blanks and empty lines."""
    text = text.replace("\t", " ")
    text, n_space = _NBSP.subn(" ", text)
    lines = text.split("\n")
    stripped = [line.strip(_PARA_EDGE_CHARS) for line in lines]
    n = sum(1 for a, b in zip(lines, stripped, strict=True) if len(a) != len(b))
    return "\n".join(line for line in stripped if line), n + n_space


def halfwidth_alnum(text: str) -> tuple[str, int]:
    """Fullwidth ASCII letters and digits -> halfwidth; Chinese punctuation stays fullwidth."""
    return _FULLWIDTH_ALNUM.subn(lambda m: chr(ord(m.group()) - 0xFEE0), text)
