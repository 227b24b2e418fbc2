"""The article record produced by the extract stage, before normalization."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """Fields pulled out of one article page (or several stitched pages)."""

    title: str
    title_raw: str
    text: str
    published_at: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    images: list[dict[str, str]] = field(default_factory=list)
    language: str | None = None
