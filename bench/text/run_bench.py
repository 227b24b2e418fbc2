"""Benchmark of the text stage: quality on the labelled corpus next to peers, and throughput.

Writes bench/text/results.md; with --baseline also bench/text/baseline.json (the gate's floor).
Run: .venv/bin/python bench/text/run_bench.py [--baseline]
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipelines.text import normalize_text  # noqa: E402
from tests.text.quality import encoding_figures, load_corpus, text_figures  # noqa: E402

HERE = Path(__file__).parent


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def throughput(corpus: dict[str, Any], rounds: int = 3) -> float:
    texts = [t["text"] for t in corpus["texts"]]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for t in texts:
            normalize_text(t)
        best = min(best, time.perf_counter() - start)
    return size / best / 1e6


def main() -> int:
    corpus = load_corpus()
    figures = {**text_figures(corpus), **encoding_figures(corpus, peers=True)}
    figures["throughput_mb_s"] = throughput(corpus)
    import os

    lines = [
        "# text stage benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, nproc {os.cpu_count()}, {cpu_model()}",
        f"- corpus: {len(corpus['texts'])} texts, {len(corpus['pages'])} pages (bench/text/make_corpus.py)",
        "",
        "| figure | value |",
        "| --- | --- |",
        *[f"| {k} | {v:.4f} |" for k, v in figures.items()],
        "",
        "encoding_accuracy_*: share of pages whose decoded text equals the truth exactly;",
        "peers decode strictly with the codec they name (w3lib: its own decision; w3lib_ftfy: then ftfy.fix_text).",
        "throughput: whole normalize_text chain, one core, MB of UTF-8 text per second.",
    ]
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if "--baseline" in sys.argv:
        gated = {k: round(v, 4) for k, v in figures.items() if k.startswith(("char_", "false_", "encoding_accuracy_ours"))}
        (HERE / "baseline.json").write_text(json.dumps(gated, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
