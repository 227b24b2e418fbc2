"""The query's words marked in titles and snippets, whatever script the text is in.

The index matches Simplified, lower-cased text (:func:`query.terms.normalized`), so marks
are found there too: where conversion keeps the length (character for character, the usual
case), a match in the normalized text marks the same characters of the text as shown, so 醫院
is marked in a Traditional title when the query was 医院. Where it does not, the words are
looked for in the text as it is.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from query.terms import normalized, query_words

SNIPPET = 110  # characters of a snippet
BEFORE = 30  # of them before the first match


def words_of(query: str) -> list[str]:
    """The query's words as the index matches them (Simplified, lower case), longest first."""
    return sorted({w.text for w in query_words(query)} if query.strip() else set(), key=len, reverse=True)


def spans(text: str, words: list[str], script: str | None = None) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``text`` (merged, in order)."""
    if not words or not text:
        return []
    folded = normalized(text, script)
    if len(folded) != len(text):
        folded = text.lower()
    pattern = re.compile("|".join(re.escape(w) for w in words))
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(folded):
        start, end = match.span()
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], max(end, found[-1][1]))
        else:
            found.append((start, end))
    return found


def marked(text: str, words: list[str], script: str | None = None) -> Markup:
    """``text`` escaped, with every occurrence of ``words`` in ``<mark>``."""
    out, at = [], 0
    for start, end in spans(text, words, script):
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:]))
    return Markup("".join(out))


def snippet(text: str, words: list[str], script: str | None = None) -> Markup:
    """About :data:`SNIPPET` characters of ``text`` around its first match, marked."""
    text = " ".join(text.split())
    found = spans(text, words, script)
    start = max(0, found[0][0] - BEFORE) if found else 0
    end = min(len(text), start + SNIPPET)
    piece = marked(text[start:end], words, script)
    return Markup(("…" if start else "") + piece + ("…" if end < len(text) else ""))
