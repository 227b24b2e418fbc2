"""Generates the labelled headline corpus of title decorations: tests/text/corpus/titles.json.

Per site, 30-80 `<title>`s in stream order: unrelated headlines composed from word lists written
for this project, some carrying the site's recurring SEO affixes (from the fixed vocabulary, like
`全球看點:` and `_環球報資訊`, or site-specific ones that only learning can find, like `-蓝海快报`),
the site-name suffix, and clean headlines with real recurring prefixes (datelines such as `北京:`)
that must survive. Every title keeps its truth: the Simplified headline without decorations.

Run: .venv/bin/python bench/text/make_titles.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parents[2] / "tests" / "text" / "corpus" / "titles.json"
SEED = 20240305

PLACES = ["昌平区", "海淀区", "通州区", "顺义区", "大兴区", "北辰区", "武清区", "长宁县", "江安县", "宜宾市",
          "内江市", "沧州市", "泊头市", "澧县", "滨海新区", "黄埔区", "南山区", "余杭区", "鼓楼区", "雁塔区"]
TOPICS = ["医药健康", "集成电路", "新能源汽车", "现代农业", "文化旅游", "智能制造", "数字经济", "冷链物流",
          "养老服务", "乡村振兴", "城市更新", "营商环境", "防汛抗旱", "垃圾分类", "义务教育", "公共交通"]
ACTIONS = ["召开", "启动", "举行", "发布", "推进", "出台", "部署", "开展", "签约", "建成"]
OBJECTS = ["专项会议", "重点项目", "工作方案", "培训活动", "宣传周", "招聘会", "座谈会", "示范工程", "检查行动",
           "推介会"]
NAMES = ["张振涛", "李红梅", "王建国", "刘晓东", "陈思远", "杨丽华", "赵海涛", "周文斌"]
TEMPLATES = [
    "{p}{a}{t}{o}",
    "{n}个{t}项目落地{p}",
    "{p}{t}产值同比增长{r}%",
    "{name}委员:{t}要抓实抓细",
    "{p}今年将新增{t}岗位{x}个",
    "{t}“{p}样本”是怎样炼成的",
    "记者探访{p}{t}一线",
    "{p}{n}家企业入选{t}示范名单",
    "一图读懂{p}{t}新政",
    "{p}:{t}{o}圆满结束",
]
DATELINES = ["北京:", "天津:", "四川:"]


def headline(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        p=rng.choice(PLACES), a=rng.choice(ACTIONS), t=rng.choice(TOPICS), o=rng.choice(OBJECTS),
        n=rng.randint(2, 60), r=rng.randint(2, 40), x=rng.randint(100, 5000), name=rng.choice(NAMES),
    )


# site -> (script, site title, prefixes, suffixes, share of decorated titles, count, datelines)
SITES: dict[str, tuple[str, str | None, list[str], list[str], float, int, bool]] = {
    "farm-fixed": ("zh-Hant", None, ["全球看点:", "环球看点!", "世界实时:", "头条焦点:", "全球要闻:", "即时看!"],
                   ["_环球报资讯", " 当前快讯", " 今日要闻", "|天天微速讯", " 全球热议", " 世界最新"], 0.7, 80, False),
    "farm-learned": ("zh-Hans", None, ["蓝海早知道丨"], ["-蓝海快报"], 0.6, 60, False),
    "farm-tw": ("zh-TW", None, ["熱點追蹤|"], ["_觀點速遞網"], 0.6, 40, False),
    "portal-sitename": ("zh-Hans", "京华网", [], ["_京华网"], 1.0, 50, True),
    "portal-clean": ("zh-Hans", None, [], [], 0.0, 50, True),
    "portal-hk": ("zh-HK", None, [], [" - 港區新聞網"], 0.8, 30, False),
}


def site_titles(rng: random.Random, name: str) -> list[dict[str, object]]:
    script, site_title, prefixes, suffixes, share, count, datelines = SITES[name]
    config = {"zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}.get(script)
    convert = opencc.OpenCC(config).convert if config else (lambda s: s)
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    while len(out) < count:
        truth = headline(rng)
        if datelines and rng.random() < 0.3:  # real content: the dateline stays
            truth = rng.choice(DATELINES) + truth
        if truth in seen:
            continue
        seen.add(truth)
        raw = truth
        decorated = rng.random() < share
        if decorated:
            if prefixes and (not suffixes or rng.random() < 0.5):
                raw = rng.choice(prefixes) + raw
            if suffixes and (raw == truth or rng.random() < 0.3):
                raw = raw + rng.choice(suffixes)
        out.append({"site": name, "site_title": site_title, "script": script, "raw": convert(raw), "truth": truth,
                    "decorated": raw != truth})
    return out


def main() -> int:
    rng = random.Random(SEED)
    titles = [t for name in SITES for t in site_titles(rng, name)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"seed": SEED, "titles": titles}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(titles)} titles, {sum(1 for t in titles if t['decorated'])} decorated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
