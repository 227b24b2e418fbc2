"""Fuzzing over the real pages: damaged at random, a page must never make the decoder, the
extractor or the crawl's own path (pipelines.process) raise, and each run stays bounded in time.

The pages are read in place from the real-page corpus (``DIFANG_REAL_PAGES``); without it the
tests are skipped, unless CI=true, where a missing corpus is a failure. Deterministic edge cases
(empty bytes, a frameset, 100,000 nested elements, …) need no corpus.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.items import ArticleItem, FetchedPage
from pipelines.article import extract_article
from pipelines.process import decode_pages, extract_fields, identify, normalize_fields
from pipelines.text import TitleDecorations, decode_html
from tests.real_pages import corpus

SECONDS = 10.0  # per page and step: catches a hang, not a slow machine
URL = "http://fuzz.example/2026-03/01/content_1.html"


def real_pages() -> list[corpus.Page]:
    if corpus.available():
        return corpus.select("all")
    if os.environ.get("CI") == "true":
        pytest.fail(f"real-page corpus missing at {corpus.corpus_dir()} (CI=true: set DIFANG_REAL_PAGES)")
    pytest.skip(f"real-page corpus not found at {corpus.corpus_dir()}: set DIFANG_REAL_PAGES to fuzz real pages")


@cache
def body_of(index: int) -> tuple[str, bytes]:
    """Page ``index`` of the corpus (file name, bytes). Pages are drawn by index, so a failing
    example names a file, never prints a page."""
    page = corpus.select("all")[index]
    return page.file, page.body()


def damaged_page(data: st.DataObject, changes: list[tuple[str, int, int]]) -> tuple[str, bytes]:
    count = len(real_pages())
    name, body = body_of(data.draw(st.integers(0, count - 1), label="page index"))
    for kind, where, pick in changes:
        body = mutate(body, kind, where, pick)
    return name, body


# -- mutations -------------------------------------------------------------------------------------

NOISE = {
    "comment": [b"<!-- -->", b"<!--", b"<!-- <p>x</p> -->", b"-->", b"<!---->"],
    "pi": [b"<?x ?>", b"<?xml version=\"1.0\" encoding=\"gbk\"?>", b"<?php echo 1; ?>", b"<?"],
    "cdata": [b"<![CDATA[ <p>]]> ]]>", b"<![CDATA[", b"]]>", b"<!DOCTYPE x [ <!ENTITY a 'b'> ]>"],
    "entity": [b"&#0;", b"&#xD800;", b"&#99999999;", b"&amp", b"&nbsp", b"&bogus;", b"&#x;", b"&"],
    "attribute": [b" x='\"<' y z=\"&#0;\" =\"\" ", b" style=\"display:none\"", b" class=", b" \x00=\x00"],
    "bytes": [b"\x00", b"\xff\xfe", b"\xe4\xb8", b"\x81", b"\xa1\xa1\xa1", b"\r"],
}


def mutate(body: bytes, kind: str, where: int, pick: int) -> bytes:
    if not body:
        return NOISE["comment"][pick % len(NOISE["comment"])] if kind != "truncate" else body
    at = where % (len(body) + 1)
    if kind == "truncate":
        return body[:at]
    if kind == "delete":  # one byte gone: a multi-byte character split (encoding damage)
        return body[:at] + body[at + 1:]
    noise = NOISE[kind][pick % len(NOISE[kind])]
    if kind == "attribute":  # inside the next start tag, after its name
        tag = body.find(b"<", at)
        if tag < 0:
            return body + noise
        end = tag + 1
        while end < len(body) and body[end:end + 1].isalnum():
            end += 1
        return body[:end] + noise + body[end:]
    return body[:at] + noise + body[at:]


KINDS = ["truncate", "delete", *NOISE]
mutations = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1 << 30), st.integers(0, 64)),
                     min_size=1, max_size=5)
FUZZ = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def timed(step: Callable[[], Any], name: str) -> Any:
    start = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"
    return result


def crawl_path(body: bytes) -> ArticleItem:
    """The crawl's own steps (pipelines.process) over one page."""
    page = FetchedPage(url=URL, final_url=URL, status=200, headers={}, body=body, raw=None, revisit=False,
                       digest="", captured_at="", text="", encoding="", encoding_declared=None)
    item = ArticleItem(site="fuzz", url=URL, final_url=URL, fetched_at="2026-03-01T00:00:00Z", pages=[page])
    decode_pages(item)
    extract_fields(item, None, "Asia/Shanghai")
    normalize_fields(item, None, TitleDecorations())
    identify(item)
    return item


# -- properties --------------------------------------------------------------------------------------

@FUZZ
@given(data=st.data(), changes=mutations)
def test_damaged_real_pages_never_raise(data: st.DataObject, changes: list[tuple[str, int, int]]) -> None:
    name, body = damaged_page(data, changes)
    decoded = timed(lambda: decode_html(body, None), f"decode_html({name})")
    article = timed(lambda: extract_article(decoded.text, URL), f"extract_article({name})")
    assert isinstance(article.text, str) and isinstance(article.title, str)


@FUZZ
@given(data=st.data(), changes=mutations)
def test_damaged_real_pages_go_through_the_crawl_path(data: st.DataObject,
                                                      changes: list[tuple[str, int, int]]) -> None:
    """Whatever the extractor does, the crawl's path yields an item: fields or an extraction_error."""
    name, body = damaged_page(data, changes)
    item = timed(lambda: crawl_path(body), f"crawl path ({name})")
    assert item["id"] and isinstance(item["text"], str)
    assert item.get("extraction_error") is None or item["text"] == ""


def test_mutations_change_the_page() -> None:
    body = "<html><body><p>青山县</p></body></html>".encode()
    for kind in KINDS:
        assert mutate(body, kind, 17, 0) != body, kind
    assert mutate(body, "delete", 19, 0).decode("utf-8", "replace").count("\ufffd") == 1  # a split character


# -- deterministic edge cases ------------------------------------------------------------------------

EDGE_CASES = {
    "empty": b"",
    "only a comment": b"<!-- nothing here -->",
    "PI first": "<?xml version=\"1.0\"?><html><body><p>青山县新闻</p></body></html>".encode(),
    "frameset": b"<html><frameset cols='50%,50%'><frame src='a.html'><frame src='b.html'></frameset></html>",
    "100k-deep nesting": b"<html><body>" + b"<div>" * 100_000 + "青山县".encode() + b"</div>" * 100_000,
    "NUL-laden": b"<html>\x00<body>\x00<p>\x00" + "青山\x00县".encode() * 200 + b"</p></body></html>",
    "huge single line": b"<html><body><p>" + "青山县城南污水处理厂通水运行，".encode() * 60_000 + b"</p></body></html>",
    "comment before html": "<!-- a --><!DOCTYPE html><!-- b --><html><!-- c --><body><p>青山</p></body></html>"
    .encode(),
    "bare text": "青山县城南污水处理厂通水运行".encode("gbk"),
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_cases_never_raise(name: str) -> None:
    body = EDGE_CASES[name]
    decoded = timed(lambda: decode_html(body, "text/html"), f"decode_html({name})")
    timed(lambda: extract_article(decoded.text, URL), f"extract_article({name})")
    item = timed(lambda: crawl_path(body), f"crawl path ({name})")
    assert item["id"]


# -- crashes of the extractor the fuzzing found: the crawl path keeps the record all the same -------

PARAGRAPH = "<p>青山县城南污水处理厂二期工程通水运行，日处理能力由2万吨提升至5万吨，县城南片区生活污水全部接入管网。</p>"
BAD_IMAGE_URL = ("<html><head><title>青山县新闻</title></head><body><h1>青山县新闻</h1><div class='c'>"
                 f"{PARAGRAPH * 4}<img src='http://[CDATA[ <p>/a.jpg'>{PARAGRAPH}</div></body></html>")


def test_image_src_with_a_bad_host_does_not_raise() -> None:
    extract_article(BAD_IMAGE_URL, URL)


def test_crawl_path_extracts_a_page_with_a_bad_image_host() -> None:
    item = crawl_path(BAD_IMAGE_URL.encode())
    assert item.get("extraction_error") is None and "污水处理厂" in item["text"]
