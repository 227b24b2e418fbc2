"""Search terms for Chinese text: what the query index stores and what a query asks it for.

SQLite's own tokenizers cannot find CJK words of one or two characters (the trigram tokenizer
needs three, unicode61 takes a whole run of Han characters as one word), so the index gets the
text already cut into terms: every Han character position starts one term, the bigram of it and
the next character, and the last character of a run stands alone. Then

- a word of two characters is one term (``新闻``),
- a longer word is the phrase of its bigrams (``新闻中心`` = ``"新闻 闻中 中心"``, which the
  bigram positions make an exact substring match),
- one character is a prefix query (``新*`` finds every bigram starting with it and the lone
  last character of a run) — so every occurrence is found with one term per character indexed.

Both sides are converted to Simplified first, so a query typed in Traditional finds the text
whatever script it was archived in. Latin words and numbers are kept whole, lower-cased.
"""

from __future__ import annotations

import re
from operator import add

from pipelines.text import to_simplified

# Han ideographs (BMP, Extension A, compatibility, and the supplementary planes) and the
# Japanese kana that turn up in Chinese text as words of their own.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\U00020000-\U0003134f"
_RUN = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")


def simplified(text: str, script: str | None = None) -> str:
    """The text in Simplified characters; skips the conversion for text already in zh-Hans."""
    if script == "zh-Hans":
        return text
    return to_simplified(text)


def _han_terms(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(map(add, run, run[1:])) + " " + run[-1]


def index_terms(text: str, script: str | None = None) -> str:
    """The text as a space-separated term string for the full-text table."""
    parts: list[str] = []
    for han, other in _RUN.findall(simplified(text, script).lower()):
        parts.append(_han_terms(han) if han else other)
    return " ".join(parts)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query: every word must occur (AND).

    Returns None when the query has no searchable character at all.
    """
    clauses: list[str] = []
    for han, other in _RUN.findall(simplified(query).lower()):
        if other:
            clauses.append(_quote(other))
        elif len(han) == 1:
            clauses.append(_quote(han) + " *")
        else:
            clauses.append(_quote(" ".join(map(add, han, han[1:]))))
    return " AND ".join(clauses) if clauses else None
