"""Syndication clusters: exact copies by content hash, near copies by MinHash-LSH over
character shingles, every LSH candidate verified by its estimated Jaccard or containment.

A new article joins the cluster of its best verified match; the cluster's origin is its
earliest published member. State is SQLite (WAL) so crawls of different sites in separate
processes share it; each ``add`` is one short IMMEDIATE transaction, so two processes never
both miss each other's copy of the same story.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .fingerprint import article_prints, fold_space
from .sketch import (
    Overlap,
    band_keys,
    bottom_k,
    minhash_signature,
    overlap,
    sentence_chars,
    sentence_sample,
    shingles32,
)
from .sqlite import open_state_db, write_transaction
from .times import iso_epoch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    rid           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    cluster       INTEGER NOT NULL,      -- rid of the record that founded the cluster
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
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (key, rid))
    WITHOUT ROWID
"""


@dataclass(frozen=True)
class NearDuplicateSettings:
    """How articles are compared; fixed for the life of an index (stored in it)."""

    ngram: int = 5
    bands: int = 16
    rows: int = 2
    sample_size: int = 48  # shingle hashes kept per article
    sentence_sample_size: int = 32  # sentence prints kept per article
    # A copy: most of the shorter text's shingles are in the other AND most of it is whole
    # shared sentences (a template story with other places and numbers shares shingles, not
    # sentences) ...
    min_containment: float = 0.5
    min_sentence_share: float = 0.5
    # ... or nearly the same shingles, however the sentences were re-cut.
    min_jaccard: float = 0.8
    min_contained_shingles: int = 40  # a shorter text is too little to call a cut copy
    max_candidates: int = 64  # verified per add, most band hits first


@dataclass
class SyndicationMatch:
    """Where an added record landed."""

    cluster_id: str
    duplicate_of: str | None  # the origin (earliest published member) if not this record
    exact: bool  # same content hash as an earlier member
    similarity: float  # verified similarity with the best match (1.0 exact, 0.0 none)


def _text_key(text_simplified: str) -> int:
    # The text is Simplified already: folding without OpenCC gives the content hash's bytes
    # for it at a fraction of the cost (the first 8 bytes of content_hash, for Simplified text).
    digest = hashlib.sha256(fold_space(unicodedata.normalize("NFKC", text_simplified)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class NearDuplicateIndex:
    """Persistent MinHash-LSH index of syndicated articles (see module docstring)."""

    def __init__(
        self, path: str | os.PathLike[str], settings: NearDuplicateSettings | None = None
    ) -> None:
        self._conn: sqlite3.Connection = open_state_db(path, _SCHEMA)
        self.settings = self._settle(settings or NearDuplicateSettings())

    def _settle(self, wanted: NearDuplicateSettings) -> NearDuplicateSettings:
        # Band keys and samples depend on the shingling; an index keeps the settings it was
        # built with, and refuses different ones rather than silently missing every copy.
        fixed = {"ngram": wanted.ngram, "bands": wanted.bands, "rows": wanted.rows,
                 "sample_size": wanted.sample_size, "sentence_sample_size": wanted.sentence_sample_size}
        with write_transaction(self._conn) as conn:
            stored = dict(conn.execute("SELECT name, value FROM settings").fetchall())
            if not stored:
                conn.executemany("INSERT INTO settings VALUES (?, ?)", [(k, str(v)) for k, v in fixed.items()])
            elif {k: int(v) for k, v in stored.items()} != fixed:
                raise ValueError(f"index was built with {stored}, not {fixed}")
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
        """File a record; idempotent for the same ``record_id``."""
        known = self._known(record_id)
        if known is not None:
            return known
        s = self.settings
        shingles, prints = article_prints(text_simplified, s.ngram)
        keys = band_keys(minhash_signature(shingles, s.bands * s.rows), s.bands, s.rows) if shingles else []
        text_key = _text_key(text_simplified)
        fetched_epoch = iso_epoch(fetched_at)
        origin_key = iso_epoch(published_at) if published_at else fetched_epoch
        with write_transaction(self._conn) as conn:
            known = self._known(record_id)
            if known is not None:
                return known
            cluster, exact, similarity = self._best_match(conn, text_key, shingles, prints, keys)
            cur = conn.execute(
                "INSERT INTO records (id, cluster, site, published_at, fetched_at, title, origin_key,"
                " fetched_epoch, text_key, exact, similarity, shingles, sample, sentence_chars, sentences)"
                " VALUES (?, coalesce(?, -1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record_id, cluster, site, published_at, fetched_at, title, origin_key, fetched_epoch,
                 text_key, int(exact), similarity, len(shingles), bottom_k(shingles, s.sample_size),
                 sentence_chars(prints), sentence_sample(prints, s.sentence_sample_size)),
            )
            rid = cur.lastrowid
            if cluster is None:
                conn.execute("UPDATE records SET cluster = rid WHERE rid = ?", (rid,))
            conn.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", [(k, rid) for k in keys])
            known = self._known(record_id)
        assert known is not None
        return known

    def _best_match(
        self,
        conn: sqlite3.Connection,
        text_key: int,
        shingles: set[int],
        prints: dict[int, int],
        keys: list[int],
    ) -> tuple[int | None, bool, float]:
        """(cluster of the best verified match or None, exact?, similarity)."""
        row = conn.execute(
            "SELECT cluster FROM records WHERE text_key = ? ORDER BY rid LIMIT 1", (text_key,)
        ).fetchone()
        if row is not None:
            return int(row[0]), True, 1.0
        if not keys:
            return None, False, 0.0
        s = self.settings
        hits = Counter(
            r for (r,) in conn.execute(
                f"SELECT rid FROM bands WHERE key IN ({','.join('?' * len(keys))})", keys
            )
        )
        best: tuple[int | None, float] = (None, 0.0)
        compared = shingles32(shingles) if hits else set()
        for rid, _ in hits.most_common(s.max_candidates):
            cluster, *stored = conn.execute(
                "SELECT cluster, shingles, sample, sentence_chars, sentences FROM records WHERE rid = ?",
                (rid,),
            ).fetchone()
            score = self._verify(overlap(compared, prints, tuple(stored)), min(stored[0], len(compared)))
            if score > best[1]:
                best = (int(cluster), score)
        return best[0], False, round(best[1], 4)

    def _verify(self, o: Overlap, smaller: int) -> float:
        """The similarity a candidate is matched with, 0.0 if it is not a copy."""
        s = self.settings
        copy = o.jaccard >= s.min_jaccard or (
            o.containment >= s.min_containment
            and o.sentence_share >= s.min_sentence_share
            and smaller >= s.min_contained_shingles
        )
        return max(o.jaccard, o.containment) if copy else 0.0

    def _known(self, record_id: str) -> SyndicationMatch | None:
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

    def members(self, cluster_id: str) -> list[dict[str, object]]:
        """The records of a cluster, origin first: id, site, published_at, fetched_at, title."""
        rows = self._conn.execute(
            "SELECT m.id, m.site, m.published_at, m.fetched_at, m.title FROM records c"
            " JOIN records m ON m.cluster = c.rid WHERE c.id = ?"
            " ORDER BY m.origin_key, m.fetched_epoch, m.rid",
            (cluster_id,),
        ).fetchall()
        keys = ("id", "site", "published_at", "fetched_at", "title")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def close(self) -> None:
        self._conn.close()
