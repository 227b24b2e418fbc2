"""How text is cut into terms and postings, and how queries become words to match."""

from __future__ import annotations

import numpy as np

from query.postings import decode, postings
from query.terms import TITLE, WORD_SPACE, bigram, query_words, term_keys, word_term


def terms_of(text: str, flag: int = 0) -> set[int]:
    return {int(k) >> 16 for k in term_keys([text], flag)}


def test_every_han_character_and_adjacent_pair_is_a_term() -> None:
    assert terms_of("新闻中心") == {ord(c) for c in "新闻中心"} | {bigram("新", "闻"), bigram("闻", "中"),
                                                                bigram("中", "心")}
    assert terms_of("县") == {ord("县")}


def test_punctuation_and_latin_break_han_runs() -> None:
    assert bigram("站", "a") not in terms_of("基站a股")
    assert bigram("站", "股") not in terms_of("基站，股")


def test_latin_words_and_numbers_are_whole_hashed_terms() -> None:
    terms = terms_of("5g基站，a股 2024")
    assert {word_term("5g"), word_term("a"), word_term("2024")} <= terms
    assert word_term("5") not in terms
    assert all(t >= WORD_SPACE for t in (word_term("5g"), word_term("2024")))


def test_keys_name_their_document_and_title_terms_are_flagged() -> None:
    keys = term_keys(["地铁", "医院"], TITLE)
    assert {(int(k) >> 16, int(k) & 0xFFFF) for k in keys} >= {(bigram("地", "铁") | TITLE, 0),
                                                               (bigram("医", "院") | TITLE, 1)}


def test_query_words() -> None:
    one, two, long, latin = query_words("县 医院 新闻中心 5G")
    assert one.terms == (ord("县"),) and not one.verify
    assert two.terms == (bigram("医", "院"),) and not two.verify
    assert long.terms == (bigram("新", "闻"), bigram("闻", "中"), bigram("中", "心")) and long.verify
    assert latin.terms == (word_term("5g"),)


def test_query_in_traditional_becomes_simplified() -> None:
    assert query_words("醫院")[0].terms == (bigram("医", "院"),)


def test_punctuation_only_query_has_no_words() -> None:
    assert query_words("，。!") == []


def test_quotes_are_just_separators() -> None:
    assert [w.text for w in query_words('a"b')] == ["a", "b"]


def test_postings_round_trip_as_offsets_and_as_bitmaps() -> None:
    keys = np.array([(7 << 16) | 3, (7 << 16) | 3, (7 << 16) | 1] + [(9 << 16) | d for d in range(40)],
                    dtype=np.uint64)
    found = dict(postings(keys, 64))
    assert np.flatnonzero(decode(found[7], 64)).tolist() == [1, 3]
    assert np.flatnonzero(decode(found[9], 64)).tolist() == list(range(40))
    assert found[7][:1] == b"\x00" and found[9][:1] == b"\x01"  # sparse: offsets; dense: bitmap

