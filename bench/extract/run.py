"""Benchmark of article extraction on the labelled set (tests/article/golden): difang next to
trafilatura and GNE on the same pages, quality and speed.

Run from the repository root: ``.venv/bin/python -m bench.extract.run`` (writes results.md);
add ``--baseline`` to also record difang's figures in baseline.json, which the quality gate
(tests/article/test_quality_gate.py) holds the extractor to.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from pipelines.article.byline import find_authors
from pipelines.article.dates import iso, parse_date
from tests.article.golden import Case, load_cases
from tests.article.scoring import Figures, difang, score

HERE = Path(__file__).parent
SPEED_ROUNDS = 3


def _names(value: object) -> list[str]:
    """A peer's author string as a list of names (role words removed by our byline parser)."""
    text = str(value or "").strip()
    if not text:
        return []
    return find_authors(text) or [n for n in re.split(r"[;；,，、\s]+", text) if n]


def _date(value: object) -> str | None:
    return iso(parse_date(str(value))) if value else None


def trafilatura_record(case: Case) -> dict[str, object]:
    import trafilatura

    texts: list[str] = []
    first: dict[str, object] = {}
    for url, html in case.pages:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        record: dict[str, object] = {}
        if doc is not None:
            record = doc if isinstance(doc, dict) else doc.as_dict()
        texts.append(str(record.get("text") or ""))
        first = first or record
    return {"text": "\n".join(t for t in texts if t), "title": first.get("title"),
            "published_at": _date(first.get("date")), "source": None, "authors": _names(first.get("author")),
            "editor": None}


def gne_record(case: Case) -> dict[str, object]:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()
    texts: list[str] = []
    first: dict[str, object] = {}
    for _, html in case.pages:
        try:
            record = extractor.extract(html)
        except Exception:  # GNE raises on pages it cannot parse; that page simply yields nothing
            record = {}
        texts.append(str(record.get("content") or ""))
        first = first or record
    return {"text": "\n".join(t for t in texts if t), "title": first.get("title"),
            "published_at": _date(first.get("publish_time")), "source": None,
            "authors": _names(first.get("author")), "editor": None}


def pages_per_second(cases: list[Case], extract: Callable[[str, str], object]) -> float:
    """Pages per CPU-second of one process (so per core), best of a few rounds."""
    pages = [(url, html) for case in cases for url, html in case.pages]
    best = 0.0
    for _ in range(SPEED_ROUNDS):
        start = time.process_time()
        for url, html in pages:
            extract(html, url)
        elapsed = time.process_time() - start
        best = max(best, len(pages) / max(elapsed, 1e-9))
    return best


def _machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores, {model}"


def _fmt(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.1f}%" if percent else f"{value:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", action="store_true", help="record difang's figures in baseline.json")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    cases = load_cases()
    results: dict[str, Figures] = {}
    problems: dict[str, list[str]] = {}
    for name, extractor in (("difang", difang), ("trafilatura", trafilatura_record), ("gne", gne_record)):
        results[name], problems[name] = score(cases, extractor)

    import trafilatura

    from pipelines.article import extract_article

    speed = {"difang": pages_per_second(cases, lambda html, url: extract_article(html, url)),
             "trafilatura": pages_per_second(cases, lambda html, url: trafilatura.bare_extraction(
                 html, url=url, with_metadata=True))}
    templates = len({case.template for case in cases})
    # peers have no source or editor field: shown as n/a rather than as a score of 0
    rows = [f"| {name} | {_fmt(f.body_f1, False)} | {_fmt(f.title_exact)} | {_fmt(f.published_exact)} | "
            f"{_fmt(f.source_accuracy) if name == 'difang' else 'n/a'} | {_fmt(f.authors_accuracy)} | "
            f"{_fmt(f.editor_accuracy) if name == 'difang' else 'n/a'} | {f.leaked_lines} | {f.extra_lines} | "
            f"{f'{speed[name]:.0f}' if name in speed else 'not measured'} |"
            for name, f in results.items()]
    report = [
        "# Article extraction benchmark",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {_machine()}",
        f"- set: {len(cases)} labelled articles ({sum(len(c.pages) for c in cases)} pages) in {templates} templates,"
        " tests/article/golden (regenerate with `python -m tests.article.regen_golden`)",
        "- body F1: bag-of-characters F1 (multiset of non-space characters), averaged over articles",
        "- multi-page articles: difang follows `article_page_links` and stitches with `merge_pages`; the peers"
        " get every page and their texts are concatenated",
        "- peers' dates are read with difang's date parser and their author strings split with difang's byline"
        " parser, so only what they found is judged; they have no `source` or `editor` field",
        "- leaked: output lines holding a furniture line the page generator planted (nav, related, captions…);"
        " extra: output lines that are no paragraph of the article",
        "- speed: pages per CPU-second in one process (= per core), best of 3 rounds",
        "",
        "| extractor | body F1 | title exact | published_at exact | source | authors | editor | leaked lines |"
        " extra lines | pages/s/core |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "## difang's remaining mismatches",
        "",
        *([f"- {p}" for p in problems["difang"]] or ["- none"]),
        "",
    ]
    # the Speed section is written by speed.py (bench/extract/speed.py --write): kept as it is
    previous = (HERE / "results.md").read_text(encoding="utf-8") if (HERE / "results.md").exists() else ""
    speed_section = previous[previous.index("\n## Speed"):] if "\n## Speed" in previous else ""
    (HERE / "results.md").write_text("\n".join(report).rstrip("\n") + "\n" + speed_section, encoding="utf-8")
    print("\n".join(report))
    if args.baseline:
        baseline = {k: v for k, v in asdict(results["difang"]).items()}
        (HERE / "baseline.json").write_text(json.dumps(baseline, indent=1) + "\n", encoding="utf-8")
        print(f"baseline recorded in {HERE / 'baseline.json'}")


if __name__ == "__main__":
    main()
