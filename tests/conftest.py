"""Shared fixtures: a real S3 server, a real PostgreSQL, and a clean environment for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgserver import PostgresServer, server_bin_dir
from tests.s3server import SeaweedS3


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL for the session (initdb + pg_ctl on 127.0.0.1, a free port, fsync off)."""
    if server_bin_dir() is None:
        pytest.skip("PostgreSQL's server programs are missing (apt-get install postgresql; .ci/run does)")
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def pg_dsn(pg_server: PostgresServer) -> str:
    """The DSN of the session's server (its ``postgres`` database)."""
    return pg_server.dsn()


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh empty database for one test; its DSN. Dropped afterwards."""
    dsn = pg_server.create_database()
    try:
        yield dsn
    finally:
        pg_server.drop_database(dsn.rsplit("/", 1)[1])


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
