"""Site definitions: valid files load, each kind of mistake names the file and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.sites import SiteError, load_site, load_site_file, load_sites

GOOD = """\
name: good
title: 好网
start_urls: [http://127.0.0.2:8701/news/list_1.html]
feeds: [http://127.0.0.2:8701/rss.xml]
article_urls: ['/\\d{4}-\\d{2}/\\d{2}/content_\\d+\\.htm$']
follow_urls: ['/news/list_\\d+\\.html$']
max_depth: 3
schedule: "*/30 * * * *"
timezone: Asia/Shanghai
script: zh-Hans
render: false
selectors: {title: h1.title, body: "//div[@id='content']"}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_site_loads(tmp_path: Path) -> None:
    site = load_site_file(write(tmp_path, "good", GOOD))
    assert site.name == "good" and site.max_depth == 3
    assert site.hosts == frozenset({"127.0.0.2"})
    assert site.is_article("http://127.0.0.2:8701/2026-11/03/content_1234.htm")
    assert not site.is_article("http://127.0.0.2:8701/2026-11/03/content_1234.html")
    assert site.is_followable("http://127.0.0.2:8701/news/list_2.html")
    assert not site.is_followable("http://127.0.0.2:8701/private/list_2.htm")
    assert site.selectors["title"] == "h1.title"


def test_defaults(tmp_path: Path) -> None:
    site = load_site_file(write(tmp_path, "min", "name: min\nsitemaps: [http://a.example/robots.txt]\n"
                                               "article_urls: ['/a/']\n"))
    assert (site.max_depth, site.timezone, site.script, site.render) == (2, "Asia/Shanghai", "zh-Hans", False)


BAD_CASES = [
    ("unknown key", GOOD + "colour: red\n", "colour"),
    ("bad regex", GOOD.replace("'/news/list_\\d+\\.html$'", "'/news/(list'"), "follow_urls"),
    ("bad cron", GOOD.replace("*/30 * * * *", "*/30 * * *"), "schedule"),
    ("cron out of range", GOOD.replace("*/30 * * * *", "61 * * * *"), "schedule"),
    ("bad timezone", GOOD.replace("Asia/Shanghai", "Asia/Nowhere"), "timezone"),
    ("bad script", GOOD.replace("script: zh-Hans", "script: klingon"), "script"),
    ("bad render", GOOD.replace("render: false", "render: maybe"), "render"),
    ("bad depth", GOOD.replace("max_depth: 3", "max_depth: -1"), "max_depth"),
    ("bool depth", GOOD.replace("max_depth: 3", "max_depth: true"), "max_depth"),
    ("bad url", GOOD.replace("http://127.0.0.2:8701/rss.xml", "ftp://x/rss.xml"), "feeds"),
    ("bad name", GOOD.replace("name: good", "name: Good Site"), "name"),
    ("bad selector key", GOOD.replace("{title: h1.title", "{headline: h1.title"), "selectors.headline"),
    ("bad css", GOOD.replace("h1.title", "'h1[[['"), "selectors.title"),
    ("bad xpath", GOOD.replace("//div[@id='content']", "//div[@id="), "selectors.body"),
]


@pytest.mark.parametrize(("case", "text", "field"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_values_name_file_and_field(tmp_path: Path, case: str, text: str, field: str) -> None:
    path = write(tmp_path, "good", text)
    with pytest.raises(SiteError) as err:
        load_site_file(path)
    assert err.value.field == field
    assert str(path) in str(err.value) and field in str(err.value)
    assert "\n" not in str(err.value)


def test_without_article_urls_articles_are_recognized_by_content(tmp_path: Path) -> None:
    # issue 19: a site file may leave article_urls out; the spider then judges pages by content
    site = load_site_file(write(tmp_path, "good", GOOD.replace(
        "article_urls: ['/\\d{4}-\\d{2}/\\d{2}/content_\\d+\\.htm$']", "")))
    assert site.article_urls == () and site.by_content
    assert not site.is_article("http://127.0.0.2:8701/2026-11/09/content_1.htm")
    assert not load_site_file(write(tmp_path, "good", GOOD)).by_content


def test_unreachable_combinations(tmp_path: Path) -> None:
    nothing = "name: x\narticle_urls: ['/a/']\n"
    with pytest.raises(SiteError, match="start_urls"):
        load_site_file(write(tmp_path, "x", nothing))
    follow_only = "name: y\nfeeds: [http://a.example/f.xml]\narticle_urls: ['/a/']\nfollow_urls: ['/l/']\n"
    with pytest.raises(SiteError, match="follow_urls"):
        load_site_file(write(tmp_path, "y", follow_only))


def test_malformed_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "name: broken\nstart_urls: [http://a.example/\n  x: : y\n")
    with pytest.raises(SiteError, match="malformed YAML at line"):
        load_site_file(path)
    with pytest.raises(SiteError, match="mapping"):
        load_site_file(write(tmp_path, "list", "- a\n- b\n"))


def test_name_must_match_file(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="file name"):
        load_site_file(write(tmp_path, "other", GOOD))


def test_unknown_site_lists_known(tmp_path: Path) -> None:
    write(tmp_path, "good", GOOD)
    assert set(load_sites(tmp_path)) == {"good"}
    with pytest.raises(SiteError, match="no site named 'nope' .*good"):
        load_site(tmp_path, "nope")


def test_scrapy_crawl_rejects_bad_site_with_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "bad", GOOD.replace("name: good", "name: bad").replace("*/30 * * * *", "nonsense"))
    env = {"DIFANG_SITES": str(tmp_path), "DIFANG_HOME": str(tmp_path / "home"),
           "DIFANG_ARCHIVE": str(tmp_path / "archive"), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[2]
    for site, needle in (("bad", "schedule"), ("missing", "no site named")):
        proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}"],
                              cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert needle in proc.stderr + proc.stdout
        assert not (tmp_path / "archive").exists()  # no crawl started


def test_scheduler_once_rejects_bad_site_with_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "bad", "name: bad\n")
    env = {"DIFANG_SITES": str(tmp_path), "DIFANG_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "scheduler.py", "--once"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr
