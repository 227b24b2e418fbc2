"""An article whose fields cannot be extracted is still archived (``extraction_error`` set, linked
to its raw copy), kept out of the syndication index, counted by ``difang stats`` and filled in by
``difang rebuild``; a dropped or failed item is logged as one line (URL, stage, reason).

The one stand-in: ``pipelines.process.extract_article`` made to raise, where a test needs the
extractor to fail. Everything else is the real component.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.log import logformatter_adapter
from scrapy.utils.test import get_crawler

import pipelines.process
from archive.cli.main import main
from core.items import ArticleItem, FetchedPage
from core.record import MANIFEST_SCHEMA, clean_key, make_record, manifest_row
from core.sites import load_sites
from crawler.logformatter import QuietLogFormatter
from pipelines.decode import DecodePipeline
from pipelines.dedupe import DedupePipeline
from pipelines.extract import ExtractPipeline
from pipelines.normalize import NormalizePipeline
from pipelines.process import extract_fields
from pipelines.rebuild import Rebuild, RebuildOptions
from query.index import SCHEMA_VERSION, IndexFeed, QueryIndex, index_path
from tests.rebuild.warcs import Archive, article_html, article_url, day

RAW = {"warc": "raw/site=s/date=2026-03-01/s-20260301020000-00001.warc.gz", "offset": 0, "length": 10,
       "record_id": "<urn:uuid:0001>"}
PAGE = ("<html><head><title>柳河镇修缮古桥 &amp; 老街_柳河在线</title></head><body><div class='text'>"
        + "".join(f"<p>柳河镇第{i}段文字，镇上的居民说古桥修好以后，赶集的路近了不少，老人孩子都愿意出门走走。</p>"
                  for i in range(6))
        + "</div></body></html>").encode("utf-8")


def item_of(url: str, body: bytes = PAGE) -> ArticleItem:
    page = FetchedPage(url=url, final_url=url, status=200, headers={"content-type": "text/html; charset=utf-8"},
                       body=body, raw=dict(RAW, record_id=f"<urn:uuid:{url[-6:]}>"),  # type: ignore[typeddict-item]
                       revisit=False, digest="sha1:X", captured_at="2026-03-01T02:00:00Z", text="",
                       encoding="", encoding_declared=None)
    return ArticleItem(site="liuhe", url=url, final_url=url, fetched_at="2026-03-01T02:00:00Z", pages=[page],
                       raw=page["raw"])


def broken_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("Input object is not an XML element: lxml.etree._Comment")
    monkeypatch.setattr(pipelines.process, "extract_article", fail)


# -- the extract step ------------------------------------------------------------------------------

def test_failed_extraction_keeps_what_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    broken_extractor(monkeypatch)
    item = item_of("http://liuhe.example/a/000001.html")
    pipelines.process.decode_pages(item)
    extract_fields(item, None, "Asia/Shanghai")  # does not raise
    assert item["extraction_error"] == "TypeError: Input object is not an XML element: lxml.etree._Comment"
    assert item["text"] == "" and item["authors"] == [] and item["published_at"] is None
    assert item["title"] == "柳河镇修缮古桥 & 老街_柳河在线"  # the <title>, all that is known
    assert item["encoding"] == "utf-8"


def test_successful_extraction_has_no_error() -> None:
    item = item_of("http://liuhe.example/a/000002.html")
    pipelines.process.decode_pages(item)
    extract_fields(item, None, "Asia/Shanghai")
    assert item.get("extraction_error") is None and "古桥修好以后" in item["text"]


def test_reason_is_short_and_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("bad\nnode " + "x" * 5000)
    monkeypatch.setattr(pipelines.process, "extract_article", fail)
    item = item_of("http://liuhe.example/a/000003.html")
    pipelines.process.decode_pages(item)
    extract_fields(item, None, "Asia/Shanghai")
    error = item["extraction_error"]
    assert error is not None and "\n" not in error and len(error) <= pipelines.process.REASON_CHARS
    assert error.startswith("ValueError: bad node x")


# -- the Scrapy stages -----------------------------------------------------------------------------

def run_stages(tmp_path: Path, items: list[ArticleItem]) -> tuple[list[ArticleItem], dict[str, Any]]:
    """decode → extract → normalize → dedupe, the crawl's stages, on ``items``."""
    crawler = get_crawler(Spider, {"DIFANG_HOME": str(tmp_path / "home")})
    stages = [DecodePipeline(crawler), ExtractPipeline(crawler), NormalizePipeline(crawler), DedupePipeline(crawler)]
    for stage in stages:
        getattr(stage, "open_spider", lambda: None)()
    out = []
    for item in items:
        for stage in stages:
            item = stage.process_item(item)
        out.append(item)
    dedupe = stages[-1]
    assert isinstance(dedupe, DedupePipeline) and dedupe.index is not None
    filed = dedupe.index.cluster_of(out[0]["id"])
    for stage in stages:
        getattr(stage, "close_spider", lambda: None)()
    assert crawler.stats is not None
    return out, {**crawler.stats.get_stats(), "filed": filed}


def test_failed_item_goes_on_to_a_record_alone_in_its_cluster(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    broken_extractor(monkeypatch)
    items, stats = run_stages(tmp_path, [item_of("http://liuhe.example/a/000011.html"),
                                         item_of("http://liuhe.example/a/000012.html")])
    assert stats["difang/errors/extract_failed"] == 2 and stats["difang/dedupe/unfiled"] == 2
    assert "difang/articles/duplicate" not in stats and stats["filed"] is None  # not in the index
    first, second = items
    assert first["cluster_id"] == first["id"] and second["cluster_id"] == second["id"]
    assert first["duplicate_of"] is None and second["duplicate_of"] is None  # two empty texts: no cluster
    record = make_record(dict(first))
    assert record["extraction_error"].startswith("TypeError: Input object is not an XML element")
    assert record["raw"] == first["pages"][0]["raw"] and record["url"] == first["url"]
    assert record["final_url"] == first["url"] and record["site"] == "liuhe" and record["text"] == ""
    assert record["fetched_at"] == "2026-03-01T02:00:00Z" and record["encoding"] == "utf-8"
    assert list(record)[-1] == "extraction_error" and "extraction_error" in MANIFEST_SCHEMA.names
    assert manifest_row(record)["extraction_error"] == record["extraction_error"]


def test_text_less_pages_do_not_cluster(tmp_path: Path) -> None:
    empty = "<html><head><title>柳河在线</title></head><body><div></div></body></html>".encode()
    items, stats = run_stages(tmp_path, [item_of("http://liuhe.example/a/000021.html", empty),
                                         item_of("http://liuhe.example/a/000022.html", empty)])
    assert [i.get("extraction_error") for i in items] == [None, None]  # extraction ran: no text found
    assert stats["difang/articles/empty_text"] == 2 and stats["difang/dedupe/unfiled"] == 2
    assert [i["duplicate_of"] for i in items] == [None, None]


def test_extracted_items_are_filed_as_before(tmp_path: Path) -> None:
    items, stats = run_stages(tmp_path, [item_of("http://liuhe.example/a/000031.html"),
                                         item_of("http://liuhe.example/a/000032.html")])
    assert items[1]["duplicate_of"] == items[0]["id"] and stats["difang/dedupe/exact"] == 1
    assert stats["filed"] == items[0]["id"] and "difang/dedupe/unfiled" not in stats


# -- rebuild and stats -----------------------------------------------------------------------------

def stats_json(tmp_path: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    for name, value in (("DIFANG_SITES", tmp_path / "sites"), ("DIFANG_HOME", tmp_path / "home"),
                        ("DIFANG_ARCHIVE", archive.store.root)):
        monkeypatch.setenv(name, str(value))
    capsys.readouterr()
    assert main(["stats", "--json", "--no-runs"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_rebuild_fills_in_a_failed_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    archive = Archive(tmp_path)
    archive.crawl(day(1), [(article_url(1), article_html(1), None)])
    sites = list(load_sites(tmp_path / "sites").values())

    with monkeypatch.context() as patch:
        broken_extractor(patch)
        report = Rebuild(archive.store, tmp_path / "home", RebuildOptions(), index=IndexFeed).run(sites)
    (key,) = report.written  # written with what is known, and counted as failed
    assert [f.reason for f in report.failures] == [
        "extraction_error: TypeError: Input object is not an XML element: lxml.etree._Comment"]
    failed = json.loads(archive.store.get(key))
    assert failed["extraction_error"] and failed["text"] == "" and failed["raw"]["record_id"]
    (site,) = stats_json(tmp_path, archive, monkeypatch, capsys)["sites"]
    assert (site["site"], site["articles"], site["extraction_errors"]) == ("qingshan", 1, 1)

    report = Rebuild(archive.store, tmp_path / "home", RebuildOptions(), index=IndexFeed).run(sites)
    assert report.filled == [key] and report.written == [] and report.failures == []
    filled = json.loads(archive.store.get(key))
    assert filled["extraction_error"] is None and "污水处理厂二期工程" in filled["text"]
    assert filled["fetched_at"] == failed["fetched_at"] and filled["raw"] == failed["raw"]
    (site,) = stats_json(tmp_path, archive, monkeypatch, capsys)["sites"]
    assert (site["articles"], site["extraction_errors"]) == (1, 0)  # the index row was replaced

    report = Rebuild(archive.store, tmp_path / "home", RebuildOptions(), index=IndexFeed).run(sites)
    assert (report.filled, report.written, report.unchanged) == ([], [], 1)  # nothing left to fill


def test_index_of_the_previous_layout_gains_the_column(tmp_path: Path) -> None:
    path = index_path(tmp_path)
    record = make_record(dict(item_of("http://liuhe.example/a/000041.html"), id="r41", text="柳河", title="柳河",
                              extraction_error=None, content_hash="sha256:1"))
    with QueryIndex(path) as index:
        index.add([(record, clean_key(record))])
    old = sqlite3.connect(path)
    old.execute("ALTER TABLE articles DROP COLUMN extraction_error")
    old.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    old.commit()
    old.close()
    with QueryIndex(path) as index:
        assert index.meta("schema") == SCHEMA_VERSION
        assert index.execute("SELECT id, extraction_error FROM articles") == [{"id": "r41", "extraction_error": None}]


# -- one log line per dropped or failed item -------------------------------------------------------

class FussyStage:
    def process_item(self, item: Any) -> Any:
        raise DropItem(f"{item['url']}: unchanged since its last capture")


class BrokenStage:
    def process_item(self, item: Any) -> Any:
        raise ValueError("text\n" + "y" * 1000)


def caught(stage: Any, item: Any) -> BaseException:
    try:
        stage.process_item(item)
    except Exception as exc:
        return exc
    raise AssertionError("the stage did not raise")


def logged(result: Any) -> tuple[int, str]:
    level, msg, args = logformatter_adapter(result)
    return level, msg % args


def test_dropped_is_one_line_with_url_stage_and_reason() -> None:
    crawler = get_crawler(Spider)
    spider = Spider.from_crawler(crawler, name="portal")
    formatter = QuietLogFormatter.from_crawler(crawler)
    item = item_of("http://liuhe.example/a/000051.html", PAGE * 200)
    response = HtmlResponse(item["url"], body=PAGE)
    level, line = logged(formatter.dropped(item, caught(FussyStage(), item), response, spider))
    assert line == "Dropped http://liuhe.example/a/000051.html at FussyStage: unchanged since its last capture"
    assert level == logging.WARNING  # DEFAULT_DROPITEM_LOG_LEVEL, as Scrapy's own
    drop = DropItem("no url in this item", log_level="INFO")
    assert logged(formatter.dropped({}, drop, response, spider)) == (
        logging.INFO, "Dropped http://liuhe.example/a/000051.html at ?: no url in this item")


def test_item_error_is_one_line_without_the_item() -> None:
    crawler = get_crawler(Spider)
    spider = Spider.from_crawler(crawler, name="portal")
    formatter = QuietLogFormatter.from_crawler(crawler)
    item = item_of("http://liuhe.example/a/000052.html", PAGE * 200)
    level, line = logged(formatter.item_error(item, caught(BrokenStage(), item), None, spider))
    assert level == logging.ERROR and "\n" not in line and len(line) < 400
    assert line.startswith("Error processing http://liuhe.example/a/000052.html at BrokenStage: ValueError: text yyy")
    assert "柳河" not in line  # nothing of the page


def test_scrapy_default_would_log_the_item() -> None:
    """What the formatter replaces: Scrapy's own line carries the item (so the test above can fail)."""
    from scrapy.logformatter import LogFormatter

    crawler = get_crawler(Spider)
    spider = Spider.from_crawler(crawler, name="portal")
    item = item_of("http://liuhe.example/a/000053.html", PAGE * 200)
    _level, line = logged(LogFormatter().dropped(item, caught(FussyStage(), item), None, spider))
    assert len(line) > 100_000
