"""Clean texts that look like damage, added to the labelled corpus by make_corpus.py.

A repair that fires on these is a false repair: halfwidth question marks right after Chinese (as
content farms write them after width folding), ASCII words and codes next to Han characters
(`A股`, `5G`, `@`, `^`), real parentheticals and Latin words in brackets, and `?` glued to ASCII.
"""

from __future__ import annotations

import random

QUESTIONS = [
    "这意味着什么?专家表示,短期内影响有限。",
    "为什么选择在{p}落地?企业负责人说,看中的是这里的营商环境。",
    "项目何时完工?{p}相关负责人表示,力争年底前投入使用。",
    "停车难怎么办?{p}新增停车位{x}个。",
    "市民关心的问题有哪些??记者进行了梳理。",
    "你知道吗?{p}的{t}产值已经突破{x}亿元!",
]
ASCII_BITS = [
    "受此影响,A股和B股市场均出现波动,上证指数收于{x}点。",
    "{p}已建成5G基站{x}个,实现重点区域全覆盖。",
    "企业可发送邮件至service@example.cn咨询,或拨打热线。",
    "该指数环比上涨{r}%,其中CPI同比上涨{r}%,PPI^降幅收窄。",
    "报告显示,{p}的GDP增速达到{r}%,位居全市前列。",
    "活动由DIA中国和iPhone用户社区联合举办。",
]
BRACKETS = [
    "本次会议(扩大)由{p}主办,(记者 张三)报道。",
    "(相关资料图)",
    "该项目(Phase II)预计明年完工,总投资{x}亿元(含配套)。",
    "据新华社(Xinhua)消息,{p}举行了{t}论坛。",
]


def tricky_sentence(rng: random.Random, places: list[str], topics: list[str]) -> str:
    template = rng.choice([*QUESTIONS, *ASCII_BITS, *BRACKETS])
    return template.format(p=rng.choice(places), t=rng.choice(topics), x=rng.randint(10, 2000), r=rng.randint(2, 30))


def tricky_text(rng: random.Random, base: str, places: list[str], topics: list[str]) -> str:
    """`base` (a clean article) with a tricky sentence spliced into most paragraphs."""
    paras = base.split("\n")
    for i in range(len(paras)):
        if rng.random() < 0.8:
            paras[i] = paras[i] + tricky_sentence(rng, places, topics)
    return "\n".join(paras)
