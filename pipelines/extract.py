"""Extract stage: article fields from the decoded pages (selectors of the site first)."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from pipelines.article import Article, extract_article, merge_pages
from pipelines.stage import Stage

log = logging.getLogger(__name__)


class ExtractPipeline(Stage):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        site = getattr(self.spider, "site", None)
        selectors = dict(site.selectors) if site is not None else None
        timezone = site.timezone if site is not None else "Asia/Shanghai"
        articles: list[Article] = []
        for page in item["pages"]:
            try:
                articles.append(extract_article(page["text"], page["final_url"], selectors=selectors,
                                                timezone=timezone))
            except Exception as exc:  # one broken page: log it with its URL, keep the rest
                log.warning("%s: extraction failed: %s", page["final_url"], exc)
        if not articles:
            self.count("errors/extract_failed")
            raise DropItem(f"{item['url']}: no page could be extracted (raw copy kept in the WARC)")
        article = merge_pages(articles) if len(articles) > 1 else articles[0]
        item["title"] = article.title
        item["title_raw"] = article.title_raw
        item["text"] = article.text
        item["published_at"] = article.published_at
        item["source"] = article.source
        item["authors"] = list(article.authors)
        item["editor"] = article.editor
        item["images"] = list(article.images)
        item["language"] = article.language
        if not article.text.strip():
            self.count("articles/empty_text")
            log.warning("%s: no article text found", item["url"])
        return item

