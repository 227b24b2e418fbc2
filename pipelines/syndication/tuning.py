"""How the near-duplicate index compares articles, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

# 2: numpy n-gram hashes, 47-bit band keys, postings capped per key; 6: recent postings appended
# to a table and merged into bands in bulk (postings.py), a Bloom filter of the merged band keys
# (band_filter.py), blocked in format 7. (3 was a design not adopted; 4, 5 and 6 development
# steps towards 7.)
INDEX_FORMAT = 7


@dataclass(frozen=True)
class NearDuplicateSettings:
    """How articles are compared. The shingling and sketch sizes are fixed for the life of an
    index (stored in it); the thresholds and caps may change between runs."""

    ngram: int = 5
    bands: int = 24
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
    max_candidates: int = 24  # verified per add, most band hits first
    # A band key shared by this many clusters is made of boilerplate shingles, not a story's:
    # it is neither extended nor used to find candidates. Without the cap such keys grow with
    # the index and every add that has one reads and verifies their whole posting list.
    max_postings: int = 12
    # Recent postings are searched in memory by every process and moved into the band B-tree
    # at most this many records at a time (postings.py): more writes fewer pages per article,
    # but holds more in memory (~70 B per posting, 24 per article) and makes the add that
    # merges wait longer (≈ 0.5 s at 100k indexed).
    merge_every: int = 8192

    def fixed(self) -> dict[str, int]:
        """The settings an index is built with and keeps."""
        return {"format": INDEX_FORMAT, "ngram": self.ngram, "bands": self.bands, "rows": self.rows,
                "sample_size": self.sample_size, "sentence_sample_size": self.sentence_sample_size}


@dataclass
class SyndicationMatch:
    """Where an added record landed."""

    cluster_id: str
    duplicate_of: str | None  # the origin (earliest published member) if not this record
    exact: bool  # same content hash as an earlier member
    similarity: float  # verified similarity with the best match (1.0 exact, 0.0 none)


class IndexEntry(NamedTuple):
    """One article for :meth:`NearDuplicateIndex.add_many` (the arguments of ``add``)."""

    record_id: str
    text_simplified: str
    site: str
    published_at: str | None
    fetched_at: str
    title: str = ""
