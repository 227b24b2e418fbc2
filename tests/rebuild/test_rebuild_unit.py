"""Rebuild from hand-built WARC files: content codings, revisits resolved through their original
(also outside the requested dates), crawl grouping and damaged files."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import brotli
import pytest
from backports import zstd

from archive.cli.main import main
from core.sites import load_sites
from pipelines.rebuild import Rebuild, RebuildOptions, RebuildReport
from pipelines.rebuild.captures import CaptureError, crawls, scan_warc, undo_content_encoding
from query.index import IndexFeed
from storage.warc import EarlierCapture
from tests.rebuild.warcs import Archive, article_html, article_url, day

HTML = article_html(1)


@pytest.mark.parametrize(("coding", "served"), [
    ("gzip", gzip.compress(HTML)),
    ("deflate", zlib.compress(HTML)),
    ("deflate", zlib.compress(HTML)[2:-4]),  # raw deflate, no zlib header
    ("br", brotli.compress(HTML)),
    ("zstd", zstd.compress(HTML)),
    ("identity", HTML),
    ("", HTML),
    ("deflate, gzip", gzip.compress(zlib.compress(HTML))),
])
def test_content_coding_is_undone(coding: str, served: bytes) -> None:
    assert undo_content_encoding(served, coding) == HTML


def test_unknown_or_broken_coding_is_a_capture_error() -> None:
    with pytest.raises(CaptureError, match="compress"):
        undo_content_encoding(HTML, "compress")
    with pytest.raises(CaptureError, match="gzip"):
        undo_content_encoding(b"not gzip", "gzip")


def test_crawls_start_at_serial_one() -> None:
    keys = [f"raw/site=s/date=2026-03-0{d}/s-2026030{d}0{h}0000-0000{n}.warc.gz"
            for d, h, n in ((1, 1, 1), (1, 2, 2), (2, 1, 1), (3, 1, 1), (3, 2, 2), (3, 3, 3))]
    assert [len(group) for group in crawls(keys)] == [2, 1, 3]


def rebuild(tmp_path: Path, archive: Archive, since: str | None = None) -> RebuildReport:
    sites = list(load_sites(tmp_path / "sites").values())
    return Rebuild(archive.store, tmp_path / "home", RebuildOptions(since=since), index=IndexFeed).run(sites)


def test_revisit_only_article_is_rebuilt_from_its_original(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    (first,) = archive.crawl(day(1), [(article_url(1), HTML, None)])
    earlier = EarlierCapture(first["record_id"], article_url(1), "2026-03-01T02:00:00.000000Z")
    (revisit,) = archive.crawl(day(5), [(article_url(1), HTML, earlier)])

    # only the later crawl is asked for: its capture is a revisit, its payload in the first crawl
    report = rebuild(tmp_path, archive, since="2026-03-05")
    (key,) = report.written
    assert key.startswith("clean/site=qingshan/date=2026-03-05/")
    record = json.loads(archive.store.get(key))
    assert record["raw"] == revisit
    assert record["fetched_at"] == "2026-03-05T02:00:00Z"
    assert record["text"].split("\n")[0].startswith("3月1日上午，青山县城南污水处理厂二期工程通水运行")
    assert record["title"] == "青山县城南污水处理厂二期工程通水运行"
    assert record["source"] == "青山日报" and record["editor"] == "韩蕾"


def test_revisit_of_an_archived_version_writes_nothing(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    (first,) = archive.crawl(day(1), [(article_url(1), HTML, None)])
    earlier = EarlierCapture(first["record_id"], article_url(1), "2026-03-01T02:00:00.000000Z")
    archive.crawl(day(5), [(article_url(1), HTML, earlier)])

    report = rebuild(tmp_path, archive)
    assert [k.split("/")[2] for k in report.written] == ["date=2026-03-01"]
    assert report.unchanged == 1


def test_damaged_warc_is_named_and_the_others_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    archive = Archive(tmp_path)
    archive.crawl(day(1), [(article_url(1), HTML, None)])
    archive.crawl(day(2), [(article_url(2), article_html(2, "青山县新增公交线路三条 覆盖北部工业园区"), None)])
    damaged = next(k for k in archive.store.list("raw/") if "date=2026-03-01" in k and k.endswith(".warc.gz"))
    path = archive.store.root / damaged
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\x00" * 64 + data[264:])
    assert scan_warc(archive.store, damaged).error

    for name, value in (("DIFANG_SITES", tmp_path / "sites"), ("DIFANG_HOME", tmp_path / "home"),
                        ("DIFANG_ARCHIVE", archive.store.root)):
        monkeypatch.setenv(name, str(value))
    assert main(["rebuild"]) == 1
    out, err = capsys.readouterr()
    assert damaged in err
    written = [k for k in archive.store.list("clean/")]
    assert len(written) == 1 and "date=2026-03-02" in written[0]
    assert "written 1," in out


def test_record_id_mismatch_is_refused(tmp_path: Path) -> None:
    from pipelines.rebuild.captures import record_payload

    archive = Archive(tmp_path)
    (pointer,) = archive.crawl(day(1), [(article_url(1), HTML, None)])
    assert gzip.decompress(record_payload(archive.store, pointer)) == HTML
    with pytest.raises(CaptureError, match="holds"):
        record_payload(archive.store, {**pointer, "record_id": "<urn:uuid:other>"})
