"""A page declared UTF-8 that is valid UTF-8 but for a stray or cut byte stays UTF-8 (the bad bytes
replaced and counted), however short; GBK or Big5 bytes under the same declaration are still
recognized as what they are."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.text import decode_html

SENTENCES = ["今天天气很好。", "县委召开常委会议，研究部署下一阶段工作。", "臺北市政府今日公布新制。", "短讯",
             "记者从市交通局获悉，新线路明日开通。"]
PAGE = "<html><head><meta charset='utf-8'><title>{title}</title></head><body><p>{body}</p></body></html>"


def page(title: str, body: str) -> bytes:
    return PAGE.format(title=title, body=body).encode("utf-8")


@given(title=st.sampled_from(SENTENCES), body=st.sampled_from(SENTENCES), where=st.floats(0, 1),
       damage=st.sampled_from(["stray", "cut"]), header=st.booleans())
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_a_stray_or_cut_byte_keeps_a_declared_utf8_page_utf8(title: str, body: str, where: float, damage: str,
                                                           header: bool) -> None:
    data = page(title, body)
    start = data.index(b"<p>") + 3
    spot = start + int(where * (len(body.encode("utf-8")) - 1))
    broken = data[:spot] + b"\xff" + data[spot:] if damage == "stray" else data[:spot] + data[spot + 1:]
    decoded = decode_html(broken, "text/html; charset=utf-8" if header else "text/html")
    assert decoded.encoding == "utf-8"
    assert title in decoded.text  # everything else came through
    assert 1 <= decoded.repairs.get("undecodable_bytes", 0) <= 4  # a stray byte inside a character breaks it too


@pytest.mark.parametrize(("codec", "expected"), [("gbk", "gb18030"), ("big5", "big5hkscs")])
def test_other_codecs_declared_utf8_are_still_told_apart(codec: str, expected: str) -> None:
    text = PAGE.format(title="臺北市政府今日公布新制" if codec == "big5" else "县委召开常委会议",
                       body="記者從市交通局獲悉，新線路明日開通。" if codec == "big5" else "记者从市交通局获悉，新线路明日开通。")
    decoded = decode_html(text.encode(codec), "text/html; charset=utf-8")
    assert decoded.encoding == expected and decoded.text == text
