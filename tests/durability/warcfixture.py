"""Small WARC files and clean records for durability tests, with a fixed clock and payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.items import RawPointer
from storage.warc import WarcWriter

CLOCK = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def article_payload(index: int) -> bytes:
    body = f"<html><body><h1>青山县第{index}期农村公路建设进展</h1>" + "<p>县交通局通报道路硬化工程进度。</p>" * (
        20 + index)
    return (body + "</body></html>").encode("utf-8")


def write_exchange(writer: WarcWriter, index: int) -> RawPointer:
    return writer.write_exchange(
        f"http://county.example/news/{index}.html", method="GET",
        request_headers=[("Host", "county.example")], request_body=b"", status=200, reason="OK",
        protocol="HTTP/1.1", response_headers=[("Content-Type", "text/html; charset=utf-8")],
        payload=article_payload(index), when=CLOCK,
    )


def clean_record(site: str, index: int, raw: RawPointer) -> dict[str, Any]:
    from core.record import FIELDS

    record: dict[str, Any] = {name: None for name in FIELDS}
    record.update(
        id=f"{index:016x}", url=f"http://county.example/news/{index}.html", site=site,
        fetched_at="2026-11-20T08:30:00Z", title=f"青山县第{index}期农村公路建设进展", text="县交通局通报道路硬化工程进度。",
        authors=[], images=[], repairs={}, raw=dict(raw),
    )
    return record


def warc_with(spool: Path, exchanges: int, site: str = "qs") -> tuple[Path, list[int]]:
    """An unfinished WARC file of ``exchanges`` exchanges and the end offset of every record."""
    writer = WarcWriter(spool, site, clock=lambda: CLOCK)
    ends: list[int] = []
    for i in range(exchanges):
        pointer = write_exchange(writer, i)
        assert writer._fh is not None
        if not ends:
            ends.append(pointer["offset"])  # end of the warcinfo record
        ends.append(pointer["offset"] + pointer["length"])  # end of the response record
        ends.append(writer._fh.tell())  # end of the request record
    path = writer._path
    assert path is not None and writer._fh is not None
    writer._fh.close()  # closed without finishing: no CDXJ, as a killed crawl leaves it
    return path, ends
