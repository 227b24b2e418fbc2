"""The real-page corpus (``../shared/real-pages``): real article pages with gold labels, read in
place (never copied here: they are other people's articles), and scored by the corpus's own
``score.py``.

The corpus is split by registrable domain into a part we tune on (``tune``) and a part we only
look at to check ourselves (``check``): a page's part follows from its domain's hash, so a site
never sits in both, and pages added to the corpus later fall into a part without a decision here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHECK_SHARE = 4  # one domain in four (by hash) is looked at only to check ourselves
# second-level labels under which a registrable domain takes three labels (news.sina.com.cn)
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac"}


def corpus_dir() -> Path:
    """``DIFANG_REAL_PAGES``, else ``shared/real-pages`` beside the repository."""
    return Path(os.environ.get("DIFANG_REAL_PAGES") or ROOT.parent / "shared" / "real-pages")


def available() -> bool:
    return (corpus_dir() / "gold.json").is_file()


def domain(host: str) -> str:
    labels = host.lower().strip(".").split(".")
    take = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-take:])


def part_of(host: str) -> str:
    digest = hashlib.sha1(domain(host).encode()).digest()
    return "check" if digest[0] % CHECK_SHARE == 0 else "tune"


@dataclass(frozen=True)
class Page:
    gold: dict[str, Any]

    @property
    def file(self) -> str:
        return str(self.gold["file"])

    @property
    def url(self) -> str:
        return str(self.gold.get("url") or f"https://{self.gold['site']}/")

    @property
    def part(self) -> str:
        return part_of(str(self.gold["site"]))

    @property
    def region(self) -> str:
        return str(self.gold.get("region") or "")

    def body(self) -> bytes:
        return (corpus_dir() / "pages" / self.file).read_bytes()


@cache
def pages() -> tuple[Page, ...]:
    gold = json.loads((corpus_dir() / "gold.json").read_text(encoding="utf-8"))
    return tuple(Page(g) for g in gold)


def select(part: str = "all") -> list[Page]:
    """``tune``, ``check`` or ``all`` pages."""
    return [p for p in pages() if part in ("all", p.part)]


@cache
def scorer() -> ModuleType:
    """The corpus's own score.py, loaded from where it lies."""
    path = corpus_dir() / "score.py"
    spec = importlib.util.spec_from_file_location("real_pages_score", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIELDS = ("found", "title", "time", "day", "source", "authors", "first", "last", "no_leak")


def score(records: dict[str, dict[str, Any]], chosen: Iterable[Page]) -> tuple[dict[str, list[int]],
                                                                           dict[str, dict[str, str]]]:
    """Per-field [right, counted] over ``chosen``, and each page's misses (field -> why)."""
    module = scorer()
    totals = {k: [0, 0] for k in FIELDS}
    misses: dict[str, dict[str, str]] = {}
    for page in chosen:
        result, why = module.score_page(page.gold, records.get(page.file))
        for key, value in result.items():
            if value is not None:
                totals[key][1] += 1
                totals[key][0] += bool(value)
        if why:
            misses[page.file] = why
    return totals, misses


def run(extract: Callable[[Page], dict[str, Any]], chosen: Iterable[Page]) -> dict[str, dict[str, Any]]:
    return {page.file: extract(page) for page in chosen}


# -- extractors -----------------------------------------------------------------------------------
def difang_record(page: Page) -> dict[str, Any]:
    """The crawl's own path over one page's bytes: decode → extract → normalize (process.py)."""
    from core.items import ArticleItem, FetchedPage
    from pipelines.process import decode_pages, extract_fields, normalize_fields
    from pipelines.text import TitleDecorations

    fetched = FetchedPage(url=page.url, final_url=page.url, status=200, headers={}, body=page.body(), raw=None,
                          revisit=False, digest="", captured_at="", text="", encoding="",
                          encoding_declared=None)
    item = ArticleItem(site="real", url=page.url, final_url=page.url, pages=[fetched])
    decode_pages(item)
    extract_fields(item, None, "Asia/Shanghai")  # never raises: a failure is in extraction_error
    if item.get("extraction_error"):
        return {"file": page.file, "text": "", "extraction_error": item["extraction_error"]}
    normalize_fields(item, None, TitleDecorations())
    return {"file": page.file, **{k: item.get(k) for k in ("title", "published_at", "source", "authors",
                                                           "editor", "text")}}


def decoded_text(page: Page) -> str:
    from pipelines.text import decode_html

    return decode_html(page.body()).text


def gne_record(page: Page) -> dict[str, Any]:
    """GNE on the page as difang decoded it (GNE takes text, not bytes)."""
    from gne import GeneralNewsExtractor

    try:
        found = GeneralNewsExtractor().extract(decoded_text(page))
    except Exception:  # GNE raises on pages it cannot parse: that page yields nothing
        found = {}
    author = str(found.get("author") or "").strip()
    return {"file": page.file, "title": found.get("title"), "published_at": found.get("publish_time"),
            "source": None, "authors": [author] if author else [], "text": found.get("content") or ""}


def trafilatura_record(page: Page) -> dict[str, Any]:
    """trafilatura on the page's bytes (it decodes them itself)."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.body(), url=page.url, with_metadata=True)
    found: dict[str, Any] = {}
    if doc is not None:
        found = doc if isinstance(doc, dict) else doc.as_dict()
    author = str(found.get("author") or "").strip()
    return {"file": page.file, "title": found.get("title"), "published_at": found.get("date"),
            "source": found.get("sitename"), "authors": [a.strip() for a in re.split(r"[;；]", author) if a.strip()],
            "text": found.get("text") or ""}


EXTRACTORS: dict[str, Callable[[Page], dict[str, Any]]] = {
    "difang": difang_record, "gne": gne_record, "trafilatura": trafilatura_record}
