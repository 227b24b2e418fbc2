"""Every page of ``difang web`` over real HTTP, against the ``difang`` commands' own answers,
and every kind of bad input: an error is a page with its reason, never a traceback."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import io
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archive.cli.main import main as difang_main
from core.config import Config
from core.record import clean_key
from daemon.history import RunHistory
from query.index import QueryIndex, index_path
from tests.query.articles import article
from tests.web.conftest import SITES, WebArchive

pytestmark = pytest.mark.integration


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def difang(web: WebArchive, *argv: str) -> str:
    """The ``difang`` CLI, in this process, on the same archive; its standard output."""
    out = io.StringIO()
    with environment({k: v for k, v in web.env.items() if k.startswith("DIFANG_")}), \
            contextlib.redirect_stdout(out):
        assert difang_main(list(argv)) == 0
    return out.getvalue()


def request(web: WebArchive, path: str, *, method: str = "GET", headers: dict[str, str] | None = None,
            base: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, the path sent exactly as given (no normalisation by a client library)."""
    parts = urlsplit(base or web.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True, skip_host="Host" in (headers or {}))
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page(web: WebArchive, path: str, status: int = 200, **kw: Any) -> str:
    code, headers, body = request(web, path, **kw)
    text = body.decode("utf-8")
    assert code == status, (path, code, text[:2000])
    no_traceback(text)
    return text


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "/' not in text, text


def ids(html: str) -> list[str]:
    return re.findall(r'<a class="title" href="/article/([0-9a-z]+)"', html)


def q(value: str) -> str:
    return quote(value)


# -- search ------------------------------------------------------------------------------------
def test_search_is_difang_search(web: WebArchive) -> None:
    """Traditional 醫院 finds the Simplified and Traditional copies, as the CLI does, in its order."""
    html = page(web, f"/?q={q('醫院')}&limit=100")
    cli = [json.loads(line)["id"] for line in difang(web, "search", "醫院", "--jsonl", "--limit", "100").splitlines()]
    assert ids(html) == cli and len(cli) >= 2
    assert {h["site"] for h in map(json.loads, difang(web, "search", "医院", "--jsonl").splitlines())} == set(SITES)
    assert f'id="count">共 {len(cli)} 条' in html
    titles = re.findall(r'<a class="title"[^>]*>(.*?)</a>', html)
    assert all("<mark>医院</mark>" in t or "<mark>醫院</mark>" in t for t in titles), titles
    assert "<mark>" in html.split('class="snippet"', 1)[1]


def test_relevance_filters_and_one_character_words(web: WebArchive) -> None:
    cli = [json.loads(x) for x in difang(web, "search", "医", "--sort", "relevance", "--site", "demo-utf8",
                                          "--jsonl", "--limit", "50").splitlines()]
    html = page(web, f"/?q={q('医')}&sort=relevance&site=demo-utf8&limit=50")
    assert ids(html) == [h["id"] for h in cli] and cli
    assert re.findall(r'class="score">([\d.]+)<', html) == [f"{h['score']:.2f}" for h in cli]
    day = cli[0]["published_at"][:10]
    dated = page(web, f"/?q={q('医')}&site=demo-utf8&since={day}&until={day}&limit=50")
    assert ids(dated) == [json.loads(x)["id"] for x in difang(
        web, "search", "医", "--site", "demo-utf8", "--since", day, "--until", day, "--jsonl", "--limit", "50").splitlines()]
    assert cli[0]["id"] in ids(dated)
    source = cli[0]["source"]
    by_source = page(web, f"/?source={q(source)}&limit=100")
    assert ids(by_source) == [json.loads(x)["id"] for x in difang(
        web, "search", "--source", source, "--jsonl", "--limit", "100").splitlines()]


def test_paging_and_count(web: WebArchive) -> None:
    everything = [json.loads(x)["id"] for x in difang(web, "search", "--jsonl", "--limit", "100").splitlines()]
    assert len(everything) > 10
    first, second = page(web, "/?limit=10"), page(web, "/?limit=10&page=2")
    assert ids(first) + ids(second) == everything[:20]
    assert f'id="count">共 {len(everything)} 条' in first
    assert 'id="next" href="/?limit=10&amp;page=2"' in first and 'id="prev"' not in first
    last_page = (len(everything) - 1) // 10 + 1
    last = page(web, f"/?limit=10&page={last_page}")
    assert ids(last) == everything[(last_page - 1) * 10:] and 'id="next"' not in last
    assert ids(page(web, f"/?limit=10&page={last_page + 5}")) == []


def test_export_is_difang_export(web: WebArchive, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        status, headers, body = request(web, f"/export?q={q('医院')}&format={fmt}")
        assert status == 200 and f'filename="difang-export.{fmt}"' in headers["content-disposition"]
        expected = tmp_path / f"cli.{fmt}"
        difang(web, "export", "医院", "-o", str(expected))
        if fmt == "parquet":
            got = pq.read_table(pa.BufferReader(body)).column("id").to_pylist()
            assert got == pq.read_table(expected).column("id").to_pylist() and got
        else:
            assert body == expected.read_bytes() and body
    html = page(web, f"/?q={q('医院')}&sort=relevance")
    assert f'href="/export?q={q("医院")}&amp;format=csv"' in html


# -- article, story, raw -------------------------------------------------------------------------
def _copy(web: WebArchive) -> dict[str, Any]:
    hits = [json.loads(x) for x in difang(web, "search", "--site", "demo-big5", "--jsonl", "--limit", "50").splitlines()]
    return next(h for h in hits if h["duplicate_of"])


def test_article_is_difang_show(web: WebArchive) -> None:
    copy = _copy(web)
    shown = json.loads(difang(web, "show", copy["id"], "--json"))
    status, headers, body = request(web, f"/article/{copy['id']}.json")
    assert status == 200 and json.loads(body) == shown
    record = shown["record"]
    html = page(web, f"/article/{copy['id']}")
    assert f'<h1 lang="zh-Hans">{record["title"]}</h1>' in html
    for paragraph in record["text"].split("\n"):
        assert f"<p>{paragraph}</p>" in html
    assert record["source"] in html and record["encoding"] in html and record["encoding_declared"] in html
    for repair, times in record["repairs"].items():
        assert f"{repair} × {times}" in html
    story = html.split('class="story"', 1)[1]
    rows = re.findall(r'<tr class="(origin|copy)( current)?">', story)
    assert rows[0][0] == "origin" and ("copy", " current") in rows
    assert f'href="/article/{record["duplicate_of"]}"' in story
    assert f'href="/raw/{copy["id"]}"' in html and f'href="/raw/{copy["id"]}/warc"' in html


def test_story_is_difang_clusters(web: WebArchive) -> None:
    copy = _copy(web)
    story = json.loads(difang(web, "clusters", "--story", copy["id"], "--json"))["stories"][0]
    html = page(web, f"/story/{copy['id']}")
    listed = re.findall(r'<a href="/article/([0-9a-z]+)">', html)
    assert listed == [c["id"] for c in story["copies"]] and len(listed) >= 2
    assert re.findall(r'<tr class="(origin|copy)', html) == [c["role"] for c in story["copies"]]


def test_raw_capture_is_difang_raw_in_a_sandbox(web: WebArchive, tmp_path: Path) -> None:
    copy = _copy(web)
    served = tmp_path / "page.bin"
    difang(web, "raw", copy["id"], "-o", str(served))
    status, headers, body = request(web, f"/raw/{copy['id']}/bytes")
    assert status == 200 and body == served.read_bytes() and "attachment" in headers["content-disposition"]
    difang(web, "raw", copy["id"], "--warc", "-o", str(served))
    assert request(web, f"/raw/{copy['id']}/warc")[2] == served.read_bytes()
    payload = request(web, f"/raw/{copy['id']}/bytes")[2]
    status, headers, body = request(web, f"/raw/{copy['id']}/page")
    policy = headers["content-security-policy"]
    assert status == 200 and policy.startswith("sandbox;") and "allow-same-origin" not in policy
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert headers["content-type"].lower().startswith("text/html") and "big5" in headers["content-type"].lower()
    # the page as served, gzip undone, its encoding left to the browser
    assert body == (gzip.decompress(payload) if payload[:2] == b"\x1f\x8b" else payload)
    assert "招聘會".encode("big5") in body or "醫院".encode("big5") in body
    scripted = request(web, f"/raw/{copy['id']}/page?scripts=1")[1]["content-security-policy"]
    assert scripted.startswith("sandbox allow-scripts;") and "allow-same-origin" not in scripted
    html = page(web, f"/raw/{copy['id']}")
    frame = re.search(r"<iframe [^>]*>", html)
    assert frame is not None and f'src="/raw/{copy["id"]}/page"' in frame.group() and 'sandbox=""' in frame.group()
    assert "Content-Type" in html and copy["url"] in html


# -- sites and stats ---------------------------------------------------------------------------
def test_sites_board(web: WebArchive) -> None:
    html = page(web, "/sites")
    history = RunHistory(web.tmp / "home" / "daemon" / "runs.sqlite")
    today = datetime.now(UTC).date().isoformat()
    per_day = json.loads(difang(web, "stats", "--date-field", "fetched", "--since", today, "--json", "--no-runs"))
    for site in SITES:
        row = html.split(f'href="/sites/{site}"', 1)[1].split("</tr>", 1)[0]
        last = history.recent(site, 1)[0]
        assert "*/30 * * * *" in row and 'class="outcome ok"' in row
        assert f"页面 {last.pages} · 文章 {last.articles}" in row
        archived = sum(r["articles"] for r in per_day["per_day"] if r["site"] == site)
        assert f"<title>{today}: {archived} articles</title>" in row and archived
    big5 = html.split('href="/sites/demo-big5"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="alert" title="share of records with authors fell from 0.90 to 0.10">missing_authors' in big5
    broken = html.split('id="broken"', 1)[1]
    assert "broken.yaml" in broken and "schedule: bad cron expression &#39;every day&#39;" in broken
    assert "守护进程仍按上次有效的定义运行该站点" in broken  # and its last good definition is on the board:
    assert "<code>0 6 * * *</code>" in html.split('href="/sites/broken"', 1)[1].split("</tr>", 1)[0]


def test_site_page_history_and_log(web: WebArchive) -> None:
    html = page(web, "/sites/demo-utf8")
    run = RunHistory(web.tmp / "home" / "daemon" / "runs.sqlite").recent("demo-utf8", 1)[0]
    assert f"<tr><td>{run.id}</td>" in html and "<svg" in html
    last_line = Path(run.log_path).read_text(encoding="utf-8").rstrip("\n").splitlines()[-1]
    assert last_line.replace("'", "&#39;").replace('"', "&#34;") in html.split('id="log"', 1)[1]
    assert page(web, "/sites/broken").count("schedule") >= 1  # a broken file's own page names its error


def test_stats_is_difang_stats(web: WebArchive) -> None:
    stats = json.loads(difang(web, "stats", "--json"))
    html = page(web, "/stats")
    for row in stats["sites"]:
        assert re.search(rf'<a href="/sites/{row["site"]}">{row["site"]}</a></td><td>{row["articles"]}</td>', html)
    for row in stats["repairs"]:
        assert f'<code>{row["repair"]}</code></td><td>{row["articles"]}</td><td>{row["total"]}</td>' in html
    only = page(web, "/stats?site=demo-big5")
    assert 'href="/sites/demo-big5"' in only and 'href="/sites/demo-utf8"' not in only.split("stats-sites", 1)[1]


def test_language_switch(web: WebArchive) -> None:
    status, headers, body = request(web, "/?lang=en")
    html = body.decode()
    assert status == 200 and ">Search</a>" in html and 'lang="en"' in html
    assert "difang_lang=en" in headers["set-cookie"] and "HttpOnly" in headers["set-cookie"]
    assert ">Sites board<" in page(web, "/sites", headers={"Cookie": "difang_lang=en"})
    assert ">检索</a>" in page(web, "/") and '<html lang="zh-Hans">' in page(web, "/")


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "status", "says"), [
    ("/article/0000000000000000", 404, "no article &#39;0000000000000000&#39; in the index"),
    ("/article/0000000000000000.json", 404, "no article"),
    ("/raw/0000000000000000", 404, "no article"),
    ("/raw/0000000000000000/bytes", 404, "no article"),
    ("/story/0000000000000000", 404, "no article or cluster"),
    ("/sites/nosuchsite", 404, "no site &#39;nosuchsite&#39;"),
    ("/?since=2024-02-30", 400, "since: no such date: &#39;2024-02-30&#39;"),
    ("/?until=yesterday", 400, "until: not a date: &#39;yesterday&#39;"),
    ("/?since=2024-13", 400, "since: no such date"),
    ("/stats?since=20240101", 400, "since: not a date: &#39;20240101&#39;"),
    ("/?q=" + q("医" * 5000), 400, "q: the query is longer than 200 characters (5000)"),
    ("/?limit=7", 400, "limit: expected one of 10, 20, 50, 100"),
    ("/?page=0", 400, "page: must be from 1"),
    ("/?page=99999999999", 400, "page: not a whole number"),
    ("/?sort=random", 400, "sort: expected one of date, relevance"),
    ("/?site=" + q("../etc"), 400, "site: not a site name"),
    ("/?cluster=" + q("a' OR 1=1"), 400, "cluster: not a cluster id"),
    ("/export?format=xlsx", 400, "format: expected one of jsonl, csv, parquet"),
    ("/article/..%2F..%2Fetc%2Fpasswd", 404, "找不到：/article/../../etc/passwd"),
    ("/raw/%2e%2e%2f%2e%2e%2fconfig/page", 404, "找不到：/raw/../../config/page"),
    ("/article/..", 400, "not an article id: &#39;..&#39;"),
    ("/article/" + q("中文"), 400, "not an article id"),
    ("/article/" + "a" * 300, 400, "not an article id"),
    ("/article/a%00b", 400, "not an article id"),
    ("/sites/..%2F..", 404, "找不到"),
    ("/sites/..", 400, "site: not a site name"),
    ("/no/such/page", 404, "no/such/page"),
])
def test_bad_input_is_a_page_with_its_reason(web: WebArchive, path: str, status: int, says: str) -> None:
    html = page(web, path, status)
    assert "<html" in html and says in html, html[-1500:]


@pytest.mark.parametrize("path", [
    "/raw/../../../../etc/passwd", "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
    "/static/%2e%2e%2f%2e%2e%2fconfig.py", "//etc/passwd", "/article/../../home",
])
def test_path_tricks_reach_no_file(web: WebArchive, path: str) -> None:
    status, _, body = request(web, path)
    text = body.decode("utf-8", "replace")
    assert status in (400, 404) and "root:" not in text and "def create_app" not in text and "import" not in text
    no_traceback(text)


def test_huge_requests_and_methods(web: WebArchive) -> None:
    status, _, body = request(web, "/?q=" + "x" * 100_000)
    assert 400 <= status < 500 and b"Traceback" not in body
    assert request(web, "/", method="POST")[0] == 405
    assert request(web, "/article/x", method="DELETE")[0] == 405
    status, _, body = request(web, "/", headers={"Host": "evil.example"})
    assert status == 400 and b"unexpected Host" in body  # no DNS rebinding onto a loopback UI


def test_security_headers(web: WebArchive) -> None:
    _, headers, _ = request(web, "/")
    assert "default-src 'none'" in headers["content-security-policy"] and "script-src" not in headers[
        "content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_a_new_index_file_is_picked_up(web: WebArchive) -> None:
    """``difang reindex`` swaps a new file in: the running server answers from it."""
    path = index_path(web.tmp / "home")
    fresh = path.with_suffix(".swap")
    shutil.copyfile(path, fresh)
    record = article("feed000000000001", "demo-utf8", "索引替换测试", "新的索引文件里才有的文章。",
                     fetched_at="2026-01-05T00:00:00Z")
    with QueryIndex(fresh) as index:
        index.add([(record, clean_key(record))])
    assert ids(page(web, f"/?q={q('索引替换')}")) == []
    os.replace(fresh, path)
    assert ids(page(web, f"/?q={q('索引替换')}")) == ["feed000000000001"]


# -- binding and the token ---------------------------------------------------------------------
def test_refuses_a_public_address_without_a_token(web: WebArchive, capsys: pytest.CaptureFixture[str]) -> None:
    env = {k: v for k, v in web.env.items() if k.startswith("DIFANG_")}
    with environment({**env, "DIFANG_WEB_TOKEN": ""}):
        assert difang_main(["web", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "refusing to listen on 0.0.0.0" in err and "DIFANG_WEB_TOKEN" in err


@contextlib.contextmanager
def served(config: Config, token: str = "") -> Iterator[str]:
    """The UI over ``config`` in a thread of this process, on a free loopback port: its base URL."""
    import uvicorn

    from archive.cli.commands.web import listen
    from archive.web.app import create_app
    from archive.web.state import WebState

    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(WebState(config), token=token), log_level="error",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_token(web: WebArchive) -> None:
    config = Config(sites=web.env["DIFANG_SITES"], archive=web.env["DIFANG_ARCHIVE"], home=web.env["DIFANG_HOME"])
    with served(config, "s3cret-token") as base:
        assert request(web, "/", base=base)[0] == 401
        assert request(web, "/", base=base, headers={"Authorization": "Bearer wrong"})[0] == 401
        assert request(web, "/", base=base, headers={"Authorization": "Bearer s3cret-token"})[0] == 200
        status, headers, _ = request(web, "/sites?" + urlencode({"token": "s3cret-token", "lang": "en"}), base=base)
        assert status == 303 and headers["location"] == "/sites?lang=en"
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert "HttpOnly" in headers["set-cookie"] and "samesite=strict" in headers["set-cookie"].lower()
        assert request(web, "/sites", base=base, headers={"Cookie": cookie})[0] == 200
        assert request(web, "/static/style.css", base=base)[0] == 401


def test_a_fresh_machine_without_index_or_daemon(web: WebArchive, tmp_path: Path) -> None:
    """Nothing crawled here yet: the pages say what is missing and how to make it."""
    config = Config(sites=web.env["DIFANG_SITES"], archive=str(tmp_path / "archive"), home=str(tmp_path / "home"))
    with served(config) as base:
        html = page(web, "/?q=" + q("医院"), 503, base=base)
        assert f"no query index at {tmp_path / 'home' / 'index.sqlite'}: run `difang reindex` first" in html
        board = page(web, "/sites", base=base)
        assert "未找到守护进程的运行记录" in board and 'href="/sites/demo-utf8"' in board
        assert page(web, "/stats", 503, base=base).count("difang reindex") == 1
    assert not (tmp_path / "home").exists()  # and nothing was written
