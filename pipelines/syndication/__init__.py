"""Dedupe library: URL identity, exact and near-duplicate syndication clusters.

Plain classes and functions; the Scrapy pipeline and middleware are thin layers over these.
"""

from .fingerprint import content_hash, fold_text, shingle_hashes, to_simplified
from .near import NearDuplicateIndex, open_near_duplicate_index
from .tuning import IndexEntry, NearDuplicateSettings, SyndicationMatch
from .urls import canonical_from_html, canonicalize_url, record_id, registrable_domain

__all__ = [
    "IndexEntry",
    "NearDuplicateIndex",
    "NearDuplicateSettings",
    "SyndicationMatch",
    "canonical_from_html",
    "canonicalize_url",
    "content_hash",
    "fold_text",
    "open_near_duplicate_index",
    "record_id",
    "registrable_domain",
    "shingle_hashes",
    "to_simplified",
]
