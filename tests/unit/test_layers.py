"""Imports run one way only: each top-level package imports only the packages below it.

    archive   the user side: the ``difang`` CLI, the web UI, ``verify``
    cluster   cluster mode: leader election, the crawl queue, run history in PostgreSQL
    daemon    the scheduler daemon (``python scheduler.py``)
    crawler   Scrapy: spider, middlewares, extensions, commands, the probe
    query     the search index over the archive
    pipelines the item pipelines and the code they run (text, article, syndication, rebuild)
    storage   the write side: WARC files, spool, journal, object store, seen URLs
    core      configuration, item and record types, site definitions

Every import counts, also one inside a function: a lazy import that runs back up the layers is
still a cycle, only hidden.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "storage", "pipelines", "query", "crawler", "daemon", "cluster", "archive"]
RANK = {name: i for i, name in enumerate(LAYERS)}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_packages_below_it(package: str) -> None:
    upward = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in modules(package)
              for name, line in sorted(imported_packages(path))
              if name in RANK and RANK[name] > RANK[package]]
    assert not upward, "\n".join(upward)


def test_every_package_is_in_a_layer() -> None:
    """A new top-level package is placed in the order above, or the check would miss it."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - set(LAYERS) <= {"demo", "tests", "bench", "deploy"}


def test_the_checker_sees_a_lazy_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from archive.cli import main\n    return main\n", encoding="utf-8")
    assert ("archive", 2) in imported_packages(module)
