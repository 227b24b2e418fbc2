"""A half-written WARC file is cut back to its last complete record and indexed, never kept corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from storage.recovery import complete_prefix, salvage_warc
from tests.durability.warcfixture import warc_with


def read_types(path: Path) -> list[str]:
    with path.open("rb") as fh:
        return [r.rec_type for r in ArchiveIterator(fh, check_digests=True)]


def test_every_cut_point_keeps_exactly_the_complete_records(tmp_path: Path) -> None:
    path, boundaries = warc_with(tmp_path / "spool", 4)
    full = path.read_bytes()
    assert boundaries[-1] == len(full) and complete_prefix(path) == (len(full), len(boundaries))
    checked = 0
    cuts = sorted({*range(0, len(full), 97), *(b + d for b in boundaries for d in (-1, 0, 1))})
    for cut in (c for c in cuts if 0 <= c <= len(full)):
        case = tmp_path / f"cut{cut}" / path.name
        case.parent.mkdir()
        case.write_bytes(full[:cut])
        complete = [b for b in boundaries if b <= cut]
        kept, trimmed = salvage_warc(case)
        checked += 1
        if len(complete) <= 1:  # nothing but the warcinfo record
            assert not kept and not case.exists()
            continue
        assert kept and case.stat().st_size == complete[-1] and trimmed == cut - complete[-1]
        types = read_types(case)  # digests checked: nothing corrupt survives
        assert len(types) == len(complete)
        cdxj = case.with_suffix("").with_suffix(".cdxj").read_text().splitlines()
        assert len(cdxj) == types.count("response")
        shutil.rmtree(case.parent)
    print(f"cut points checked={checked} file bytes={len(full)} records={len(boundaries)}")
    assert checked > 50


def test_garbage_after_the_last_record_is_cut(tmp_path: Path) -> None:
    path, _ends = warc_with(tmp_path / "spool", 2)
    with path.open("ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00half a member")
    kept, cut = salvage_warc(path)
    assert kept and cut == len(b"\x1f\x8b\x08\x00half a member")
    assert read_types(path) == ["warcinfo", "response", "request", "response", "request"]


def test_salvage_at_crawl_end_leaves_the_crawls_finished_files_alone(tmp_path: Path) -> None:
    # The uploader takes a finished file's CDXJ first, so for a moment the WARC has none beside
    # it; the salvage at crawl end must not take it for an abandoned one (it read a file the
    # uploader was removing, and the run file was not written).
    from storage.recovery import RecoveryReport, salvage_unfinished

    spool = tmp_path / "spool"
    finished, _ = warc_with(spool, 2)
    abandoned, _ = warc_with(spool, 3, site="other")
    key = finished.relative_to(spool).as_posix()
    before = finished.stat().st_mtime_ns, finished.read_bytes()
    report = RecoveryReport()
    salvage_unfinished(spool, report, finished={key})
    assert (finished.stat().st_mtime_ns, finished.read_bytes()) == before
    assert not finished.with_suffix("").with_suffix(".cdxj").exists()
    assert report.warcs_salvaged == [abandoned.relative_to(spool).as_posix()]
    assert abandoned.with_suffix("").with_suffix(".cdxj").exists()


def test_a_damaged_record_between_intact_ones_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    path, ends = warc_with(tmp_path / "spool", 4)
    full = path.read_bytes()
    original = read_types(path)
    checked = 0
    for index in range(1, len(ends) - 1):  # every record but the warcinfo and the last one
        start, stop = ends[index - 1], ends[index]
        case = tmp_path / f"damaged{index}" / path.name
        case.parent.mkdir()
        data = bytearray(full)
        middle = (start + stop) // 2
        data[middle: middle + 16] = bytes(b ^ 0xFF for b in data[middle: middle + 16])
        case.write_bytes(bytes(data))
        kept, cut = salvage_warc(case)
        after = case.read_bytes()
        assert kept and cut == 0 and len(after) == len(full)
        assert after[:start] == full[:start] and after[stop:] == full[stop:]  # every offset unchanged
        types = read_types(case)  # digests checked: the filler and every kept record read whole
        assert types[:index] == original[:index] and types[-(len(ends) - 1 - index):] == original[index + 1:]
        assert "warcinfo" in types[index:len(types) - (len(ends) - 1 - index)]
        cdxj = case.with_suffix("").with_suffix(".cdxj").read_text().splitlines()
        assert len(cdxj) == original.count("response") - (original[index] == "response")
        checked += 1
    assert checked == len(ends) - 2


def test_damage_in_the_last_record_is_cut_as_an_unfinished_one(tmp_path: Path) -> None:
    path, ends = warc_with(tmp_path / "spool", 2)
    data = bytearray(path.read_bytes())
    middle = (ends[-2] + ends[-1]) // 2
    data[middle: middle + 16] = bytes(16)
    path.write_bytes(bytes(data))
    kept, cut = salvage_warc(path)
    assert kept and path.stat().st_size == ends[-2] and cut == ends[-1] - ends[-2]
