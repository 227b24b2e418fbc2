"""Syndication clusters: exact copies by content hash, near copies by MinHash-LSH over
character shingles, every LSH candidate verified by its estimated Jaccard or containment.

A new article joins the cluster of its best verified match; when it verifies against members
of several clusters, it is the missing link between copies of one story and those clusters
are merged. A cluster's id is the id of the record that founded it (of the surviving cluster
after a merge); its origin is its earliest published member. State is SQLite (WAL) so crawls
of different sites in separate processes share it; every ``add`` (or ``add_many`` batch) is
one IMMEDIATE transaction, so two processes never both miss each other's copy of a story. In
cluster mode the same tables and statements live in PostgreSQL (near_pg.py), the IMMEDIATE
transaction there one that holds an advisory lock.
Band postings live in two tiers (see postings.py): recent ones in their record's row, older ones
in the ``bands`` B-tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import AbstractContextManager

from core.sqlite import SqlConnection, open_state_db, read_transaction, write_transaction

from . import band_filter, postings
from .candidates import PreparedArticle, Verdict, exact_copy_cluster, find_copies
from .postings import BandPostings
from .sketch import bottom_k, sentence_sample
from .tuning import INDEX_FORMAT, IndexEntry, NearDuplicateSettings, SyndicationMatch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    rid           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    cluster       INTEGER NOT NULL,      -- rid of the record that founded the (surviving) cluster
    site          TEXT NOT NULL,
    published_at  TEXT,
    fetched_at    TEXT NOT NULL,
    title         TEXT NOT NULL,
    origin_key    REAL NOT NULL,         -- published (else fetched) time: the origin is the least
    fetched_epoch REAL NOT NULL,
    text_key      INTEGER NOT NULL,      -- first 8 bytes of the content hash, for exact copies
    exact         INTEGER NOT NULL,
    similarity    REAL NOT NULL,
    shingles      INTEGER NOT NULL,      -- size of the shingle set
    sample        BLOB NOT NULL,         -- bottom-k shingle hashes (see sketch.py)
    sentence_chars INTEGER NOT NULL,     -- length of the sentences the sentence sample is of
    sentences     BLOB NOT NULL          -- bottom-k sentence prints
);
CREATE INDEX IF NOT EXISTS records_text_key ON records(text_key);
CREATE INDEX IF NOT EXISTS records_cluster ON records(cluster, origin_key, fetched_epoch);
-- LSH postings: at most one per (band key, cluster) and max_postings per key (see candidates.py)
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (key, rid))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS merges (
    absorbed  INTEGER PRIMARY KEY,       -- founding rid of a cluster merged away
    survivor  INTEGER NOT NULL,          -- founding rid of the cluster it is part of now
    bridge    TEXT NOT NULL              -- id of the record that verified against both
);
""" + postings.SCHEMA
# Format 2 (every posting in bands) is upgraded on open: its postings are all merged, it lacks
# only the band filter. Formats 4 to 6 lived for an hour in development (2026-11-26) and are
# refused.
_UPGRADABLE_FORMATS = {2}

# A merge of recent postings rewrites thousands of band index pages in one transaction:
# checkpointing every 10,000 WAL pages instead of 1,000 copies a page rewritten by several
# transactions into the database once; a 16 MB page cache keeps the upper levels of the band
# index in memory; the WAL file is cut back to 64 MB after a checkpoint.
# Pages are read through a memory map (no read call per page, and the OS page cache is shared by
# every crawl process); 6 % less CPU per add at 100k indexed.
_PRAGMAS = {"wal_autocheckpoint": 10_000, "cache_size": -16_384, "journal_size_limit": 64 << 20,
            "mmap_size": 1 << 32}


def _upgrade(conn: SqlConnection) -> None:
    """Format 2 → current, in place (in the open write transaction): every posting of a format 2
    index is in bands already, so its records count as merged; the band filter is built from
    bands."""
    conn.execute("UPDATE marks SET value = (SELECT coalesce(max(rid), 0) FROM records) WHERE name = 'merged'")
    band_filter.rebuild(conn, int(conn.execute("SELECT count(*) FROM bands").fetchone()[0]))
    conn.execute("UPDATE settings SET value = ? WHERE name = 'format'", (str(INDEX_FORMAT),))


class NearDuplicateIndex:
    """Persistent MinHash-LSH index of syndicated articles (see module docstring)."""

    def __init__(
        self, path: str | os.PathLike[str], settings: NearDuplicateSettings | None = None
    ) -> None:
        self._sqlite = open_state_db(path, _SCHEMA, _PRAGMAS)
        self._start(self._sqlite, settings)

    def _start(self, conn: SqlConnection, settings: NearDuplicateSettings | None) -> None:
        self._conn = conn
        self.settings = self._settle(settings or NearDuplicateSettings())
        self._bands = BandPostings(self.settings.merge_every)

    def _write(self) -> AbstractContextManager[SqlConnection]:
        """The one-writer-at-a-time transaction every change is made in."""
        return write_transaction(self._sqlite)

    def _read(self) -> AbstractContextManager[SqlConnection]:
        """A transaction that reads one snapshot."""
        return read_transaction(self._sqlite)

    def _settle(self, wanted: NearDuplicateSettings) -> NearDuplicateSettings:
        # Band keys and samples depend on the shingling; an index keeps the settings it was
        # built with, and refuses different ones rather than silently missing every copy.
        fixed = wanted.fixed()
        with self._write() as conn:
            stored = dict(conn.execute("SELECT name, value FROM settings").fetchall())
            if not stored:
                conn.executemany("INSERT INTO settings VALUES (?, ?)", [(k, str(v)) for k, v in fixed.items()])
                return wanted
            built = {k: int(v) for k, v in stored.items()}
            if built.get("format") in _UPGRADABLE_FORMATS and built | {"format": INDEX_FORMAT} == fixed:
                _upgrade(conn)
            elif built != fixed:
                raise ValueError(f"index was built with {stored}, not {fixed}; file its articles into a new index")
        return wanted

    def add(
        self,
        record_id: str,
        text_simplified: str,
        *,
        site: str,
        published_at: str | None,
        fetched_at: str,
        title: str = "",
    ) -> SyndicationMatch:
        """File a record; idempotent for the same ``record_id`` (answers the current view)."""
        return self.add_many([IndexEntry(record_id, text_simplified, site, published_at, fetched_at, title)])[0]

    def add_many(self, entries: Iterable[IndexEntry]) -> list[SyndicationMatch]:
        """File several records in one transaction, in order (later ones see earlier ones);
        answers where each landed at the end of the batch. Keep batches to a few hundred:
        other processes wait for the write lock meanwhile."""
        entries = list(entries)
        # fingerprinted outside the lock; one filed already is found (and skipped) under it
        prepared = [PreparedArticle.of(e, self.settings) for e in entries]
        try:
            with self._write() as conn:
                # a record that founded a cluster no later record of the batch joined is alone
                # in it: its answer needs no query
                founders: dict[str, int] = {}
                joined: set[int] = set()
                if prepared:
                    self._bands.refresh(conn)
                    last = int(conn.execute("SELECT coalesce(max(rid), 0) FROM records").fetchone()[0])
                    for article in prepared:
                        clusters = self._file(conn, article, last + 1)
                        if clusters is not None:
                            last += 1
                            joined |= clusters
                            if not clusters:
                                founders[article.entry.record_id] = last
                    self._bands.merge_if_due(conn, last)
                matches = [SyndicationMatch(e.record_id, None, False, 0.0)
                           if founders.get(e.record_id, -1) not in joined | {-1} else self._match(e.record_id)
                           for e in entries]
        except BaseException:
            self._bands.forget()  # it may hold postings of records rolled back
            raise
        assert all(matches)
        return matches  # type: ignore[return-value]

    def lookup(self, text_simplified: str) -> str | None:
        """The cluster a text would join if it were added now (read only), or None."""
        entry = IndexEntry("", text_simplified, "", None, "1970-01-01T00:00:00Z")
        article = PreparedArticle.of(entry, self.settings)
        cluster = exact_copy_cluster(self._conn, article.text_key)
        if cluster is None:
            with self._read() as conn:
                self._bands.refresh(conn)
                cluster = find_copies(conn, article, self.settings, self._bands).best[0]
        return None if cluster is None else self._id_of(cluster)

    def _file(self, conn: SqlConnection, article: PreparedArticle, rid: int) -> set[int] | None:
        """File an article as ``rid`` (the next free one) in the open write transaction, after
        ``self._bands.refresh``; answers the clusters it joined or merged (none: it founded
        one), None if it was filed already."""
        e, s = article.entry, self.settings
        if self._filed(e.record_id):
            return None  # filed by another process since we looked, or twice in one batch
        verdict: Verdict | None = None
        cluster = exact_copy_cluster(conn, article.text_key)
        exact, similarity = cluster is not None, 1.0
        fresh: list[int] = []  # an exact copy's keys are its cluster's already
        if cluster is None:
            verdict = find_copies(conn, article, s, self._bands)
            cluster, similarity = verdict.best
            if len(verdict.clusters) > 1:
                cluster = self._merge(conn, set(verdict.clusters), e.record_id)
            # one posting per (key, cluster): keys the cluster is found by already are not posted
            own = set(verdict.clusters) | {rid if cluster is None else cluster}
            hot, posted = verdict.hot, verdict.posted
            fresh = [k for k in article.keys if k not in hot and not (k in posted and posted[k] & own)]
        conn.execute(
            "INSERT INTO records (rid, id, cluster, site, published_at, fetched_at, title, origin_key,"
            " fetched_epoch, text_key, exact, similarity, shingles, sample, sentence_chars, sentences)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, e.record_id, rid if cluster is None else cluster, e.site, e.published_at, e.fetched_at, e.title,
             article.origin_key, article.fetched_epoch, article.text_key, int(exact), round(similarity, 4),
             len(article.shingles), bottom_k(article.shingles, s.sample_size), article.sentence_chars,
             sentence_sample(article.sentences, s.sentence_sample_size)),
        )
        self._bands.post(conn, rid, fresh)
        if cluster is None:
            return set()
        return {cluster, *verdict.clusters} if verdict is not None else {cluster}

    def _merge(self, conn: SqlConnection, clusters: set[int], bridge: str) -> int:
        """Merge clusters into the one whose origin is earliest; returns that one."""
        def origin(cluster: int) -> tuple[float, float, int]:
            row = conn.execute(
                "SELECT origin_key, fetched_epoch, rid FROM records WHERE cluster = ?"
                " ORDER BY origin_key, fetched_epoch, rid LIMIT 1", (cluster,)).fetchone()
            return (float(row[0]), float(row[1]), int(row[2]))

        survivor = min(clusters, key=origin)
        for absorbed in sorted(clusters - {survivor}):
            conn.execute("UPDATE records SET cluster = ? WHERE cluster = ?", (survivor, absorbed))
            conn.execute("UPDATE merges SET survivor = ? WHERE survivor = ?", (survivor, absorbed))
            conn.execute("INSERT INTO merges VALUES (?, ?, ?)", (absorbed, survivor, bridge))
        return survivor

    def site_of(self, record_id: str) -> str | None:
        """The site whose crawl filed the record first, None if it was never added."""
        row = self._conn.execute("SELECT site FROM records WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else str(row[0])

    def _filed(self, record_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None

    def _match(self, record_id: str) -> SyndicationMatch | None:
        row = self._conn.execute(
            "SELECT r.cluster, c.id, r.exact, r.similarity FROM records r JOIN records c ON c.rid = r.cluster"
            " WHERE r.id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            return None
        cluster, cluster_id, exact, similarity = row
        origin = self._origin(cluster)
        return SyndicationMatch(cluster_id, None if origin == record_id else origin, bool(exact), similarity)

    def _origin(self, cluster: int) -> str:
        (origin,) = self._conn.execute(
            "SELECT id FROM records WHERE cluster = ? ORDER BY origin_key, fetched_epoch, rid LIMIT 1",
            (cluster,),
        ).fetchone()
        return str(origin)

    def _id_of(self, rid: int) -> str:
        return str(self._conn.execute("SELECT id FROM records WHERE rid = ?", (rid,)).fetchone()[0])

    def cluster_of(self, record_id: str) -> str | None:
        """The current cluster id of a record, None if it was never added. Also resolves a
        cluster id that was merged away (a cluster id is its founding record's id). Archived
        records keep the ``cluster_id`` they were filed with; this is the up-to-date one."""
        row = self._conn.execute(
            "SELECT c.id FROM records r JOIN records c ON c.rid = r.cluster WHERE r.id = ?", (record_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def origin_of(self, cluster_id: str) -> str | None:
        """The current origin (earliest published member) of a cluster, or of the cluster it was
        merged into; None for an unknown id. The up-to-date ``duplicate_of`` of the members."""
        row = self._conn.execute("SELECT cluster FROM records WHERE id = ?", (cluster_id,)).fetchone()
        return None if row is None else self._origin(int(row[0]))

    def members(self, cluster_id: str) -> list[dict[str, object]]:
        """The records of a cluster (named by its id, any member's id, or a cluster id merged
        into it), origin first: id, site, published_at, fetched_at, title."""
        rows = self._conn.execute(
            "SELECT m.id, m.site, m.published_at, m.fetched_at, m.title FROM records c"
            " JOIN records m ON m.cluster = c.cluster WHERE c.id = ?"
            " ORDER BY m.origin_key, m.fetched_epoch, m.rid",
            (cluster_id,),
        ).fetchall()
        keys = ("id", "site", "published_at", "fetched_at", "title")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def merges(self) -> list[tuple[str, str, str]]:
        """Every merge so far, oldest first: (cluster id merged away, cluster id it is part of
        now, id of the record that linked them). The query side re-reads the members of both."""
        rows = self._conn.execute(
            "SELECT a.id, s.id, m.bridge FROM merges m JOIN records a ON a.rid = m.absorbed"
            " JOIN records s ON s.rid = m.survivor ORDER BY m.rowid"
        ).fetchall()
        return [(str(a), str(s), str(b)) for a, s, b in rows]

    def close(self) -> None:
        self._sqlite.close()


def open_near_duplicate_index(path: str | os.PathLike[str], database: str | None,
                              settings: NearDuplicateSettings | None = None) -> NearDuplicateIndex:
    """The syndication index: in PostgreSQL when ``database`` (``DIFANG_DATABASE``) is set,
    else the SQLite file at ``path``."""
    if database:
        from .near_pg import PgNearDuplicateIndex

        return PgNearDuplicateIndex(database, settings)
    return NearDuplicateIndex(path, settings)
