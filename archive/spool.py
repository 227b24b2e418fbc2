"""Spool first, upload after: finished files wait in a local folder until the store has them.

The crawl never waits on the store: files are handed to a background uploader thread. A file is
removed from the spool only once the store holds it (created, or already there with the same
bytes). Whatever an earlier process left in a site's spool is uploaded again at start-up.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from archive.store import ConflictError, Store

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".gz": "application/warc",
    ".cdxj": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".parquet": "application/vnd.apache.parquet",
}


def content_type_for(key: str) -> str:
    return CONTENT_TYPES.get(Path(key).suffix, "application/octet-stream")


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


class Uploader:
    """Uploads spooled files in the background, in order, retrying with backoff."""

    def __init__(self, store: Store, spool: str | os.PathLike[str], *, max_backoff: float = 30.0) -> None:
        self.store = store
        self.spool = Path(spool)
        self.max_backoff = max_backoff
        self.stats: Counter[str] = Counter()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="difang-uploader", daemon=True)
        self._thread.start()

    def path_for(self, key: str) -> Path:
        return self.spool / key

    def write(self, key: str, data: bytes) -> None:
        """Spool ``data`` under ``key`` and queue it for upload."""
        write_atomic(self.path_for(key), data)
        self.submit(key)

    def write_json(self, key: str, obj: object) -> None:
        self.write(key, json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def submit(self, key: str) -> None:
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
        self._queue.put(key)

    def recover(self) -> int:
        """Queue every complete file an earlier process left in the spool; return how many."""
        count = 0
        if not self.spool.is_dir():
            return 0
        for path in sorted(self.spool.rglob("*")):
            if not path.is_file() or path.name.startswith(".tmp-"):
                continue
            key = path.relative_to(self.spool).as_posix()
            if key.endswith(".warc.gz") and not path.with_suffix("").with_suffix(".cdxj").exists():
                continue  # not finished: the WARC recovery decides what of it is complete
            self.submit(key)
            count += 1
        if count:
            log.info("spool: %d file(s) left by an earlier run queued for upload", count)
        return count

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            if key is None:
                return
            self._upload(key)
            with self._lock:
                self._pending.discard(key)
            self._queue.task_done()

    def _upload(self, key: str) -> None:
        path = self.path_for(key)
        delay = 0.5
        while True:
            try:
                outcome = self.store.put_file(key, path, content_type_for(key))
                self.stats[f"upload/{outcome}"] += 1
                self.stats["upload/bytes"] += path.stat().st_size
                path.unlink()
                return
            except FileNotFoundError:
                return
            except ConflictError as exc:
                self.stats["upload/conflict"] += 1
                log.error("upload refused, kept in spool at %s: %s", path, exc)
                return
            except Exception as exc:  # the store being away: keep it and try again
                self.stats["upload/retry"] += 1
                if self._stopping:
                    log.error("upload of %s failed (%s); it stays in the spool for the next run", key, exc)
                    return
                log.warning("upload of %s failed (%s); retrying in %.1fs", key, exc, delay)
                time.sleep(delay)
                delay = min(delay * 2, self.max_backoff)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def close(self, timeout: float = 300.0) -> bool:
        """Wait for the queue to drain (up to ``timeout``); True when everything was uploaded."""
        deadline = time.monotonic() + timeout
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        self._stopping = True
        self._queue.put(None)
        self._thread.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
        left = self.pending()
        if left:
            log.error("%d file(s) not uploaded; they stay in %s for the next run", left, self.spool)
        return left == 0
