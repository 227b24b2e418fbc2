"""The measures of scoring.py measure what they claim."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from .scoring import char_f1, lcs_f1, lcs_length, leaked_lines, parse_instant


def _lcs_reference(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def test_bit_parallel_lcs_matches_dynamic_programming() -> None:
    rng = random.Random(7)
    for _ in range(200):
        a = "".join(rng.choice("路桥村镇") for _ in range(rng.randint(0, 25)))
        b = "".join(rng.choice("路桥村镇县") for _ in range(rng.randint(0, 25)))
        assert lcs_length(a, b) == _lcs_reference(a, b)


def test_body_measures() -> None:
    truth = "第一段。\n第二段。"
    assert char_f1(truth, truth) == 1.0 and lcs_f1(" 第一段。 第二段。", truth) == 1.0
    swapped = "第二段。\n第一段。"
    assert char_f1(swapped, truth) == 1.0 and lcs_f1(swapped, truth) < 1.0  # only LCS sees order
    assert char_f1("", truth) == 0.0
    assert leaked_lines("第一段。\n相关新闻\n第二段。", truth) == ["相关新闻"]


def test_dates_parse_leniently_in_shanghai_time() -> None:
    east8 = timezone(timedelta(hours=8))
    assert parse_instant("2024年05月08日 10:21") == datetime(2024, 5, 8, 10, 21, tzinfo=east8)
    assert parse_instant("2024-05-08T02:21:00Z") == datetime(2024, 5, 8, 10, 21, tzinfo=east8)
    assert parse_instant("2022/8/17") == datetime(2022, 8, 17, tzinfo=east8)
    assert parse_instant("昨天") is None
