"""Decode stage: the bytes of every page of an article to text, with the encoding decided."""

from __future__ import annotations

from core.items import ArticleItem
from pipelines.process import decode_pages
from pipelines.stage import Stage


class DecodePipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        decode_pages(item)
        return item
