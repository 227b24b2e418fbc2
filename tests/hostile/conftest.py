"""Fixtures of the hostile tests: an S3 server that checks the key pair (as AWS does)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.s3server import SeaweedS3


@pytest.fixture(scope="session")
def strict_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """SeaweedFS that knows one identity (``env()``'s key pair) and refuses any other."""
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs-strict"), checks_keys=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()
