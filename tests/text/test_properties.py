"""Property tests: the text functions never raise and normalization is idempotent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.text import decode_html, normalize_text, normalize_title

CJKISH = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
        st.sampled_from(list("?!(),。“”醫區產業yīqūè&;#\u3000\u200b\x00ＡＢ１２ÃÂ¤鍖椾含")),
        st.characters(max_codepoint=0x2FF),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(max_size=300), st.one_of(st.none(), st.sampled_from(["text/html; charset=utf-8", "charset=gbk", "charset=big5", "charset=bogus"])))
def test_decode_never_raises(body: bytes, ct: str | None) -> None:
    d = decode_html(body, ct)
    assert isinstance(d.text, str) and d.encoding


@settings(max_examples=200, deadline=None, derandomize=True)
@given(CJKISH, st.sampled_from(["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"]))
def test_normalize_text_idempotent(text: str, script: str) -> None:
    once = normalize_text(text, script).text
    assert normalize_text(once, script).text == once


@settings(max_examples=100, deadline=None, derandomize=True)
@given(CJKISH)
def test_normalize_title_never_raises_and_idempotent(title: str) -> None:
    once = normalize_title(title).text
    assert normalize_title(once).text == once
