"""What flows from the spider through the item pipelines.

The spider yields one :class:`ArticleItem` per article (all pages of a multi-page article in one
item). Each pipeline stage fills in its part; the archive stage turns the item into the clean
record of DESIGN.md (see :mod:`core.record`).
"""

from __future__ import annotations

from typing import Any, TypedDict


class RawPointer(TypedDict):
    """Where the raw response of a page lives: a WARC file key and the record's byte range."""

    warc: str
    offset: int
    length: int
    record_id: str


class FetchedPage(TypedDict):
    """One fetched page of an article, as served."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # response headers, names lower-cased, last value wins
    body: bytes  # decompressed body (what the HTML parser sees)
    raw: RawPointer | None  # the WARC response record of this page
    revisit: bool  # served with the same payload as the last capture of this URL
    digest: str  # WARC-Payload-Digest of the body as served
    captured_at: str  # WARC-Date of the capture, ISO 8601 UTC to the second
    # filled by the decode stage:
    text: str
    encoding: str
    encoding_declared: str | None


class ArticleItem(TypedDict, total=False):
    """The item of one article; keys are added stage by stage."""

    site: str
    url: str
    final_url: str
    canonical_url: str
    fetched_at: str  # ISO 8601 UTC
    pages: list[FetchedPage]
    # decode
    encoding: str
    encoding_declared: str | None
    # extract (fields of the clean record)
    title: str
    title_raw: str
    text: str
    published_at: str | None
    source: str | None
    authors: list[str]
    editor: str | None
    images: list[dict[str, str]]
    language: str | None
    extraction_error: str | None  # why the fields could not be extracted (None: they were)
    # normalize
    script: str
    script_original: str
    repairs: dict[str, int]
    # dedupe
    id: str
    content_hash: str
    cluster_id: str
    duplicate_of: str | None
    raw: RawPointer | None
    extra: dict[str, Any]
