"""Create-only uploads against a real SeaweedFS: a retried upload of the same bytes counts as done,
other bytes under the same key are refused, reported and kept in the spool, never overwritten."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from storage.spool import Uploader
from storage.store import Store, open_store, sha256_hex

pytestmark = pytest.mark.integration


@pytest.fixture
def s3_store(s3_env: dict[str, str], s3_server: object) -> Store:
    bucket = f"idem-{secrets.token_hex(4)}"
    s3_server.create_bucket(bucket)  # type: ignore[attr-defined]
    return open_store(f"s3://{bucket}/archive")


def test_same_bytes_done_other_bytes_refused(s3_store: Store, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    same = "clean/site=qs/date=2026-11-20/00000000000000aa.json"
    other = "clean/site=qs/date=2026-11-20/00000000000000bb.json"
    first = '{"title": "青山县农村公路建设进展"}'.encode()
    s3_store.put(same, first)
    s3_store.put(other, first)
    uploader = Uploader(s3_store, tmp_path / "spool", max_backoff=1)
    uploader.write(same, first)  # as after a crash between upload and unlink: uploaded again
    uploader.write(other, '{"title": "另一个版本"}'.encode())
    assert uploader.close(timeout=60) is True
    stats = dict(uploader.stats)
    print(f"uploads: exists={stats.get('upload/exists', 0)} conflicts={stats.get('upload/conflict', 0)} "
          f"created={stats.get('upload/created', 0)}")
    assert stats.get("upload/exists") == 1 and stats.get("upload/conflict") == 1
    assert "upload/created" not in stats
    assert not (tmp_path / "spool" / same).exists()  # done: gone from the spool
    assert (tmp_path / "spool" / other).exists()  # refused: kept for a person to look at
    assert s3_store.get(other) == first  # never overwritten
    assert s3_store.recorded_sha256(other) == sha256_hex(first)
    assert any("upload refused" in r.message and other in r.message for r in caplog.records)
