"""Pairwise quality of syndication clustering on the labelled corpus (corpus/corpus.jsonl).

Used by the quality gate test and by bench/dedupe/quality.py, which records the figures. The
corpus text is simplified with OpenCC t2s here, standing in for the normalization stage; pinyin
notes, decorated headlines and leftover footers stay in, as they would if that stage missed them.
"""

from __future__ import annotations

import itertools
import json
import random
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipelines.syndication import NearDuplicateIndex, NearDuplicateSettings, shingle_hashes, to_simplified

CORPUS = Path(__file__).parent / "corpus" / "corpus.jsonl"
ORDER_SEED = 7  # articles are filed in a shuffled order: copies often arrive before originals


def load_corpus() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line]


def _origin_key(article: dict[str, Any]) -> tuple[str, str]:
    # published first; an undated copy sorts by fetch time, as the index does (all are fetched
    # after every publication in this corpus)
    return (article["published_at"] or "9999", article["fetched_at"])


def evaluate(settings: NearDuplicateSettings | None = None) -> dict[str, Any]:
    """File the corpus in an empty index; pairwise precision/recall of the clusters and the
    share of records whose ``duplicate_of`` names the labelled origin."""
    articles = load_corpus()
    order = list(articles)
    random.Random(ORDER_SEED).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp:
        index = NearDuplicateIndex(Path(tmp) / "dedupe.sqlite", settings)
        for a in order:
            index.add(a["id"], to_simplified(a["text"]), site=a["site"], published_at=a["published_at"],
                      fetched_at=a["fetched_at"], title=a["title"])
        # the final view: re-adding is idempotent and reports the current origin
        final = {a["id"]: index.add(a["id"], "", site=a["site"], published_at=None, fetched_at=a["fetched_at"])
                 for a in articles}
        index.close()
    tp = fp = fn = 0
    missed: list[tuple[str, str]] = []
    merged: list[tuple[str, str]] = []
    for a, b in itertools.combinations(articles, 2):
        same_story = a["story"] == b["story"]
        same_cluster = final[a["id"]].cluster_id == final[b["id"]].cluster_id
        tp += same_story and same_cluster
        fp += same_cluster and not same_story
        fn += same_story and not same_cluster
        if same_story and not same_cluster:
            missed.append((a["id"], b["id"]))
        if same_cluster and not same_story:
            merged.append((a["id"], b["id"]))
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in articles:
        by_story[a["story"]].append(a)
    origin_of = {a["id"]: min(by_story[a["story"]], key=_origin_key)["id"] for a in articles}
    origin_right = sum(
        (final[a["id"]].duplicate_of or a["id"]) == origin_of[a["id"]] for a in articles
    )
    # per kind of copy: the share that landed in the cluster of their story's labelled origin
    joined: dict[str, list[bool]] = defaultdict(list)
    for a in articles:
        if a["kind"] != "original" and len(by_story[a["story"]]) > 1:
            joined[a["kind"]].append(final[a["id"]].cluster_id == final[origin_of[a["id"]]].cluster_id)
    return {
        "articles": len(articles),
        "stories": len(by_story),
        "pairs_same_story": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "origin_accuracy": origin_right / len(articles),
        "joined_by_kind": {kind: (sum(v), len(v)) for kind, v in sorted(joined.items())},
        "missed_pairs": missed,
        "merged_pairs": merged,
    }


def pair_separation(ngram: int) -> dict[str, float]:
    """Exact Jaccard and containment of every pair at one shingle size: the least similar pair
    of one story against the most similar pair of different stories."""
    articles = load_corpus()
    sets = [shingle_hashes(to_simplified(a["text"]), ngram) for a in articles]
    worst: dict[str, float] = {"pos_min_best": 1.0, "neg_max_jaccard": 0.0, "neg_max_containment": 0.0}
    for (i, a), (j, b) in itertools.combinations(enumerate(articles), 2):
        inter = len(sets[i] & sets[j])
        jac = inter / len(sets[i] | sets[j])
        con = inter / min(len(sets[i]), len(sets[j]))
        if a["story"] == b["story"]:
            worst["pos_min_best"] = min(worst["pos_min_best"], max(jac, con))
        else:
            worst["neg_max_jaccard"] = max(worst["neg_max_jaccard"], jac)
            worst["neg_max_containment"] = max(worst["neg_max_containment"], con)
    return worst
