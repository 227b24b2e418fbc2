"""`difang rebuild` on archives of real crawls of the demo portal: deleted clean records come back
equal to the originals byte for byte (both take fetched_at from the capture's WARC-Date), --output
reproduces the archive, a refetch crawl's revisits resolve, changed extraction is reported."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.cli.main import main
from demo.server import DemoPortal
from pipelines.syndication import NearDuplicateIndex
from query.index import QueryIndex, index_path
from storage.store import FileStore
from tests.integration.crawlkit import crawl_env, payload_at, runs, scrapy_crawl

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One crawl of demo-utf8 (with its three-page article) and two of demo-gbk, the second a
    refetch whose article captures are all revisits."""
    root = tmp_path_factory.mktemp("crawled")
    with DemoPortal(port=0) as portal:
        sites = root / "sites"
        portal.write_site_files(str(sites))
        gbk = sites / "demo-gbk.yaml"
        gbk.write_text(gbk.read_text(encoding="utf-8") + "refetch_after: 1s\n", encoding="utf-8")
        env = crawl_env(root, sites, str(root / "archive"))
        for number, site in enumerate(("demo-utf8", "demo-gbk", "demo-gbk")):
            if number == 2:
                time.sleep(1.0)  # every capture now older than refetch_after, however fast the start
            proc = scrapy_crawl(site, env)
            assert proc.returncode == 0, proc.stderr[-2000:]
            run = max(runs(FileStore(root / "archive")), key=lambda r: r["started_at"])
            # the refetch fetched every article again (revisits), so each crawl filed all of them
            assert run["stats"].get("difang/articles/found", 0) == len(portal.article_urls(site)), \
                proc.stderr[-3000:]
    yield root


@pytest.fixture
def copy(crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the crawled archive and state, the environment pointing at it."""
    for part in ("sites", "archive", "home"):
        shutil.copytree(crawled / part, tmp_path / part)
    monkeypatch.setenv("DIFANG_SITES", str(tmp_path / "sites"))
    monkeypatch.setenv("DIFANG_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DIFANG_HOME", str(tmp_path / "home"))
    return tmp_path


def records(root: Path, site: str | None = None) -> dict[str, bytes]:
    store = FileStore(root)
    return {k: store.get(k) for k in store.list(f"clean/site={site}/" if site else "clean/")}


def without_fetched_at(data: bytes) -> dict[str, Any]:
    record = json.loads(data)
    record.pop("fetched_at")
    return dict(record)


def capture_time(archive: FileStore, record: dict[str, Any]) -> str:
    warc_record, _ = payload_at(archive, record["raw"])
    return str(warc_record.rec_headers.get_header("WARC-Date"))[:19] + "Z"


def test_deleted_records_come_back_and_nothing_else(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = FileStore(copy / "archive")
    originals = records(copy / "archive")
    multipage = next(k for k, v in originals.items() if json.loads(v)["url"].endswith("content_1005.htm"))
    deleted = sorted({multipage, *[k for k in originals if "demo-gbk" in k][:2],
                      *[k for k in originals if "demo-utf8" in k][:1]})
    for key in deleted:
        (copy / "archive" / key).unlink()
    (copy / "home" / "dedupe.sqlite").unlink()  # filed again for the records written
    index_path(copy / "home").unlink()

    assert main(["rebuild"]) == 0
    out = capsys.readouterr().out
    articles = len(originals) + len(records(copy / "archive", "demo-gbk"))  # + the refetch's revisits
    assert f"{articles} articles" in out
    assert f"written {len(deleted)}, unchanged {articles - len(deleted)}, would change 0, failed 0" in out
    now = records(copy / "archive")
    assert sorted(now) == sorted(originals)
    for key in deleted:
        rebuilt = json.loads(now[key])
        assert now[key] == originals[key], key  # byte for byte: fetched_at is the capture time
        assert rebuilt["fetched_at"] == capture_time(archive, rebuilt)
    for key in set(originals) - set(deleted):
        assert now[key] == originals[key]
    text = json.loads(now[multipage])["text"]
    assert len(text.split("\n")) > 4  # three pages' paragraphs

    ids = [json.loads(now[k])["id"] for k in deleted]
    with QueryIndex(index_path(copy / "home")) as index:
        assert all(index.get(i) is not None for i in ids)
        assert index.count() == len(deleted)
    dedupe = NearDuplicateIndex(copy / "home" / "dedupe.sqlite")
    try:
        assert all(dedupe.cluster_of(i) is not None for i in ids)
        assert sum(dedupe.cluster_of(json.loads(v)["id"]) is not None for v in now.values()) == len(deleted)
    finally:
        dedupe.close()

    assert main(["rebuild"]) == 0  # a second run has nothing left to do
    assert f"written 0, unchanged {articles}," in capsys.readouterr().out


def test_output_reproduces_the_archive_and_leaves_it_alone(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file()}
    assert main(["rebuild", "--output", str(copy / "out")]) == 0
    originals = records(copy / "archive")
    rebuilt = records(copy / "out")
    assert sorted(rebuilt) == sorted(originals)
    assert all(rebuilt[k] == originals[k] for k in originals)
    after = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file() and "out" not in p.parts}
    assert after == before
    assert "would write 0" in capsys.readouterr().out


def test_refetch_revisits_resolve_and_add_nothing(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = records(copy / "archive", "demo-gbk")
    for key in gbk:
        (copy / "archive" / key).unlink()
    assert main(["rebuild", "--site", "demo-gbk", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["warcs"] == 2 and report["articles"] == 2 * len(gbk)
    assert sorted(report["written"]) == sorted(gbk) and report["unchanged"] == len(gbk)
    assert report["failed"] == [] and report["changed"] == []
    now = records(copy / "archive", "demo-gbk")
    assert all(without_fetched_at(now[k]) == without_fetched_at(gbk[k]) for k in gbk)


def test_changed_extraction_is_reported_not_written(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, data = next(iter(records(copy / "archive", "demo-utf8").items()))
    record = json.loads(data)
    record["text"] += "\n旧版抽取器留下的一行页脚"
    record["content_hash"] = "0" * 16
    tampered = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
    (copy / "archive" / key).write_bytes(tampered)

    assert main(["rebuild", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would change 1" in out and f"would change: {key} (text)" in out
    assert main(["rebuild"]) == 0
    assert (copy / "archive" / key).read_bytes() == tampered
