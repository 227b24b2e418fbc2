"""Dedupe library: URL identity, seen-URL history, exact and near-duplicate syndication clusters.

Plain classes and functions; the Scrapy pipeline and middleware are thin layers over these.
"""

from .fingerprint import content_hash, fold_text, shingle_hashes, to_simplified
from .near import NearDuplicateIndex
from .seen import Capture, SeenUrls
from .settings import IndexEntry, NearDuplicateSettings, SyndicationMatch
from .sqlite import default_state_path
from .urls import canonical_from_html, canonicalize_url, record_id, registrable_domain

__all__ = [
    "Capture",
    "IndexEntry",
    "NearDuplicateIndex",
    "NearDuplicateSettings",
    "SeenUrls",
    "SyndicationMatch",
    "canonical_from_html",
    "canonicalize_url",
    "content_hash",
    "default_state_path",
    "fold_text",
    "record_id",
    "registrable_domain",
    "shingle_hashes",
    "to_simplified",
]
