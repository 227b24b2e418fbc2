"""Spool first, upload after: finished files wait in a local folder until the store has them.

The crawl never waits on the store: files are handed to a background uploader thread. A file is
removed from the spool only once the store holds it (created, or already there with the same
bytes). While the store is away the uploader retries the oldest file with growing delays, so
files go up in the order they were spooled; whatever an earlier process left in a site's spool
is queued first at start-up (:meth:`Uploader.recover`), before any file of the new crawl.

A store that refuses the client for good (wrong keys, no such bucket: :class:`StoreRefused`) is
not retried: the uploader says so once, stops uploading, and :attr:`Uploader.refused` holds the
reason for the crawl to stop on; every file stays in the spool for a crawl with the right keys.

One crawl per site spool at a time: :class:`SpoolLock` (``flock`` on ``SPOOL/.lock``) makes a
second crawl of the same site fail at once instead of both truncating and uploading the same
half-written files.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import queue
import threading
import time
from collections import Counter
from pathlib import Path

from storage.store import ConflictError, Store, StoreRefused

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".gz": "application/warc",
    ".cdxj": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".parquet": "application/vnd.apache.parquet",
}
# Names in the spool that are never archive objects: the lock, run journals (``.runs/``) and
# the temporary files of atomic writes.
HIDDEN_PREFIX = "."


class SpoolError(OSError):
    """The spool cannot be written (disk full, read-only, no permission): the crawl must stop."""


class SpoolBusy(RuntimeError):
    """Another process holds this site's spool: a crawl of the same site is running."""


def content_type_for(key: str) -> str:
    return CONTENT_TYPES.get(Path(key).suffix, "application/octet-stream")


def is_spooled_object(spool: Path, path: Path) -> bool:
    """True for a file that is (or will be) an archive object, not bookkeeping or a temp file."""
    rel = path.relative_to(spool).parts
    return path.is_file() and not any(part.startswith(HIDDEN_PREFIX) for part in rel)


def _write_durably(path: str, data: bytes) -> None:
    """:func:`write_atomic` for a file only this process writes (a site's spool is locked to
    one crawl): the temporary name is fixed instead of drawn by ``mkstemp``, and the bytes go
    straight to the descriptor — the per-record cost of a crawl (string paths: pathlib's
    objects cost more than the system calls here)."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, ".tmp-" + name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)


def describe_os_error(exc: OSError, where: Path) -> str:
    name = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
    return f"spool {where} is not writable ({name + ': ' if name else ''}{exc.strerror or exc})"


class SpoolLock:
    """An exclusive, non-blocking ``flock`` on ``SPOOL/.lock`` held for a crawl's lifetime.

    The kernel drops the lock when the process dies (``kill -9`` included), so a crashed crawl
    never leaves a stale lock behind.
    """

    def __init__(self, spool: Path) -> None:
        self.path = spool / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise SpoolBusy(f"spool {self.path.parent} is in use by another crawl of this site "
                            f"(pid {holder}); one crawl per site at a time") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


class Uploader:
    """Uploads spooled files in the background, in order, retrying with backoff."""

    # Used outside a crawl (a crawl's own: SPOOL_RETRY_MAX_DELAY, SPOOL_CLOSE_TIMEOUT)
    MAX_BACKOFF = 30.0
    CLOSE_TIMEOUT = 300.0

    def __init__(self, store: Store, spool: str | os.PathLike[str], *, max_backoff: float = MAX_BACKOFF) -> None:
        self.store = store
        self.spool = Path(spool)
        self.max_backoff = max_backoff
        self.stats: Counter[str] = Counter()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._pending: dict[str, int] = {}  # key -> bytes, until uploaded or refused
        self._folders: set[str] = set()  # spool folders known to exist
        self._root = str(self.spool)
        self._warcs_taken: set[str] = set()  # WARC keys queued by this process, complete when queued
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._gave_up = False  # stopping, and the store failed: leave the rest for the next run
        self.refused = ""  # why the store refuses us for good; then nothing more is tried
        self._thread = threading.Thread(target=self._run, name="difang-uploader", daemon=True)
        self._thread.start()

    def path_for(self, key: str) -> Path:
        return self.spool / key

    def write(self, key: str, data: bytes) -> None:
        """Spool ``data`` under ``key`` and queue it for upload."""
        folder, _name = os.path.split(key)
        if folder not in self._folders:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._folders.add(folder)
        _write_durably(os.path.join(self._root, key), data)
        self._enqueue(key, len(data))

    def write_json(self, key: str, obj: object) -> None:
        self.write(key, json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def submit(self, key: str) -> None:
        try:
            size = self.path_for(key).stat().st_size
        except FileNotFoundError:
            return
        self._enqueue(key, size)

    def _enqueue(self, key: str, size: int) -> None:
        with self._lock:
            if key in self._pending:
                return
            self._pending[key] = size
            if key.endswith(".warc.gz"):
                self._warcs_taken.add(key)
        self._queue.put(key)

    def warcs_taken(self) -> set[str]:
        """The WARC files this uploader has queued (complete files, uploaded or not yet)."""
        with self._lock:
            return set(self._warcs_taken)

    def recover(self) -> int:
        """Queue every archive object an earlier process left in the spool; return how many.

        Run :func:`storage.recovery.recover_spool` first: it finishes half-written WARC files
        and interrupted runs, so everything left here is complete.
        """
        if not self.spool.is_dir():
            return 0
        # All found before any is queued: once queued, a WARC file's CDXJ may be uploaded and
        # gone before the WARC is looked at, and it would pass for an open one.
        keys = []
        for path in sorted(self.spool.rglob("*")):
            if not is_spooled_object(self.spool, path):
                continue
            key = path.relative_to(self.spool).as_posix()
            if key.endswith(".warc.gz") and not path.with_suffix("").with_suffix(".cdxj").exists():
                continue  # still open: only recovery may decide what of it is complete
            keys.append(key)
        for key in keys:
            self.submit(key)
        count = len(keys)
        if count:
            log.info("spool: %d file(s) left by an earlier run queued for upload before new work", count)
        return count

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            if key is None:
                return
            # Files not uploaded stay pending: close() reports them as left in the spool.
            if not self._gave_up and self._upload(key):
                with self._lock:
                    self._pending.pop(key, None)
            self._queue.task_done()

    def _upload(self, key: str) -> bool:
        """Upload one file, retrying while the store is away; False if it stays in the spool."""
        path = self.path_for(key)
        delay = 0.5
        while True:
            try:
                size = path.stat().st_size
                outcome = self.store.put_file(key, path, content_type_for(key))
                self.stats[f"upload/{outcome}"] += 1
                self.stats["upload/bytes"] += size
                path.unlink()
                if delay > 0.5:
                    log.info("archive reachable again: %s uploaded", key)
                return True
            except FileNotFoundError:
                return True
            except StoreRefused as exc:
                self.stats["upload/refused"] += 1
                if not self.refused:
                    self.refused = str(exc)
                    log.error("%s: no more uploads in this crawl; the files stay in %s", exc, self.spool)
                self._gave_up = True
                return False
            except ConflictError as exc:
                # Not retried (the store holds other bytes under this key) and not counted
                # against the spool cap, but reported: someone must look at it.
                self.stats["upload/conflict"] += 1
                log.error("upload refused, kept in spool at %s: %s", path, exc)
                return True
            except Exception as exc:  # the store being away: keep it and try again
                self.stats["upload/retry"] += 1
                if self._stopping.is_set():
                    self._gave_up = True
                    log.error("upload of %s failed (%s); it stays in the spool for the next run", key, exc)
                    return False
                log.warning("upload of %s failed (%s); retrying in %.1fs", key, exc, delay)
                self._stopping.wait(delay)
                delay = min(delay * 2, self.max_backoff)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def pending_bytes(self) -> int:
        """Bytes spooled and not yet in the store (what counts against the spool cap)."""
        with self._lock:
            return sum(self._pending.values())

    def drain(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for everything queued to be uploaded; True if it was."""
        deadline = time.monotonic() + timeout
        while self.pending() and not self.refused and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self.pending()

    def close(self, timeout: float = CLOSE_TIMEOUT) -> bool:
        """Wait for the queue to drain (up to ``timeout``); True when everything was uploaded.

        What is left stays in the spool, complete, and the next crawl of the site uploads it
        before its own files.
        """
        deadline = time.monotonic() + timeout
        self.drain(timeout)
        self._stopping.set()
        self._queue.put(None)
        self._thread.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
        left = self.pending()
        if left:
            log.error("spool: %d file(s) (%d bytes) not uploaded; they stay in %s and the next crawl "
                      "of this site uploads them first", left, self.pending_bytes(), self.spool)
        return left == 0
