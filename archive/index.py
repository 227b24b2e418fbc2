"""The local query index: a SQLite file under DIFANG_HOME that makes the archive searchable.

It is a cache. Everything in it comes from clean records, and ``difang reindex`` rebuilds it from
the archive alone. One row per article id (the newest archived version wins), a contentless
FTS5 table over title and text cut into CJK terms (see :mod:`archive.query_terms`), and the
authors of each article for exact author filters. WAL mode, so searches run while a crawl adds
records.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.query_filters import Selection
from archive.query_terms import index_terms

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
INDEX_FILE = "index.sqlite"

# Columns of ``articles`` after its rowid, in the order rows are inserted.
COLUMNS: tuple[str, ...] = (
    "id", "site", "url", "canonical_url", "fetched_at", "published_at", "title", "source",
    "authors", "editor", "cluster_id", "duplicate_of", "content_hash", "language", "script",
    "script_original", "encoding", "encoding_declared", "repairs", "chars", "clean_key",
    "raw_warc", "raw_offset", "raw_length", "raw_record_id",
)
_JSON_COLUMNS = ("authors", "repairs")
_CLEAN_KEY = COLUMNS.index("clean_key")

TABLES = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (rowid INTEGER PRIMARY KEY, {", ".join(COLUMNS)});
CREATE TABLE IF NOT EXISTS authors (article INTEGER NOT NULL, name TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, content='', tokenize='ascii');
"""
# Created after a bulk load (reindex), because maintaining them row by row is slower.
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS articles_id ON articles(id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE INDEX IF NOT EXISTS articles_fetched ON articles(fetched_at);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site, published_at);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles(cluster_id);
CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS authors_name ON authors(name);
CREATE INDEX IF NOT EXISTS authors_article ON authors(article);
"""
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


@dataclass(frozen=True)
class IndexedRecord:
    """One clean record as the index stores it: its column values and its search terms."""

    values: tuple[Any, ...]
    authors: tuple[str, ...]
    title_terms: str
    body_terms: str

    @property
    def clean_key(self) -> str:
        return str(self.values[_CLEAN_KEY])


def prepare(record: dict[str, Any], clean_key: str) -> IndexedRecord:
    """Everything the index needs from a clean record (the slow part: cutting the text into terms).

    Pure and picklable, so a bulk load can run it in worker processes.
    """
    raw = record.get("raw") or {}
    repairs = record.get("repairs") or {}
    if isinstance(repairs, str):  # manifests keep repairs as a JSON string
        repairs = json.loads(repairs or "{}")
    authors = tuple(a for a in (record.get("authors") or []) if a)
    text = record.get("text") or ""
    script = record.get("script")
    values = (
        record["id"], record.get("site"), record.get("url"), record.get("canonical_url"),
        record.get("fetched_at"), record.get("published_at"), record.get("title") or "",
        record.get("source"), json.dumps(list(authors), ensure_ascii=False), record.get("editor"),
        record.get("cluster_id"), record.get("duplicate_of"), record.get("content_hash"),
        record.get("language"), script, record.get("script_original"), record.get("encoding"),
        record.get("encoding_declared"), json.dumps(repairs, ensure_ascii=False, sort_keys=True),
        len(text), clean_key, raw.get("warc"), raw.get("offset"), raw.get("length"),
        raw.get("record_id"),
    )
    return IndexedRecord(values, authors, index_terms(record.get("title") or "", script),
                         index_terms(text, script))


def _row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    out = {d[0]: v for d, v in zip(cursor.description, row, strict=True)}
    for name in _JSON_COLUMNS:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    return out


class QueryIndex:
    """The index file at ``path``; created (empty) when missing."""

    def __init__(self, path: str | Path, *, bulk: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self.db.row_factory = _row
        self.db.execute("PRAGMA journal_mode=WAL")
        # A crash can lose the last batch of a cache, never corrupt it; reindex restores it.
        self.db.execute("PRAGMA synchronous=OFF" if bulk else "PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-262144")
        self.db.executescript(TABLES)
        if not bulk:
            self.db.executescript(INDEXES)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def close(self) -> None:
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
        """Index clean records (record, clean key) in one transaction; returns how many were new."""
        return self.add_prepared(prepare(record, key) for record, key in records)

    def add_prepared(self, prepared: Iterable[IndexedRecord]) -> int:
        added = 0
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for item in prepared:
                added += self._add_one(item)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return added

    def _add_one(self, item: IndexedRecord) -> int:
        db = self.db
        record_id, fetched_at = item.values[0], item.values[4]
        old = db.execute("SELECT rowid, fetched_at FROM articles WHERE id = ?", (record_id,)).fetchone()
        if old is not None:
            if (old["fetched_at"] or "") >= (fetched_at or ""):
                return 0  # this version, or a newer one, is indexed already
            # The old version's FTS row stays behind unreferenced (a contentless table cannot
            # delete without the old terms); no search returns it, reindex drops it.
            db.execute("DELETE FROM articles WHERE rowid = ?", (old["rowid"],))
            db.execute("DELETE FROM authors WHERE article = ?", (old["rowid"],))
        cursor = db.execute(
            f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            item.values,
        )
        rowid = cursor.lastrowid
        db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                   (rowid, item.title_terms, item.body_terms))
        if item.authors:
            db.executemany("INSERT INTO authors VALUES (?, ?)", [(rowid, a) for a in item.authors])
        return 1

    def finish_bulk(self) -> None:
        """After a bulk load: build the secondary indexes and merge the full-text segments."""
        self.db.executescript(INDEXES)
        self.db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- reading --------------------------------------------------------------------------------
    def count(self) -> int:
        row = self.db.execute("SELECT count(*) AS n FROM articles").fetchone()
        return int(row["n"])

    def get(self, record_id: str) -> dict[str, Any] | None:
        row: dict[str, Any] | None = self.db.execute(
            "SELECT * FROM articles WHERE id = ?", (record_id,)).fetchone()
        return row

    def search(self, sel: Selection) -> list[dict[str, Any]]:
        """Articles matching ``sel``, in its order, one page of them."""
        sql, params = self.select_sql(sel)
        if sel.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [sel.limit, sel.offset]
        return list(self.db.execute(sql, params))

    def iter_selected(self, sel: Selection) -> Iterator[dict[str, Any]]:
        sql, params = self.select_sql(sel)
        yield from self.db.execute(sql, params)

    def select_sql(self, sel: Selection) -> tuple[str, list[Any]]:
        clauses, params = sel.where()
        match = sel.match
        if sel.query.strip() and match is None:
            clauses.append("0")  # a query of punctuation only matches nothing
        if match is not None:
            source = "fts JOIN articles a ON a.rowid = fts.rowid"
            clauses.insert(0, "fts MATCH ?")
            params.insert(0, match)
            score = f"bm25(fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
        else:
            source, score = "articles a", "NULL"
        order = (f"{score}, a.rowid DESC" if sel.sort == "relevance" and match is not None
                 else f"{sel.date_column} DESC, a.rowid DESC")
        where = " AND ".join(clauses) or "1"
        return f"SELECT a.*, {score} AS score FROM {source} WHERE {where} ORDER BY {order}", params

    def cluster(self, cluster_id: str) -> list[dict[str, Any]]:
        """Every copy of a story, origin first, then by publication time."""
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

    Records are buffered and written in one short transaction per batch (a write lock held for
    milliseconds, so concurrent crawls and searches do not wait on each other), each time on a
    fresh connection (so a ``reindex`` swapping the file in between is picked up). A failure is
    logged and the batch dropped: the archive write already happened, and ``reindex`` recovers.
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
        except Exception:
            self.failures += 1
            log.exception("query index: %d records not indexed (run `difang reindex`)", len(batch))
