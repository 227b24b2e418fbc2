"""How text is cut into search terms, and how queries become FTS5 expressions."""

from __future__ import annotations

from archive.query_terms import index_terms, match_expression


def test_every_han_position_starts_one_term() -> None:
    assert index_terms("新闻中心") == "新闻 闻中 中心 心"
    assert index_terms("县") == "县"


def test_latin_words_and_numbers_stay_whole_and_lower_case() -> None:
    assert index_terms("5G基站，A股!") == "5g 基站 站 a 股"


def test_traditional_text_is_indexed_as_simplified() -> None:
    assert index_terms("醫院", "zh-Hant") == "医院 院"


def test_query_words_are_and_ed_phrases_of_bigrams() -> None:
    assert match_expression("新闻中心") == '"新闻 闻中 中心"'
    assert match_expression("医院 新闻") == '"医院" AND "新闻"'


def test_one_character_is_a_prefix_query() -> None:
    assert match_expression("县") == '"县" *'


def test_query_in_traditional_becomes_simplified() -> None:
    assert match_expression("醫院") == '"医院"'


def test_punctuation_only_query_has_no_expression() -> None:
    assert match_expression("，。!") is None


def test_quotes_cannot_break_the_expression() -> None:
    assert match_expression('a"b') == '"a" AND "b"'
