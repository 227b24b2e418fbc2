"""Start-up recovery of a site's spool: what a killed crawl left behind is made whole.

A crawl killed at any moment can leave: a WARC file still open (its last gzip member cut short,
no CDXJ beside it), temporary files of atomic writes, and a run journal without its manifest and
run file. :func:`recover_spool` runs before a new crawl writes anything (the caller holds the
spool lock, so no live process is writing these files):

1. temporary files (``.tmp-*``) are removed: their content was never promised to anyone;
2. every WARC file without its CDXJ is cut back to its last complete gzip member — one member
   is one whole WARC record — so it is never uploaded corrupt; a damaged member between complete
   ones is overwritten by ``warcinfo`` records of the same length that say so, so the records
   after it are kept; a file with no complete record besides its ``warcinfo`` is removed; the
   rest get their CDXJ;
3. every run journal left behind becomes a manifest and a run file (reason ``interrupted``).

Afterwards every file in the spool is complete and :meth:`Uploader.recover` queues it all.
"""

from __future__ import annotations

import logging
import mmap
import os
import uuid
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storage.journal import JOURNAL_DIR, finish_run
from storage.spool import HIDDEN_PREFIX
from storage.warc import write_cdxj

log = logging.getLogger(__name__)

CHUNK = 1 << 20
WARC_MAGIC = b"WARC/"
GZIP_HEADER = b"\x1f\x8b\x08"
MAX_EXTRA = 0xFFFF  # the most bytes a gzip header's extra field holds


@dataclass
class RecoveryReport:
    """What start-up recovery did, for the log and the tests."""

    temp_removed: int = 0
    warcs_salvaged: list[str] = field(default_factory=list)
    warcs_removed: list[str] = field(default_factory=list)
    bytes_cut: int = 0
    runs_finished: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.temp_removed or self.warcs_salvaged or self.warcs_removed or self.runs_finished)


def complete_prefix(path: Path) -> tuple[int, int]:
    """(bytes, records) of the complete WARC records at the start of the file at ``path``."""
    with path.open("rb") as fh:
        return scan_members(iter(lambda: fh.read(CHUNK), b""))


def scan_members(chunks: Iterable[bytes]) -> tuple[int, int]:
    """(bytes, records) of the longest run of complete gzip members that each hold a WARC record.

    zlib checks each member's CRC-32 and length trailer, so a member counts only once all of it
    was written; a member whose content does not start like a WARC record ends the run too.
    """
    good_end = 0
    records = 0
    position = 0
    member = zlib.decompressobj(wbits=31)
    head = b""
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = member.decompress(data)
            except zlib.error:
                return good_end, records
            if len(head) < len(WARC_MAGIC):
                head += out[: len(WARC_MAGIC)]
                if len(head) >= len(WARC_MAGIC) and not head.startswith(WARC_MAGIC):
                    return good_end, records
            if not member.eof:
                position += len(data)
                break
            used = len(data) - len(member.unused_data)
            position += used
            if not head.startswith(WARC_MAGIC):
                return good_end, records
            good_end, records = position, records + 1
            data = member.unused_data
            member = zlib.decompressobj(wbits=31)
            head = b""
    return good_end, records


def _member_end(buf: memoryview, start: int) -> int | None:
    """End offset of the complete gzip member at ``start`` if it holds a WARC record, else None."""
    member = zlib.decompressobj(wbits=31)
    head = b""
    position = start
    while position < len(buf):
        data = buf[position: position + CHUNK]
        try:
            out = member.decompress(data)
        except zlib.error:
            return None
        if len(head) < len(WARC_MAGIC):
            head += out[: len(WARC_MAGIC)]
            if len(head) >= len(WARC_MAGIC) and not head.startswith(WARC_MAGIC):
                return None
        if member.eof:
            end = position + len(data) - len(member.unused_data)
            return end if head.startswith(WARC_MAGIC) else None
        position += len(data)
    return None


def _next_member(buf: memoryview, data: mmap.mmap | bytes, start: int) -> int | None:
    """Offset of the next complete WARC member after ``start`` (a gzip header that decodes)."""
    at = data.find(GZIP_HEADER, start)
    while at >= 0:
        if _member_end(buf, at) is not None:
            return at
        at = data.find(GZIP_HEADER, at + 1)
    return None


def scan_damage(data: mmap.mmap | bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """(end, records, damaged spans) of a WARC file's bytes.

    ``end`` is the end of its last complete record (what follows is an unfinished member),
    ``records`` how many complete records lie before it, and each damaged span
    ``(start, stop, records before it)`` a run of bytes between complete records that is no
    complete record: a damaged member.
    """
    buf = memoryview(data)
    position = end = records = 0
    damaged: list[tuple[int, int, int]] = []
    while position < len(data):
        member_end = _member_end(buf, position)
        if member_end is not None:
            records += 1
            position = end = member_end
            continue
        following = _next_member(buf, data, position + 1)
        if following is None:
            break  # an unfinished last record
        damaged.append((position, following, records))
        position = following
    return end, records, damaged


def damage_filler(length: int, when: datetime | None = None) -> bytes | None:
    """Gzip members of exactly ``length`` bytes, each a ``warcinfo`` record saying that damaged
    bytes were replaced here; None when ``length`` is too short to hold one. Padding goes into
    the gzip header's extra field, which every reader skips, so the records around keep their
    offsets (clean records point at them)."""
    when = when or datetime.now(UTC)
    note = (f"software: difang spool recovery\r\ndescription: {length} damaged bytes of this file "
            "(no complete record) were replaced by this record; the records around them are intact\r\n")
    pieces: list[bytes] = []
    remaining = length
    while remaining > 0:
        record_id = uuid.uuid4()
        smallest = len(_filler_member(note, when, record_id, 0))
        if remaining < smallest:
            return None
        largest = smallest + MAX_EXTRA
        size = remaining if remaining <= largest else min(largest, remaining - smallest)
        pieces.append(_filler_member(note, when, record_id, size - smallest))
        remaining -= size
    return b"".join(pieces)


def _filler_member(note: str, when: datetime, record_id: uuid.UUID, pad: int) -> bytes:
    payload = note.encode("utf-8")
    record = (f"WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
              f"WARC-Date: {when:%Y-%m-%dT%H:%M:%SZ}\r\nContent-Type: application/warc-fields\r\n"
              f"Content-Length: {len(payload)}\r\n\r\n").encode("ascii") + payload + b"\r\n\r\n"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(record) + compressor.flush()
    extra = (b"DF" + (pad - 4).to_bytes(2, "little") + bytes(pad - 4)) if pad >= 4 else bytes(pad)
    header = b"\x1f\x8b\x08\x04" + bytes(4) + b"\x00\xff" + pad.to_bytes(2, "little") + extra
    trailer = (zlib.crc32(record) & 0xFFFFFFFF).to_bytes(4, "little") + (len(record) & 0xFFFFFFFF).to_bytes(4, "little")
    return header + deflated + trailer


def salvage_warc(path: Path) -> tuple[bool, int]:
    """Make an unfinished WARC file whole and index it.

    An unfinished last record is cut off. A damaged record between complete ones (a torn or
    corrupted write) is replaced, byte for byte in length, by ``warcinfo`` records saying so, so
    the intact records after it are kept at their offsets (clean records point at them). Returns
    (kept, bytes cut). A file with nothing but its ``warcinfo`` record is removed.
    """
    size = path.stat().st_size
    end, records = 0, 0
    damaged: list[tuple[int, int, int]] = []
    if size:
        with path.open("rb") as reader, mmap.mmap(reader.fileno(), 0, access=mmap.ACCESS_READ) as data:
            end, records, damaged = scan_damage(data)
    fillers = []
    for start, stop, before in damaged:
        filler = damage_filler(stop - start)
        if filler is None:  # too short to hold a record: keep only what precedes it, as before
            log.warning("recovery: %s: %d damaged bytes at offset %d, too few to replace; cut there, "
                        "%d later record(s) lost", path, stop - start, start, records - before)
            end, records = start, before
            break
        fillers.append((start, filler))
    cut = size - end
    if cut:
        log.warning("recovery: %s ends in %d bytes of an incomplete record; cut back to %d bytes, "
                    "%d complete record(s)", path, cut, end, records)
        os.truncate(path, end)
    if records <= 1:
        path.unlink()
        log.info("recovery: %s held no complete capture; removed", path)
        return False, cut
    with path.open("rb+") as fh:
        for start, filler in fillers:
            os.pwrite(fh.fileno(), filler, start)
            log.warning("recovery: %s: %d damaged bytes at offset %d replaced by a warcinfo record "
                        "saying so; the records after it are kept", path, len(filler), start)
        os.fsync(fh.fileno())
    write_cdxj(path, path.with_suffix("").with_suffix(".cdxj"))
    return True, cut


def unfinished_warcs(spool: Path) -> list[Path]:
    return sorted(p for p in spool.glob("raw/**/*.warc.gz")
                  if not p.with_suffix("").with_suffix(".cdxj").exists())


def _remove_temp_files(spool: Path) -> int:
    count = 0
    for path in spool.rglob(f"{HIDDEN_PREFIX}tmp-*"):
        path.unlink(missing_ok=True)
        count += 1
    for path in spool.rglob("*.parquet.part"):  # manifests of the first spool format
        path.unlink(missing_ok=True)
        count += 1
    return count


def salvage_unfinished(spool: Path, report: RecoveryReport, *, finished: Collection[str] = ()) -> None:
    """Salvage every WARC file of the spool that has no CDXJ beside it, except the ``finished``
    keys: a running crawl's finished files are complete, and the uploader, which takes a
    file's CDXJ first, leaves such a file without one for a moment."""
    for path in unfinished_warcs(spool):
        key = path.relative_to(spool).as_posix()
        if key in finished:
            continue
        kept, cut = salvage_warc(path)
        report.bytes_cut += cut
        (report.warcs_salvaged if kept else report.warcs_removed).append(key)


def recover_spool(spool: Path, *, skip_run: str | None = None) -> RecoveryReport:
    """Make everything an earlier process left in ``spool`` complete (see the module docstring).

    ``skip_run``: the run id of the caller's own journal, if it has opened one already.
    """
    report = RecoveryReport()
    if not spool.is_dir():
        return report
    report.temp_removed = _remove_temp_files(spool)
    salvage_unfinished(spool, report)
    for journal in sorted((spool / JOURNAL_DIR).glob("*.jsonl")):
        if journal.stem == skip_run:
            continue
        run = finish_run(spool, journal, reason="interrupted")
        report.runs_finished.append(run["run_id"])
    if report:
        log.warning("recovery of %s: %d WARC file(s) salvaged (%d bytes of incomplete records cut), "
                    "%d removed as empty, %d interrupted run(s) finished, %d temporary file(s) removed",
                    spool, len(report.warcs_salvaged), report.bytes_cut, len(report.warcs_removed),
                    len(report.runs_finished), report.temp_removed)
    return report
