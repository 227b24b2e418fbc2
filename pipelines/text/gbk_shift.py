"""One-byte-shifted GBK runs (placeholder, replaced by the full repair)."""

from __future__ import annotations


def repair_shifted_runs(text: str) -> tuple[str, int]:
    return text, 0
