"""``difang rebuild``: clean records rebuilt from the raw copy (DESIGN.md: the cleaned copy is
derived, so it can always be rebuilt from the WARC files).

For each site, its WARC files are read crawl by crawl; the article captures are put together as
the spider did (pipelines.rebuild.articles) and run through the pipeline's own steps
(pipelines.process). Each rebuilt record is then compared with the archive:

- its clean key (or another key holding the record of the same capture) exists with the same
  ``content_hash``: **unchanged**;
- it exists with another ``content_hash`` (the extractor changed): **would change** — reported,
  never overwritten (keys are a contract and writes are create-only);
- a revisit whose version is archived already under an earlier capture: **unchanged** (the crawl
  does not archive an unchanged revisit either);
- otherwise the record is **missing** (lost, or never written after a crash) and is written,
  filed in the dedupe index and fed to the query index;
- the archived record has an ``extraction_error`` and the rebuilt one has none: **filled** — the
  one case a record is overwritten (under the archived record's key, with its ``fetched_at``),
  filed in the dedupe index and fed to the query index.

A rebuilt record that still has an ``extraction_error`` is counted as failed (and, if missing,
written with it, as the crawl writes it).

``dry_run`` writes nothing; ``output`` writes every rebuilt record under its key into a local
folder instead of the archive (for inspection and diffs) and leaves the archive and the local
state alone.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.items import ArticleItem
from core.limits import DOWNLOAD_MAXSIZE
from core.record import clean_key, make_record, record_json
from core.sites import SiteDefinition
from pipelines.process import file_syndication, process_item, view_syndication
from pipelines.rebuild.articles import ArticleFailure, CrawlCaptures, Payloads, assemble
from pipelines.rebuild.captures import Capture, crawls, scan_warc, warc_keys
from pipelines.syndication import NearDuplicateIndex, open_near_duplicate_index
from pipelines.text.title_store import open_title_decorations
from storage.session import FeedFactory, RecordFeed
from storage.store import Store, write_atomic

log = logging.getLogger(__name__)

Verdict = Literal["unchanged", "covered", "changed", "missing", "filled"]
# fields compared to say what a changed record changes (the rest is per capture or per run)
COMPARED = ("title", "title_raw", "text", "published_at", "source", "authors", "editor", "images",
            "language", "script", "script_original", "encoding", "encoding_declared", "repairs", "canonical_url")


@dataclass(frozen=True)
class RebuildOptions:
    since: str | None = None  # YYYY-MM-DD, date partition of the WARC files, inclusive
    until: str | None = None
    dry_run: bool = False
    output: Path | None = None
    max_body: int = DOWNLOAD_MAXSIZE  # decoded bytes of a body, the crawl's cap


@dataclass
class Change:
    """A rebuilt record whose archived version has another content hash."""

    key: str
    url: str
    archived_hash: str
    rebuilt_hash: str
    fields: list[str]


@dataclass
class RebuildReport:
    sites: list[str] = field(default_factory=list)
    warcs: int = 0
    warc_errors: list[tuple[str, str]] = field(default_factory=list)
    captures: int = 0
    articles: int = 0
    written: list[str] = field(default_factory=list)  # keys (dry run: keys that would be written)
    filled: list[str] = field(default_factory=list)  # keys of records with an extraction_error filled in
    unchanged: int = 0
    changed: list[Change] = field(default_factory=list)
    failures: list[ArticleFailure] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    output: list[str] = field(default_factory=list)  # keys written under RebuildOptions.output

    def to_json(self) -> dict[str, Any]:
        return {
            "sites": self.sites, "warcs": self.warcs,
            "warc_errors": [{"warc": k, "reason": r} for k, r in self.warc_errors],
            "captures": self.captures, "articles": self.articles, "written": self.written, "filled": self.filled,
            "unchanged": self.unchanged, "changed": [vars(c) for c in self.changed],
            "failed": [vars(f) for f in self.failures], "skipped": dict(self.skipped), "output": self.output,
        }


class ArchivedRecords:
    """The site's clean records in the archive, read only when a rebuilt record needs them."""

    def __init__(self, store: Store, site: str) -> None:
        self.store = store
        self.by_id: dict[str, list[str]] = {}
        self.records: dict[str, dict[str, Any]] = {}
        for key in store.list(f"clean/site={site}/"):
            if key.endswith(".json"):
                self.by_id.setdefault(key.rsplit("/", 1)[1][: -len(".json")], []).append(key)

    def _get(self, key: str) -> dict[str, Any] | None:
        if key not in self.records:
            try:
                found = json.loads(self.store.get(key))
            except (KeyError, ValueError):
                return None
            self.records[key] = found if isinstance(found, dict) else {}
        return self.records[key]

    def match(self, record: dict[str, Any], key: str, revisit: bool) -> tuple[Verdict, dict[str, Any] | None]:
        """How ``record`` (to go under ``key``) stands against what the archive holds."""
        keys = self.by_id.get(record["id"], [])
        # the record of this very capture, wherever it is (the crawl's fetched_at, which names
        # the key's date, may fall on a later day than the capture: see README)
        capture = record["raw"]["record_id"]
        archived = next((r for r in map(self._get, keys) if r and (r.get("raw") or {}).get("record_id") == capture),
                        None)
        if archived is None and revisit:
            version = record["content_hash"]
            if any(r and r.get("content_hash") == version for r in map(self._get, keys)):
                return "covered", None  # fetched again unchanged: the crawl archives no record either
        if archived is None and key in keys:
            archived = self._get(key)  # another capture's record under the same key
        if archived is None:
            return "missing", None
        if archived.get("extraction_error") and not record.get("extraction_error") and archived.get("id") == record["id"]:
            return "filled", archived
        return ("unchanged" if archived.get("content_hash") == record["content_hash"] else "changed"), archived

    def add(self, key: str, record: dict[str, Any]) -> None:
        self.by_id.setdefault(record["id"], []).append(key)
        self.records[key] = record


@contextmanager
def _dedupe_index(home: Path, writing: bool, database: str | None = None) -> Iterator[NearDuplicateIndex]:
    """The crawl's dedupe index (PostgreSQL's in cluster mode); a throwaway one when only reading
    and there is none yet."""
    path = home / "dedupe.sqlite"
    if database or writing or path.exists():
        index = open_near_duplicate_index(path, database)
        try:
            yield index
        finally:
            index.close()
        return
    with tempfile.TemporaryDirectory(prefix="difang-rebuild-") as tmp:
        index = NearDuplicateIndex(Path(tmp) / "dedupe.sqlite")
        try:
            yield index
        finally:
            index.close()


class Rebuild:
    """One ``difang rebuild`` over ``sites`` of the archive ``store``, with local state in ``home``."""

    def __init__(self, store: Store, home: str | os.PathLike[str], options: RebuildOptions,
                 index: FeedFactory | None = None, database: str | None = None) -> None:
        """``index`` makes the feed of rewritten records (the query index; None: none);
        ``database``: DIFANG_DATABASE (cluster mode: the dedupe index and title decorations
        are PostgreSQL's)."""
        self.store = store
        self.home = Path(home)
        self.options = options
        self.database = database
        self.writing = not options.dry_run and options.output is None
        self.report = RebuildReport()
        self.titles = open_title_decorations(self.home, database)
        self.decorations = self.titles.load()
        self.feed: RecordFeed | None = index(self.home, store.url) if self.writing and index else None

    def run(self, sites: list[SiteDefinition]) -> RebuildReport:
        with _dedupe_index(self.home, self.writing, self.database) as dedupe:
            for site in sites:
                self._site(site, dedupe)
        if self.feed is not None:
            self.feed.flush()
        if self.writing:
            self.titles.save(self.decorations)
        self.titles.close()
        return self.report

    def _site(self, site: SiteDefinition, dedupe: NearDuplicateIndex) -> None:
        self.report.sites.append(site.name)
        payloads = Payloads(self.store, site.name, self.options.max_body)
        archived = ArchivedRecords(self.store, site.name)
        for keys in crawls(warc_keys(self.store, site.name, self.options.since, self.options.until)):
            captures: list[Capture] = []
            for key in keys:
                scan = scan_warc(self.store, key)
                self.report.warcs += 1
                if scan.error:
                    log.error("%s: %s", key, scan.error)
                    self.report.warc_errors.append((key, scan.error))
                payloads.add(scan)
                captures.extend(scan.captures)
            self.report.captures += len(captures)
            for found in assemble(CrawlCaptures(captures), site, payloads, self.report.skipped):
                if isinstance(found, ArticleFailure):
                    self.report.failures.append(found)
                    continue
                self.report.articles += 1
                self._article(found, site, dedupe, archived)

    def _article(self, item: ArticleItem, site: SiteDefinition, dedupe: NearDuplicateIndex,
                 archived: ArchivedRecords) -> None:
        url = item["url"]
        try:
            simplified = process_item(item, site, self.decorations)
        except Exception as exc:  # one bad article must not stop the rebuild of the others
            log.exception("%s: not rebuilt", url)
            self.report.failures.append(ArticleFailure(url, f"{type(exc).__name__}: {exc}"))
            return
        if not item["text"].strip() and not item.get("extraction_error"):
            self.report.skipped["no_text"] += 1
            return
        if item.get("extraction_error"):
            self.report.failures.append(ArticleFailure(url, f"extraction_error: {item['extraction_error']}"))
        view_syndication(item, simplified, dedupe)
        record = make_record(dict(item))
        key = clean_key(record)
        verdict, found = archived.match(record, key, all(p["revisit"] for p in item["pages"]))
        if verdict == "filled" and found is not None:
            key = clean_key(found)
            item["fetched_at"] = found["fetched_at"]  # the archived record's version and key
            if self.writing:
                file_syndication(item, simplified, dedupe)
            record = make_record(dict(item))
            if self.writing and not self._write(key, record, url, replace=True):
                return
            self.report.filled.append(key)
            archived.add(key, record)
        elif verdict == "missing":
            if self.writing:
                file_syndication(item, simplified, dedupe)  # filed as the dedupe stage files it
                record = make_record(dict(item))
                if not self._write(key, record, url):
                    return
            self.report.written.append(key)
            archived.add(key, record)
        elif verdict == "changed" and found is not None:
            self.report.changed.append(Change(key, url, str(found.get("content_hash")), record["content_hash"],
                                              [f for f in COMPARED if found.get(f) != record.get(f)]))
        else:
            self.report.unchanged += 1
        if self.options.output is not None and verdict != "covered":
            write_atomic(self.options.output / key, record_json(record))
            self.report.output.append(key)

    def _write(self, key: str, record: dict[str, Any], url: str, replace: bool = False) -> bool:
        try:
            if replace:
                self.store.replace(key, record_json(record), "application/json")
            else:
                self.store.put(key, record_json(record), "application/json")
        except Exception as exc:  # ConflictError (written meanwhile), S3 client errors, a full disk
            self.report.failures.append(ArticleFailure(url, f"{key} not written: {exc}"))
            return False
        if self.feed is not None:
            self.feed.add(record, key)  # never raises: the index is a cache
        return True

