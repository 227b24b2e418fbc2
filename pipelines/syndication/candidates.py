"""One article as the index files it, and the search for the clusters it is a copy of.

Candidates come from the LSH band postings; each is verified against its stored samples (see
sketch.py). Work per article is bounded whatever the size of the index: a posting list holds
at most ``max_postings`` clusters (longer ones are boilerplate keys and are skipped), and at
most ``max_candidates`` records are read and verified.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from core.sqlite import SqlConnection
from core.times import iso_epoch

from .fingerprint import U64, article_prints, fold_space, nfkc
from .postings import BandPostings
from .sketch import U32, Overlap, band_keys, minhash_signature, overlap, sentence_chars, shingles32
from .tuning import IndexEntry, NearDuplicateSettings


def text_key(text_simplified: str) -> int:
    """The first 8 bytes of the content hash of a Simplified text, as a signed integer."""
    # The text is Simplified already: folding without OpenCC gives the content hash's bytes
    # for it at a fraction of the cost.
    digest = hashlib.sha256(fold_space(nfkc(text_simplified)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@dataclass
class PreparedArticle:
    """An entry with its fingerprints: everything filing it needs, computed outside the lock."""

    entry: IndexEntry
    shingles: U64
    sentences: dict[int, int]
    sentence_chars: int
    keys: list[int]
    text_key: int
    origin_key: float  # published (else fetched) time: the cluster's origin is the least
    fetched_epoch: float
    _shingles32: U32 | None = field(default=None, repr=False)

    @classmethod
    def of(cls, entry: IndexEntry, settings: NearDuplicateSettings) -> PreparedArticle:
        prints = article_prints(entry.text_simplified, settings.ngram)
        keys: list[int] = []
        if len(prints.shingles):
            signature = minhash_signature(prints.shingles, settings.bands * settings.rows)
            keys = band_keys(signature, settings.bands, settings.rows)
        fetched = iso_epoch(entry.fetched_at)
        origin = iso_epoch(entry.published_at) if entry.published_at else fetched
        return cls(entry, prints.shingles, prints.sentences, sentence_chars(prints.sentences), keys,
                   text_key(entry.text_simplified), origin, fetched)

    @property
    def shingles32(self) -> U32:
        if self._shingles32 is None:  # only articles with candidates need it
            self._shingles32 = shingles32(self.shingles)
        return self._shingles32


@dataclass
class Verdict:
    """What the candidate search found for one article."""

    clusters: dict[int, float]  # cluster → best verified similarity, for every verified cluster
    posted: dict[int, set[int]]  # band key → clusters (of the records read) already posted under it
    hot: set[int]  # band keys whose posting list is full

    @property
    def best(self) -> tuple[int | None, float]:
        if not self.clusters:
            return None, 0.0
        cluster = max(self.clusters, key=lambda c: (self.clusters[c], -c))
        return cluster, self.clusters[cluster]


def exact_copy_cluster(conn: SqlConnection, key: int) -> int | None:
    """The cluster of the earliest filed record with the same content hash, if any."""
    row = conn.execute("SELECT cluster FROM records WHERE text_key = ? ORDER BY rid LIMIT 1", (key,)).fetchone()
    return None if row is None else int(row[0])


def find_copies(
    conn: SqlConnection, article: PreparedArticle, settings: NearDuplicateSettings, bands: BandPostings
) -> Verdict:
    """Every cluster the article verifies against (see module docstring); ``bands`` refreshed."""
    verdict = Verdict({}, {}, set())
    if not article.keys:
        return verdict
    postings = bands.search(conn, article.keys)
    if not postings:
        return verdict  # most articles: no key of theirs is posted
    sizes = Counter(key for key, _ in postings)
    verdict.hot = {key for key, size in sizes.items() if size >= settings.max_postings}
    hits = Counter(rid for key, rid in postings if key not in verdict.hot)
    chosen = [rid for rid, _ in hits.most_common(settings.max_candidates)]
    if not chosen:
        return verdict
    stored = conn.execute(
        "SELECT rid, cluster, shingles, sample, sentence_chars, sentences FROM records"
        f" WHERE rid IN ({','.join('?' * len(chosen))})",
        chosen,
    ).fetchall()
    cluster_of = {rid: cluster for rid, cluster, *_ in stored}
    for key, rid in postings:
        if rid in cluster_of:
            verdict.posted.setdefault(key, set()).add(cluster_of[rid])
    for _, cluster, size, sample, chars, sentences in stored:
        o = overlap(article.shingles32, article.sentences, article.sentence_chars, (size, sample, chars, sentences))
        score = _verify(o, min(size, len(article.shingles)), settings)
        if score > verdict.clusters.get(cluster, 0.0):
            verdict.clusters[cluster] = score
    return verdict


def _verify(o: Overlap, smaller: int, s: NearDuplicateSettings) -> float:
    """The similarity a candidate is matched with, 0.0 if it is not a copy."""
    copy = o.jaccard >= s.min_jaccard or (
        o.containment >= s.min_containment and o.sentence_share >= s.min_sentence_share
        and smaller >= s.min_contained_shingles
    )
    return max(o.jaccard, o.containment) if copy else 0.0
