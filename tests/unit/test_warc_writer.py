"""storage.warc_record writes, decompressed, byte for byte what warcio's record builder wrote.

The reference is bench/warc/warcio_writer.py: the warcio calls storage/warc.py made before it
serialized records itself. Record ids and dates are fixed on both sides.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import itertools
import tomllib
import uuid
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import Headers
from warcio.archiveiterator import ArchiveIterator

from bench.warc.warcio_writer import WarcioRecords
from crawler.middlewares import warc_capture
from storage import warc as warc_module
from storage import warc_record
from storage.warc import EarlierCapture, WarcWriter, warc_date

ROOT = Path(__file__).resolve().parents[2]
DATE = "2026-11-26T03:00:01.123456Z"
EARLIER = ("<urn:uuid:00000000-0000-4000-8000-0000000000aa>", "http://127.0.0.2:8701/a.html",
           "2026-11-20T01:02:03.000001Z")
GZIPPED_PAGE = gzip.compress("<html><body><p>北湖区今日召开防汛工作会议。</p></body></html>".encode(), mtime=0)
REQUEST = [("Host", "127.0.0.2:8701"), ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
           ("Accept-Language", "zh-CN,zh;q=0.9"), ("User-Agent", "difang/0.1"),
           ("Accept-Encoding", "gzip, deflate")]


def record_ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def latin1(text: str) -> str:
    """A header value as the capture middleware makes it from raw UTF-8 bytes."""
    return text.encode("utf-8").decode("latin-1")


# (name, write_exchange arguments): the awkward inputs the brief lists, and ordinary ones
EXCHANGES: list[tuple[str, dict[str, Any]]] = [
    ("article", dict(url="http://127.0.0.6:8080/content/202601/05/000123.html", status=200, reason="OK",
                     protocol="HTTP/1.1", payload=GZIPPED_PAGE, ip_address="127.0.0.6",
                     response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept-Encoding"),
                                       ("Content-Encoding", "gzip")])),
    ("empty body, no ip", dict(url="http://127.0.0.2:8701/old.htm", status=302, reason="Found", protocol="HTTP/1.1",
                               payload=b"", response_headers=[("Location", "/new.htm")])),
    ("no headers, no reason", dict(url="http://127.0.0.2:8701/x", status=599, reason="", protocol="",
                                   payload=b"odd", response_headers=[])),
    ("http/1.0, chunked", dict(url="http://127.0.0.2:8701/feed.xml", status=200, reason="OK", protocol="HTTP/1.0",
                               payload=b"<rss/>", response_headers=[("Transfer-Encoding", "chunked"),
                                                                    ("Content-Type", "application/rss+xml")])),
    ("latin-1 values", dict(url="http://127.0.0.2:8701/d.pdf", status=200, reason="OK", protocol="HTTP/1.1",
                            payload=b"%PDF-1.4", ip_address="127.0.0.2",
                            response_headers=[("Content-Disposition", latin1('attachment; filename="通报.pdf"')),
                                              ("X-Title", latin1("北湖新闻")), ("X-Mixed", latin1("a=1; b=\"é\"")),
                                              ("Server", "nginx")])),
    ("CR LF in a value", dict(url="http://127.0.0.2:8701/crlf", status=200, reason="OK", protocol="HTTP/1.1",
                              payload=b"x", response_headers=[("X-Odd", "a\r\nInjected: b"), ("X-Tab", "a\tb\n")])),
    ("space in url", dict(url="http://127.0.0.2:8701/%E6%96%B0/a b.html?q=a b&x=1#top", status=404,
                                     reason="Not Found", protocol="HTTP/1.1", payload=b"missing",
                                     response_headers=[("Content-Type", "text/plain")])),
    ("post with body", dict(url="http://127.0.0.2:8701/api?page=2", status=200, reason="OK", protocol="HTTP/1.1",
                            method="POST", request_body=b'{"page": 2}', payload=b"[]",
                            response_headers=[("Content-Type", "application/json")],
                            request_headers=[("Host", "127.0.0.2:8701"), ("X-Label", latin1("地方"))])),
    ("revisit", dict(url="http://127.0.0.2:8701/a.html", status=200, reason="OK", protocol="HTTP/1.1",
                     payload=GZIPPED_PAGE, ip_address="127.0.0.2", revisit_of=EARLIER,
                     response_headers=[("Content-Type", "text/html")])),
    ("revisit, no ip, empty payload", dict(url="http://127.0.0.2:8701/a.html", status=200, reason="OK",
                                           protocol="HTTP/1.1", payload=b"", revisit_of=EARLIER,
                                           response_headers=[])),
]


def warcio_exchange(case: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    WarcioRecords(out, record_ids=record_ids(), gzip=False).exchange(
        case["url"], method=case.get("method", "GET"), request_headers=case.get("request_headers", REQUEST),
        request_body=case.get("request_body", b""), status=case["status"], reason=case["reason"],
        protocol=case["protocol"], response_headers=case["response_headers"], payload=case["payload"],
        date=DATE, ip_address=case.get("ip_address"), revisit_of=case.get("revisit_of"))
    return out.getvalue()


def our_exchange(case: dict[str, Any]) -> bytes:
    """The two members storage.warc writes for the exchange, built the way it builds them."""
    ids = record_ids()
    response_id = ids()
    headers = [(f"X-Archive-Orig-{k}" if k.lower() == "transfer-encoding" else k, v)
               for k, v in case["response_headers"]]
    head = warc_record.response_head(case["protocol"], case["status"], case["reason"], headers)
    digest = warc_record.payload_digest(case["payload"])
    revisit = case.get("revisit_of")
    if revisit is not None:
        response = warc_record.revisit_record(
            case["url"], record_id=response_id, date=DATE, head=head, digest=digest, refers_to=revisit[0],
            refers_to_target=revisit[1], refers_to_date=revisit[2], ip_address=case.get("ip_address"))
    else:
        response = warc_record.response_record(case["url"], record_id=response_id, date=DATE, head=head,
                                               payload=case["payload"], ip_address=case.get("ip_address"),
                                               compressed=warc_record.compressed_payload(headers))
    request = warc_record.request_record(
        case["url"], record_id=ids(), date=DATE, concurrent_to=response_id, body=case.get("request_body", b""),
        head=warc_record.request_head(case.get("method", "GET"), warc_module._request_target(case["url"]),
                                      case.get("request_headers", REQUEST)))
    return single_member(response) + single_member(request)


def single_member(data: bytes) -> bytes:
    """The content of ``data``, which must be exactly one gzip member."""
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    content = inflate.decompress(data)
    assert inflate.eof and not inflate.unused_data
    return content


@pytest.mark.parametrize("name, case", EXCHANGES, ids=[name for name, _ in EXCHANGES])
def test_exchange_records_equal_warcio(name: str, case: dict[str, Any]) -> None:
    assert our_exchange(case) == warcio_exchange(case)


_token = st.text(st.characters(codec="ascii", categories=["L", "N"], include_characters="-_"),
                 min_size=1, max_size=12)
_value = st.text(st.characters(codec="latin-1", exclude_categories=["Cs"]), max_size=30)
# the reason phrase is one of http.HTTPStatus's (ASCII); a non-ASCII status line fails in warcio too
_reason = st.text(st.characters(codec="ascii", exclude_characters="\r\n"), max_size=20)


@settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headers=st.lists(st.tuples(_token, _value), max_size=6), payload=st.binary(max_size=200),
       status=st.integers(100, 999), reason=_reason, revisit=st.booleans())
def test_generated_exchanges_equal_warcio(headers: list[tuple[str, str]], payload: bytes, status: int,
                                          reason: str, revisit: bool) -> None:
    case = dict(url="http://127.0.0.2:8701/g.html", status=status, reason=reason, protocol="HTTP/1.1",
                payload=payload, response_headers=headers, request_headers=[("Host", "127.0.0.2:8701"), *headers],
                revisit_of=EARLIER if revisit else None)
    assert our_exchange(case) == warcio_exchange(case)


def test_non_ascii_url_refused_like_warcio_and_nothing_written(tmp_path: Path) -> None:
    """warcio cannot write a request line that is not ASCII (Scrapy never sends one: its URLs are
    percent-encoded); difang raises as warcio did, but now before any byte of the exchange is
    written, where warcio had written the response record already."""
    case = dict(EXCHANGES[0][1], url="http://127.0.0.2:8701/新闻/地方.html")
    with pytest.raises(UnicodeEncodeError):
        warcio_exchange(case)
    with pytest.raises(UnicodeEncodeError):
        our_exchange(case)
    writer = WarcWriter(tmp_path, "s1")
    writer.write_exchange("http://127.0.0.2:8701/ok.html", method="GET", request_headers=REQUEST, request_body=b"",
                          status=200, reason="OK", protocol="HTTP/1.1", response_headers=[], payload=b"ok")
    size = writer.open_bytes()
    with pytest.raises(UnicodeEncodeError):
        writer.write_exchange(case["url"], method="GET", request_headers=REQUEST, request_body=b"", status=200,
                              reason="OK", protocol="HTTP/1.1", response_headers=[], payload=b"x")
    assert writer.open_bytes() == size
    done = writer.close()
    assert done is not None and done.records == 3


@pytest.mark.parametrize("operator", ["", "北湖新闻网 运维组"])
def test_warcinfo_equals_warcio(operator: str) -> None:
    info = {"software": warc_module.SOFTWARE, "format": "WARC File Format 1.1", "isPartOf": "s1",
            "operator": operator}
    out = io.BytesIO()
    WarcioRecords(out, record_ids=record_ids(), gzip=False).warcinfo("s1-x-00001.warc.gz", info, date=DATE)
    ours = warc_record.warcinfo_record("s1-x-00001.warc.gz", info, record_id=record_ids()(), date=DATE)
    assert single_member(ours) == out.getvalue()


@pytest.mark.parametrize("content_type, refers_to", [("text/html", "<urn:uuid:1>"), ("", None)])
def test_conversion_equals_warcio(content_type: str, refers_to: str | None) -> None:
    payload = "<html><body>渲染后的页面</body></html>".encode()
    out = io.BytesIO()
    WarcioRecords(out, record_ids=record_ids(), gzip=False).conversion(
        "http://127.0.0.5:8701/js.html", payload=payload, content_type=content_type, date=DATE, refers_to=refers_to)
    ours = warc_record.conversion_record("http://127.0.0.5:8701/js.html", record_id=record_ids()(), date=DATE,
                                         payload=payload, content_type=content_type, refers_to=refers_to)
    assert single_member(ours) == out.getvalue()


def test_written_file_equals_warcio_and_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole file from WarcWriter: warcinfo, the exchanges above, a conversion; one gzip
    member per record, the same bytes as warcio's, and warcio reads it back with its digests.
    (Not the CR LF case: a line break inside a value cuts the HTTP head short when read back,
    with warcio's writer as with ours; Twisted never hands over such a value.)"""
    exchanges = [case for name, case in EXCHANGES if name != "CR LF in a value"]
    when = datetime(2026, 11, 26, 3, 0, 1, 123456, tzinfo=UTC)
    monkeypatch.setattr(warc_module, "new_record_id", record_ids())
    writer = WarcWriter(tmp_path, "s1", clock=lambda: when, operator="ops")
    reference = io.BytesIO()
    warcio = WarcioRecords(reference, record_ids=record_ids(), gzip=False)
    warcio.warcinfo(f"s1-{when:%Y%m%d%H%M%S}-00001.warc.gz",
                    {"software": warc_module.SOFTWARE, "format": "WARC File Format 1.1",
                     "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                     "isPartOf": "s1", "operator": "ops"}, date=warc_date(when))
    for case in exchanges:
        common = dict(method=case.get("method", "GET"), request_headers=case.get("request_headers", REQUEST),
                      request_body=case.get("request_body", b""), status=case["status"], reason=case["reason"],
                      protocol=case["protocol"], response_headers=case["response_headers"],
                      payload=case["payload"], ip_address=case.get("ip_address"))
        revisit = case.get("revisit_of")
        pointer = writer.write_exchange(case["url"], revisit_of=EarlierCapture(*revisit) if revisit else None,
                                        **common)
        record_id = warcio.exchange(case["url"], date=DATE, revisit_of=revisit, **common)
        assert pointer["record_id"] == record_id
    writer.write_conversion("http://127.0.0.5:8701/js.html", payload=b"<html>dom</html>", content_type="text/html",
                            refers_to="<urn:uuid:1>")
    warcio.conversion("http://127.0.0.5:8701/js.html", payload=b"<html>dom</html>", content_type="text/html",
                      date=DATE, refers_to="<urn:uuid:1>")
    done = writer.close()
    assert done is not None
    data = done.path.read_bytes()
    assert gzip.decompress(data) == reference.getvalue()
    members = 0
    while data:
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflate.decompress(data)
        assert inflate.eof
        data, members = inflate.unused_data, members + 1
    assert members == done.records == 2 + 2 * len(exchanges)
    read = list(ArchiveIterator(io.BytesIO(done.path.read_bytes()), check_digests="raise"))
    assert [r.rec_type for r in read][:3] == ["warcinfo", "response", "request"]
    assert sum(r.rec_type == "revisit" for r in read) == 2


def test_warcinfo_names_difang_as_the_writer(tmp_path: Path) -> None:
    """The warcinfo record of a written file, read back with warcio, says what wrote the file:
    difang at the version pyproject.toml gives it, not warcio (which only reads)."""
    writer = WarcWriter(tmp_path, "s1", operator="ops")
    writer.write_exchange("http://127.0.0.2:8701/ok.html", method="GET", request_headers=REQUEST, request_body=b"",
                          status=200, reason="OK", protocol="HTTP/1.1", response_headers=[], payload=b"ok")
    done = writer.close()
    assert done is not None
    with done.path.open("rb") as stream:
        info = next(iter(ArchiveIterator(stream)))
        assert info.rec_type == "warcinfo"
        assert info.rec_headers.get_header("WARC-Filename") == done.path.name
        body = info.content_stream().read().decode("utf-8")
    fields = dict(line.split(": ", 1) for line in body.splitlines() if line)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert fields["software"].split(" ", 1)[0] == f"{project['name']}/{project['version']}"
    assert "warcio" not in fields["software"]
    assert fields["format"] == "WARC File Format 1.1"
    assert (fields["isPartOf"], fields["operator"]) == ("s1", "ops")


def test_record_ids_are_version_4_uuids() -> None:
    ids = {warc_record.new_record_id() for _ in range(2000)}
    assert len(ids) == 2000
    for record_id in ids:
        assert record_id.startswith("<urn:uuid:") and record_id.endswith(">")
        parsed = uuid.UUID(record_id[len("<urn:uuid:"):-1])
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == record_id[len("<urn:uuid:"):-1]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(data=st.binary(max_size=100))
def test_digest_labels_equal_base64(data: bytes) -> None:
    raw = hashlib.sha1(data).digest()
    assert warc_record.sha1_label(raw) == "sha1:" + base64.b32encode(raw).decode("ascii")
    assert warc_record.payload_digest(data) == "sha1:" + base64.b32encode(raw).decode("ascii")


def test_large_stored_payload_spans_blocks() -> None:
    """A compressed payload over 64 KiB goes into several stored blocks of one member."""
    payload = gzip.compress(bytes(range(256)) * 1000 + "北湖".encode() * 40000, mtime=0)
    payload += bytes(200_000)  # and make it long
    head = warc_record.response_head("HTTP/1.1", 200, "OK", [("Content-Encoding", "gzip")])
    stored = warc_record.response_record("http://127.0.0.2:8701/big", record_id="<urn:uuid:1>", date=DATE,
                                         head=head, payload=payload, compressed=True)
    deflated = warc_record.response_record("http://127.0.0.2:8701/big", record_id="<urn:uuid:1>", date=DATE,
                                           head=head, payload=payload)
    assert single_member(stored) == single_member(deflated)
    assert payload in single_member(stored)


@pytest.mark.parametrize("url", ["http://127.0.0.2:8701/a?b#c", "https://user:pw@example.com:8443", "http://h?q",
                                 "http://h#f", "HTTP://Example.com/", "http://[::1]:80/a", "http://h/a\tb",
                                 " http://h/", "http://h\n/a", "mailto:x@y", "http:/h/a", "news:x", "",
                                 "http://北湖.cn/新闻", "a+b.c://h:1/x"])
def test_capture_host_equals_urlsplit(url: str) -> None:
    assert warc_capture._host(url) == urlsplit(url).netloc


def test_capture_reason_and_pairs() -> None:
    assert [warc_capture._reason(status) for status in (200, 302, 404, 599, 0)] == [
        "OK", "Found", "Not Found", "", ""]
    headers = Headers({"content-type": "text/html", "Set-Cookie": ["a=1", "b=2"], "X-Raw": b"caf\xe9"})
    assert warc_capture._pairs(headers) == [
        (name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]
    assert warc_capture._pairs({"A": ["x"]}) == [("A", "x")]


TARGET_URLS = ["http://127.0.0.2:8701/a?b=1#c", "http://h", "http://h?", "http://h?q", "http://h/?", "http://h#f?x",
               "http://h/a?b?c#d#e", "https://u:p@h:1/p;x?q=a/b", "http://[::1]:80/a?x", "http://h/a b?c d",
               "http://h/a\tb", " http://h/a", "http://h/新闻?q=地方", "mailto:x@y?subject=a", "http:/h/a?q",
               "HTTP://H/A?B", "http://h/%E6%96%B0?%41", "a+b.c://h/x", "1http://h/x", "http://h/a\x7fb",
               "http://h/\U0001f600?x", "http://\U0001f600.cn/a"]


@pytest.mark.parametrize("url", TARGET_URLS)
def test_request_target_equals_urlsplit(url: str) -> None:
    split = urlsplit(url)
    assert warc_module._request_target(url) == (split.path or "/") + (f"?{split.query}" if split.query else "")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(rest=st.text(st.sampled_from(list("ab/?#:@[]% \t.=&") + ["新"]), max_size=20))
def test_generated_request_targets_equal_urlsplit(rest: str) -> None:
    url = "http://127.0.0.2:8701" + rest
    try:
        split = urlsplit(url)
    except ValueError:
        return  # an unbalanced [ in the netloc: urlsplit refuses it, as does the request line
    assert warc_module._request_target(url) == (split.path or "/") + (f"?{split.query}" if split.query else "")
