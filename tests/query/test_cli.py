"""The difang commands in-process, over an archive written by a real CrawlSession.

The session's index hook is what makes the first search work here without a reindex.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from archive.cli.main import main
from core.record import clean_key, record_json
from query.index import IndexFeed
from storage.session import CrawlSession
from tests.query.articles import ARTICLES

PAGE = "<html><head><meta charset='gbk'><title>市人民医院新门诊楼启用</title></head><body>新门诊楼</body></html>"


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    home, root = tmp_path / "home", tmp_path / "archive"
    monkeypatch.setenv("DIFANG_HOME", str(home))
    monkeypatch.setenv("DIFANG_ARCHIVE", str(root))
    session = CrawlSession("leshan", archive_url=str(root), home=home, index=IndexFeed)
    payload = gzip.compress(PAGE.encode("gbk"), mtime=0)
    pointer = session.warc.write_exchange(
        "http://leshan.example.cn/a/a3.html", method="GET", request_headers=[("Host", "leshan")],
        request_body=b"", status=200, reason="OK", protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=gbk"), ("Content-Encoding", "gzip")],
        payload=payload)
    for record in ARTICLES:
        if record["id"].endswith("a3"):
            record = {**record, "raw": dict(pointer)}
        session.add_record(clean_key(record), record, record_json(record))
    run = session.close({}, "finished")
    assert run["uploads_complete"]
    return {"home": home, "root": root, "payload": payload}


def difang(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_search_works_right_after_the_crawl(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = difang(capsys, "search", "醫院", "--jsonl")
    assert status == 0
    assert [json.loads(line)["id"][-2:] for line in out.splitlines()] == ["a3", "a4"]


def test_search_table_and_paging(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = difang(capsys, "search", "--limit", "2", "--page", "2")
    assert status == 0
    assert "新闻发布会介绍春耕进展" in out and "a0000000000000a5" in out
    assert len(out.splitlines()) == 3  # header + 2 rows


def test_show_prints_record_and_cluster(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = difang(capsys, "show", "a0000000000000a2", "--json")
    data = json.loads(out)
    assert status == 0 and data["record"]["title"].startswith("成都地铁十九号线二期开通")
    assert [c["id"] for c in data["cluster"]] == ["a0000000000000a1"]
    assert data["cluster"][0]["role"] == "origin"


def test_raw_gives_bytes_as_served_and_text(archive: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    target = tmp_path / "page.bin"
    assert difang(capsys, "raw", "a0000000000000a3", "-o", str(target))[0] == 0
    assert target.read_bytes() == archive["payload"]
    status, out = difang(capsys, "raw", "a0000000000000a3", "--text")
    assert status == 0 and "市人民医院新门诊楼启用" in out


def test_unknown_id_is_a_one_line_error(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ffffffffffffffff"]) == 1
    assert "no article" in capsys.readouterr().err


def test_reindex_rebuilds_the_same_answers(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    (archive["home"] / "index.sqlite").unlink()
    assert main(["search", "地铁"]) == 1  # no index: tells the user to reindex
    status, out = difang(capsys, "reindex")
    assert status == 0 and "indexed 6 articles from 1 manifests" in out
    _, out = difang(capsys, "search", "地铁", "--jsonl")
    assert [json.loads(line)["id"][-2:] for line in out.splitlines()] == ["a2", "a1"]


def test_stats(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = difang(capsys, "stats", "--json")
    report = json.loads(out)
    assert status == 0
    sites = {row["site"]: row for row in report["sites"]}
    assert sites["mianyang"]["duplicate_rate"] == 1.0 and sites["chengdu"]["articles"] == 2
    assert {"repair": "pinyin_notes", "articles": 1, "total": 2} in report["repairs"]
    assert report["last_crawl"][0]["site"] == "leshan"


def test_clusters(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = difang(capsys, "clusters", "--json")
    data = json.loads(out)
    assert status == 0
    assert [c["site"] for c in data["stories"][0]["copies"]] == ["chengdu", "mianyang"]
    assert data["republishers"][0] == {"origin_site": "chengdu", "copy_site": "mianyang", "stories": 1,
                                       "mean_delay_hours": 7.5}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
def test_export_with_filters(archive: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    assert main(["export", "医院", "--site", "leshan", "-o", str(target)]) == 0
    if fmt == "parquet":
        rows = pq.read_table(target).to_pylist()
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    else:
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("id,url,") and len(lines) == 2
        return
    assert [r["id"] for r in rows] == ["a0000000000000a3"]
    assert rows[0]["text"].startswith("市人民医院新门诊楼今日启用")
