"""The per-article work of the item pipelines, as plain functions: decode → extract → normalize
→ identify (→ syndication).

Each function is the body of one Scrapy stage (pipelines/decode.py, extract.py, normalize.py,
dedupe.py) without the Scrapy parts (stats, DropItem, open/close of state). A crawl and
``difang rebuild`` (an item assembled from WARC captures) share this one code path.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping

from core.items import ArticleItem
from core.sites import SiteDefinition
from pipelines.article import Article, extract_article, merge_pages
from pipelines.syndication import (
    NearDuplicateIndex,
    SyndicationMatch,
    canonical_from_html,
    canonicalize_url,
    content_hash,
    record_id,
)
from pipelines.text import TitleDecorations, decode_html, normalize_text, normalize_title, to_simplified

log = logging.getLogger(__name__)


class ExtractionFailed(Exception):
    """No page of the article could be extracted. No longer raised by :func:`extract_fields`
    (which records the reason in ``item["extraction_error"]`` instead); kept for callers that
    still catch it."""


# The fields the extract stage fills in, and what they hold when extraction failed.
EMPTY_FIELDS: dict[str, object] = {
    "title": "", "title_raw": "", "text": "", "published_at": None, "source": None, "authors": [],
    "editor": None, "images": [], "language": None,
}
REASON_CHARS = 300  # an extraction_error is a short reason, never a page's worth of text
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def short_reason(exc: BaseException) -> str:
    """``Type: message`` on one line, at most REASON_CHARS characters."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"


def plain_title(text: str) -> str:
    """The document's <title>, by a bounded regular expression (no parser: this runs when the
    parser-based extraction failed), or ""."""
    found = _TITLE.search(text, 0, 1 << 20)
    return " ".join(html.unescape(found.group(1)[:1000]).split()) if found else ""


def decode_pages(item: ArticleItem) -> None:
    """Decode stage: every page's bytes to text, with the encoding decided. Never raises: a page
    the decoder fails on is read as UTF-8 with replacement characters, and the reason is kept in
    ``item["extraction_error"]``."""
    repairs: dict[str, int] = dict(item.get("repairs") or {})
    for page in item["pages"]:
        try:
            decoded = decode_html(page["body"], page["headers"].get("content-type"))
        except Exception as exc:  # a decoder bug must not lose the article: see the raw copy
            log.warning("%s: decode failed: %s", page["final_url"], short_reason(exc))
            item["extraction_error"] = f"decode: {short_reason(exc)}"
            page["text"] = bytes(page["body"]).decode("utf-8", "replace")
            page["encoding"] = "utf-8"
            page["encoding_declared"] = None
            continue
        page["text"] = decoded.text
        page["encoding"] = decoded.encoding
        page["encoding_declared"] = decoded.encoding_declared
        for kind, count in decoded.repairs.items():
            repairs[kind] = repairs.get(kind, 0) + count
    first = item["pages"][0]
    item["encoding"] = first["encoding"]
    item["encoding_declared"] = first["encoding_declared"]
    item["repairs"] = repairs


def extract_fields(item: ArticleItem, selectors: Mapping[str, str] | None, timezone: str) -> None:
    """Extract stage: the article fields from the decoded pages. Never raises: when no page can
    be extracted, the fields are left empty (the title, if the page has one, from its <title>)
    and ``item["extraction_error"]`` says why; the record is still written, linked to its raw
    copy, and ``difang rebuild`` fills it in once the extractor copes."""
    articles: list[Article] = []
    reasons: list[str] = []
    for page in item["pages"]:
        try:
            articles.append(extract_article(page["text"], page["final_url"], selectors=selectors,
                                            timezone=timezone))
        except Exception as exc:  # one broken page: log it with its URL, keep the rest
            reasons.append(short_reason(exc))
            log.warning("%s: extraction failed: %s", page["final_url"], reasons[-1])
    article: Article | None = None
    if articles:
        try:
            article = merge_pages(articles) if len(articles) > 1 else articles[0]
        except Exception as exc:
            reasons.append(f"merge: {short_reason(exc)}")
            log.warning("%s: merging pages failed: %s", item["url"], reasons[-1])
            article = articles[0]
    if article is None:
        fail_extraction(item, reasons[0] if reasons else "no page to extract")
        return
    item["title"] = article.title
    item["title_raw"] = article.title_raw
    item["text"] = article.text
    item["published_at"] = article.published_at
    item["source"] = article.source
    item["authors"] = list(article.authors)
    item["editor"] = article.editor
    item["images"] = list(article.images)
    item["language"] = article.language


def fail_extraction(item: ArticleItem, reason: str) -> None:
    """What is known of an article whose fields could not be extracted: empty fields, the
    <title> if the first page has one, and the reason in ``extraction_error``."""
    for name, empty in EMPTY_FIELDS.items():
        item[name] = list(empty) if isinstance(empty, list) else empty  # type: ignore[literal-required]
    pages = item.get("pages") or []
    title = plain_title(pages[0].get("text") or "") if pages else ""
    item["title"] = item["title_raw"] = title
    item["extraction_error"] = reason[:REASON_CHARS]


def normalize_fields(item: ArticleItem, site: SiteDefinition | None, decorations: TitleDecorations) -> None:
    """Normalize stage: repairs, pinyin notes, script, width and title decorations (which
    ``decorations`` learns from this headline too)."""
    script = site.script if site is not None else "zh-Hans"
    site_name = item["site"]
    repairs = dict(item.get("repairs") or {})
    body = normalize_text(item.get("text", ""), script)
    decorations.observe(site_name, item.get("title_raw") or item.get("title", ""))
    title = normalize_title(item.get("title", ""), script, site_title=site.title if site else None,
                            decorations=decorations, site=site_name)
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


def identify(item: ArticleItem) -> str:
    """Dedupe stage, first half: canonical URL, stable id, content hash. Returns the Simplified
    text the syndication index files."""
    first = item["pages"][0]
    canonical = canonical_from_html(first["text"], first["final_url"]) or item["final_url"]
    item["canonical_url"] = canonicalize_url(canonical)
    item["id"] = record_id(item["canonical_url"])
    text = item.get("text", "")
    # The normalize stage left the text in the site's script, at a point where converting it
    # again changes nothing: for a Simplified site it is the Simplified text already.
    simplified = text if item.get("script") == "zh-Hans" else to_simplified(text)
    item["content_hash"] = content_hash(simplified)
    return simplified


def unfiled(item: ArticleItem) -> bool:
    """Whether the article stays out of the syndication index: no text (extraction failed, or
    the page had none) clusters with nothing, and an empty text would match every other one."""
    return bool(item.get("extraction_error")) or not (item.get("text") or "").strip()


def file_alone(item: ArticleItem) -> None:
    """The syndication fields of an article kept out of the index: a cluster of its own."""
    item["cluster_id"] = item["id"]
    item["duplicate_of"] = None


def file_syndication(item: ArticleItem, simplified: str, index: NearDuplicateIndex) -> SyndicationMatch:
    """Dedupe stage, second half: file the article in the syndication index (idempotent per id).
    An article without text is not filed (see :func:`unfiled`): a cluster of its own."""
    if unfiled(item):
        file_alone(item)
        return SyndicationMatch(item["id"], None, exact=False, similarity=0.0)
    match = index.add(item["id"], simplified, site=item["site"], published_at=item.get("published_at"),
                      fetched_at=item["fetched_at"], title=item.get("title", ""))
    item["cluster_id"] = match.cluster_id
    item["duplicate_of"] = match.duplicate_of
    return match


def view_syndication(item: ArticleItem, simplified: str, index: NearDuplicateIndex) -> None:
    """Where the article stands in the syndication index without filing it (read only): its own
    cluster if filed, else the cluster it would join (or found)."""
    if unfiled(item):
        file_alone(item)
        return
    cluster = index.cluster_of(item["id"]) or index.lookup(simplified) or item["id"]
    origin = index.origin_of(cluster)
    item["cluster_id"] = cluster
    item["duplicate_of"] = origin if origin is not None and origin != item["id"] else None


def process_item(item: ArticleItem, site: SiteDefinition | None, decorations: TitleDecorations) -> str:
    """Decode, extract, normalize and identify one item; returns its Simplified text."""
    decode_pages(item)
    selectors = dict(site.selectors) if site is not None else None
    extract_fields(item, selectors, site.timezone if site is not None else "Asia/Shanghai")
    normalize_fields(item, site, decorations)
    return identify(item)
