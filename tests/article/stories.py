"""Invented regional-news stories for the labelled set: word lists and sentence patterns.

Nothing here is a real article; places and institutions are used as plausible settings only.
Every choice goes through a seeded ``random.Random``, so the set is the same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

PLACES = ["长宁县", "昌平区", "德清县", "晋江市", "余杭区", "安吉县", "宜都市", "富阳区", "仁寿县", "临朐县",
          "桐乡市", "泸溪县", "武功县", "沁源县", "宁海县", "平潭县", "弥勒市", "凤冈县", "丰宁县", "和县"]
CITIES = ["宜宾", "北京", "湖州", "泉州", "杭州", "宜昌", "眉山", "潍坊", "嘉兴", "湘西", "咸阳", "长治", "宁波",
          "福州", "红河", "遵义", "承德", "马鞍山"]
SUBJECTS = ["乡村振兴", "营商环境", "医药健康产业", "文旅融合", "农田水利", "老旧小区改造", "数字经济", "生态保护",
            "春耕备耕", "安全生产", "养老服务", "义务教育", "新能源汽车", "茶产业", "电商直播", "防汛抗旱"]
ACTIONS = ["召开专题推进会", "启动三年行动计划", "举行重点项目集中签约", "开展专项督查", "发布支持政策",
           "召开现场观摩会", "举办产业招商推介会", "推进示范区建设", "启动志愿服务月活动", "部署年度重点任务"]
ORGS = ["县委", "区政府", "市发展改革委", "县农业农村局", "区文旅局", "市生态环境局", "县住建局", "区教育局",
        "县融媒体中心", "市商务局", "县人社局", "区卫健委"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程")
GIVEN = list("明华建国志强秀英丽军平伟芳娜敏静磊洋艳勇杰娟涛超霞刚桂兰玉萍晓东雪梅海燕文博嘉怡子涵浩然思远")
OUTLETS = ["宜宾日报", "昌平融媒", "湖州日报", "泉州晚报", "杭州日报", "三峡日报", "眉山日报", "潍坊日报",
           "嘉兴日报", "团结报", "咸阳日报", "长治日报", "宁波日报", "福州日报", "红河日报", "遵义日报"]

SENTENCES = [
    "{date_cn}，{place}{action}，{org}主要负责同志出席并讲话",
    "会议指出，要坚持问题导向，把{subject}工作抓实抓细，确保各项任务按时保质完成",
    "据了解，今年以来{place}累计投入资金{n}亿元，实施{subject}项目{m}个，带动就业{k}余人",
    "“这次签约的项目既有行业龙头企业，也有专精特新企业，涵盖研发、生产、服务等各个环节。”{org}相关负责人介绍",
    "截至目前，全{scope}已建成{subject}示范点{m}个，覆盖群众{k}余户",
    "下一步，{place}将继续加大政策支持力度，推动{subject}提质增效，让群众有更多获得感",
    "在{village}，村民{person}正忙着整理刚收获的农产品，脸上洋溢着笑容",
    "“以前办一件事要跑好几个部门，现在一个窗口就能办好，省心多了。”前来办事的{person}说",
    "{org}还组织工作人员深入田间地头和企业车间，面对面了解群众和企业的实际需求",
    "据统计，{year}年{place}{subject}相关产业产值达到{n}亿元，同比增长{p}%",
    "活动现场，志愿者们为群众提供政策咨询、义诊、法律援助等服务，共发放宣传资料{k}余份",
    "会上，{m}家单位作了交流发言，与会人员还实地观摩了{village}的建设成果",
    "为推动{subject}落地见效，{place}成立了工作专班，实行“一个项目、一名领导、一套方案”",
    "近年来，{city}依托区位优势和资源禀赋，大力发展{subject}，走出了一条特色发展之路",
    "按照计划，到{year2}年底，{place}将新增{subject}项目{m}个，总投资超过{n}亿元",
    "{person}告诉记者，今年合作社的订单比去年多了三成，收入也跟着涨了不少",
    "该项目总用地面积约{n}公顷，建成后预计年产值可达{m}亿元，新增税收{k}万元",
    "与此同时，{org}持续优化审批流程，将企业开办时间压缩至{m}个工作日以内",
    "现场气氛热烈，不少市民驻足观看，纷纷拿出手机拍照留念",
    "{city}市民{person}表示，家门口的变化看得见、摸得着，生活越来越方便",
    "此次活动共吸引{k}余名群众参与，进一步营造了全社会共同关注{subject}的良好氛围",
    "专家组认为，该方案目标明确、措施具体，具有较强的可操作性",
    "在随后的座谈中，企业代表围绕用地、融资、人才等问题提出意见建议，相关部门逐一作了回应",
    "记者在施工现场看到，大型机械来回穿梭，工人们正在进行主体结构施工",
]
VILLAGES = ["柳树村", "石桥村", "桃园社区", "新河村", "龙潭村", "东风社区", "青山村", "双河镇", "白鹭湾村"]


@dataclass
class Picture:
    src: str          # as written in the page (may be relative)
    absolute: str     # as the extractor should report it
    caption: str


@dataclass
class Story:
    """One invented article: what the page says and what extraction should return."""

    title: str
    paragraphs: list[str]
    year: int
    month: int
    day: int
    hour: int
    minute: int
    source: str
    authors: list[str]
    editor: str
    place: str
    pictures: list[Picture] = field(default_factory=list)

    def iso(self, with_time: bool = True) -> str:
        hour, minute = (self.hour, self.minute) if with_time else (0, 0)
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{hour:02d}:{minute:02d}:00+08:00"

    def date(self, sep: str = "-") -> str:
        return f"{self.year:04d}{sep}{self.month:02d}{sep}{self.day:02d}"

    def date_cn(self) -> str:
        return f"{self.year:04d}年{self.month:02d}月{self.day:02d}日"

    def clock(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def headline(rng: random.Random) -> str:
    """A plausible regional headline, used for the story and for related-news lists."""
    place = rng.choice(PLACES)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{place}{rng.choice(ACTIONS)}"
    if pattern == 1:
        return f"{place}：{rng.choice(SUBJECTS)}跑出“加速度”"
    if pattern == 2:
        return f"{rng.choice(CITIES)}{rng.choice(SUBJECTS)}项目签约{rng.randint(5, 40)}个 总投资{rng.randint(10, 300)}亿元"
    return f"{rng.choice(SUBJECTS)}见实效 {place}{rng.choice(VILLAGES)}群众笑开颜"


def make_story(rng: random.Random, n_paragraphs: int | None = None) -> Story:
    place = rng.choice(PLACES)
    subject = rng.choice(SUBJECTS)
    action = rng.choice(ACTIONS)
    year, month, day = rng.choice((2021, 2022, 2023, 2024)), rng.randint(1, 12), rng.randint(1, 28)
    values = {
        "place": place, "subject": subject, "action": action, "org": rng.choice(ORGS),
        "city": rng.choice(CITIES), "village": rng.choice(VILLAGES), "scope": rng.choice(("县", "区", "市")),
        "date_cn": f"{month}月{day}日", "year": str(year - 1), "year2": str(year + 2),
    }
    sentences = list(SENTENCES)
    rng.shuffle(sentences)
    paragraphs: list[str] = []
    count = n_paragraphs or rng.randint(4, 8)
    cursor = 0
    for i in range(count):
        parts: list[str] = []
        for _ in range(rng.randint(1, 3)):
            template = SENTENCES[0] if i == 0 and not parts else sentences[cursor % len(sentences)]
            cursor += 1
            filled = template.format(person=person(rng), n=rng.randint(2, 90), m=rng.randint(3, 60),
                                     k=rng.randint(100, 9000), p=round(rng.uniform(3, 25), 1), **values)
            parts.append(filled if filled.endswith(("。", "”", "说", "介绍", "表示")) else filled + "。")
        paragraph = "".join(p if p.endswith("。") else p + "。" for p in parts)
        paragraphs.append(paragraph)
    n_authors = rng.choice((1, 1, 2, 2, 3))
    return Story(
        title=f"{place}{action}" if rng.random() < 0.5 else f"{place}：{subject}{rng.choice(('按下快进键', '跑出加速度', '见行见效', '结出新硕果'))}",
        paragraphs=paragraphs, year=year, month=month, day=day,
        hour=rng.randint(7, 22), minute=rng.randint(0, 59), source=rng.choice(OUTLETS),
        authors=[person(rng) for _ in range(n_authors)], editor=person(rng), place=place)
