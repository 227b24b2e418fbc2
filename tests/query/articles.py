"""Invented regional-news records for the query tests (clean-record shape, fixed dates)."""

from __future__ import annotations

from typing import Any

from core.record import make_record


def article(record_id: str, site: str, title: str, text: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": record_id, "url": f"http://{site}.example.cn/a/{record_id}.html", "site": site,
        "fetched_at": "2024-04-02T03:00:00Z", "published_at": "2024-04-01T09:00:00+08:00",
        "title": title, "title_raw": title, "text": text, "source": None, "authors": [],
        "language": "zh", "script": "zh-Hans", "script_original": "zh-Hans", "encoding": "utf-8",
        "encoding_declared": "utf-8", "repairs": {}, "content_hash": f"sha256:{record_id}",
        "cluster_id": record_id, "duplicate_of": None,
        "raw": {"warc": "", "offset": 0, "length": 0, "record_id": ""},
    }
    base.update(fields)
    base["final_url"] = base["canonical_url"] = base["url"]
    return make_record(base)


ARTICLES = [
    article("a0000000000000a1", "chengdu", "成都地铁十九号线二期开通运营",
            "3月28日，成都地铁十九号线二期正式开通运营。新线全长43公里，设站8座，连接天府新区与新津。",
            source="成都日报", authors=["李明"], published_at="2024-03-28T08:00:00+08:00",
            fetched_at="2024-03-28T02:00:00Z"),
    article("a0000000000000a2", "mianyang", "成都地铁十九号线二期开通 新津进入地铁时代",
            "3月28日，成都地铁十九号线二期正式开通运营，新津区市民可乘地铁直达天府机场。",
            source="成都日报", authors=["王芳"], published_at="2024-03-28T15:30:00+08:00",
            fetched_at="2024-03-28T09:00:00Z", cluster_id="a0000000000000a1",
            duplicate_of="a0000000000000a1"),
    article("a0000000000000a3", "leshan", "市人民医院新门诊楼启用",
            "市人民医院新门诊楼今日启用，新增诊室120间，方便群众就医。", source="乐山发布",
            authors=["李明", "张伟"], published_at="2024-05-06T10:00:00+08:00",
            fetched_at="2024-05-06T03:00:00Z", repairs={"pinyin_notes": 2}),
    article("a0000000000000a4", "taipei", "市立醫院增設夜間門診",
            "市立醫院宣布增設夜間門診，服務上班族。", script="zh-Hant", script_original="zh-Hant",
            encoding="big5", encoding_declared="big5", published_at="2024-04-15T20:00:00+08:00",
            fetched_at="2024-04-15T13:00:00Z"),
    article("a0000000000000a5", "leshan", "新闻发布会介绍春耕进展",
            "县农业农村局召开新闻发布会，介绍全县春耕备耕进展。水稻育秧已完成九成。",
            source="乐山发布", published_at="2024-04-10T16:00:00+08:00", fetched_at="2024-04-10T09:00:00Z"),
    article("a0000000000000a6", "chengdu", "5G基站建设提速 A股通信板块走强",
            "全市新建5G基站3200个。受此带动，A股通信板块午后走强。", source="成都日报",
            published_at=None, fetched_at="2024-06-01T01:00:00Z"),
]
