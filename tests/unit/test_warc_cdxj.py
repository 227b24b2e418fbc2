"""The CDXJ written while a WARC is written equals what pywb's indexer makes of the finished file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import surt
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.warc.warcio_writer import cdxj_line as old_cdxj_line
from storage import warc as warc_module
from storage.warc import EarlierCapture, WarcWriter, cdxj_line, surt_key, warc_date, write_cdxj


def test_incremental_cdxj_matches_cdxj_indexer(tmp_path: Path) -> None:
    clock = iter(datetime(2026, 11, 26, 3, 0, s, 123456, tzinfo=UTC) for s in range(60))
    writer = WarcWriter(tmp_path, "s1", clock=lambda: next(clock))
    common = dict(method="GET", request_headers=[("Host", "127.0.0.2:8701")], request_body=b"",
                  protocol="HTTP/1.1")
    first = writer.write_exchange(
        "http://127.0.0.2:8701/news/list_1.html?b=2&a=1", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        payload=b"\x1f\x8b compressed bytes", **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/old.htm", status=302, reason="Found",
        response_headers=[("Location", "/new.htm")], payload=b"", **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/news/list_1.html?b=2&a=1", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html;charset=utf-8")], payload=b"\x1f\x8b compressed bytes",
        revisit_of=EarlierCapture(first["record_id"], "http://127.0.0.2:8701/news/list_1.html?b=2&a=1",
                                  "2026-11-26T03:00:01.123456Z"), **common)  # type: ignore[arg-type]
    writer.write_exchange(
        "http://127.0.0.2:8701/feed.xml", status=200, reason="OK",
        response_headers=[("Content-Type", "application/rss+xml")], payload=b"<rss/>", **common)  # type: ignore[arg-type]
    writer.write_conversion("http://127.0.0.2:8701/js.html", payload=b"<html>dom</html>",
                            content_type="text/html", refers_to=first["record_id"])
    done = writer.close()
    assert done is not None
    ours = done.cdxj_path.read_text()
    write_cdxj(done.path, tmp_path / "reference.cdxj")
    reference = (tmp_path / "reference.cdxj").read_text()
    assert len(ours.splitlines()) == 4
    assert ours == reference


# URLs that stress each canonicalization step surt takes: the fast path of surt_key must agree
# with surt.surt on the plain ones and hand the rest to it.
AWKWARD_URLS = [
    "http://127.0.0.6:8080/content/202601/05/000123.html", "http://127.0.0.6:8080/", "http://127.0.0.6:8080",
    "http://127.0.0.6:80/a", "https://127.0.0.6:443/a", "https://127.0.0.6:80/a", "http://127.0.0.6:0/a",
    "http://www.Example.COM/News/Index.HTML", "http://www3.example.com/a/", "http://wwwx.example.com/a",
    "https://www.example.com:8443/a/b/", "http://example.com/a//b", "http://example.com/a/./b",
    "http://example.com/a/../b", "http://example.com/..", "http://example.com/a/.", "http://example.com/.hidden",
    "http://example.com/a..b/c.", "http://example.com/a?b=2&a=1", "http://example.com/a?", "http://example.com/a#top",
    "http://example.com/#", "http://user:pw@example.com/a", "http://user@example.com:8080/a",
    "http://[::1]:8080/a", "http://例子.中国/新闻", "http://xn--fsqu00a.xn--fiqs8s/a", "http://example.com/%7Ea/%41",
    "http://example.com/a%2Fb", "http://example.com/a b", " http://example.com/a\t", "HTTP://EXAMPLE.COM/A",
    "ftp://example.com/a", "dns:example.com", "mailto:a@example.com", "http://example.com:99999/a",
    "http://example.com:/a", "http://...example.com../a", "http://example..com/a", "http://2130706433/a",
    "http://0x7f.1/a", "http://017700000001/a", "http://127.1/a", "http://http://example.com/a",
    "http://example.com/a;jsessionid=0123456789abcdef0123456789ABCDEF", "http://example.com/(S(0123456789abcdefghijklmn))/a.aspx",
    "http://example.com/a?jsessionid=0123456789abcdef0123456789ABCDEF&b=1", "http://example.com/~user/-_.~",
    "https://example.com", "http://a/", "http://-/", "http://./", "http://example.com:8080:90/a", "",
]

_host = st.sampled_from(["127.0.0.6", "127.0.0.2:8701", "www.example.com", "WWW2.Example.com:80", "example.com:443",
                         "a.b.c.d.e", "1.2.3", "localhost:0", "ex-ample.com.", "ex.com:65536", "xn--fsq.com"])
_segment = st.one_of(st.sampled_from(["", ".", "..", "%41", "%2F", "新", "A.B"]),
                     st.text(st.sampled_from(list("aZ09._~-%/")), max_size=8))
_path = st.lists(_segment, max_size=5).map(lambda parts: "/" + "/".join(parts))
_tail = st.sampled_from(["", "/", "?", "?b=1&a=2", "#x", "?A=B#f"])


@pytest.mark.parametrize("url", AWKWARD_URLS)
def test_surt_key_equals_surt(url: str) -> None:
    assert surt_key(url) == _surt_or_url(url)
    assert surt_key(url) == _surt_or_url(url)  # again, from the host cache


@settings(max_examples=400, derandomize=True, deadline=None)
@given(scheme=st.sampled_from(["http", "https", "HTTP"]), host=_host, path=_path, tail=_tail)
def test_generated_surt_keys_equal_surt(scheme: str, host: str, path: str, tail: str) -> None:
    url = f"{scheme}://{host}{path}{tail}"
    assert surt_key(url) == _surt_or_url(url)


def test_demo_bench_urls_take_the_short_way() -> None:
    """The URLs of a crawl (demo-bench's) are plain, so surt.surt runs once per host, not per URL."""
    from demo.portal import Portal

    site = Portal(8080, 200).sites["demo-bench"]
    urls = [site.url(path) for path in site.article_paths()] + [site.url("/list_3.html"), site.url("/robots.txt")]
    calls = 0
    real = surt.surt

    def counted(url: str) -> str:
        nonlocal calls
        calls += 1
        return str(real(url))

    warc_module._surt_host.cache_clear()
    try:
        surt.surt = counted
        keys = [surt_key(url) for url in urls]
    finally:
        surt.surt = real
    assert keys == [real(url) for url in urls]
    assert calls == 1


def _surt_or_url(url: str) -> str:
    try:
        return str(surt.surt(url))
    except Exception:
        return url


@pytest.mark.parametrize("url", AWKWARD_URLS[:-1])
@pytest.mark.parametrize("mime", ["text/html", None, 'text/"odd"\\', "文本/html"])
def test_cdxj_line_equals_the_warcio_era_line(url: str, mime: str | None) -> None:
    """The line as it was built before (json.dumps, warcio's date parsing, surt.surt per line)."""
    date = "2026-11-26T03:00:01.123456Z"
    fields = dict(status=200, mime=mime, digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", length=2345,
                  offset=67890, filename="s1-20261126030001-00001.warc.gz")
    assert cdxj_line(url, date, **fields) == old_cdxj_line(url, date, **fields)  # type: ignore[arg-type]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(when=st.datetimes(min_value=datetime(1, 1, 1), timezones=st.sampled_from([UTC, timezone(timedelta(hours=8)),
                                                                                  timezone(timedelta(hours=-5))])))
def test_warc_date_equals_strftime(when: datetime) -> None:
    assert warc_date(when) == when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
