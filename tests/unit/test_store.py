"""The store, on both backends: create-only writes, ranges, listing, checksums."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.store import ConflictError, FileStore, S3Store, Store, StoreError, open_store, sha256_hex


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "file":
        yield FileStore(tmp_path / "archive")
        return
    request.getfixturevalue("s3_env")
    server = request.getfixturevalue("s3_server")
    bucket = f"difang-{secrets.token_hex(4)}"
    server.create_bucket(bucket)
    yield open_store(f"s3://{bucket}/some/prefix")


def test_put_is_create_only(store: Store) -> None:
    assert store.put("raw/site=a/x.bin", b"first") == "created"
    assert store.put("raw/site=a/x.bin", b"first") == "exists"
    with pytest.raises(ConflictError):
        store.put("raw/site=a/x.bin", b"second")
    assert store.get("raw/site=a/x.bin") == b"first"


def test_put_file_is_create_only_and_outlives_the_spooled_file(store: Store, tmp_path: Path) -> None:
    spooled = tmp_path / "spool" / "x.json"
    spooled.parent.mkdir()
    spooled.write_bytes(b"first")
    assert store.put_file("clean/site=a/x.json", spooled) == "created"
    assert store.put_file("clean/site=a/x.json", spooled) == "exists"  # a retried upload
    spooled.unlink()  # what the uploader does next
    assert store.get("clean/site=a/x.json") == b"first"
    other = tmp_path / "spool" / "y.json"
    other.write_bytes(b"other")
    with pytest.raises(ConflictError):
        store.put_file("clean/site=a/x.json", other)
    assert store.get("clean/site=a/x.json") == b"first"


def test_file_store_copies_where_it_cannot_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    spooled = tmp_path / "x.json"
    spooled.write_bytes(b"bytes")
    store = FileStore(tmp_path / "archive")
    real_link = os.link
    monkeypatch.setattr(os, "link", lambda src, dst: cross_device(src, dst) if Path(src) == spooled else real_link(src, dst))
    assert store.put_file("clean/x.json", spooled) == "created"
    spooled.write_bytes(b"changed")  # a copy, not the same file
    assert store.get("clean/x.json") == b"bytes"


def test_get_range_list_exists_sha(store: Store, tmp_path: Path) -> None:
    data = bytes(range(256)) * 10
    store.put("clean/site=a/date=2026-11-26/1.json", data)
    src = tmp_path / "up.bin"
    src.write_bytes(b"from a file")
    assert store.put_file("clean/site=b/date=2026-11-26/2.json", src) == "created"
    assert store.get_range("clean/site=a/date=2026-11-26/1.json", 250, 10) == data[250:260]
    assert list(store.list("clean/site=a/")) == ["clean/site=a/date=2026-11-26/1.json"]
    assert sorted(store.list("clean/")) == ["clean/site=a/date=2026-11-26/1.json",
                                            "clean/site=b/date=2026-11-26/2.json"]
    assert store.exists("clean/site=b/date=2026-11-26/2.json")
    assert not store.exists("clean/site=c/none.json")
    assert store.sha256("clean/site=a/date=2026-11-26/1.json") == sha256_hex(data)
    assert store.sha256("clean/site=c/none.json") is None
    with pytest.raises(KeyError):
        store.get("clean/site=c/none.json")


def test_bad_keys_refused(store: Store) -> None:
    for key in ("", "/abs", "a/../b"):
        with pytest.raises(StoreError):
            store.put(key, b"x")


def test_open_store_schemes(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path)), FileStore)
    fs = open_store((tmp_path / "a b").as_uri())
    assert isinstance(fs, FileStore) and fs.root == tmp_path / "a b"
    with pytest.raises(StoreError, match="unsupported"):
        open_store("ftp://host/x")


def test_s3_store_keys_under_prefix(s3_env: dict[str, str], s3_server: object) -> None:
    bucket = f"difang-{secrets.token_hex(4)}"
    s3_server.create_bucket(bucket)  # type: ignore[attr-defined]
    store = open_store(f"s3://{bucket}/pre")
    assert isinstance(store, S3Store)
    store.put("runs/r.json", b"{}")
    raw = store.client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in raw] == ["pre/runs/r.json"]


def test_s3_client_reads_credentials_when_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """boto3's default session would keep the first credentials of the process forever."""
    from storage.store import make_s3_client

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "first-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "first-secret")
    first = make_s3_client()._request_signer._credentials.access_key
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "second-key")
    second = make_s3_client()._request_signer._credentials.access_key
    assert (first, second) == ("first-key", "second-key")


def test_delete_removes_and_a_missing_key_counts_as_removed(store: Store) -> None:
    store.put("manifests/date=2024-01-01/a.parquet", b"rows")
    store.put("manifests/date=2024-01-01/b.parquet", b"more rows")
    store.delete("manifests/date=2024-01-01/a.parquet")
    assert not store.exists("manifests/date=2024-01-01/a.parquet")
    assert list(store.list("manifests/")) == ["manifests/date=2024-01-01/b.parquet"]
    store.delete("manifests/date=2024-01-01/a.parquet")  # a retried delete
    with pytest.raises(StoreError):
        store.delete("../outside")
