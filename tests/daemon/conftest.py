"""Fixtures of the daemon tests: the demo portal on loopback and a workspace per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.server import DemoPortal
from tests.daemon.kit import Workspace

BENCH_ARTICLES = 40  # long enough a crawl to stop in the middle


@pytest.fixture(scope="session")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=BENCH_ARTICLES) as running:
        yield running


@pytest.fixture
def ws(tmp_path: Path, portal: DemoPortal) -> Workspace:
    return Workspace(tmp_path, portal)
