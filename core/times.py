"""ISO 8601 times as the dedupe state orders them."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_epoch(iso: str) -> float:
    """Seconds since the epoch of an ISO 8601 time; a missing offset means UTC (the crawler
    writes fetch and capture times in UTC)."""
    parsed = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
