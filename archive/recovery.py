"""Start-up recovery of a site's spool: what a killed crawl left behind is made whole.

A crawl killed at any moment can leave: a WARC file still open (its last gzip member cut short,
no CDXJ beside it), temporary files of atomic writes, and a run journal without its manifest and
run file. :func:`recover_spool` runs before a new crawl writes anything (the caller holds the
spool lock, so no live process is writing these files):

1. temporary files (``.tmp-*``) are removed: their content was never promised to anyone;
2. every WARC file without its CDXJ is cut back to its last complete gzip member — one member
   is one whole WARC record — so it is never uploaded corrupt; a file with no complete record
   besides its ``warcinfo`` is removed; the rest get their CDXJ;
3. every run journal left behind becomes a manifest and a run file (reason ``interrupted``).

Afterwards every file in the spool is complete and :meth:`Uploader.recover` queues it all.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.journal import JOURNAL_DIR, finish_run
from archive.spool import HIDDEN_PREFIX
from archive.warc import write_cdxj

log = logging.getLogger(__name__)

CHUNK = 1 << 20
WARC_MAGIC = b"WARC/"


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


def salvage_warc(path: Path) -> tuple[bool, int]:
    """Cut an unfinished WARC file to its complete records and index it.

    Returns (kept, bytes cut). A file with nothing but its ``warcinfo`` record is removed.
    """
    size = path.stat().st_size
    end, records = complete_prefix(path)
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
