"""The extractor's output stays what it was, and its fast paths answer what the slow ones did.

- Every field ``extract_article`` (and the stitching of multi-page articles) gives on every page
  of every set (labelled, held-out, 500 demo-bench pages) hashes to the digest recorded in
  bench/extract_speed/digests.json. After an intended change of output, record the new digests
  with ``python -m bench.extract_speed.dump --write-digests`` (and say in the commit why).
- The shortcuts the speed work took are checked against the definitions they replace: space
  collapsed by ``str.split``, the line walk read off the page's walk, the characters a pattern
  can begin with.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bench.extract_speed.dump import DIGESTS, digests, dump
from pipelines.article import boilerplate, byline, dates, images
from pipelines.article.boilerplate import prune_furniture
from pipelines.article.content import find_body
from pipelines.article.dom import clean_space, lines_of, lines_within, nonspace_len
from pipelines.article.parse import parse_html
from pipelines.article.units import remove_card_lists
from tests.article.stored_pages import stored_pages

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")  # the definition of space in pipelines/article/dom.py


def test_output_matches_recorded_digests() -> None:
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))
    found = digests(dump())
    changed = sorted(name for name in recorded.keys() | found.keys() if recorded.get(name) != found.get(name))
    assert not changed, (f"{len(changed)} pages extract differently from the recorded output (first: {changed[:5]});"
                         " diff two dumps with python -m bench.extract_speed.dump to see the fields")


# every kind of space, the two zero-width ones, letters of both scripts, punctuation
_TEXT = st.text(alphabet=st.sampled_from(list(" \t\n\r\f\v\u00a0\u3000\u2003\u200b\ufeff\u0085\u2028ab文字。，İıſ©(")),
                max_size=40)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_TEXT)
def test_space_by_split_is_space_by_regex(text: str) -> None:
    assert clean_space(text) == _SPACE.sub(" ", text).strip()
    assert nonspace_len(text) == len(_SPACE.sub("", text))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("IiİıCcAa©(本原文网址链接:：ICPopyrightAllRightsReserved 2024备")),
               max_size=30))
def test_latin_furniture_start_characters(text: str) -> None:
    full = bool(boilerplate._FURNITURE_ANYWHERE_HAN.search(text) or boilerplate._FURNITURE_ANYWHERE_LATIN.search(text))
    assert boilerplate._furniture_anywhere(text) == full


def test_prefilters_miss_no_start_character() -> None:
    """No character outside a prefilter's set can begin a match of the pattern it guards."""
    probes = {
        boilerplate._FURNITURE_LATIN_START: (boilerplate._FURNITURE_ANYWHERE_LATIN,
                                             ["CP备", "CP:", "opyright", "", "c) 2024", "ll Rights Reserved",
                                              "文网址: http://"]),
        dates._MONTH_INITIALS: (dates._ENGLISH_DATE, [m + " 5, 2024" for m in
                                                      ("an", "eb", "ar", "pr", "ay", "un", "ul", "ug", "ep", "ct",
                                                       "ov", "ec")]),
        dates._LABEL_INITIALS: (dates._LABEL, ["布时间", "表于", "新时间", "间", "期", "ublish", "佈時間", "表時間"]),
    }
    for prefilter, (pattern, rests) in probes.items():
        starts = [chr(cp) for cp in range(0x3000) if not prefilter.match(chr(cp))]
        assert not [c for c in starts for rest in rests if pattern.match(c + rest)]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("（）()记者記作通讯员撰文图見见习本报王明李华摄影资料供片为 ：:/")), max_size=20))
def test_caption_and_role_characters(text: str) -> None:
    assert images.is_caption_text(text) == (len(text) <= 120 and bool(images._CAPTION_TEXT.search(text)))
    if not byline._ROLE_CHARS.search(text):
        assert not byline._AUTHOR_GROUP.search(text) and not byline._GLUED_GROUP.search(text)


def _key(lines: list) -> list[tuple[str, int, etree._Element]]:
    return [(line.text, line.link_chars, line.block) for line in lines]


def test_body_lines_read_off_the_page_walk() -> None:
    """Where lines_within answers, it answers what walking the body gives, on every stored page
    and on its copy cut off two thirds in (unclosed blocks)."""
    answered = 0
    for page in stored_pages():
        for html in (page.html, page.html[: len(page.html) * 2 // 3]):
            root = parse_html(html)
            elements = list(root.iter())  # (keeps every element's proxy, as extract_article does)
            page_lines = lines_of(root)
            changed = prune_furniture(root) + remove_card_lists(root).changed
            body = find_body(root)
            if body is None:
                continue
            shared = lines_within(page_lines, body, changed)
            if shared is not None:
                answered += 1
                assert _key(shared) == _key(lines_of(body, table_rows=True)), page.name
            del elements
    assert answered > 600  # the shortcut is taken on most pages
