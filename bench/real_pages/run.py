"""Benchmark of extraction on real pages (../shared/real-pages, read in place): difang next to GNE
and trafilatura on the same pages, quality per field and speed.

    .venv/bin/python -m bench.real_pages.run                 # tune part, difang only, with misses
    .venv/bin/python -m bench.real_pages.run --part check    # the part we only check ourselves on
    .venv/bin/python -m bench.real_pages.run --peers --write # all parts and peers: results.md
    .venv/bin/python -m bench.real_pages.run --baseline      # record difang's figures (the gate's floor)

Parts: pages are split by registrable domain (tests/real_pages/corpus.py): ``tune`` is worked on,
``check`` is only looked at to check that a change generalizes.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.real_pages.corpus import EXTRACTORS, FIELDS, Page, available, corpus_dir, score, select

HERE = Path(__file__).parent
BASELINE = HERE / "baseline.json"


def measure(name: str, chosen: list[Page]) -> tuple[dict[str, Any], dict[str, list[int]],
                                                     dict[str, dict[str, str]], float]:
    extract = EXTRACTORS[name]
    records: dict[str, Any] = {}
    start = time.process_time()
    for page in chosen:
        try:
            records[page.file] = extract(page)
        except Exception as exc:  # a crash is a page without output, reported
            records[page.file] = {"file": page.file, "text": "", "crash": f"{type(exc).__name__}: {exc}"}
    elapsed = time.process_time() - start
    totals, misses = score(records, chosen)
    return records, totals, misses, elapsed / max(len(chosen), 1) * 1000


def _cell(right: int, counted: int) -> str:
    return f"{right}/{counted} ({100 * right / counted:.0f}%)" if counted else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("tune", "check", "all"), default="tune")
    parser.add_argument("--peers", action="store_true", help="also run GNE and trafilatura")
    parser.add_argument("--quiet", action="store_true", help="no per-page misses")
    parser.add_argument("--write", action="store_true", help="write results.md (all parts)")
    parser.add_argument("--baseline", action="store_true", help="record difang's figures per part")
    args = parser.parse_args()
    if not available():
        raise SystemExit(f"real pages not found at {corpus_dir()} (set DIFANG_REAL_PAGES)")
    warnings.filterwarnings("ignore")
    logging.disable(logging.CRITICAL)
    parts = ("tune", "check", "all") if (args.write or args.baseline) else (args.part,)
    names = ["difang", *(["gne", "trafilatura"] if args.peers or args.write else [])]
    rows, figures = [], {}
    for part in parts:
        chosen = select(part)
        for name in names:
            records, totals, misses, ms = measure(name, chosen)
            figures[(part, name)] = totals
            crashes = [r["file"] for r in records.values() if r.get("crash")]
            rows.append(f"| {part} ({len(chosen)}) | {name} | " + " | ".join(_cell(*totals[f]) for f in FIELDS)
                        + f" | {ms:.1f} |")
            print(f"{part:5} {name:11} " + " ".join(f"{f}={a}/{b}" for f, (a, b) in totals.items())
                  + f"  {ms:.1f} ms/page" + (f"  CRASHED: {crashes}" if crashes else ""))
            if name == "difang" and not args.quiet and not args.write:
                for file, why in sorted(misses.items()):
                    for field, reason in why.items():
                        print(f"  {file:22} {field:8} {reason[:160]}")
    if args.baseline:
        BASELINE.write_text(json.dumps({part: figures[(part, "difang")] for part in parts}, indent=1) + "\n")
        print(f"baseline written: {BASELINE}")
    if args.write:
        head = "| part (pages) | extractor | " + " | ".join(FIELDS) + " | CPU ms/page |"
        report = [
            "# Extraction on real pages",
            "",
            f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; machine: {platform.machine()},"
            f" {platform.python_version()}",
            f"- corpus: {corpus_dir().name} ({len(select('all'))} pages; `tune` {len(select('tune'))},"
            f" `check` {len(select('check'))}, split by registrable domain in tests/real_pages/corpus.py)",
            "- scored by the corpus's own score.py (rules in its README); source counts only pages that print one",
            "- difang runs the crawl's path (decode → extract → normalize) on the bytes; GNE gets the text as"
            " difang decoded it (it takes no bytes); trafilatura gets the bytes. Neither peer has a source field"
            " (trafilatura's `sitename` is given as source)",
            "",
            head,
            "| " + " | ".join(["---"] * (len(FIELDS) + 3)) + " |",
            *rows,
            "",
        ]
        (HERE / "results.md").write_text("\n".join(report), encoding="utf-8")


if __name__ == "__main__":
    main()
