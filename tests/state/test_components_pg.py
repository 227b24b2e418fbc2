"""The crawl's components in cluster mode: ``DIFANG_DATABASE`` set, the seen URLs, the
syndication index and the title decorations are PostgreSQL's, and none of their files is made."""

from __future__ import annotations

from pathlib import Path

from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.pipelines import ItemPipelineManager

from pipelines.dedupe import DedupePipeline
from pipelines.normalize import NormalizePipeline
from pipelines.syndication import canonicalize_url
from pipelines.syndication.near_pg import PgNearDuplicateIndex
from pipelines.text.title_store_pg import PgTitleDecorations
from storage.extension import ArchiveSession
from storage.seen_pg import PgSeenUrls
from tests.pgserver import PostgresServer
from tests.unit.test_components import SITE, URL, article_through, only, project_crawler


def test_one_article_through_every_component_in_cluster_mode(pg_server: PostgresServer, pg_database: str,
                                                             tmp_path: Path) -> None:
    crawler = project_crawler(tmp_path, DIFANG_DATABASE=pg_database)
    archive = crawler.get_extension(ArchiveSession)
    assert archive is not None and isinstance(archive.seen, PgSeenUrls)
    downloader = DownloaderMiddlewareManager.from_crawler(crawler).middlewares
    pipelines = ItemPipelineManager.from_crawler(crawler).middlewares
    dedupe, normalize = only(pipelines, DedupePipeline), only(pipelines, NormalizePipeline)
    assert dedupe is not None and normalize is not None and isinstance(normalize.store, PgTitleDecorations)
    [record] = article_through(downloader, pipelines)
    assert not archive.seen.should_fetch(canonicalize_url(URL), refetch_after_s=None, now=0)
    archive.spider_closed("finished")

    index = PgNearDuplicateIndex(pg_database)
    assert index.cluster_of(record["id"]) == record["cluster_id"] == record["id"]
    index.close()
    name = pg_database.rsplit("/", 1)[1]
    assert pg_server.psql("SELECT site FROM title_decorations.sites", database=name).split() == [SITE]
    home = tmp_path / "home"
    assert not [p.name for p in home.iterdir() if p.name.startswith(("seen", "dedupe", "title_decorations"))]

    # a second crawl (another machine) knows the article is archived, and files a copy under it
    again = project_crawler(tmp_path / "other", DIFANG_DATABASE=pg_database)
    other = again.get_extension(ArchiveSession)
    assert other is not None and not other.seen.should_fetch(canonicalize_url(URL), refetch_after_s=None, now=0)
    [copy] = article_through(DownloaderMiddlewareManager.from_crawler(again).middlewares,
                             ItemPipelineManager.from_crawler(again).middlewares,
                             URL.replace("content_1", "content_2"))
    assert copy["cluster_id"] == record["id"] and copy["duplicate_of"] == record["id"]
    other.spider_closed("finished")
