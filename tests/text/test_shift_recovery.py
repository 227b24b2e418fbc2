"""Shift recovery on labelled data: one-byte-shifted GBK runs made from clean text whose truth is
known, then repaired; the figures may not fall below bench/text/shift_baseline.json.

The damage is made the way the seed page shows it (tests/text/corpus/README.md): from a chosen
character on, the GBK bytes are decoded one byte late. The lead byte of the first character is
lost (shown as `?`), each following character is read from the trail byte of one character and
the lead byte of the next, user-defined pairs are dropped, and decoding re-synchronizes at the
next ASCII byte (a trail byte that is ASCII shows as itself; a dangling byte swallows the ASCII
byte after it into a second `?`). Fullwidth forms are folded to halfwidth over the whole text, as
the farms do. Most runs start at CJK punctuation (the seed's two runs start at `。`), some at a
random character.

Three sets: `tune` (stories of tests/article_sets/heldout1, seed 1) was looked at while the repair was
tuned (`--detail` prints its wrong characters); `unseen` (the clean truths of
tests/text/corpus/corpus.json, other templates and words, seed 2) and `real` (200 paragraphs of
the real news pages of ../shared/real-pages, from the sites of its `check` part only, seed 3)
are only measured. Each paragraph is Traditional or Simplified at random. A run that reaches the
end of its paragraph swallows no text (the byte after it was markup): the repair shows no gap
there.

The figures, per lost character (the character whose lead byte was lost, and the last character
of a run whose trail byte went with a swallowed ASCII byte):
- `restored`: the repair names it exactly (fullwidth folded on both sides);
- `gap`: left as U+FFFD (or the run left unrepaired, `?`);
- `wrong`: another character: must stay rare, a gap is better than a wrong guess.
Also `runs_repaired` (runs the repair took), `run_chars_wrong` (wrong characters anywhere in
repaired runs, per run character) and `clean_changed` (clean paragraphs the repair touched).

Regenerate the baseline after an intended change: python -m tests.text.test_shift_recovery --baseline
"""

from __future__ import annotations

import difflib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from pipelines.text.gbk_shift import GAP, repair_shifted_runs

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "bench" / "text" / "shift_baseline.json"
TOLERANCE = 0.002
FOLD = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
PUNCT_START = 0.7  # share of runs that start at CJK punctuation
CJK_PUNCT = "。，、；：？！“”‘’（）《》—…"


@dataclass
class Sample:
    damaged: str
    truth: str  # folded
    lost: list[int]  # truth indices of lost characters
    lost_kind: list[str]  # "lead" or "trail"
    runs: list[tuple[int, int]]  # truth spans of the runs' characters


def shift_run(text: str, start: int) -> tuple[str, int, list[int], list[str]] | None:
    """Decode `text`'s GBK bytes one byte late from character `start` until decoding
    re-synchronizes: (damaged run, truth characters it covers, lost truth indices, their kinds)."""
    b = bytearray()
    owner: list[int] = []  # byte -> index of its character
    for i in range(start, len(text)):
        cb = text[i].encode("gb18030")
        if len(cb) != 2 and i == start:
            return None
        b += cb
        owner += [i] * len(cb)
        if len(cb) == 1:
            break
    if not b or b[0] < 0x80:
        return None
    out = ["?"]
    lost = [start]
    kinds = ["lead"]
    k = 1
    while True:
        if k >= len(b):  # a dangling byte at the end of the text
            out.append("?")
            lost.append(owner[-1])
            kinds.append("trail")
            end = owner[-1] + 1
            break
        if b[k] < 0x80:  # re-synchronized: the trail byte (or a real ASCII byte) shows as itself
            out.append(chr(b[k]))
            end = owner[k] + 1
            break
        if k + 1 >= len(b) or b[k + 1] < 0x80 and text[owner[k + 1]] == chr(b[k + 1]):
            out.append("?")  # a dangling byte swallows the ASCII byte after it
            lost.append(owner[k])
            kinds.append("trail")
            end = owner[min(k + 1, len(b) - 1)] + 1
            break
        try:
            ch = bytes(b[k : k + 2]).decode("gb18030")
        except UnicodeDecodeError:
            return None
        if not 0xE000 <= ord(ch) <= 0xF8FF:  # user-defined pairs are dropped
            out.append(ch)
        k += 2
    return "".join(out), end - start, lost, kinds


def damage(rng: random.Random, text: str, runs: int) -> Sample | None:
    """`text` (folded later) with `runs` shifted runs; None when no run fits."""
    pieces: list[str] = []
    lost: list[int] = []
    kinds: list[str] = []
    spans: list[tuple[int, int]] = []
    done = 0
    for _ in range(runs):
        ok = [i for i in range(max(done, 1), len(text)) if text[i] > "\x80" and text[i - 1] > "\x80"]
        if not ok:
            break
        punct = [i for i in ok if text[i] in CJK_PUNCT]
        i = rng.choice(punct if punct and rng.random() < PUNCT_START else ok)
        got = shift_run(text, i)
        if got is None:
            continue
        run, n, run_lost, run_kinds = got
        if n == 1 and len(run_lost) == 2:  # both bytes of one character lost: no evidence at all
            continue
        pieces += [text[done:i], run]
        lost += run_lost
        kinds += run_kinds
        spans.append((i, i + n))
        done = i + n
    if not spans:
        return None
    pieces.append(text[done:])
    return Sample("".join(pieces).translate(FOLD), text.translate(FOLD), lost, kinds, spans)


def _to_simplified_or_traditional(rng: random.Random, text: str) -> str:
    if rng.random() < 0.5:
        return text
    return _s2t().convert(text)


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def,unused-ignore]
    import opencc

    return opencc.OpenCC("s2t")


def tune_texts() -> list[str]:
    from tests.article_sets.heldout1.generator.stories import TOPICS, make_story

    rng = random.Random(1)
    out: list[str] = []
    for n in range(60):
        topic = sorted(TOPICS)[n % len(TOPICS)]
        out += make_story(rng, topic, 5).paragraphs
    return out


def unseen_texts() -> list[str]:
    data = json.loads((Path(__file__).with_name("corpus") / "corpus.json").read_text(encoding="utf-8"))
    paras = {p for item in data["texts"] if item.get("kind") != "damaged" for p in item["truth"].split("\n")}
    paras |= {p for item in data["texts"] if item.get("kind") == "damaged" for p in item["truth"].split("\n")}
    # the bench corpus uses ASCII commas: give them back their fullwidth form, as GBK pages have it
    return sorted(p.replace(",", "，") for p in paras if len(p) >= 20)


REAL_PARAGRAPHS = 200  # of the real-page set: enough to count, few enough for make test


def real_texts() -> list[str]:
    """Paragraphs of real news pages (../shared/real-pages, read in place), from the sites of
    its `check` part only: text nobody here wrote or tuned on. Empty without the corpus."""
    from lxml import html

    from tests.real_pages.corpus import available, decoded_text, select

    if not available():
        return []
    paras: set[str] = set()
    for page in select("check"):
        root = html.fromstring(decoded_text(page))
        for p in root.iter("p"):
            text = " ".join(p.text_content().split())
            if len(text) >= 20 and sum("\u4e00" <= c <= "\u9fff" for c in text) * 2 >= len(text):
                paras.add(text)
    return random.Random(3).sample(sorted(paras), min(REAL_PARAGRAPHS, len(paras)))


TEXTS = {"tune": (tune_texts, 1), "unseen": (unseen_texts, 2), "real": (real_texts, 3)}


def samples(name: str) -> list[Sample]:
    make, seed = TEXTS[name]
    texts = make()
    rng = random.Random(seed)
    out: list[Sample] = []
    for text in texts:
        text = _to_simplified_or_traditional(rng, text)
        s = damage(rng, text, rng.choice((1, 1, 2)))
        if s is not None:
            out.append(s)
    return out


def aligned(out: str, truth: str) -> list[str | None]:
    """For each truth character, the output character aligned with it (None: none)."""
    got: list[str | None] = [None] * len(truth)
    sm = difflib.SequenceMatcher(None, out, truth, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(j2 - j1):
                got[j1 + k] = out[i1 + k]
    return got


def measure(name: str, detail: bool = False) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for s in samples(name):
        out, _ = repair_shifted_runs(s.damaged)
        out = out.translate(FOLD)
        got = aligned(out, s.truth)
        for idx, kind in zip(s.lost, s.lost_kind, strict=True):
            g = got[idx]
            res = "restored" if g == s.truth[idx] else "gap" if g in (GAP, "?", None) else "wrong"
            counts[f"lost_{res}"] += 1
            counts[f"{kind}_{res}"] += 1
            cls = "punct" if s.truth[idx] in CJK_PUNCT.translate(FOLD) else "other"
            counts[f"{cls}_{res}"] += 1
            if detail and res == "wrong":
                print("WRONG", kind, repr(s.truth[max(0, idx - 6) : idx + 6]), "->", repr(g))
        for a, b in s.runs:
            counts["runs"] += 1
            seg = got[a:b]
            if not any(g == "?" for g in seg) or all(g == t for g, t in zip(seg, s.truth[a:b], strict=True)):
                counts["runs_repaired"] += 1
            for g, t in zip(seg, s.truth[a:b], strict=True):
                counts["run_chars"] += 1
                if g != t and g not in (GAP, "?", None):
                    counts["run_chars_wrong"] += 1
    for text in TEXTS[name][0]()[:150]:
        clean = text.translate(FOLD)
        counts["clean"] += 1
        counts["clean_changed"] += repair_shifted_runs(clean)[0] != clean
    lost = counts["lost_restored"] + counts["lost_gap"] + counts["lost_wrong"]
    figures = {f"{name}_lost": float(lost)}
    for res in ("restored", "gap", "wrong"):
        figures[f"{name}_lost_{res}"] = round(counts[f"lost_{res}"] / lost, 4)
        for cls in ("punct", "other", "lead", "trail"):
            n = sum(counts[f"{cls}_{r}"] for r in ("restored", "gap", "wrong"))
            if n:
                figures[f"{name}_{cls}_{res}"] = round(counts[f"{cls}_{res}"] / n, 4)
    figures[f"{name}_runs_repaired"] = round(counts["runs_repaired"] / counts["runs"], 4)
    figures[f"{name}_run_chars_wrong"] = round(counts["run_chars_wrong"] / counts["run_chars"], 4)
    figures[f"{name}_clean_changed"] = float(counts["clean_changed"])
    return figures


def baseline() -> dict[str, float]:
    figures: dict[str, float] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return figures


def _holds(name: str) -> None:
    floor = baseline()
    now = measure(name)
    for key in (f"{name}_lost_restored", f"{name}_runs_repaired"):
        assert now[key] >= floor[key] - TOLERANCE, (key, now[key], floor[key])
    for key in (f"{name}_lost_wrong", f"{name}_run_chars_wrong"):
        assert now[key] <= floor[key] + TOLERANCE, (key, now[key], floor[key])
    assert now[f"{name}_clean_changed"] <= floor[f"{name}_clean_changed"]


def test_tune_set_holds_the_baseline() -> None:
    _holds("tune")


def test_unseen_set_holds_the_baseline() -> None:
    _holds("unseen")


def test_real_set_holds_the_baseline() -> None:
    if not real_texts():
        pytest.skip("real-page corpus not found (set DIFANG_REAL_PAGES)")
    _holds("real")


def test_generator_makes_the_seed_damage() -> None:
    # 建設。”昌平區 -> 建設?!辈絽^ : lost lead byte, folded `！`, dropped user-defined pair FD C6
    got = shift_run("建設。”昌平區委", 2)
    assert got is not None
    assert got[0] == "?！辈絽^" and got[1] == 5 and got[2] == [2]


if __name__ == "__main__":
    figs = {**measure("tune", "--detail" in sys.argv), **measure("unseen")}
    if real_texts():
        figs.update(measure("real"))
    print(json.dumps(figs, indent=1, ensure_ascii=False))
    if "--baseline" in sys.argv:
        BASELINE.write_text(json.dumps(figs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
