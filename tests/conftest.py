"""Shared fixtures: a real S3 server, and a clean environment for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.s3server import SeaweedS3


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_env(s3_server: SeaweedS3, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key, value in s3_server.env().items():
        monkeypatch.setenv(key, value)
    return s3_server.env()


@pytest.fixture
def difang_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DIFANG_HOME and DIFANG_ARCHIVE in a temporary folder."""
    monkeypatch.setenv("DIFANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DIFANG_ARCHIVE", str(tmp_path / "archive"))
    return tmp_path
