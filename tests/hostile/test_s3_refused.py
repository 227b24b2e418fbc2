"""An archive that refuses the crawl's keys (a real SeaweedFS that checks them, and a wrong secret
or an unknown key id): the permanent error is not retried for minutes; the crawl stops at once,
exits 1 with one line naming the archive and the S3 error, and is recorded "failed"; everything
stays in the spool, and the next crawl with the right keys uploads it."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from daemon.history import RunHistory
from storage.spool import Uploader, is_spooled_object
from storage.store import FileStore, PutOutcome, S3Store, StoreRefused, make_s3_client
from tests.hostile.server import Answer, HostileServer, hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env
from tests.s3server import SeaweedS3

pytestmark = pytest.mark.integration
ARTICLES = 40
ARTICLE_SECONDS = 1.0  # a full crawl takes >= 10 s; the refusal comes at the first upload


def scheduler(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    settings = [x for i in range(1, len(FAST), 2) for x in ("--set", FAST[i])]
    started = time.monotonic()
    done = subprocess.run([sys.executable, "scheduler.py", *settings, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    return done, time.monotonic() - started


def slow_articles(server: HostileServer, seconds: float = ARTICLE_SECONDS) -> None:
    """Each article page answers after ``seconds``: a crawl that is not stopped takes
    ARTICLES / 4 (the requests in flight per site) * ``seconds``, so "stopped early" does not
    depend on how fast this machine fetches 40 pages from loopback."""
    def later(answer: Answer) -> Callable[[], Answer]:
        def answer_later() -> Answer:
            time.sleep(seconds)
            return answer
        return answer_later

    for path, answer in list(server.routes.items()):
        if path.startswith("/a/") and not callable(answer):
            server.routes[path] = later(answer)


def spooled(spool: Path) -> list[Path]:
    return [p for p in spool.rglob("*") if is_spooled_object(spool, p)] if spool.exists() else []


@pytest.mark.parametrize(("wrong", "code"), [("AWS_SECRET_ACCESS_KEY", "SignatureDoesNotMatch"),
                                            ("AWS_ACCESS_KEY_ID", "InvalidAccessKeyId")])
def test_refused_keys_fail_the_crawl_at_once(tmp_path: Path, strict_s3: SeaweedS3, wrong: str, code: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = f"refused-{secrets.token_hex(4)}"
    strict_s3.create_bucket(bucket)
    good = strict_s3.env()
    spool = tmp_path / "home" / "spool" / "hostile"
    with hostile_server(articles=ARTICLES) as server:
        slow_articles(server)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", f"s3://{bucket}/archive", {**good, wrong: "not-the-key"})
        refused, took = scheduler(env, "run", "hostile")
        left = spooled(spool)
        fetched = sum(1 for path in server.asked if path.startswith("/a/"))
        accepted, _ = scheduler({**env, **good}, "run", "hostile")

    assert refused.returncode == 1, refused.stderr[-4000:]
    assert took < 90, f"{took:.0f} s: the refusal was retried"  # SPOOL_CLOSE_TIMEOUT is 300 s
    history = RunHistory(tmp_path / "home" / "daemon" / "runs.sqlite")
    first, second = reversed(history.recent("hostile", 10))
    assert first.outcome == "failed" and code in first.failure and f"s3://{bucket}/archive refused" in first.failure
    assert "not-the-key" not in first.failure
    crawl_log = Path(first.log_path).read_text(encoding="utf-8")
    lines = [line for line in crawl_log.splitlines() if "crawl of hostile failed: " in line]
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in crawl_log
    assert "retrying in" not in crawl_log  # said once by the uploader, not retried
    assert "Closing spider (archive_refused)" in crawl_log and fetched < ARTICLES  # stopped early
    assert len(left) > 1  # clean records (and the WARC, the run file) kept for later

    assert accepted.returncode == 0, accepted.stderr[-4000:]
    assert second.outcome == "ok" and not history.active_alerts("hostile")
    assert spooled(spool) == []
    for key, value in good.items():
        monkeypatch.setenv(key, value)
    store = S3Store(bucket, "archive", client=make_s3_client())
    clean = [k for k in store.list("clean/site=hostile/") if k.endswith(".json")]
    assert len(clean) == ARTICLES


class RefusingStore(FileStore):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.asked = 0

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> PutOutcome:
        self.asked += 1
        raise StoreRefused(f"{self.url} refused writing {key} (AccessDenied: Access Denied.)")


def test_the_uploader_tries_a_refusing_store_once(tmp_path: Path) -> None:
    store = RefusingStore(tmp_path / "archive")
    uploader = Uploader(store, tmp_path / "spool", max_backoff=0.1)
    for n in range(5):
        uploader.write(f"clean/site=x/{n}.json", b"{}")
    started = time.monotonic()
    assert uploader.close(timeout=30) is False
    assert time.monotonic() - started < 5
    assert store.asked == 1 and uploader.stats["upload/refused"] == 1
    assert uploader.refused.startswith(f"{store.url} refused writing clean/site=x/0.json (AccessDenied")
    assert len(spooled(tmp_path / "spool")) == 5
