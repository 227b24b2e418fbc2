"""Normalize stage: repairs, pinyin notes, script, width and title decorations.

Title decorations are learned per site from its own headlines and kept under DIFANG_HOME, so
each crawl knows more than the last.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.crawler import Crawler

from crawler.items import ArticleItem
from pipelines.stage import Stage
from pipelines.text import TitleDecorations, normalize_text, normalize_title


class NormalizePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.path = Path(crawler.settings.get("DIFANG_HOME")) / "title_decorations.json"
        self.decorations = TitleDecorations()

    def open_spider(self) -> None:
        self.decorations = TitleDecorations.load(self.path)

    def close_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.decorations.save(self.path)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        site = getattr(self.spider, "site", None)
        script = site.script if site is not None else "zh-Hans"
        site_name = item["site"]
        repairs = dict(item.get("repairs") or {})
        body = normalize_text(item.get("text", ""), script)
        self.decorations.observe(site_name, item.get("title_raw") or item.get("title", ""))
        title = normalize_title(item.get("title", ""), script, site_title=site.title if site else None,
                                decorations=self.decorations, site=site_name)
        for kind, count in (*body.repairs.items(), *title.repairs.items()):
            repairs[kind] = repairs.get(kind, 0) + count
        item["text"] = body.text
        item["title"] = title.text
        # Short fields are in the page's script too; one script per record.
        if item.get("source"):
            item["source"] = normalize_text(item["source"] or "", script).text or None
        if item.get("editor"):
            item["editor"] = normalize_text(item["editor"] or "", script).text or None
        item["authors"] = [a for a in (normalize_text(x, script).text for x in item.get("authors", [])) if a]
        item["images"] = [{**img, "caption": normalize_text(img.get("caption", ""), script).text}
                          for img in item.get("images", [])]
        item["script"] = script
        item["script_original"] = body.script_original if body.script_original != "und" else title.script_original
        item["repairs"] = repairs
        return item
