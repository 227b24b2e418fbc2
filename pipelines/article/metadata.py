"""Machine-readable metadata of a page: <meta> tags and JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml import etree

from .dom import clean_space

PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "pubdate",
                  "publishdate", "publish_date", "published_time", "publication_date", "datepublished",
                  "dc.date.issued", "dc.date", "dcterms.created", "firstpublishedtime", "releasedate",
                  "parsely-pub-date", "sailthru.date", "weibo:article:create_at", "article:created_time",
                  "created", "date")
SOURCE_META = ("contentsource", "source", "article:source", "og:article:source")
AUTHOR_META = ("author", "article:author", "byl", "dc.creator")


def meta_values(root: etree._Element) -> dict[str, str]:
    """Lower-cased name/property/itemprop → content of the first <meta> carrying it."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = clean_space(str(meta.get("content") or ""))
        if not content:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = str(meta.get(attr) or "").strip().lower()
            if key:
                values.setdefault(key, content)
    return values


def first_meta(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((values[k] for k in keys if values.get(k)), None)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"])


def json_ld(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (``@graph`` flattened); broken blocks are skipped."""
    objects: list[dict[str, Any]] = []
    # (lxml's own walk over the tag, not an XPath search: an XPath call costs more than the walk)
    for script in root.iter("script"):
        if script.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        objects.extend(_walk(data))
    return objects


def ld_field(objects: list[dict[str, Any]], key: str) -> Any:
    """The first value of ``key`` among article-like JSON-LD objects."""
    for obj in objects:
        if key in obj and obj[key]:
            return obj[key]
    return None


def ld_names(value: Any) -> list[str]:
    """Names in a JSON-LD author/creator value (a string, an object, or a list of either)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    return []
