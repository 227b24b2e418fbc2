"""The local query index: a SQLite file under DIFANG_HOME that makes the archive searchable.

It is a cache. Everything in it comes from clean records, and ``difang reindex`` rebuilds it from
the archive alone. Documents are numbered in the order they were indexed (``docno``, the rowid
of ``articles``); one row per article id (the newest archived version wins: an older version's
docno is *retired*). Search runs over segments of consecutive docnos with their own postings
and date keys (see :mod:`query.postings` and :mod:`query.search`); the
normalized text is kept (as UTF-16), to confirm words of three or more characters. WAL mode, so
searches run while a crawl adds records.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from core.sqlite import is_damaged
from query.filters import Selection
from query.postings import SEGMENT_DOCS
from query.search import Hit, count_matches, select
from query.segment import COLUMNS, NO_DATE, Segment, build, postings_of, unpack_text
from query.terms import simplified

log = logging.getLogger(__name__)

SCHEMA_VERSION = "4"
# Older layouts brought up to date in place (statements run in order), instead of a reindex.
MIGRATIONS = {"3": ("ALTER TABLE articles ADD COLUMN extraction_error",)}
INDEX_FILE = "index.sqlite"
_JSON_COLUMNS = ("authors", "repairs")

TABLES = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (docno INTEGER PRIMARY KEY, {", ".join(COLUMNS)});
CREATE TABLE IF NOT EXISTS authors (article INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts (docno INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS retired (docno INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS segments (
    seg INTEGER PRIMARY KEY, first INTEGER NOT NULL, size INTEGER NOT NULL, buckets INTEGER NOT NULL,
    published_min INTEGER, published_max INTEGER, fetched_min INTEGER, fetched_max INTEGER,
    published BLOB NOT NULL, fetched BLOB NOT NULL, lengths BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS postings (seg INTEGER NOT NULL, bucket INTEGER NOT NULL, docs BLOB NOT NULL,
    PRIMARY KEY (seg, bucket));
"""
# Created after a bulk load (reindex), because maintaining them row by row is slower.
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS articles_id ON articles(id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE INDEX IF NOT EXISTS articles_fetched ON articles(fetched_at);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site, published_at);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles(cluster_id);
CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of);
CREATE INDEX IF NOT EXISTS authors_name ON authors(name);
CREATE INDEX IF NOT EXISTS authors_article ON authors(article);
"""
# Segments written by the crawl hook are small; ten of one size class are merged into one.
MERGE_FANOUT = 10


def _row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    out = {d[0]: v for d, v in zip(cursor.description, row, strict=True)}
    for name in _JSON_COLUMNS:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    return out


def _span(keys: np.ndarray[Any, Any]) -> tuple[int | None, int | None]:
    dated = keys[keys != NO_DATE]
    return (int(dated.min()), int(dated.max())) if dated.size else (None, None)


class OutdatedIndex(Exception):
    """The index file was written by an older layout: ``difang reindex`` replaces it."""


class DamagedIndex(OutdatedIndex):
    """The index file is not a database, or a malformed one: ``difang reindex`` replaces it."""


REINDEX = "run `difang reindex` to rebuild it from the archive"


class QueryIndex:
    """The index file at ``path``; created (empty) when missing."""

    def __init__(self, path: str | Path, *, bulk: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self.db.row_factory = _row
        self.raw = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)  # plain tuples
        try:
            self._open(bulk)
        except sqlite3.DatabaseError as exc:
            self.close()
            if is_damaged(exc):
                raise DamagedIndex(f"{self.path} is damaged ({exc}): {REINDEX}") from None
            raise

    def _open(self, bulk: bool) -> None:
        if bulk:
            # A new file nobody reads yet: no journal, no syncs; it is swapped in when complete.
            # 16 KiB pages hold several compressed texts and whole bitmaps (4 KiB ones wasted a third).
            self.db.execute("PRAGMA page_size=16384")
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
        else:
            self.db.execute("PRAGMA journal_mode=WAL")
            # A crash can lose the last batch of a cache, never corrupt it; reindex restores it.
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-262144")
        self.raw.execute("PRAGMA cache_size=-262144")
        self._check_schema()
        self.db.executescript(TABLES)
        if not bulk:
            self.db.executescript(INDEXES)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _check_schema(self) -> None:
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            return
        found = self.meta("schema")
        if found in MIGRATIONS:
            for statement in MIGRATIONS[found]:
                try:
                    self.db.execute(statement)
                except sqlite3.OperationalError as exc:  # another process migrated it meanwhile
                    if "duplicate column" not in str(exc):
                        raise
            self.set_meta("schema", SCHEMA_VERSION)
            found = SCHEMA_VERSION
        if found not in (None, SCHEMA_VERSION):
            self.close()
            raise OutdatedIndex(f"{self.path} has index layout {found}, not {SCHEMA_VERSION}: "
                                "run `difang reindex`")

    def close(self) -> None:
        self.raw.close()
        self.db.close()

    def __enter__(self) -> QueryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- metadata -------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- writing --------------------------------------------------------------------------------
    def add(self, records: Iterable[tuple[dict[str, Any], str]]) -> int:
        """Index clean records (record, clean key) in one transaction; returns how many were new.

        A record whose version (or a newer one) is indexed already is skipped; a newer version
        retires the older one's docno.
        """
        newest: dict[str, tuple[dict[str, Any], str]] = {}
        for record, key in records:
            kept = newest.get(record["id"])
            if kept is None or (record.get("fetched_at") or "") > (kept[0].get("fetched_at") or ""):
                newest[record["id"]] = (record, key)
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            fresh = [item for item in newest.values() if self._supersedes(*item)]
            for start in range(0, len(fresh), SEGMENT_DOCS):
                chunk = fresh[start:start + SEGMENT_DOCS]
                self.write(build([r for r, _ in chunk], [k for _, k in chunk], self.next_docno()))
            self._compact()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return len(fresh)

    def _supersedes(self, record: dict[str, Any], key: str) -> bool:
        old = self.db.execute("SELECT docno, fetched_at, content_hash FROM articles WHERE id = ?",
                              (record["id"],)).fetchone()
        if old is None:
            return True
        fetched = record.get("fetched_at") or ""
        if (old["fetched_at"] or "") > fetched or (
                (old["fetched_at"] or "") == fetched and old["content_hash"] == record.get("content_hash")):
            # this version, or a newer one, is indexed already (the same version with other
            # content is a record replaced in place: difang rebuild filling in a failed extraction)
            return False
        for table, column in (("articles", "docno"), ("texts", "docno"), ("authors", "article")):
            self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old["docno"],))
        # Its postings stay (rewriting them is not worth it); searches skip retired docnos.
        self.db.execute("INSERT INTO retired VALUES (?)", (old["docno"],))
        return True

    def next_docno(self) -> int:
        row = self.db.execute("SELECT max(first + size) AS n FROM segments").fetchone()
        return int(row["n"] or 0)

    def write(self, segment: Segment) -> None:
        """Store a built segment (inside the caller's transaction)."""
        db = self.db
        marks = ", ".join("?" * (len(COLUMNS) + 1))
        db.executemany(f"INSERT INTO articles (docno, {', '.join(COLUMNS)}) VALUES ({marks})", segment.articles)
        db.executemany("INSERT INTO authors VALUES (?, ?)", segment.authors)
        db.executemany("INSERT INTO texts VALUES (?, ?)", segment.texts)
        seg = self._new_segment(segment.first, segment.size, segment.buckets, segment.published, segment.fetched,
                                segment.lengths)
        db.executemany("INSERT INTO postings VALUES (?, ?, ?)", ((seg, b, blob) for b, blob in segment.postings))

    def _new_segment(self, first: int, size: int, buckets: int, published: np.ndarray[Any, Any],
                     fetched: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> int:
        cursor = self.db.execute(
            "INSERT INTO segments (first, size, buckets, published_min, published_max, fetched_min, fetched_max,"
            " published, fetched, lengths) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (first, size, buckets, *_span(published), *_span(fetched), published.astype(np.int64).tobytes(),
             fetched.astype(np.int64).tobytes(), lengths.astype(np.int32).tobytes()))
        return int(cursor.lastrowid or 0)

    def _plain(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows as tuples, on the writing connection (it sees its own uncommitted writes)."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, list(params)).fetchall()

    def _compact(self) -> None:
        """Merge the newest segments while the last ten are of one size class (10–99 documents,
        100–999…), so a long crawl leaves a few large segments, not thousands of small ones."""
        while True:
            tail = self.db.execute("SELECT seg, first, size FROM segments ORDER BY first DESC LIMIT ?",
                                   (MERGE_FANOUT,)).fetchall()
            if len(tail) < MERGE_FANOUT:
                return
            sizes = [t["size"] for t in tail]
            if len({int(math.log10(s)) for s in sizes}) != 1 or sum(sizes) > SEGMENT_DOCS:
                return
            self._merge(sorted(tail, key=lambda t: t["first"]))

    def _merge(self, parts: list[dict[str, Any]]) -> None:
        first = parts[0]["first"]
        size = sum(p["size"] for p in parts)
        ids = [p["seg"] for p in parts]
        marks = ",".join("?" * len(ids))
        stored = {row[0]: row[1:] for row in self._plain(
            f"SELECT seg, published, fetched, lengths FROM segments WHERE seg IN ({marks})", ids)}
        arrays = [np.concatenate([np.frombuffer(stored[i][n], dtype=np.int32 if n == 2 else np.int64)
                                  for i in ids]) for n in range(3)]
        # The merged postings are cut again from the stored texts: one numpy pass, several times
        # faster than decoding and re-encoding every posting list of the parts.
        records: list[dict[str, Any]] = [{} for _ in range(size)]
        titles, bodies = [""] * size, [""] * size
        for docno, title, script, site, source, authors, body in self._plain(
                "SELECT a.docno, a.title, a.script, a.site, a.source, a.authors, t.body FROM articles a "
                "JOIN texts t ON t.docno = a.docno WHERE a.docno >= ? AND a.docno < ?", (first, first + size)):
            at = docno - first
            records[at] = {"site": site, "source": source, "authors": json.loads(authors or "[]")}
            titles[at] = simplified(title or "", script)
            bodies[at] = unpack_text(body)[len(titles[at]) + 1:]  # stored as title "\n" body
        self.db.execute(f"DELETE FROM postings WHERE seg IN ({marks})", ids)
        self.db.execute(f"DELETE FROM segments WHERE seg IN ({marks})", ids)
        blobs, buckets = postings_of(titles, bodies, records)
        seg = self._new_segment(first, size, buckets, *arrays)
        self.db.executemany("INSERT INTO postings VALUES (?, ?, ?)", ((seg, b, blob) for b, blob in blobs))

    def finish_bulk(self) -> None:
        """After a bulk load: build the secondary indexes."""
        self.db.executescript(INDEXES)
        # Statistics from a sample: a full ANALYZE would read every page of postings and texts.
        self.db.execute("PRAGMA analysis_limit=1000")
        self.db.execute("ANALYZE")

    # -- reading --------------------------------------------------------------------------------
    def count(self) -> int:
        row = self.db.execute("SELECT count(*) AS n FROM articles").fetchone()
        return int(row["n"])

    def get(self, record_id: str) -> dict[str, Any] | None:
        row: dict[str, Any] | None = self.db.execute(
            "SELECT * FROM articles WHERE id = ?", (record_id,)).fetchone()
        return row

    def hits(self, sel: Selection, members: Iterable[str] | None = None) -> list[Hit]:
        """The docnos (and scores) ``sel`` selects, in its order, one page of them.

        ``sel.cluster`` selects the articles whose ``cluster_id`` is that id, unless ``members``
        names the cluster's article ids (from the dedupe index, which knows later merges).
        """
        return select(self.raw, sel, self._restrict(sel, members))

    def count_hits(self, sel: Selection, members: Iterable[str] | None = None) -> tuple[int, bool]:
        """How many articles ``sel`` selects, and whether exactly (see :func:`query.search.count_matches`)."""
        return count_matches(self.raw, sel, self._restrict(sel, members))

    def _restrict(self, sel: Selection, members: Iterable[str] | None) -> np.ndarray[Any, Any] | None:
        if not sel.cluster:
            return None
        if members is None:
            members = [r[0] for r in self.raw.execute("SELECT id FROM articles WHERE cluster_id = ?",
                                                      (sel.cluster,))]
        return np.array(self.docnos(members), dtype=np.int64)

    def docnos(self, record_ids: Iterable[str]) -> list[int]:
        ids = list(record_ids)
        found: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += [r[0] for r in self.raw.execute(
                f"SELECT docno FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
        return found

    def rows(self, hits: list[Hit], columns: str = "*") -> list[dict[str, Any]]:
        """The article rows of ``hits``, in their order, each with its ``score``."""
        rows: dict[int, dict[str, Any]] = {}
        docnos = [h.docno for h in hits]
        for start in range(0, len(docnos), 500):
            chunk = docnos[start:start + 500]
            for row in self.db.execute(
                    f"SELECT docno AS _docno, {columns} FROM articles WHERE docno IN ({','.join('?' * len(chunk))})",
                    chunk):
                rows[row.pop("_docno")] = row
        return [{**rows[h.docno], "score": h.score} for h in hits if h.docno in rows]

    def search(self, sel: Selection, members: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Articles matching ``sel``, in its order, one page of them (``members``: see hits)."""
        return self.rows(self.hits(sel, members))

    def by_ids(self, record_ids: list[str]) -> list[dict[str, Any]]:
        """The rows of the indexed articles among ``record_ids``, in that order."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start:start + 500]
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[row["id"]] = row
        return [found[i] for i in record_ids if i in found]

    def cluster(self, cluster_id: str) -> list[dict[str, Any]]:
        """Every copy of a story by the index's own cluster fields, origin first, then by
        publication time."""
        return list(self.db.execute(
            "SELECT * FROM articles WHERE cluster_id = ? "
            "ORDER BY id != cluster_id, duplicate_of IS NOT NULL, "
            "coalesce(published_at, fetched_at), fetched_at", (cluster_id,)))

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """A read-only query for reports (stats, clusters) that are not worth a method each."""
        return list(self.db.execute(sql, list(params)))


def index_path(home: str | Path) -> Path:
    return Path(home) / INDEX_FILE


class IndexFeed:
    """Keeps the index current while a crawl archives records.

    Records are buffered and written as one small segment per batch (a write lock held for
    a fraction of a second, so concurrent crawls and searches do not wait on each other), each
    time on a fresh connection (so a ``reindex`` swapping the file in between is picked up). A
    failure is logged and the batch dropped: the archive write already happened, and
    ``reindex`` recovers.
    """

    BATCH = 200

    def __init__(self, home: str | Path, archive_url: str) -> None:
        self.path = index_path(home)
        self.archive_url = archive_url
        self.pending: list[tuple[dict[str, Any], str]] = []
        self.failures = 0

    def add(self, record: dict[str, Any], clean_key: str) -> None:
        self.pending.append((record, clean_key))
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            with QueryIndex(self.path) as index:
                index.add(batch)
                if index.meta("archive") is None:
                    index.set_meta("archive", self.archive_url)
        except OutdatedIndex as exc:  # damaged, or of an older layout: the message names the repair
            self.failures += 1
            log.error("query index: %d records not indexed: %s", len(batch), exc)
        except (OSError, sqlite3.DatabaseError) as exc:  # a full disk: said in one line
            self.failures += 1
            log.error("query index %s: %d records not indexed (%s); run `difang reindex`", self.path,
                      len(batch), exc)
        except Exception:
            self.failures += 1
            log.exception("query index: %d records not indexed (run `difang reindex`)", len(batch))
