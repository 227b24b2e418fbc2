"""Last good site definitions, versioned in PostgreSQL: a job names a version, and the crawl
runs that very definition, whatever was stored since."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.sites import SiteError
from daemon.site_versions_pg import SiteVersions

GOOD = """name: qs
title: 青山新闻网
start_urls: [https://www.qs.example.cn/list_1.html]
article_urls: ['/content_\\d+\\.htm$']
schedule: "*/30 * * * *"
"""


def write(folder: Path, text: str, name: str = "qs") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_versions_are_kept_and_a_job_gets_the_one_it_names(pg_database: str, tmp_path: Path) -> None:
    versions = SiteVersions(pg_database)
    sites = tmp_path / "sites"
    site, first = versions.store(write(sites, GOOD))
    assert (site.name, first) == ("qs", 1)
    assert versions.store(write(sites, GOOD))[1] == 1  # the same text again: the same version
    changed = GOOD.replace("*/30", "*/10")
    assert versions.store(write(sites, changed))[1] == 2
    with pytest.raises(SiteError):
        versions.store(write(sites, GOOD.replace("schedule", "shedule")))  # does not validate
    assert versions.latest() == {"qs": 2}

    other_node = SiteVersions(pg_database)  # a worker elsewhere runs the job made with version 1
    ran = other_node.materialize("qs", first, tmp_path / "job-1")
    assert ran.schedule == "*/30 * * * *" and Path(ran.path) == tmp_path / "job-1" / "qs.yaml"
    assert other_node.materialize("qs", None, tmp_path / "latest").schedule == "*/10 * * * *"
    with pytest.raises(SiteError, match="version 9"):
        other_node.materialize("qs", 9, tmp_path / "job-9")
    versions.close()
    other_node.close()


def test_sync_stores_what_changed_and_names_every_version(pg_database: str, tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    versions = SiteVersions(pg_database)
    sites = tmp_path / "leader-sites"
    write(sites, GOOD)
    write(sites, GOOD.replace("qs", "ls").replace("青山", "绿水"), name="ls")
    assert versions.sync(sites) == {"ls": 1, "qs": 1}
    assert versions.sync(sites) == {"ls": 1, "qs": 1}  # nothing changed: nothing stored
    write(sites, GOOD.replace("*/30", "*/5"))
    write(sites, "name: [broken", name="zz")
    assert versions.sync(sites) == {"ls": 1, "qs": 2}
    assert "zz.yaml" in caplog.text
    assert versions.latest() == {"ls": 1, "qs": 2}
    versions.close()
