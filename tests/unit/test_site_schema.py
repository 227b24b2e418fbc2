"""The published JSON Schema of a site file and the loader (core/sites.py) cannot drift apart.

The schema is made from the loader's own rules (core/site_schema.py); the file editors read
(core/site.schema.json) must be that output, and every value the schema names — keys, enums,
bounds, patterns, what is required — is put to the loader, which must agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.site_schema import URL_PATTERN, schema_json, site_schema
from core.sites import KNOWN_KEYS, SiteError, load_site_file, parse_site

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "core" / "site.schema.json"
MINIMAL: dict[str, Any] = {"name": "qianjiang", "start_urls": ["http://127.0.0.9:8701/news/list_1.html"],
                           "article_urls": [r"/content_\d+\.htm$"]}
SCHEMA = site_schema()
PROPERTIES: dict[str, Any] = SCHEMA["properties"]


def accepted(**changes: Any) -> bool:
    document = {**MINIMAL, **changes}
    document = {k: v for k, v in document.items() if v is not _ABSENT}
    try:
        parse_site(document, Path("qianjiang.yaml"))
    except SiteError:
        return False
    return True


_ABSENT = object()


def test_published_file_is_the_generated_schema() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_json(), \
        "core/site.schema.json is stale: scrapy sites --schema > core/site.schema.json"
    assert json.loads(PUBLISHED.read_text(encoding="utf-8"))["$schema"].endswith("/draft/2020-12/schema")


def test_keys_are_the_loaders() -> None:
    assert list(PROPERTIES) == list(KNOWN_KEYS) and SCHEMA["additionalProperties"] is False
    assert not accepted(extra_key="x")  # what additionalProperties false promises
    for key in SCHEMA["required"]:
        assert not accepted(**{key: _ABSENT}), key
    optional = set(PROPERTIES) - set(SCHEMA["required"]) - {"start_urls"}  # needs a feed or sitemap instead
    for key in optional:
        assert accepted(**{key: _ABSENT}), key


def test_defaults_are_accepted_and_are_the_loaders() -> None:
    feed = {"feeds": ["http://127.0.0.9:8701/rss.xml"]}  # so that no start_urls is no problem
    site = parse_site(MINIMAL, Path("qianjiang.yaml"))
    defaults = {key: spec["default"] for key, spec in PROPERTIES.items() if "default" in spec}
    assert {"max_depth", "schedule", "timezone", "script", "render"} <= set(defaults)
    for key, default in defaults.items():
        assert accepted(**{**feed, key: default}), key
        if key not in MINIMAL:
            value = getattr(site, key)
            assert (list(value) if isinstance(value, tuple) else value) == default, key


@pytest.mark.parametrize("key", [k for k, spec in PROPERTIES.items() if "enum" in spec])
def test_enums(key: str) -> None:
    for value in PROPERTIES[key]["enum"]:
        assert accepted(**{key: value}), (key, value)
    for outsider in ("zh-CN", "yes", 2, None):
        if outsider not in PROPERTIES[key]["enum"]:
            assert not accepted(**{key: outsider}), (key, outsider)


def test_max_depth_bounds() -> None:
    spec = PROPERTIES["max_depth"]
    low, high = spec["minimum"], spec["maximum"]
    assert accepted(max_depth=low) and accepted(max_depth=high)
    assert not accepted(max_depth=low - 1) and not accepted(max_depth=high + 1)
    assert not accepted(max_depth=2.5) and not accepted(max_depth="2")  # "type": "integer"


@pytest.mark.parametrize(("name", "valid"), [("qianjiang", True), ("qj-2_b", True), ("QianJiang", False),
                                             ("qian jiang", False), ("钱江", False), ("", False)])
def test_name_pattern(name: str, valid: bool) -> None:
    assert bool(re.search(PROPERTIES["name"]["pattern"], name)) is valid
    assert accepted(name=name) is valid


@pytest.mark.parametrize(("url", "valid"), [
    ("http://127.0.0.9:8701/news/", True), ("https://news.example.cn", True),
    ("https://news.example.cn?page=1", True), ("ftp://news.example.cn/", False),
    ("news.example.cn/list.html", False), ("https://user:pw@news.example.cn/", False),
])
def test_url_pattern(url: str, valid: bool) -> None:
    assert bool(re.search(URL_PATTERN, url)) is valid
    assert accepted(start_urls=[url]) is valid
    assert accepted(start_urls=url) is valid  # one URL, not in a list: the schema's anyOf says so too


@pytest.mark.parametrize(("value", "valid"), [("12h", True), ("30m", True), ("2d", True), (" 90 ", True),
                                              ("1.5h", True), (90, True), ("12 hours", False), ("h", False),
                                              ("-1h", False), (-5, False), (0, False)])
def test_refetch_after(value: Any, valid: bool) -> None:
    number, text = PROPERTIES["refetch_after"]["anyOf"]
    if isinstance(value, str):
        assert bool(re.search(text["pattern"], value)) is (valid or value == "0")
    else:
        assert (value > number["exclusiveMinimum"]) is valid
    assert accepted(refetch_after=value) is valid


def test_selectors_and_list_shapes() -> None:
    selector_keys = PROPERTIES["selectors"]["anyOf"][0]["properties"]
    for key in selector_keys:
        assert accepted(selectors={key: "h1.title"}), key
    assert not accepted(selectors={"headline": "h1"}) and not accepted(selectors={"title": ""})
    assert accepted(selectors=None) and accepted(feeds=None)
    assert accepted(article_urls=[]) and accepted(article_urls=None)  # none: articles recognized by content


def test_somewhere_to_start_from() -> None:
    start = MINIMAL["start_urls"][0]
    assert not accepted(start_urls=_ABSENT) and not accepted(start_urls=[])
    for key in ("feeds", "sitemaps"):
        assert accepted(start_urls=_ABSENT, **{key: [start]}), key
    assert SCHEMA["dependentRequired"] == {"follow_urls": ["start_urls"]}
    assert not accepted(start_urls=_ABSENT, feeds=[start], follow_urls=["/list_\\d+"])


def test_demo_site_files_use_only_what_the_schema_describes() -> None:
    for path in sorted((ROOT / "demo" / "sites").glob("*.yaml")):
        load_site_file(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= set(PROPERTIES) and set(SCHEMA["required"]) <= set(data), path
        for key, value in data.items():
            if "enum" in PROPERTIES[key]:
                assert value in PROPERTIES[key]["enum"], (path, key)
