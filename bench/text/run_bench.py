"""Benchmark of the text stage: quality on the labelled corpora next to peers, and throughput.

Writes bench/text/results.md; with --baseline also bench/text/baseline.json (the gate's floor).
Run: .venv/bin/python bench/text/run_bench.py [--baseline]

Throughput is CPU time of this process (time.process_time), best of several rounds after a warm-up:
the machine is shared, and wall time there measures the neighbours as much as the code.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipelines.text import decode_html, normalize_text  # noqa: E402
from tests.text.quality import (  # noqa: E402
    encoding_figures,
    encoding_results,
    load_corpus,
    load_titles,
    text_figures,
    title_figures,
)

HERE = Path(__file__).parent
ROUNDS = 5
DAMAGED_SHARE = 0.10  # of articles in the realistic mix: most pages are clean
GATED = ("char_", "false_", "encoding_accuracy_ours", "title_precision_online", "title_recall_online",
         "title_precision_warm", "title_recall_warm", "title_clean_damaged")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def cpu_seconds(items: list[Any], run: Callable[[Any], object]) -> float:
    for item in items:  # warm-up: models, tables and OpenCC dictionaries load once
        run(item)
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for item in items:
            run(item)
        best = min(best, time.process_time() - start)
    return best


def throughput(corpus: dict[str, Any]) -> dict[str, float]:
    figures: dict[str, float] = {}
    per: dict[str, tuple[float, float, int]] = {}
    for kind in ("clean", "damaged"):
        texts = [t["text"] for t in corpus["texts"] if t["kind"] == kind]
        size = sum(len(t.encode("utf-8")) for t in texts)
        seconds = cpu_seconds(texts, normalize_text)
        per[kind] = (size, seconds, len(texts))
        figures[f"throughput_{kind}_mb_s"] = size / seconds / 1e6
    # the realistic mix, from the mean article of each kind
    (c_size, c_sec, c_n), (d_size, d_sec, d_n) = per["clean"], per["damaged"]
    mix_bytes = (1 - DAMAGED_SHARE) * c_size / c_n + DAMAGED_SHARE * d_size / d_n
    mix_seconds = (1 - DAMAGED_SHARE) * c_sec / c_n + DAMAGED_SHARE * d_sec / d_n
    figures["throughput_mix_mb_s"] = mix_bytes / mix_seconds / 1e6
    pages = [(base64.b64decode(p["body_b64"]), p["content_type"]) for p in corpus["pages"]]
    size = sum(len(b) for b, _ in pages)
    figures["throughput_decode_html_mb_s"] = size / cpu_seconds(pages, lambda p: decode_html(*p)) / 1e6
    return figures


def kinds_table(corpus: dict[str, Any]) -> list[str]:
    results = encoding_results(corpus, peers=True)
    names = list(results)
    lines = ["| page kind | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for kind in results["ours"]:
        cells = [f"{sum(results[n][kind])}/{len(results[n][kind])}" for n in names]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    corpus = load_corpus()
    titles = load_titles()
    figures = {**text_figures(corpus), **encoding_figures(corpus, peers=True)}
    for mode in ("fixed", "online", "warm"):
        figures.update(title_figures(titles, mode))
    speed = throughput(corpus)
    damaged = sum(1 for t in corpus["texts"] if t["kind"] == "damaged")
    lines = [
        "# text stage benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, nproc {os.cpu_count()}, {cpu_model()} (shared with other jobs)",
        f"- corpus: {len(corpus['texts'])} texts ({damaged} damaged), {len(corpus['pages'])} pages "
        f"(bench/text/make_corpus.py); {len(titles)} headlines of {len({t['site'] for t in titles})} sites "
        "(bench/text/make_titles.py)",
        "",
        "| figure | value |",
        "| --- | --- |",
        *[f"| {k} | {v:.4f} |" for k, v in {**figures, **speed}.items()],
        "",
        "Encoding decisions by kind of page (pages whose decoded text equals the truth):",
        "",
        *kinds_table(corpus),
        "",
        "- char_accuracy_*: matched characters of normalize_text's output against the truth (difflib);",
        "  false_repairs_clean: clean texts (incl. 24 look-alikes with `?`, `A股`, `@`, `^`, brackets)",
        "  that got any damage repair.",
        "- encoding_accuracy_*: share of pages whose decoded text equals the truth exactly; peers decode with",
        "  the codec they name, errors replaced (w3lib: its own decision; w3lib_ftfy: then ftfy.fix_text).",
        "- title_*: decoration removal; precision = removals that give the exact truth / removals, recall =",
        "  decorated titles that come out exactly right / decorated titles, clean_damaged = undecorated titles",
        "  changed. fixed: vocabulary only; online: a new site, learning as titles arrive; warm: learned before.",
        "- throughput_*: MB of UTF-8 text per CPU second, one core: normalize_text on clean and on damaged",
        f"  texts, the mix with {DAMAGED_SHARE:.0%} damaged articles; decode_html on whole pages (bytes).",
        "",
        "Previous record (2026-11-26T02:09, first corpus of 110 texts and 54 pages, wall time): whole chain",
        "0.13 MB/s, char_accuracy_damaged 0.9967; the 70 damaged texts are unchanged since, so that figure",
        "compares directly. Peers then tied with us at 100% (charset-normalizer) on the 54 easy pages.",
    ]
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if "--baseline" in sys.argv:
        gated = {k: round(v, 4) for k, v in figures.items() if k.startswith(GATED)}
        (HERE / "baseline.json").write_text(json.dumps(gated, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
