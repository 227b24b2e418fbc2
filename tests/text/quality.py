"""Quality figures of the text stage on the labelled corpus (tests/text/corpus/corpus.json).

Shared by the benchmark (bench/text/run_bench.py, which records results.md and baseline.json)
and by the quality gate test, so both measure the same thing.
"""

from __future__ import annotations

import base64
import difflib
import json
from pathlib import Path
from typing import Any

from pipelines.text import TitleDecorations, decode_html, normalize_text, normalize_title

CORPUS = Path(__file__).with_name("corpus") / "corpus.json"
DAMAGE_KEYS = {"gbk_shift_runs", "utf8_as_gbk", "latin1_mojibake", "pinyin_notes", "entities", "control_chars"}


def load_corpus() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CORPUS.read_text(encoding="utf-8"))
    return data


def matched_chars(out: str, truth: str) -> int:
    sm = difflib.SequenceMatcher(None, out, truth, autojunk=False)
    return sum(block.size for block in sm.get_matching_blocks())


def text_figures(corpus: dict[str, Any]) -> dict[str, float]:
    matched = total = 0
    clean_matched = clean_total = 0
    false_repairs = 0
    for item in corpus["texts"]:
        result = normalize_text(item["text"])
        truth = item["truth"]
        m = matched_chars(result.text, truth)
        size = max(len(truth), len(result.text))
        if item["kind"] == "damaged":
            matched += m
            total += size
        else:
            clean_matched += m
            clean_total += size
            if DAMAGE_KEYS & set(result.repairs):
                false_repairs += 1
    return {
        "char_accuracy_damaged": matched / total,
        "char_accuracy_clean": clean_matched / clean_total,
        "false_repairs_clean": float(false_repairs),
    }


def _peer_codec(name: str | None) -> str | None:
    return name.lower() if name else None


def decide_ours(body: bytes, content_type: str | None) -> str:
    return decode_html(body, content_type).text


def encoding_results(corpus: dict[str, Any], peers: bool = False) -> dict[str, dict[str, list[bool]]]:
    """Per decider, per kind of page: whether each page's decoded text equals the truth exactly."""
    deciders: dict[str, Any] = {"ours": decide_ours}
    if peers:
        deciders.update(peer_deciders())
    out: dict[str, dict[str, list[bool]]] = {name: {} for name in deciders}
    for page in corpus["pages"]:
        body = base64.b64decode(page["body_b64"])
        for name, decide in deciders.items():
            try:
                text = decide(body, page["content_type"])
            except Exception:
                text = None
            out[name].setdefault(page["kind"], []).append(text == page["truth_text"])
    return out


def encoding_figures(corpus: dict[str, Any], peers: bool = False) -> dict[str, float]:
    """Share of pages whose decoded text equals the truth exactly, per decider."""
    figures = {}
    for name, kinds in encoding_results(corpus, peers).items():
        results = [r for rs in kinds.values() for r in rs]
        figures[f"encoding_accuracy_{name}"] = sum(results) / len(results)
    return figures


def peer_deciders() -> dict[str, Any]:
    import cchardet
    import ftfy
    from charset_normalizer import from_bytes
    from w3lib.encoding import html_to_unicode

    def strict(body: bytes, codec: str | None) -> str | None:
        # the peer's codec decision, judged like ours: undecodable bytes replaced, not fatal
        return body.decode(codec, "replace") if codec else None

    def charset_normalizer(body: bytes, _ct: str | None) -> str | None:
        best = from_bytes(body).best()
        return strict(body, best.encoding if best else None)

    def cchardet_alone(body: bytes, _ct: str | None) -> str | None:
        return strict(body, cchardet.detect(body).get("encoding"))

    def w3lib(body: bytes, ct: str | None) -> str | None:
        enc, text = html_to_unicode(ct, body)
        return str(text)

    def ftfy_on_declared(body: bytes, ct: str | None) -> str | None:
        _enc, text = html_to_unicode(ct, body)
        return str(ftfy.fix_text(text, normalization=None, uncurl_quotes=False, fix_character_width=False))

    return {
        "charset_normalizer": charset_normalizer,
        "cchardet": cchardet_alone,
        "w3lib": w3lib,
        "w3lib_ftfy": ftfy_on_declared,
    }


TITLES = Path(__file__).with_name("corpus") / "titles.json"


def load_titles() -> list[dict[str, Any]]:
    titles: list[dict[str, Any]] = json.loads(TITLES.read_text(encoding="utf-8"))["titles"]
    return titles


def title_figures(titles: list[dict[str, Any]], mode: str = "online") -> dict[str, float]:
    """Decoration removal on the headline corpus. `fixed`: the fixed vocabulary only; `online`: in
    stream order per site as the normalize stage sees a new site, each title observed and then
    normalized with what was learned so far; `warm`: learned from the same titles first, as after
    an earlier crawl of the site."""
    learned = None if mode == "fixed" else TitleDecorations()
    if learned is not None and mode == "warm":
        for item in titles:
            learned.observe(item["site"], item["raw"])
    removed = removed_right = decorated = decorated_right = clean_damaged = 0
    for item in titles:
        if learned is not None and mode == "online":
            learned.observe(item["site"], item["raw"])
        out = normalize_title(item["raw"], "zh-Hans", site_title=item["site_title"], decorations=learned,
                              site=item["site"])
        right = out.text == item["truth"]
        if out.repairs.get("title_decorations"):
            removed += 1
            removed_right += right
        if item["decorated"]:
            decorated += 1
            decorated_right += right
        else:
            clean_damaged += not right
    return {
        f"title_precision_{mode}": removed_right / removed if removed else 1.0,
        f"title_recall_{mode}": decorated_right / decorated,
        f"title_clean_damaged_{mode}": float(clean_damaged),
    }
