"""One archive for every web UI test: the demo portal crawled by ``scheduler.py run`` (so the
daemon's run history and crawl logs are real), plus a hostile capture for the sandbox test, an
active alert and a broken site file; then ``difang web`` serving it on loopback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.record import clean_key, record_json
from daemon.history import ActiveAlert, RunHistory
from demo.server import DemoPortal
from query.index import QueryIndex, index_path
from storage.store import FileStore
from storage.warc import WarcWriter
from tests.integration.crawlkit import FAST, ROOT, crawl_env
from tests.query.articles import article

SITES = ("demo-utf8", "demo-big5")
HOSTILE_ID = "bad0000000000001"
HOSTILE_SITE = "sandbox"
HOSTILE_URL = "http://127.0.0.66/evil.html"
# The archived page of the sandbox test: its script tries everything a page inside the UI could
# use to reach the UI, and writes what it got into #result.
HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>hostile capture</title></head>
<body><h1>敌意网页</h1><p>这是一篇带有恶意脚本的存档网页。</p><pre id="result">script did not run</pre>
<script>
(async () => {
  const out = {};
  const attempt = async (name, fn) => {
    try { out[name] = "got:" + String(await fn()).slice(0, 80); }
    catch (e) { out[name] = "blocked:" + (e && e.name || e); }
  };
  await attempt("parent_document", () => parent.document.title);
  await attempt("parent_write", () => {
    if (parent === window) return "no parent";
    parent.document.body.innerHTML = "PWNED"; return "written"; });
  await attempt("top_location", () => top.location.href);
  await attempt("cookie", () => document.cookie);
  await attempt("local_storage", () => localStorage.length);
  await attempt("fetch_capture", async () => (await fetch("/raw/OTHER/page")).status);
  await attempt("fetch_bytes", async () => (await (await fetch("/raw/OTHER/bytes")).text()).length);
  await attempt("xhr", () => new Promise((ok, fail) => {
    const x = new XMLHttpRequest(); x.open("GET", "/article/OTHER.json");
    x.onload = () => ok(x.status); x.onerror = () => fail(new Error("xhr"));
    x.send(); }));
  document.getElementById("result").textContent = JSON.stringify(out);
})();
</script></body></html>
"""


@dataclass
class WebArchive:
    tmp: Path
    env: dict[str, str]
    url: str
    store: FileStore
    server: subprocess.Popen[str]

    def get(self, path: str) -> Any:
        import urllib.request

        return urllib.request.urlopen(self.url + path, timeout=30)  # noqa: S310 - loopback only


def _crawl(env: dict[str, str]) -> None:
    """Both sites at once, as the daemon would (its history and logs record them)."""
    settings = [x for i in range(0, len(FAST), 2) for x in ("-s", FAST[i + 1])]
    procs = [subprocess.Popen([sys.executable, "scheduler.py", *settings, "run", site], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for site in SITES]
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out[-3000:]


def add_hostile_capture(tmp: Path, store: FileStore, other_id: str) -> str:
    """A capture written by the archive's own WARC writer, with its clean record, indexed."""
    writer = WarcWriter(store.root, HOSTILE_SITE)
    payload = HOSTILE_PAGE.replace("OTHER", other_id).encode("utf-8")
    pointer = writer.write_exchange(
        HOSTILE_URL, method="GET", request_headers=[("Host", "127.0.0.66")], request_body=b"",
        status=200, reason="OK", protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))],
        payload=payload)
    writer.close()
    record = article(HOSTILE_ID, HOSTILE_SITE, "敌意网页", "这是一篇带有恶意脚本的存档网页。",
                     url=HOSTILE_URL, raw=dict(pointer), fetched_at="2026-01-02T03:04:05Z",
                     published_at="2026-01-02T11:00:00+08:00")
    key = clean_key(record)
    store.put(key, record_json(record))
    with QueryIndex(index_path(tmp / "home")) as index:
        index.add([(record, key)])
    return HOSTILE_ID


def start_server(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "archive.cli.main", "web", "--port", "0", *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        found = re.search(r"serving (http://\S+?)/ ", line)
        if found:
            return proc, found.group(1)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"difang web did not start: {line}{proc.stderr.read()}")


def stop_server(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


@pytest.fixture(scope="package")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebArchive]:
    tmp = tmp_path_factory.mktemp("web")
    sites = tmp / "sites"
    with DemoPortal(port=0, bench_articles=1) as portal:
        portal.write_site_files(str(sites))
        for extra in sites.glob("*.yaml"):
            if extra.stem not in SITES:
                extra.unlink()
        env = crawl_env(tmp, sites, str(tmp / "archive"))
        _crawl(env)
    store = FileStore(tmp / "archive")
    other = json.loads(store.get(next(k for k in store.list("clean/site=demo-utf8/"))))["id"]
    add_hostile_capture(tmp, store, other)
    history = RunHistory(tmp / "home" / "daemon" / "runs.sqlite")
    history.raise_alert(ActiveAlert("demo-big5", "missing_authors", time.time(),
                                    "share of records with authors fell from 0.90 to 0.10"))
    good = "name: broken\ntitle: 坏文件\nstart_urls: [http://127.0.0.2:1/list.html]\narticle_urls: ['/a/']\n"
    # the daemon's copy of the last good definition, then the file broken by an edit
    (tmp / "home" / "daemon" / "sites").mkdir(parents=True, exist_ok=True)
    (tmp / "home" / "daemon" / "sites" / "broken.yaml").write_text(good + "schedule: '0 6 * * *'\n", encoding="utf-8")
    (sites / "broken.yaml").write_text(good + "schedule: every day\n", encoding="utf-8")
    server, url = start_server(env)
    try:
        yield WebArchive(tmp, env, url, store, server)
    finally:
        log = stop_server(server)
        (tmp / "server.log").write_text(log, encoding="utf-8")
