"""The normalization chain of article text: repair damage from the raw characters first (byte
evidence), then clean, remove verified pinyin notes, convert script and width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.text.cleanup import (
    halfwidth_alnum,
    remove_c1_controls,
    remove_invisible,
    tidy_whitespace,
    unescape_entities,
)
from pipelines.text.gbk_shift import repair_shifted_runs_counted
from pipelines.text.mojibake import repair_latin1, repair_utf8_as_gbk
from pipelines.text.pinyin_notes import remove_pinyin_notes
from pipelines.text.script import SCRIPTS, convert_script, detect_script

# a step returns the text and its count, or counts by name (a step that reports several)
Step = Callable[[str], tuple[str, int | dict[str, int]]]

# Order matters: byte-level repairs need the text as decoded; width and whitespace rules go last.
REPAIR_STEPS: list[tuple[str, Step]] = [
    ("entities", unescape_entities),
    ("control_chars", remove_invisible),
    ("latin1_mojibake", repair_latin1),
    ("control_chars", remove_c1_controls),
    ("utf8_as_gbk", repair_utf8_as_gbk),
    ("gbk_shift_runs", repair_shifted_runs_counted),
    ("pinyin_notes", remove_pinyin_notes),
]
FINISH_STEPS: list[tuple[str, Step]] = [
    ("width", halfwidth_alnum),
    ("whitespace", tidy_whitespace),
]


@dataclass
class Normalized:
    text: str
    script_original: str
    repairs: dict[str, int] = field(default_factory=dict)


def run_steps(text: str, steps: list[tuple[str, Step]], repairs: dict[str, int]) -> str:
    for name, step in steps:
        text, n = step(text)
        for key, k in (n.items() if isinstance(n, dict) else ((name, n),)):
            if k:
                repairs[key] = repairs.get(key, 0) + k
    return text


def apply_script(text: str, target_script: str, repairs: dict[str, int]) -> tuple[str, str]:
    """Convert to `target_script`; returns the text and the script it was written in."""
    source = detect_script(text)
    target = target_script if target_script in SCRIPTS else "zh-Hans"
    if source in (target, "und"):  # most pages: nothing to convert, nothing to settle
        return text, source
    converted = convert_script(text, source, target)
    # A conversion can leave forms that read as another variant; settle on a fixed point so that
    # normalizing twice changes nothing.
    for _ in range(2):
        again = convert_script(converted, detect_script(converted), target)
        if again == converted:
            break
        converted = again
    changed = _changed_chars(text, converted)
    if changed:
        repairs["script_chars"] = repairs.get("script_chars", 0) + changed
    return converted, source


def _changed_chars(a: str, b: str) -> int:
    if a == b:
        return 0
    same = sum(map(str.__eq__, a, b))
    return max(len(a), len(b)) - same


def normalize_text(text: str, target_script: str = "zh-Hans") -> Normalized:
    """Normalize article body text (paragraphs joined by '\\n'). Idempotent, never raises."""
    try:
        repairs: dict[str, int] = {}
        text = run_steps(str(text), REPAIR_STEPS, repairs)
        text, source = apply_script(text, target_script, repairs)
        text = run_steps(text, FINISH_STEPS, repairs)
        return Normalized(text, source, repairs)
    except Exception:  # pragma: no cover - a stage must always get a value
        return Normalized(str(text), "und", {"normalize_failed": 1})
