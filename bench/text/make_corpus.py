"""Generates the labelled corpus of the text stage: tests/text/corpus/corpus.json.

Clean regional-news articles are composed from templates and word lists written for this
project, then damaged the way the web damages them (see tests/text/corpus/README.md). Every
item keeps its truth. Deterministic: a fixed seed, so the file only changes when this script does.

Run: .venv/bin/python bench/text/make_corpus.py
"""

from __future__ import annotations

import base64
import json
import random
import sys
from pathlib import Path

import opencc
from hard_pages import hard_pages
from pypinyin import Style, pinyin
from tricky_texts import tricky_text

OUT = Path(__file__).resolve().parents[2] / "tests" / "text" / "corpus" / "corpus.json"
SEED = 20240303

PLACES = ["昌平区", "海淀区", "通州区", "顺义区", "大兴区", "房山区", "怀柔区", "密云区", "延庆区", "门头沟区",
          "北辰区", "武清区", "宝坻区", "长宁县", "江安县", "屏山县", "泸县", "合江县", "古蔺县", "叙永县"]
ORGS = ["区发展改革委", "区科委", "区经济和信息化局", "区商务局", "区农业农村局", "区住房城乡建设委", "区生态环境局",
        "区卫生健康委", "区教委", "区文化和旅游局", "区市场监管局", "区应急管理局", "区人力社保局", "区城市管理委"]
NAMES = ["王建国", "李红梅", "张志强", "刘晓东", "陈思远", "杨丽华", "赵海涛", "孙云柯", "周文斌", "吴敏",
         "郑国庆", "冯雪", "何立新", "高宏伟", "罗佳"]
RARE_NAMES = ["张喆", "李堃", "王镕", "陈喆", "刘堃", "赵镕"]  # characters outside GB2312
TOPICS = ["医药健康产业", "集成电路", "新能源汽车", "现代农业", "文化旅游", "智能制造", "生物医药", "数字经济",
          "冷链物流", "人工智能", "绿色建筑", "养老服务", "乡村振兴", "城市更新", "营商环境"]
PROJECTS = ["产业园", "创新中心", "示范基地", "孵化器", "科技园", "物流港", "研发中心", "综合体"]
TEMPLATES = [
    "{m}月{d}日,{n}个{t}重大项目在{p}签约落地,总投资约{x}亿元。",
    "“这次签约既有龙头企业,也有知名科学家领衔的创新团队,将进一步加速创新要素聚集。”{p}委书记{a}介绍。",
    "{p}{o}相关负责人{a}表示,今年将重点推进{t}发展,力争全年产值突破{x}亿元。",
    "据了解,{p}{j}一期工程已经建成,二期工程计划于{y}年底前完工,建成后可容纳企业{n}家。",
    "记者从{p}{o}获悉,截至{m}月底,全区累计新增市场主体{x}户,同比增长{r}%。",
    "下一步,{p}将围绕{t}持续优化营商环境,完善配套政策,推动项目早开工、早投产、早见效。",
    "会上,{a}代表{o}作了工作报告,回顾了过去一年在{t}方面取得的成绩。",
    "{p}还发布了{t}空间布局方案,未来{n}年可新供应产业空间约{x}万平方米。",
    "为保障群众出行,{p}对辖区内{n}条道路进行了提升改造,新增停车位{x}个。",
    "活动现场,{a}向参会企业介绍了{p}在{t}领域的支持政策,并回答了企业关心的问题。",
    "统计数据显示,{y}年{p}实现地区生产总值{x}亿元,其中{t}贡献率超过{r}%。",
    "目前,{j}已引进企业{n}家,其中高新技术企业占比达到{r}%,形成了较为完整的产业链条。",
    "{p}相关负责人说,将以规划实施为引领,同步推进{j}开发建设和配套设施优化提升。",
    "当天,{p}举行了{t}人才交流会,{n}家用人单位提供就业岗位{x}个,吸引了众多求职者。",
]
NOTE_WORDS = ["医药", "产业", "发展", "创新", "环节", "区委", "银行", "重要", "音乐", "长期", "调查", "行业"]


def sentence(rng: random.Random, rare: bool) -> str:
    name = rng.choice(RARE_NAMES if rare else NAMES)
    return rng.choice(TEMPLATES).format(
        m=rng.randint(1, 12), d=rng.randint(1, 28), n=rng.randint(2, 60), t=rng.choice(TOPICS),
        p=rng.choice(PLACES), x=rng.randint(10, 2000), a=name, o=rng.choice(ORGS), y=rng.randint(2019, 2025),
        r=rng.randint(3, 45), j=rng.choice(PROJECTS),
    )


def article(rng: random.Random, rare: bool = False) -> str:
    paras = ["".join(sentence(rng, rare) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
    return "\n".join(paras)


FULLWIDTH_FOLD = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


def shifted_gbk(text: str, start: int) -> str:
    """Decode `text`'s GBK bytes one byte late from character `start`, as the seed page shows."""
    head, tail = text[:start], text[start:]
    b = tail.encode("gb18030")
    if b[0] < 0x80:
        return text
    out = ["?"]
    k = 1
    while k < len(b):
        if b[k] < 0x80:  # re-synchronized at an ASCII byte
            return head + "".join(out) + b[k:].decode("gb18030")
        if k + 1 >= len(b):
            out.append("?")
            break
        pair = b[k : k + 2]
        try:
            ch = pair.decode("gb18030")
        except UnicodeDecodeError:
            out.append("?")  # a dangling byte swallows the ASCII byte after it
            return head + "".join(out) + b[k + 2 :].decode("gb18030")
        if not 0xE000 <= ord(ch) <= 0xF8FF:  # user-defined characters are dropped
            out.append(ch.translate(FULLWIDTH_FOLD))
        k += 2
    return head + "".join(out)


def add_pinyin_notes(rng: random.Random, text: str) -> str:
    for word in NOTE_WORDS:
        if word in text and rng.random() < 0.5:
            readings = pinyin(word, style=Style.TONE)
            last = readings[-1][0]
            text = text.replace(word, f"{word}({last})", 1)
    return text


def damage(rng: random.Random, simp: str, kinds: list[str]) -> tuple[str, list[str]]:
    """Returns the damaged text of a Traditional rendering of `simp`, and which damage was applied."""
    trad = opencc.OpenCC("s2t").convert(simp)
    applied = []
    if "pinyin" in kinds:
        trad = add_pinyin_notes(rng, trad)
        applied.append("pinyin")
    if "shift" in kinds:
        for _ in range(rng.randint(1, 2)):
            positions = [i for i, c in enumerate(trad) if i > 0 and c > "\x80" and trad[i - 1] > "\x80"]
            new = shifted_gbk(trad, rng.choice(positions))
            if new != trad:
                trad = new
                applied.append("shift")
    if "utf8_as_gbk" in kinds:
        i = rng.randrange(0, len(trad) - 6)
        phrase = trad[i : i + 4]
        if all(c > "\x80" for c in phrase):
            trad = trad[:i] + phrase.encode("utf-8").decode("gbk", "replace") + trad[i + 4 :]
            applied.append("utf8_as_gbk")
    if "latin1" in kinds:
        i = rng.randrange(0, len(trad) - 6)
        phrase = trad[i : i + 3]
        if all(c > "\x80" for c in phrase):
            trad = trad[:i] + phrase.encode("utf-8").decode("cp1252", "replace") + trad[i + 3 :]
            applied.append("latin1")
    if "noise" in kinds:
        paras = trad.split("\n")
        paras = ["\u3000\u3000" + p for p in paras]
        paras[0] = paras[0].replace(",", "&nbsp;,", 1)
        paras[-1] = paras[-1] + "\u200b\x00"
        trad = "\n".join(paras) + "&#12288;"
        applied.append("noise")
    return trad, applied


PAGE = ('<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body><div class="content">'
        "{body}</div></body></html>")


def page(title: str, body: str, meta: str | None) -> str:
    tag = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return PAGE.format(meta=tag, title=title, body="".join(f"<p>{p}</p>" for p in body.split("\n")))


def pages(rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    hk_quotes = ["佢哋話呢個項目嘅進度好快", "街坊話噉樣做好方便", "我哋會繼續跟進嘅"]
    cases = [
        ("utf-8 header over gbk bytes", "gbk", "text/html; charset=utf-8", None, "gb18030", False),
        ("gb2312 over gbk-only chars", "gbk", "text/html; charset=gb2312", "gb2312", "gb18030", True),
        ("gb2312 meta over utf-8 bytes", "utf-8", "text/html", "gb2312", "utf-8", False),
        ("big5 over hkscs", "big5hkscs", "text/html; charset=big5", "big5", "big5hkscs", False),
        ("gbk declared right", "gbk", "text/html; charset=gbk", "gbk", "gb18030", False),
        ("utf-8 declared right", "utf-8", "text/html; charset=utf-8", "utf-8", "utf-8", False),
        ("no declaration, gbk", "gbk", "text/html", None, "gb18030", False),
        ("no declaration, big5", "big5hkscs", None, None, "big5hkscs", False),
        ("iso-8859-1 header over gbk", "gbk", "text/html; charset=iso-8859-1", None, "gb18030", False),
    ]
    for kind, codec, header, meta, truth, rare in cases:
        for _ in range(6):
            body = article(rng, rare=rare)
            if codec == "big5hkscs":
                body = opencc.OpenCC("s2t").convert(body)
                body = "".join(c for c in body if c.encode(codec, "replace") != b"?")
                if kind == "big5 over hkscs":
                    body += "\n" + rng.choice(hk_quotes) + "。"
            title = body.split("。")[0][:20]
            html = page(title, body, meta)
            out.append({"kind": kind, "content_type": header, "truth_encoding": truth,
                        "truth_text": html, "body_b64": base64.b64encode(html.encode(codec)).decode("ascii")})
    return out


def texts(rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(40):  # clean: must pass unchanged but for script conversion
        simp = article(rng)
        script = ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"][i % 4]
        given = simp if script == "zh-Hans" else opencc.OpenCC({"zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}[script]).convert(simp)
        out.append({"kind": "clean", "script": script, "text": given, "truth": simp, "damage": []})
    plans = [["shift"], ["shift", "pinyin"], ["pinyin"], ["utf8_as_gbk"], ["latin1"], ["noise"], ["shift", "pinyin", "noise"]]
    for i in range(70):
        simp = article(rng)
        given, applied = damage(rng, simp, plans[i % len(plans)])
        out.append({"kind": "damaged", "script": "zh-Hant", "text": given, "truth": simp, "damage": applied})
    return out


def tricky_clean(rng: random.Random) -> list[dict[str, object]]:
    """Clean texts that look like damage (bench/text/tricky_texts.py): any repair is a false one."""
    out: list[dict[str, object]] = []
    for i in range(24):
        simp = tricky_text(rng, article(rng), PLACES, TOPICS)
        script = ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"][i % 4]
        config = {"zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}.get(script)
        given = opencc.OpenCC(config).convert(simp) if config else simp
        out.append({"kind": "clean", "script": script, "text": given, "truth": simp, "damage": ["lookalike"]})
    return out


def main() -> int:
    rng = random.Random(SEED)
    items, docs = texts(rng), pages(rng)
    # The first corpus stays as it was (same seed, same order); the harder parts come after it.
    hard = random.Random(SEED + 1)
    items += tricky_clean(hard)
    docs += hard_pages(hard, sentence)
    corpus = {"seed": SEED, "texts": items, "pages": docs}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(corpus, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(items)} texts, {len(docs)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
