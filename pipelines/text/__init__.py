"""Encoding and text normalization of regional news pages: decode bytes right, repair damage
(shifted GBK runs, mojibake, entities, control characters), drop verified pinyin notes and SEO
title decorations, convert to one script. Plain functions; the Scrapy stages wrap them."""

from pipelines.text.decoding import Decoded, decode_html
from pipelines.text.normalize import Normalized, normalize_text
from pipelines.text.script import detect_script, to_simplified
from pipelines.text.titles import TitleDecorations, normalize_title

__all__ = [
    "Decoded",
    "Normalized",
    "TitleDecorations",
    "decode_html",
    "detect_script",
    "normalize_text",
    "normalize_title",
    "to_simplified",
]
