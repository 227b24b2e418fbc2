"""The extractors the bench scores on every set: difang, and trafilatura and GNE as its peers.

Peers offer no ``source`` or ``editor``. trafilatura is asked for time of day too, so it is not
failed on granularity alone; peer author strings are split on ``;,、/|`` and spaces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import trafilatura
from gne import GeneralNewsExtractor

from tests.article_sets.scoring import Prediction, difang_prediction
from tests.article_sets.sets import LabelledPage

PEER_NAMES = re.compile(r"[;；,，、/|\s]+")
PEER_FIELDS = frozenset({"title", "published_at", "authors"})


def trafilatura_prediction(page: LabelledPage) -> Prediction:
    raw = trafilatura.extract(page.html, url=page.truth["url"], output_format="json", with_metadata=True,
                              date_extraction_params={"extensive_search": True, "original_date": True,
                                                      "outputformat": "%Y-%m-%d %H:%M:%S"})
    if not raw:
        return Prediction(offers=PEER_FIELDS)
    doc = json.loads(raw)
    return Prediction(text=doc.get("text") or "", title=doc.get("title"), published_at=doc.get("date"),
                      authors=[a for a in PEER_NAMES.split(doc.get("author") or "") if a], offers=PEER_FIELDS)


_GNE = GeneralNewsExtractor()


def gne_prediction(page: LabelledPage) -> Prediction:
    try:
        doc = _GNE.extract(page.html)
    except Exception:  # GNE raises on pages it cannot parse; score it as an empty answer
        doc = {}
    return Prediction(text=doc.get("content") or "", title=doc.get("title"), published_at=doc.get("publish_time"),
                      authors=[a for a in PEER_NAMES.split(doc.get("author") or "") if a], offers=PEER_FIELDS)


EXTRACTORS: dict[str, Callable[[LabelledPage], Prediction]] = {
    "difang": difang_prediction, "trafilatura": trafilatura_prediction, "GNE": gne_prediction,
}
