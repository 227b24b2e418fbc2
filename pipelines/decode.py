"""Decode stage: the bytes of every page of an article to text, with the encoding decided."""

from __future__ import annotations

from crawler.items import ArticleItem
from pipelines.stage import Stage
from pipelines.text import decode_html


class DecodePipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        repairs: dict[str, int] = dict(item.get("repairs") or {})
        for page in item["pages"]:
            decoded = decode_html(page["body"], page["headers"].get("content-type"))
            page["text"] = decoded.text
            page["encoding"] = decoded.encoding
            page["encoding_declared"] = decoded.encoding_declared
            for kind, count in decoded.repairs.items():
                repairs[kind] = repairs.get(kind, 0) + count
        first = item["pages"][0]
        item["encoding"] = first["encoding"]
        item["encoding_declared"] = first["encoding_declared"]
        item["repairs"] = repairs
        return item
