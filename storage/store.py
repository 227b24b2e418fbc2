"""Where archives live: one small interface, a backend per URL scheme.

``file:`` (or a bare folder) and ``s3:`` keep the same keys. Writes are create-only: a key that
already holds the same bytes counts as done, a key that holds other bytes is an error, never an
overwrite — so a retried write never makes a second or a different copy. ``delete`` serves
one purpose only: removing run manifests once a compacted file holds their rows
(:mod:`storage.compaction`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

PutOutcome = Literal["created", "exists"]


class StoreError(RuntimeError):
    """A store operation that failed for a reason a retry will not fix."""


class ConflictError(StoreError):
    """The key exists with different content; nothing was overwritten."""


class StoreRefused(StoreError):
    """The store refuses this client for a reason no retry fixes (wrong keys, no such bucket, no
    permission): said once, never retried; what was to be written stays in the spool."""


# S3 error codes that a retry never fixes. A HEAD has no body, hence no code: its bare 403.
REFUSAL_CODES = frozenset({"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "NoSuchBucket",
                           "InvalidBucketName", "AllAccessDisabled", "AccountProblem", "403"})


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store(Protocol):
    url: str

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> PutOutcome: ...
    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> PutOutcome: ...
    def replace(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...
    def get(self, key: str) -> bytes: ...
    def get_range(self, key: str, offset: int, length: int) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def list(self, prefix: str = "") -> Iterator[str]: ...
    def sha256(self, key: str) -> str | None: ...
    def recorded_sha256(self, key: str) -> str | None: ...
    def read_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]: ...
    def delete(self, key: str) -> None: ...


# link(2) refused: another filesystem, or one without hard links
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def _same_content(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _check_key(key: str) -> str:
    if not key or key.startswith("/") or ".." in key.split("/"):
        raise StoreError(f"bad archive key {key!r}")
    return key


def write_atomic(path: Path, data: bytes) -> None:
    """Write a complete file or nothing: a crash never leaves half a file under its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class FileStore:
    """A folder on local disk."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).absolute()
        self.url = self.root.as_uri()
        self._made: set[Path] = set()  # folders known to exist

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> PutOutcome:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".put-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)  # atomic create-if-absent
            except FileExistsError:
                if path.read_bytes() != data:
                    raise ConflictError(f"{self.url}/{key} exists with different content") from None
                return "exists"
            return "created"
        finally:
            os.unlink(tmp)

    def replace(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Overwrite ``key`` atomically (readers see the old or the new bytes). The one exception
        to create-only: ``difang rebuild`` filling in a clean record whose extraction failed."""
        write_atomic(self._path(key), data)

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> PutOutcome:
        """Store a finished, already durable file (a spooled one: written and fsynced): on the
        same filesystem the archive takes a hard link to it — no copy, no second fsync, a few
        system calls instead of ten (an uploader thread that makes many of them keeps taking the
        GIL from the crawl) — elsewhere its bytes are copied as :meth:`put` does."""
        target = self._path(key)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        try:
            os.link(path, target)  # atomic create-if-absent, like put's
        except FileExistsError:
            if not _same_content(target, Path(path)):
                raise ConflictError(f"{self.url}/{key} exists with different content") from None
            return "exists"
        except FileNotFoundError:
            if not target.parent.is_dir():  # the folder was removed since: make it again
                self._made.discard(target.parent)
                return self.put_file(key, path, content_type)
            raise
        except OSError as exc:
            if exc.errno not in _NO_LINK:
                raise
            return self.put(key, Path(path).read_bytes(), content_type)
        return "created"

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        try:
            with self._path(key).open("rb") as fh:
                fh.seek(offset)
                return fh.read(length)
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str = "") -> Iterator[str]:
        base = self.root
        if not base.is_dir():
            return
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in sorted(filenames):
                if name.startswith(".put-"):
                    continue
                key = Path(dirpath, name).relative_to(base).as_posix()
                if key.startswith(prefix):
                    yield key

    def sha256(self, key: str) -> str | None:
        path = self._path(key)
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        for chunk in self.read_chunks(key):
            digest.update(chunk)
        return digest.hexdigest()

    def recorded_sha256(self, key: str) -> str | None:
        """A folder keeps no checksum beside the bytes; run files record them (difang verify)."""
        return None

    def read_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        try:
            fh = self._path(key).open("rb")
        except FileNotFoundError:
            raise KeyError(key) from None
        with fh:
            yield from iter(lambda: fh.read(chunk_size), b"")

    def delete(self, key: str) -> None:
        """Remove ``key``; a key that is not there counts as removed (a retried delete)."""
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """A bucket and prefix on any S3-compatible server (endpoint from AWS_ENDPOINT_URL)."""

    def __init__(self, bucket: str, prefix: str = "", *, client: Any = None) -> None:
        if not bucket:
            raise StoreError("s3 archive URL needs a bucket: s3://bucket/prefix")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url = f"s3://{bucket}/{self.prefix}".rstrip("/")
        self.client = client or make_s3_client()

    def _key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @contextmanager
    def _refusals(self, what: str) -> Iterator[None]:
        """Turn the store's permanent refusals into :class:`StoreRefused` (one line, no secret)."""
        from botocore.exceptions import ClientError, NoCredentialsError

        try:
            yield
        except NoCredentialsError:
            raise StoreRefused(f"{self.url}: no S3 credentials (set AWS_ACCESS_KEY_ID and "
                               "AWS_SECRET_ACCESS_KEY)") from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            if code not in REFUSAL_CODES:
                raise
            said = "HTTP 403 Forbidden" if code == "403" else f"{code}: {error.get('Message') or code}"
            raise StoreRefused(f"{self.url} refused {what} ({said}); check AWS_ACCESS_KEY_ID, "
                               "AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL and the bucket") from None

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> PutOutcome:
        from botocore.exceptions import ClientError

        digest = sha256_hex(data)
        with self._refusals(f"writing {key}"):
            try:
                self.client.put_object(
                    Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type,
                    IfNoneMatch="*", Metadata={"sha256": digest},
                )
                return "created"
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                if code not in ("PreconditionFailed", "ConditionalRequestConflict") and status not in (409, 412):
                    raise
        if self.sha256(key) == digest:
            return "exists"
        raise ConflictError(f"{self.url}/{key} exists with different content")

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> PutOutcome:
        return self.put(key, Path(path).read_bytes(), content_type)

    def replace(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Overwrite ``key`` (an unconditional PUT): see :meth:`FileStore.replace`."""
        with self._refusals(f"writing {key}"):
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type,
                                   Metadata={"sha256": sha256_hex(data)})

    def get(self, key: str) -> bytes:
        return self._get(key, None)

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        return self._get(key, f"bytes={offset}-{offset + length - 1}")

    def _get(self, key: str, byte_range: str | None) -> bytes:
        from botocore.exceptions import ClientError

        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key)}
        if byte_range:
            kwargs["Range"] = byte_range
        with self._refusals(f"reading {key}"):
            try:
                body: bytes = self.client.get_object(**kwargs)["Body"].read()
                return body
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    raise KeyError(key) from None
                raise

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        with self._refusals(f"reading {key}"):
            try:
                head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
                return head
            except ClientError as exc:
                if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                    return None
                raise

    def list(self, prefix: str = "") -> Iterator[str]:
        full = self._key(prefix) if prefix else (f"{self.prefix}/" if self.prefix else "")
        paginator = self.client.get_paginator("list_objects_v2")
        strip = len(self.prefix) + 1 if self.prefix else 0
        with self._refusals(f"listing {full or '/'}"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
                for obj in page.get("Contents", []):
                    yield obj["Key"][strip:]

    def sha256(self, key: str) -> str | None:
        head = self._head(key)
        if head is None:
            return None
        recorded = head.get("Metadata", {}).get("sha256")
        return recorded if recorded else sha256_hex(self.get(key))

    def recorded_sha256(self, key: str) -> str | None:
        """The SHA-256 stored with the object at upload (``x-amz-meta-sha256``)."""
        head = self._head(key)
        recorded = head.get("Metadata", {}).get("sha256") if head is not None else None
        return str(recorded) if recorded else None

    def read_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        with self._refusals(f"reading {key}"):
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    raise KeyError(key) from None
                raise
        try:
            yield from body.iter_chunks(chunk_size)
        finally:
            body.close()

    def delete(self, key: str) -> None:
        """Remove ``key`` (S3 answers a missing key's DELETE with success too)."""
        with self._refusals(f"deleting {key}"):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


def make_s3_client() -> Any:
    """A boto3 client that non-AWS S3 servers accept (see DESIGN.md, chosen dependencies)."""
    import boto3
    from botocore.config import Config as BotoConfig

    config = BotoConfig(
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=5,
        read_timeout=30,
    )
    # A session of its own: boto3's default session keeps the first credentials it ever read
    # for the life of the process, so a later change of AWS_* would go unseen.
    session = boto3.session.Session()
    return session.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None, config=config)


STORE_SCHEMES: dict[str, type] = {"file": FileStore, "s3": S3Store}


def open_store(url: str) -> Store:
    """The store for an archive URL: a folder, ``file:///abs/path`` or ``s3://bucket/prefix``."""
    parts = urlsplit(url)
    scheme = parts.scheme if len(parts.scheme) > 1 else "file"  # 'C:' is a drive, not a scheme
    if scheme not in STORE_SCHEMES:
        raise StoreError(f"unsupported archive URL {url!r}: use a folder, file:// or s3://")
    if scheme == "s3":
        return S3Store(parts.netloc, unquote(parts.path))
    path = unquote(parts.path) if parts.scheme == "file" else url
    return FileStore(path)


