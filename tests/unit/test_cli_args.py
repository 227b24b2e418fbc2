"""Every argument of the difang and scheduler.py command lines: a bad one is one line and exit
status 2 before any work, never a traceback; both say their version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive.cli.main import main as difang
from core.config import version

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("argv", [
    ["search", "x", "--since", "2024-13-01"], ["search", "x", "--until", "2024-02-30"],
    ["search", "--until", "9999"], ["search", "--since", "2024-05-01T25"], ["search", "--since", "2024-5-1"],
    ["search", "--since", "yesterday"], ["export", "-o", "x.jsonl", "--until", "2023-02-29"],
    ["clusters", "--since", "2024-00"], ["stats", "--since", "2024-04-31"],
    ["rebuild", "--since", "2024-13-01"], ["rebuild", "--until", "2024-02-30"],
    ["search", "--limit", "0"], ["search", "--limit", "ten"], ["search", "--offset", "-3"],
    ["search", "--page", "0"], ["clusters", "--limit", "-1"], ["clusters", "--min-copies", "x"],
    ["reindex", "--workers", "0"], ["export", "-o", "/nonexistent-folder/x.jsonl"],
    ["raw", "abc", "-o", "/nonexistent-folder/page.html"], ["rebuild", "--output", "/etc/hostname"],
])
def test_bad_argument_is_one_line_and_status_2(argv: list[str], difang_env: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        difang(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and "Traceback" not in err, err
    assert argv[-1] in errors[0] or argv[-1].strip("-") in errors[0], errors[0]


@pytest.mark.parametrize("argv", [["search", "--since", "2024"], ["search", "--since", "2024-02"],
                                  ["search", "--until", "2024-02-29"], ["search", "--since", "2024-05-01T23:59"],
                                  ["search", "--offset", "0"]])
def test_good_dates_and_numbers_pass(argv: list[str], difang_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert difang(argv) == 1  # past the arguments: no index in an empty DIFANG_HOME yet
    assert "no query index" in capsys.readouterr().err


def test_unknown_export_format_is_status_2(difang_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert difang(["export", "-o", str(difang_env / "out.txt")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err


def test_difang_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        difang(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"difang {version()}"
    assert version()[0].isdigit()  # installed: pyproject.toml's version


def scheduler(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "scheduler.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_scheduler_version_help_and_bad_arguments() -> None:
    proc = scheduler("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"difang scheduler {version()}"
    help_text = scheduler("--help").stdout
    assert "scrapy crawl portal -a site=NAME" in help_text and "``" not in help_text
    for args in (["--parallel", "0"], ["--parallel", "two"], ["runs", "--limit", "-1"], ["-s", "NOVALUE", "--once"]):
        proc = scheduler(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert sum("error:" in line for line in proc.stderr.splitlines()) == 1, proc.stderr
