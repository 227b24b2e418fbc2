"""Hostile and careless site files: each is refused with one line naming the file and the field
(never a traceback), and no pattern a site file holds can hang a crawl."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sites import SiteError, load_site_file, parse_site

GOOD = "start_urls: [https://portal.example/]\narticle_urls: ['/a/\\d+\\.html$']\n"


def refused(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        load_site_file(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return message


def test_a_key_given_twice_is_an_error(tmp_path: Path) -> None:
    message = refused(tmp_path, "twice", "name: twice\nmax_depth: 2\n" + GOOD + "max_depth: 40\n")
    assert "duplicate key 'max_depth'" in message and "line 5" in message


def test_duplicate_keys_in_nested_mappings_too(tmp_path: Path) -> None:
    message = refused(tmp_path, "nested", "name: nested\n" + GOOD + "selectors:\n  title: h1\n  title: h2\n")
    assert "duplicate key 'title'" in message


def test_credentials_in_a_url_are_refused_and_never_echoed(tmp_path: Path) -> None:
    message = refused(tmp_path, "cred", "name: cred\nstart_urls: ['https://editor:hunter2@portal.example/']\n"
                      "article_urls: ['/a']\n")
    assert "credentials" in message and "hunter2" not in message and "editor" not in message


def test_a_cron_that_never_fires_is_an_error(tmp_path: Path) -> None:
    message = refused(tmp_path, "never", "name: never\n" + GOOD + "schedule: '0 0 30 2 *'\n")
    assert "schedule" in message and "never fires" in message
    # February 29th fires in leap years: that one is accepted
    (tmp_path / "leap.yaml").write_text("name: leap\n" + GOOD + "schedule: '0 0 29 2 *'\n", encoding="utf-8")
    assert load_site_file(tmp_path / "leap.yaml").schedule == "0 0 29 2 *"


@pytest.mark.parametrize("host", ["169.254.169.254", "[fe80::1]", "169.254.0.7:8080"])
def test_link_local_and_metadata_addresses_are_refused(tmp_path: Path, host: str) -> None:
    message = refused(tmp_path, "meta", f"name: meta\nstart_urls: ['http://{host}/latest/']\narticle_urls: ['/a']\n")
    assert "link-local" in message


def test_deep_nesting_and_huge_integers_are_one_line(tmp_path: Path) -> None:
    assert "nested too deeply" in refused(tmp_path, "deep", "name: deep\nx: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "digits" in refused(tmp_path, "huge", "name: huge\n" + GOOD + "max_depth: " + "9" * 5000 + "\n")
    assert "larger than" in refused(tmp_path, "big", "name: big\n" + GOOD + "#" * (2 << 20) + "\n")


def test_patterns_need_re2_syntax(tmp_path: Path) -> None:
    message = refused(tmp_path, "backref", "name: backref\nstart_urls: [https://portal.example/]\n"
                      "article_urls: ['/(\\d+)/\\1']\n")
    assert "article_urls" in message and "RE2" in message


@pytest.mark.timeout(20)
def test_a_catastrophic_pattern_cannot_hang_a_crawl(tmp_path: Path) -> None:
    # with Python's backtracking engine this link takes 2**45 steps against the pattern
    site = parse_site({"name": "redos", "start_urls": ["https://portal.example/"],
                       "article_urls": ["(a|a)+$", r"^https://portal\.example/(\w+\s?)*$"],
                       "follow_urls": ["(x+x+)+y"]}, tmp_path / "redos.yaml")
    for _ in range(1000):
        assert not site.is_article("https://portal.example/" + "a" * 45 + "!")
        assert not site.is_article("https://portal.example/" + "word " * 40 + "!")
        assert not site.is_followable("https://portal.example/" + "x" * 60)
    assert site.is_article("https://portal.example/aaa")


def test_overlong_urls_are_never_articles(tmp_path: Path) -> None:
    site = parse_site({"name": "long", "start_urls": ["https://portal.example/"], "article_urls": ["/a/"]},
                      tmp_path / "long.yaml")
    assert site.is_article("https://portal.example/a/1")
    assert not site.is_article("https://portal.example/a/" + "1" * 5000)


# -- fuzz: whatever the file holds, the answer is a site or one SiteError line ------------------
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=40), st.sampled_from(["https://portal.example/", "(a|a)+$", "*/5 * * * *",
                                                            "0 0 31 2 *", "Asia/Shanghai", "zh-Hant", "articles"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(string.ascii_lowercase, max_size=8), inner, max_size=4), max_leaves=12)
_keys = st.sampled_from(["name", "title", "start_urls", "feeds", "sitemaps", "article_urls", "follow_urls",
                         "max_depth", "schedule", "timezone", "script", "render", "selectors", "refetch_after",
                         "bogus"])


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=8))
def test_fuzzed_mappings_give_a_site_or_a_site_error(data: dict[str, object]) -> None:
    try:
        parse_site(data, Path("fuzz.yaml"))
    except SiteError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=string.printable + "[]{}:-&*!|>'\"%@`中", max_size=200))
def test_fuzzed_yaml_text_gives_a_site_or_a_site_error(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_site_file(path)
    except SiteError as exc:
        assert "\n" not in str(exc)

