"""The CDXJ written while a WARC is written equals what pywb's indexer makes of the finished file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storage.warc import EarlierCapture, WarcWriter, surt_key, warc_date, write_cdxj


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


# URLs that stress each canonicalization step surt takes
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

# What Scrapy fetches: http(s) URLs of printable ASCII (w3lib percent-encodes the rest). warcio's
# reader, and so cdxj-indexer, reads the others differently from how they were written (spaces
# percent-encoded, no HTTP head parsed for other schemes), the same with any writer.
CRAWLABLE_URLS = [url for url in AWKWARD_URLS
                  if url.startswith(("http://", "https://")) and url.isascii() and url.isprintable() and " " not in url]


def test_cdxj_of_awkward_urls_matches_cdxj_indexer(tmp_path: Path) -> None:
    """SURT keys (surt.surt), timestamps and JSON fields of every line, on URLs that stress each
    canonicalization step, equal what pywb's indexer makes of the finished file."""
    assert len(CRAWLABLE_URLS) > 40
    writer = WarcWriter(tmp_path, "s1")
    for number, url in enumerate(CRAWLABLE_URLS):
        writer.write_exchange(url, method="GET", request_headers=[("Host", "h")], request_body=b"",
                              status=200 + number % 3 * 100, reason="", protocol="HTTP/1.1",
                              response_headers=[("Content-Type", "text/html; charset=gbk")] if number % 2 else [],
                              payload=str(number).encode(), when=datetime(2026, 11, 26, 3, 0, number, tzinfo=UTC))
    done = writer.close()
    assert done is not None
    write_cdxj(done.path, tmp_path / "reference.cdxj")
    ours = done.cdxj_path.read_text(encoding="utf-8")
    assert len(ours.splitlines()) == len(CRAWLABLE_URLS)
    assert ours == (tmp_path / "reference.cdxj").read_text(encoding="utf-8")


@pytest.mark.parametrize("url, key", [
    ("http://www.Example.COM/News/Index.HTML?b=2&a=1", "com,example)/news/index.html?a=1&b=2"),
    ("http://127.0.0.6:8080/content/202601/05/000123.html", "6,0,0,127:8080)/content/202601/05/000123.html"),
    ("http://example.com:99999/a", "http://example.com:99999/a"),  # surt refuses the port: the URL itself
])
def test_surt_key(url: str, key: str) -> None:
    assert surt_key(url) == key


@pytest.mark.parametrize("when, text", [
    (datetime(2026, 11, 26, 3, 0, 1, 123456, tzinfo=UTC), "2026-11-26T03:00:01.123456Z"),
    (datetime(2026, 11, 26, 11, 0, 1, tzinfo=timezone(timedelta(hours=8))), "2026-11-26T03:00:01.000000Z"),
    (datetime(2026, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=-5))), "2026-01-01T05:00:00.000000Z"),
])
def test_warc_date(when: datetime, text: str) -> None:
    assert warc_date(when) == text
