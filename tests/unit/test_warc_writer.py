"""storage.warc.WarcWriter: the files it writes (through warcio) hold what users rely on.

Every record reads back with warcio's ArchiveIterator with its digests checked; each file is one
gzip member per record; a raw pointer (offset, length) is exactly the member of its response
record; payloads are the bytes as served; revisits follow the identical-payload-digest profile;
the warcinfo record names difang and warcio; a file cut short is made whole again by recovery.
"""

from __future__ import annotations

import gzip
import io
import tomllib
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import Headers
from warcio.archiveiterator import ArchiveIterator

from core.items import RawPointer
from crawler.middlewares import warc_capture
from storage.recovery import salvage_warc
from storage.warc import EarlierCapture, FinishedWarc, WarcWriter, payload_digest

ROOT = Path(__file__).resolve().parents[2]
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
EARLIER = EarlierCapture("<urn:uuid:00000000-0000-4000-8000-0000000000aa>", "http://127.0.0.2:8701/a.html",
                         "2026-11-20T01:02:03.000001Z")
GZIPPED_PAGE = gzip.compress("<html><body><p>北湖区今日召开防汛工作会议。</p></body></html>".encode(), mtime=0)
REQUEST = [("Host", "127.0.0.2:8701"), ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
           ("Accept-Language", "zh-CN,zh;q=0.9"), ("User-Agent", "difang/0.1"),
           ("Accept-Encoding", "gzip, deflate")]


def latin1(text: str) -> str:
    """A header value as the capture middleware makes it from raw UTF-8 bytes."""
    return text.encode("utf-8").decode("latin-1")


# (name, write_exchange arguments): awkward inputs and ordinary ones
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
    ("space in url", dict(url="http://127.0.0.2:8701/%E6%96%B0/a b.html?q=a b&x=1#top", status=404,
                          reason="Not Found", protocol="HTTP/1.1", payload=b"missing",
                          response_headers=[("Content-Type", "text/plain")])),
    ("post with body", dict(url="http://127.0.0.2:8701/api?page=2", status=200, reason="OK", protocol="HTTP/1.1",
                            method="POST", request_body=b'{"page": 2}', payload=b"[]",
                            response_headers=[("Content-Type", "application/json")],
                            request_headers=[("Host", "127.0.0.2:8701"), ("X-Label", latin1("地方"))])),
    ("large binary", dict(url="http://127.0.0.2:8701/big.bin", status=200, reason="OK", protocol="HTTP/1.1",
                          payload=bytes(range(256)) * 1200, response_headers=[("Content-Type", "application/zip")])),
    ("revisit", dict(url="http://127.0.0.2:8701/a.html", status=200, reason="OK", protocol="HTTP/1.1",
                     payload=GZIPPED_PAGE, ip_address="127.0.0.2", revisit_of=EARLIER,
                     response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")])),
    ("revisit, no ip, empty payload", dict(url="http://127.0.0.2:8701/a.html", status=200, reason="OK",
                                           protocol="HTTP/1.1", payload=b"", revisit_of=EARLIER,
                                           response_headers=[])),
]


def write(writer: WarcWriter, case: dict[str, Any]) -> RawPointer:
    return writer.write_exchange(
        case["url"], method=case.get("method", "GET"), request_headers=case.get("request_headers", REQUEST),
        request_body=case.get("request_body", b""), status=case["status"], reason=case["reason"],
        protocol=case["protocol"], response_headers=case["response_headers"], payload=case["payload"],
        ip_address=case.get("ip_address"), revisit_of=case.get("revisit_of"))


def members(data: bytes) -> list[bytes]:
    """The gzip members of ``data``, each decompressed; fails unless ``data`` is whole members."""
    out = []
    while data:
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.append(inflate.decompress(data))
        assert inflate.eof
        data = inflate.unused_data
    return out


def record_at(path: Path, pointer: RawPointer) -> tuple[Any, bytes]:
    """The one record in the bytes a raw pointer gives, read with warcio (digests checked), and
    its payload as stored (not decoded)."""
    with path.open("rb") as fh:
        fh.seek(pointer["offset"])
        data = fh.read(pointer["length"])
    assert len(members(data)) == 1
    found = []
    for record in ArchiveIterator(io.BytesIO(data), check_digests="raise"):
        found.append((record, record.raw_stream.read()))
    assert len(found) == 1
    return found[0]


def written_file(tmp_path: Path) -> tuple[FinishedWarc, list[RawPointer], RawPointer]:
    writer = WarcWriter(tmp_path, "s1", operator="ops")
    pointers = [write(writer, case) for _, case in EXCHANGES]
    conversion = writer.write_conversion("http://127.0.0.5:8701/js.html", payload="<html>渲染后</html>".encode(),
                                         content_type="text/html; charset=utf-8", refers_to=pointers[0]["record_id"])
    done = writer.close()
    assert done is not None
    return done, pointers, conversion


def test_records_read_back_with_digests_one_member_each(tmp_path: Path) -> None:
    done, _, _ = written_file(tmp_path)
    data = done.path.read_bytes()
    assert len(members(data)) == done.records == 2 + 2 * len(EXCHANGES)
    read = list(ArchiveIterator(io.BytesIO(data), check_digests="raise"))
    kinds = [record.rec_type for record in read]
    expected = ["warcinfo"]
    for _, case in EXCHANGES:
        expected += ["revisit" if case.get("revisit_of") else "response", "request"]
    assert kinds == [*expected, "conversion"]
    assert all(record.rec_headers.protocol == "WARC/1.1" for record in read)
    # every record carries both digests, and check_digests="raise" above verified them
    for record in read[1:]:
        assert record.rec_headers.get_header("WARC-Block-Digest").startswith("sha1:")
    responses = [r for r in read if r.rec_type in ("response", "revisit")]
    requests = [r for r in read if r.rec_type == "request"]
    for response, request in zip(responses, requests, strict=True):
        assert request.rec_headers.get_header("WARC-Concurrent-To") == response.rec_headers.get_header("WARC-Record-ID")
        assert request.rec_headers.get_header("WARC-Target-URI") == response.rec_headers.get_header("WARC-Target-URI")
        assert request.rec_headers.get_header("WARC-Date") == response.rec_headers.get_header("WARC-Date")


@pytest.mark.parametrize("index", range(len(EXCHANGES)), ids=[name for name, _ in EXCHANGES])
def test_pointer_is_the_response_member_with_the_payload_as_served(tmp_path: Path, index: int) -> None:
    done, pointers, _ = written_file(tmp_path)
    case, pointer = EXCHANGES[index][1], pointers[index]
    record, stored = record_at(done.path, pointer)
    assert record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
    # warcio's reader percent-encodes the spaces of a target URI (Scrapy's URLs have none)
    assert record.rec_headers.get_header("WARC-Target-URI") == case["url"].replace(" ", "%20")
    assert record.rec_headers.get_header("WARC-Payload-Digest") == payload_digest(case["payload"])
    assert record.rec_headers.get_header("WARC-IP-Address") == case.get("ip_address")
    assert record.http_headers.get_statuscode() == str(case["status"])
    if case.get("revisit_of") is None:
        assert record.rec_type == "response"
        assert stored == case["payload"]  # not decoded: gzip stays gzip
    else:
        assert record.rec_type == "revisit"
        assert stored == b""  # headers only
    names = [name for name, _ in record.http_headers.headers]
    expected = [f"X-Archive-Orig-{name}" if name.lower() == "transfer-encoding" else name
                for name, _ in case["response_headers"]]
    assert names == expected


def test_revisit_follows_the_identical_payload_digest_profile(tmp_path: Path) -> None:
    done, pointers, _ = written_file(tmp_path)
    index = next(i for i, (name, _) in enumerate(EXCHANGES) if name == "revisit")
    record, _ = record_at(done.path, pointers[index])
    headers = record.rec_headers
    assert headers.get_header("WARC-Profile") == REVISIT_PROFILE
    assert (headers.get_header("WARC-Refers-To"), headers.get_header("WARC-Refers-To-Target-URI"),
            headers.get_header("WARC-Refers-To-Date")) == (EARLIER.record_id, EARLIER.target_uri, EARLIER.date)
    assert headers.get_header("WARC-Payload-Digest") == payload_digest(GZIPPED_PAGE)
    assert record.http_headers.get_header("Content-Encoding") == "gzip"


def test_conversion_record(tmp_path: Path) -> None:
    done, pointers, conversion = written_file(tmp_path)
    record, stored = record_at(done.path, conversion)
    assert record.rec_type == "conversion"
    assert record.rec_headers.get_header("WARC-Refers-To") == pointers[0]["record_id"]
    assert record.rec_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert stored == "<html>渲染后</html>".encode()


def test_warcinfo_names_difang_and_warcio(tmp_path: Path) -> None:
    """The warcinfo record, read back with warcio, says what wrote the file: difang at the
    version pyproject.toml gives it, through the warcio installed."""
    done, _, _ = written_file(tmp_path)
    with done.path.open("rb") as stream:
        info = next(iter(ArchiveIterator(stream, check_digests="raise")))
        assert info.rec_type == "warcinfo"
        assert info.rec_headers.get_header("WARC-Filename") == done.path.name
        body = info.content_stream().read().decode("utf-8")
    fields = dict(line.split(": ", 1) for line in body.splitlines() if line)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert fields["software"] == f"{project['name']}/{project['version']} (warcio {version('warcio')})"
    assert fields["format"] == "WARC File Format 1.1"
    assert (fields["isPartOf"], fields["operator"]) == ("s1", "ops")


def test_non_ascii_url_refused_and_nothing_written(tmp_path: Path) -> None:
    """A request line must be ASCII (Scrapy's URLs are percent-encoded, so it never sends
    another): the exchange is refused before any byte of it reaches the file."""
    writer = WarcWriter(tmp_path, "s1")
    write(writer, EXCHANGES[1][1])
    size = writer.open_bytes()
    with pytest.raises(UnicodeEncodeError):
        write(writer, dict(EXCHANGES[0][1], url="http://127.0.0.2:8701/新闻/地方.html"))
    assert writer.open_bytes() == size
    done = writer.close()
    assert done is not None and done.records == 3
    assert len(done.cdxj_path.read_text().splitlines()) == 1


_token = st.text(st.characters(codec="ascii", categories=["L", "N"], include_characters="-_"),
                 min_size=1, max_size=12)
_value = st.text(st.characters(codec="latin-1", exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=30)
_reason = st.text(st.characters(codec="ascii", exclude_characters="\r\n"), max_size=20)


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(headers=st.lists(st.tuples(_token, _value), max_size=6), payload=st.binary(max_size=300),
       status=st.integers(100, 999), reason=_reason, revisit=st.booleans())
def test_generated_exchanges_read_back(tmp_path_factory: pytest.TempPathFactory, headers: list[tuple[str, str]],
                                       payload: bytes, status: int, reason: str, revisit: bool) -> None:
    writer = WarcWriter(tmp_path_factory.mktemp("g"), "s1")
    case = dict(url="http://127.0.0.2:8701/g.html", status=status, reason=reason, protocol="HTTP/1.1",
                payload=payload, response_headers=headers, request_headers=[("Host", "127.0.0.2:8701"), *headers],
                revisit_of=EARLIER if revisit else None)
    pointer = write(writer, case)
    path = writer._path  # flushed after each exchange; not closed (its fsync is slow, and not tested here)
    assert path is not None
    record, stored = record_at(path, pointer)
    assert record.rec_headers.get_header("WARC-Payload-Digest") == payload_digest(payload)
    assert stored == (b"" if revisit else payload)
    assert record.http_headers.get_statuscode() == str(status)
    assert len(list(ArchiveIterator(io.BytesIO(path.read_bytes()), check_digests="raise"))) == 3


def test_a_file_cut_short_is_made_whole_and_its_pointers_still_hold(tmp_path: Path) -> None:
    """A crawl killed halfway through an exchange: recovery cuts the file back at the last whole
    gzip member; the exchanges before it keep their pointers and their CDXJ lines."""
    writer = WarcWriter(tmp_path, "s1")
    pointers = [write(writer, case) for _, case in EXCHANGES[:5]]
    kept_lines = sorted(writer._cdxj[:4])
    path = writer._path
    assert path is not None and writer._fh is not None
    last = pointers[-1]
    writer._fh.close()  # no CDXJ: as a killed crawl leaves it
    with path.open("r+b") as fh:
        fh.truncate(last["offset"] + last["length"] // 2)  # half the last response member
    kept, cut = salvage_warc(path)
    assert kept and cut == last["length"] // 2
    assert path.stat().st_size == last["offset"]
    for (_, case), pointer in zip(EXCHANGES[:4], pointers[:4], strict=True):
        assert record_at(path, pointer)[1] == case["payload"]
    assert path.with_suffix("").with_suffix(".cdxj").read_text(encoding="utf-8") == "".join(kept_lines)


def test_payload_digest_is_warcios() -> None:
    """payload_digest (which the capture middleware compares revisits by) labels a payload as
    warcio does when it computes the digest itself."""
    from warcio.utils import Digester

    for payload in (b"", b"x", GZIPPED_PAGE, bytes(range(256)) * 100):
        digester = Digester("sha1")
        digester.update(payload)
        assert payload_digest(payload) == str(digester)


# the capture middleware's helpers that turn a Scrapy exchange into write_exchange's arguments

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
