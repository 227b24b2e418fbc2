"""The fast NFKC of the fingerprints equals unicodedata's on any text, so no hash changes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.syndication.fingerprint import nfkc

CORPUS = Path(__file__).parent / "corpus"

# Full-width forms next to what NFKC composes with them (combining marks after a full-width
# letter), compatibility ideographs, ligatures, circled numbers, Hangul jamo, and plain Han.
AWKWARD = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
        st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
        st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
        st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E3F),
        st.sampled_from(list("\u3000\u2026\u2460\ufb01\u00b7\u2014\u00a0AaＡａ１，。：")),
        st.characters(),
    ),
    max_size=60,
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(AWKWARD)
def test_equals_unicodedata(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_equals_unicodedata_for_every_code_point_and_on_the_corpus() -> None:
    # each code point alone, before a combining mark and after a letter it could compose with
    wrong = [c for c in map(chr, range(0x30000)) if not 0xD800 <= ord(c) <= 0xDFFF
             for t in (c, c + "\u0301", "A" + c, "\uff21" + c)
             if nfkc(t) != unicodedata.normalize("NFKC", t)]
    assert not wrong, [hex(ord(c)) for c in wrong[:10]]
    texts = [json.loads(line)["text"] for line in (CORPUS / "corpus.jsonl").read_text("utf-8").splitlines()]
    changed = sum(unicodedata.normalize("NFKC", t) != t for t in texts)
    print(f"corpus texts={len(texts)} changed by NFKC={changed}")
    assert changed > len(texts) // 2  # the case the fast path is for is exercised
    assert all(nfkc(t) == unicodedata.normalize("NFKC", t) for t in texts)
