"""Fixtures of the cluster tests: a real PostgreSQL (tests/pgserver.py) and the demo portal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demo.server import DemoPortal


@pytest.fixture(scope="session")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=40) as running:
        yield running
