"""With ``DIFANG_DATABASE`` unset nothing imports psycopg: a crawl's components, built and run
over one article, use the files under DIFANG_HOME (the single machine, as before)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import Config, ConfigError, database_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from pathlib import Path
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.pipelines import ItemPipelineManager
from storage.extension import ArchiveSession
from tests.unit.test_components import article_through, project_crawler

tmp = Path(sys.argv[1])
crawler = project_crawler(tmp)
archive = crawler.get_extension(ArchiveSession)
[record] = article_through(DownloaderMiddlewareManager.from_crawler(crawler).middlewares,
                           ItemPipelineManager.from_crawler(crawler).middlewares)
archive.spider_closed("finished")
print(sorted(p.name for p in (tmp / "home").iterdir()))
print("psycopg" in sys.modules)
"""


def run(tmp_path: Path, database: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIFANG_")}
    if database:
        env["DIFANG_DATABASE"] = database
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()[-2:]


def test_no_database_no_driver(tmp_path: Path) -> None:
    files, imported = run(tmp_path, None)
    assert imported == "False"
    for name in ("seen.sqlite", "dedupe.sqlite", "title_decorations.json"):
        assert name in files


def test_the_check_can_fail_the_driver_is_imported_in_cluster_mode(tmp_path: Path, pg_database: str) -> None:
    pytest.importorskip("psycopg")
    files, imported = run(tmp_path, pg_database)
    assert imported == "True" and "seen.sqlite" not in files


@pytest.mark.parametrize("value", ["mysql://u:secret@h/db", "/var/db.sqlite", "sqlite:///x"])
def test_a_database_that_is_not_postgresql_is_one_line_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        database_url({"DIFANG_DATABASE": value})
    assert str(caught.value).startswith("DIFANG_DATABASE: not a PostgreSQL URL") and "secret" not in str(caught.value)


def test_config_reads_the_database() -> None:
    assert Config.from_env({}).database is None
    assert Config.from_env({"DIFANG_DATABASE": " "}).database is None
    url = "postgresql://difang@db.internal:5432/difang"
    assert Config.from_env({"DIFANG_DATABASE": url}).database == url
