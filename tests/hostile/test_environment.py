"""Bad environment values: every entry point (crawl, daemon, query CLI) says which variable and
why in one line and exits 2, before anything starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import ConfigError, check_environment

ROOT = Path(__file__).resolve().parents[2]
BAD = [
    ("DIFANG_ARCHIVE", "ftp://archive.example/x", "unsupported scheme 'ftp'"),
    ("DIFANG_ARCHIVE", "s3:///prefix-without-bucket", "needs a bucket"),
    ("DIFANG_SPOOL_MAX_BYTES", "abc", "not a whole number"),
    ("DIFANG_SPOOL_MAX_BYTES", "0", "at least 1"),
    ("DIFANG_HEALTH_PORT", "99999", "from 0 to 65535"),
]


@pytest.mark.parametrize(("name", "value", "said"), BAD)
def test_check_environment_names_the_variable(name: str, value: str, said: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_environment({name: value})
    assert str(caught.value).startswith(f"{name}: ") and said in str(caught.value)


def test_good_values_pass() -> None:
    check_environment({"DIFANG_ARCHIVE": "s3://bucket/p", "DIFANG_SPOOL_MAX_BYTES": "1000",
                       "DIFANG_HEALTH_PORT": "0"})
    check_environment({"DIFANG_ARCHIVE": "/abs/folder"})
    check_environment({"DIFANG_ARCHIVE": "file:///abs/folder"})


@pytest.mark.parametrize(("name", "value", "said"), [BAD[0], BAD[2], BAD[4]])
@pytest.mark.parametrize("entry", ["crawl", "scheduler", "difang"])
def test_every_entry_point_stops_with_one_line(tmp_path: Path, entry: str, name: str, value: str,
                                                said: str) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "s1.yaml").write_text("name: s1\nstart_urls: ['http://127.0.0.1:9/']\narticle_urls: ['/a/']\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIFANG_")}
    env.update({"DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp_path / "home"), name: value})
    command = {"crawl": [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=s1"],
               "scheduler": [sys.executable, "scheduler.py", "--once"],
               "difang": [sys.executable, "-m", "archive.cli.main", "stats"]}[entry]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if name in line]
    assert len(lines) == 1 and said in lines[0], done.stderr
    assert not (tmp_path / "home" / "spool").exists()
