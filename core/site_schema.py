"""The JSON Schema of a site file, made from the rules of :mod:`core.sites`, for editors.

``core/site.schema.json`` is this module's output (``scrapy sites --schema``), and
tests/unit/test_site_schema.py fails when the two differ or when the schema and the loader
disagree about a value. The schema says what a key may hold; the loader checks more than a
schema can say (cron expressions that fire, known time zones, RE2 syntax, selector syntax,
hosts, a name equal to its file's), so it stays the judge: ``scrapy sites --check``.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from typing import Any

from core.sites import (
    DURATION_RE,
    KNOWN_KEYS,
    MAX_DEPTH_LIMIT,
    MAX_PAGES_LIMIT,
    MAX_URL_LENGTH,
    NAME_RE,
    RENDER_VALUES,
    SCRIPTS,
    SELECTOR_KEYS,
    SiteDefinition,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
URL_PATTERN = r"^https?://[^/?#@\s]+([/?#]|$)"  # absolute http(s), no credentials


def _one_or_many(item: dict[str, Any], *, at_least_one: bool = False) -> dict[str, Any]:
    """A value given as one string or a list of them (the loader takes both; null is none)."""
    many: dict[str, Any] = {"type": "array", "items": item}
    if at_least_one:
        return {"anyOf": [item, {**many, "minItems": 1}]}
    return {"anyOf": [item, many, {"type": "null"}]}


def _properties() -> dict[str, dict[str, Any]]:
    url = {"type": "string", "pattern": URL_PATTERN, "maxLength": MAX_URL_LENGTH}
    regex = {"type": "string", "format": "regex"}
    selector = {"type": "string", "minLength": 1, "description": "CSS, or XPath when it starts with / or ("}
    return {
        "name": {"type": "string", "pattern": NAME_RE.pattern,
                 "description": "the site's name, equal to the file name (NAME.yaml)"},
        "title": {"type": "string", "description": "display name (default: the name)"},
        "start_urls": {**_one_or_many(url), "description": "list/section pages to start from"},
        "feeds": {**_one_or_many(url), "description": "RSS 2.0 or Atom feeds"},
        "sitemaps": {**_one_or_many(url),
                     "description": "sitemaps, sitemap indexes, news sitemaps or robots.txt"},
        "article_urls": {**_one_or_many(regex),
                         "description": "regular expressions (RE2, searched) for article pages; none: "
                                        "pages are recognized as articles by their content"},
        "follow_urls": {**_one_or_many(regex),
                        "description": "regular expressions for list/pagination pages to follow"},
        "max_depth": {"type": "integer", "minimum": 0, "maximum": MAX_DEPTH_LIMIT,
                      "description": "list-page hops from a start URL"},
        "schedule": {"type": "string", "minLength": 1, "description": "5-field cron, in timezone"},
        "timezone": {"type": "string", "description": "IANA zone, for schedule and dates without offset"},
        "script": {"enum": list(SCRIPTS), "description": "target script of the cleaned text"},
        "render": {"enum": list(RENDER_VALUES),
                   "description": "true: list pages through a browser; articles: article pages too"},
        "selectors": {"anyOf": [{"type": "object", "additionalProperties": False,
                                 "properties": {key: selector for key in SELECTOR_KEYS}},
                                {"type": "null"}],
                      "description": "field overrides: " + ", ".join(SELECTOR_KEYS)},
        "refetch_after": {"anyOf": [{"type": "number", "exclusiveMinimum": 0},
                                    {"type": "string", "pattern": DURATION_RE.pattern}],
                          "description": "fetch archived articles again after this long "
                                         "(seconds, or 30m, 12h, 2d)"},
        "max_pages": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_PAGES_LIMIT}, {"type": "null"}],
                      "description": "requests per crawl (default: the PAGE_BUDGET setting)"},
        "host_group": {"anyOf": [{"type": "string", "pattern": "^[A-Za-z0-9._-]{1,100}$"}, {"type": "null"}],
                       "description": "cluster mode: sites sharing one platform, crawled one at a time"},
    }


def site_schema() -> dict[str, Any]:
    properties = _properties()
    if list(properties) != list(KNOWN_KEYS):  # a key added to the loader must be described here
        raise AssertionError(f"schema keys {list(properties)} differ from KNOWN_KEYS {list(KNOWN_KEYS)}")
    for field in fields(SiteDefinition):
        if field.name in properties and field.default is not MISSING and field.name not in ("refetch_after", "max_pages", "host_group"):
            default = field.default
            properties[field.name]["default"] = list(default) if isinstance(default, tuple) else default
    starts = [{"required": [key], "properties": {key: {"type": ["string", "array"], "minItems": 1}}}
              for key in ("start_urls", "feeds", "sitemaps")]
    return {
        "$schema": DRAFT,
        "title": "difang site definition",
        "description": "One portal (sites/NAME.yaml). `scrapy sites --check` validates a file fully.",
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": properties,
        "anyOf": starts,  # somewhere to start from
        "dependentRequired": {"follow_urls": ["start_urls"]},
    }


def schema_json() -> str:
    return json.dumps(site_schema(), ensure_ascii=False, indent=2) + "\n"
