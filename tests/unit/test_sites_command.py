"""``scrapy sites``: list the site files, ``--check`` them (one line per bad file, exit status 2),
``--schema`` print the published schema. Through scrapy.cmdline as the ``scrapy`` command runs
it, and once in a process of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.cmdline import execute
from scrapy.utils.project import get_project_settings

from core.sites import SiteError, load_site_file

ROOT = Path(__file__).resolve().parents[2]
DEMO_SITES = ROOT / "demo" / "sites"


def scrapy(*args: str, sites: Path, archive: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update(DIFANG_SITES=str(sites), DIFANG_ARCHIVE=str(archive), DIFANG_HOME=str(archive.parent / "home"))
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def in_process(*args: str, sites: Path, archive: Path, capsys: pytest.CaptureFixture[str],
               monkeypatch: pytest.MonkeyPatch) -> subprocess.CompletedProcess[str]:
    """The same through scrapy.cmdline in this process (a second each instead of several)."""
    monkeypatch.chdir(ROOT)  # scrapy.cfg: inside the project
    settings = get_project_settings()
    settings.setdict({"DIFANG_SITES": str(sites), "DIFANG_ARCHIVE": str(archive)}, priority="cmdline")
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        execute(["scrapy", *args], settings)
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, int(stop.value.code or 0), out.out, out.err)


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    folder = tmp_path / "sites"
    shutil.copytree(DEMO_SITES, folder)
    return folder


def test_check_good_folder(sites: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    proc = in_process("sites", "--check", sites=sites, archive=tmp_path / "archive", capsys=capsys,
                      monkeypatch=monkeypatch)
    assert proc.returncode == 0, proc.stderr
    count = len(list(sites.glob("*.yaml")))
    assert proc.stdout.strip() == f"{count} site files in {sites}: all valid" and proc.stderr == ""


def test_check_names_every_bad_file_once(sites: Path, tmp_path: Path) -> None:
    (sites / "demo-x.yaml").write_text("name: demo-x\nmax_depth: 99\nstart_urls: [http://127.0.0.9/]\n"
                                       "article_urls: ['/a/']\n", encoding="utf-8")
    (sites / "demo-y.yaml").write_text("name: demo-y\nfeeds: [http://127.0.0.9/rss]\narticle_urls: ['(?<=x)']\n",
                                       encoding="utf-8")
    (sites / "demo-z.yaml").write_text("name: demo-utf8\nfeeds: [http://127.0.0.9/rss]\narticle_urls: ['/a']\n",
                                       encoding="utf-8")
    proc = scrapy("sites", "--check", sites=sites, archive=tmp_path / "archive")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    expected = []
    for name in ("demo-x", "demo-y", "demo-z"):
        with pytest.raises(SiteError) as error:
            load_site_file(sites / f"{name}.yaml")
        expected.append(f"site definition error: {error.value}")  # the line a crawl stops with
    assert lines == expected
    assert proc.stdout == ""


def test_list_and_missing_folder(sites: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    js = sites / "demo-js.yaml"
    js.write_text(js.read_text(encoding="utf-8").replace("render: false", "render: articles"), encoding="utf-8")
    proc = in_process("sites", sites=sites, archive=tmp_path / "archive", capsys=capsys, monkeypatch=monkeypatch)
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert header.split() == ["NAME", "TITLE", "SCHEDULE", "RENDER", "LAST", "RUN"]
    for path in sorted(sites.glob("*.yaml")):
        site = load_site_file(path)
        [row] = [r for r in rows if r.split()[0] == site.name]
        assert site.title in row and site.schedule in row and row.rstrip().endswith("never")
    rendered = {r.split()[0] for r in rows if " articles " in r}
    assert rendered == {"demo-js"} and all(" no " in r for r in rows if not r.startswith("demo-js "))
    proc = in_process("sites", "--check", sites=tmp_path / "nowhere", archive=tmp_path / "archive", capsys=capsys,
                      monkeypatch=monkeypatch)
    assert proc.returncode == 2 and proc.stderr.strip().endswith("sites folder does not exist (set DIFANG_SITES)")


def test_schema_option_prints_the_published_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    proc = in_process("sites", "--schema", sites=DEMO_SITES, archive=tmp_path / "archive", capsys=capsys,
                      monkeypatch=monkeypatch)
    assert proc.returncode == 0 and proc.stdout == (ROOT / "core" / "site.schema.json").read_text(encoding="utf-8")
