"""Invented regional-news stories for the second held-out set: word lists and sentence banks.

Every story is made here, from a seeded ``random.Random``: a topic gives the headline and the
sentences, a place and people fill the slots. Nothing is copied from a real article. A story's
body is a list of blocks: plain paragraphs, subheads (printed inside the body) and tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

PLACES: list[tuple[str, str, str]] = [
    # (province, city, county)
    ("江西", "赣州", "于都县"),
    ("湖南", "常德", "桃源县"),
    ("安徽", "六安", "霍山县"),
    ("四川", "南充", "阆中市"),
    ("河南", "信阳", "光山县"),
    ("浙江", "丽水", "松阳县"),
    ("山东", "临沂", "沂南县"),
    ("广西", "桂林", "阳朔县"),
    ("湖北", "宜昌", "秭归县"),
    ("福建", "三明", "将乐县"),
    ("陕西", "汉中", "城固县"),
    ("贵州", "凯里", "雷山县"),
    ("河北", "邢台", "内丘县"),
    ("甘肃", "天水", "秦安县"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "晓东",
    "海燕",
    "建军",
    "丽萍",
    "志强",
    "雪梅",
    "国庆",
    "春华",
    "文杰",
    "红霞",
    "永刚",
    "秀英",
    "立新",
    "佳琪",
    "子涵",
    "明辉",
    "桂兰",
    "振华",
    "玉珍",
    "宏伟",
    "静怡",
    "德胜",
    "思远",
    "慧敏",
    "鹏",
    "蕾",
    "斌",
    "婷",
    "磊",
    "倩",
    "军",
    "洁",
    "涛",
    "芳",
    "勇",
    "颖",
]

VILLAGES = [
    "杨家湾村",
    "石门村",
    "柳树坪村",
    "新塘村",
    "官庄村",
    "黄泥岗村",
    "竹林村",
    "后湖村",
    "枫树村",
    "双河村",
]
TOWNS = ["城关镇", "马家镇", "青石镇", "白沙镇", "东岭乡", "金桥镇", "龙泉镇", "桥头镇"]

ROLES = ["负责人", "相关负责人", "主要负责人", "有关负责人"]


@dataclass
class Table:
    """A table printed inside the article body: every row is one line of the article text."""

    rows: list[list[str]]


@dataclass
class Subhead:
    """A subhead printed inside the body (一、… or a bold line): it is article text."""

    text: str


Block = str | Table | Subhead


@dataclass
class Story:
    """One invented story, before a template dresses it as a page."""

    topic: str
    title: str
    blocks: list[Block]
    published: datetime
    province: str
    city: str
    county: str
    reporters: list[str]
    editor: str
    people: list[str] = field(default_factory=list)


def person(rng: random.Random) -> str:
    """A plausible personal name (surname + given name)."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


# Topic: (headline templates, sentence bank, subheads). Slots: {county} {city} {province} {town}
# {village} {p1} {p2} {role} {n1}..{n4} {pct} {month} {day}.
TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "spring_farming": (
        [
            "{county}抢抓农时推进春耕备耕",
            "{town}：{n1}亩早稻育秧全面铺开",
            "{county}春耕生产有序展开 农资供应充足",
        ],
        [
            "眼下正值春耕备耕关键时节，{county}{town}的田间地头处处是农民忙碌的身影。",
            "在{village}育秧工厂，工人们将拌好营养土的秧盘整齐码放，一台播种流水线每小时可完成{n2}盘播种。",
            "“今年我们提前半个月备足了种子和化肥，{n1}亩地的秧苗都能按时下田。”种粮大户{p1}一边检查秧盘一边说。",
            "据了解，全县今年计划种植粮食作物{n3}万亩，其中早稻面积比去年增加{pct}%。",
            "县农业农村局组织{n4}名农技人员组成服务队，深入各乡镇开展技术指导，帮助农户解决育秧、施肥等难题。",
            "为保障农资供应，全县{n2}家农资经营网点实行延时营业，并对种子、农药、化肥开展专项抽检。",
            "{town}{role}{p2}介绍，镇里今年新建了{n4}个集中育秧点，可满足周边{n1}亩大田的用秧需求。",
            "连日来，当地气象部门每天发布农事天气提示，提醒农户趁晴好天气抓紧翻耕整地。",
            "农机合作社的{n4}台插秧机已经检修完毕，随时可以下田作业。",
            "在{village}，村里组织留守老人参与秧盘摆放，每人每天可增收{n2}元左右。",
            "县里还对购买新型农机具的农户给予补贴，今年已受理补贴申请{n4}份。",
            "不少返乡青年也加入到春耕队伍中，用无人机开展病虫害防治和叶面施肥。",
        ],
        ["一、早谋划，种子农资备得足", "二、强服务，农技人员下田间", "三、用新机，科技助力春耕忙"],
    ),
    "old_town_road": (
        [
            "{county}老城区道路改造工程开工",
            "{city}{n1}条背街小巷完成提质改造",
            "{county}城区主干道“白改黑”工程全面完工",
        ],
        [
            "{month}月{day}日上午，{county}老城区道路改造工程正式开工，施工总长度约{n2}米。",
            "此次改造涉及{n4}条道路，将同步实施雨污分流、管线入地和人行道铺装。",
            "施工单位采取分段封闭、半幅施工的方式，尽量减少对沿街商户和居民出行的影响。",
            "“以前一下雨路面就积水，孩子上学都得绕着走。”家住附近的居民{p1}说，盼着早点完工。",
            "县住建局{role}{p2}表示，工程计划总投资{n3}万元，预计今年{month}月底前全部完工。",
            "为方便群众出行，交警部门在施工路段设置了{n4}处临时引导标志，并安排专人在高峰时段疏导交通。",
            "改造后的道路将增设非机动车道和{n2}个临时停车泊位，缓解老城区停车难问题。",
            "施工期间，项目部每天对作业面洒水降尘，夜间十点后停止高噪声作业。",
            "沿线{n4}个小区的燃气、供水管道也将一并更换，彻底解决管网老化问题。",
            "县里还设立了意见收集点，居民可通过热线反映施工中遇到的问题。",
            "截至目前，已完成管网铺设{n2}米，占计划总量的{pct}%。",
        ],
        [
            "一、管网先行，地下工程一次做到位",
            "二、错峰施工，减少对群众影响",
            "三、同步提升，街巷面貌焕然一新",
        ],
    ),
    "rural_school": (
        [
            "{county}{n4}所乡村学校新校舍投入使用",
            "{town}中心小学新教学楼启用",
            "{county}义务教育薄弱环节改善项目全部完工",
        ],
        [
            "新学期伊始，{county}{town}中心小学的{n1}名学生搬进了宽敞明亮的新教学楼。",
            "新教学楼建筑面积{n2}平方米，配有科学实验室、音乐教室和图书阅览室。",
            "“教室里装上了护眼灯和多媒体一体机，上课更有意思了。”四年级学生{p1}说。",
            "县教育局{role}{p2}介绍，近三年全县累计投入{n3}万元，新建和改扩建乡村校舍{n4}所。",
            "学校还新建了标准化塑胶操场和食堂，寄宿学生在校吃住条件明显改善。",
            "为留住乡村教师，县里为{n4}名乡村教师建设了周转宿舍，并提高乡村教师生活补助标准。",
            "今年秋季学期，全县乡村学校将全部接入城区学校的同步课堂，共享优质课程资源。",
            "{village}的家长{p1}说，孩子在家门口就能上好学校，家里人都很放心。",
            "学校结合当地茶文化开设了特色劳动课，学生每周可到校内实践基地参加劳动。",
            "目前，全县义务教育阶段学校的生均教学仪器设备值比三年前提高了{pct}%。",
        ],
        ["一、校舍变新了", "二、课堂变活了", "三、老师留得住了"],
    ),
    "county_hospital": (
        [
            "{county}人民医院新院区正式开诊",
            "{county}县域医共体让群众看病少跑路",
            "{town}卫生院开设“夜间门诊”",
        ],
        [
            "{month}月{day}日，{county}人民医院新院区正式开诊，首日接诊患者{n2}人次。",
            "新院区设置床位{n1}张，开设内科、外科、儿科等{n4}个临床科室。",
            "“过去做个核磁共振要跑到{city}，现在在县里就能做，还不用排长队。”患者{p1}说。",
            "医院{role}{p2}介绍，新院区引进了多台大型医疗设备，胸痛中心和卒中中心同步投入运行。",
            "依托县域医共体，县医院的专家每周到乡镇卫生院坐诊，{town}的群众在家门口就能看上专家号。",
            "去年全县县域内就诊率达到{pct}%，比上年提高了{n4}个百分点。",
            "为方便老年患者，医院在门诊大厅设置了爱心服务台，安排志愿者帮助老人挂号、缴费和取药。",
            "新院区还开通了{n4}条公交线路直达医院，附近设置了{n2}个停车位。",
            "医院同步上线了智慧药房，处方审核后药品可自动出库，患者取药时间缩短到{n4}分钟以内。",
            "下一步，医院将与{city}市级医院共建专科联盟，提升急危重症救治能力。",
        ],
        ["一、设备更全，大病不出县", "二、专家下沉，小病在基层", "三、服务更细，群众少跑腿"],
    ),
    "flood_season": (
        [
            "{county}全面开展汛前安全隐患排查",
            "{city}水利部门提前部署防汛备汛工作",
            "{county}开展山洪灾害防御演练",
        ],
        [
            "随着汛期临近，{county}组织{n4}个工作组，对全县水库、山塘和河道堤防开展拉网式排查。",
            "排查组在{town}{village}的一座小型水库发现溢洪道有淤堵现象，当即责令限期整改。",
            "县水利局{role}{p2}说，今年共排查出隐患{n4}处，目前已整改完成{pct}%。",
            "全县储备了编织袋{n1}条、救生衣{n2}件和冲锋舟{n4}艘，防汛物资已分类存放到各乡镇仓库。",
            "{month}月{day}日上午，{town}开展山洪灾害防御演练，{n2}名村民在预警信号发出后有序转移到安置点。",
            "“以前听到锣声还不知道往哪儿跑，演练过几次就心里有数了。”村民{p1}说。",
            "县里为每座水库落实了行政、技术和巡查三个责任人，并在醒目位置公示。",
            "气象部门预计今年汛期降水偏多，防汛形势不容乐观。",
            "各乡镇还组建了{n4}支基层抢险队伍，确保险情发生时能够第一时间处置。",
            "河道管理部门同步清理了河道内的采砂堆和违章建筑，保障行洪通畅。",
        ],
        ["一、查隐患，不留死角", "二、备物资，有备无患", "三、练队伍，关键时刻拉得出"],
    ),
    "night_market": (
        [
            "{city}老街夜市开市 烟火气回来了",
            "{county}“夜经济”点亮县城消费新场景",
            "{county}特色美食街周末人气旺",
        ],
        [
            "华灯初上，{county}老街夜市人头攒动，{n2}个摊位沿着青石板路一字排开。",
            "米粉、油粑粑、烤豆腐等地方小吃香气四溢，不少游客专程从{city}城区赶来。",
            "“周末一晚上能卖{n1}多碗，比以前在店里卖得还多。”摊主{p1}一边忙着下粉一边说。",
            "县商务局{role}{p2}介绍，夜市实行统一规划、统一管理，摊主免交摊位费。",
            "为保障食品安全，市场监管部门每天对摊位开展巡查，所有摊主都持健康证上岗。",
            "夜市还设置了非遗展示区，剪纸、竹编等手艺人现场表演，吸引了不少孩子驻足。",
            "据统计，夜市开市以来累计接待游客{n3}人次，带动周边商户营业额增长{pct}%。",
            "城管部门在夜市周边新划定了{n2}个临时停车位，并安排专人维护秩序。",
            "晚上九点，广场上的露天音乐会开场，本地乐队演唱的方言歌曲引来阵阵掌声。",
            "下一步，县里计划把夜市与老街改造结合起来，打造全天候的街区消费场景。",
        ],
        ["一、小吃唱主角", "二、管理跟得上", "三、带动效应明显"],
    ),
    "tea_harvest": (
        ["{county}春茶开采 茶农采摘忙", "{town}明前茶喜获丰收", "{county}茶产业综合产值突破{n4}亿元"],
        [
            "清明前后，{county}{town}的万亩茶园迎来采摘高峰，茶农们趁着晴好天气抢摘明前茶。",
            "在{village}茶园，{n4}多名采茶工手指翻飞，一片片嫩芽被轻轻掐下放入竹篓。",
            "“今年气温回升早，茶叶比去年早开采了一个星期，品质也好。”茶农{p1}说。",
            "当地茶叶合作社{role}{p2}介绍，合作社今年收购鲜叶{n1}斤，带动周边{n2}户茶农增收。",
            "走进加工车间，摊青、杀青、揉捻、烘干等工序有条不紊，空气中弥漫着茶香。",
            "今年明前茶收购价每斤在{n2}元左右，比去年上涨了{pct}%。",
            "为打响区域品牌，县里统一设计了公共品牌包装，并组织茶企参加各类展销会。",
            "不少茶企开通了直播间，主播在茶园里现场冲泡讲解，订单量明显增加。",
            "县农业部门还组织专家开展茶园绿色防控培训，推广粘虫板和生物农药。",
            "全县现有茶园面积{n3}亩，茶产业已成为当地群众增收致富的支柱产业。",
        ],
        ["一、茶园里的好收成", "二、车间里的好工艺", "三、市场上的好品牌"],
    ),
    "elderly_canteen": (
        [
            "{county}社区老年食堂让老人吃上“暖心饭”",
            "{town}村级幸福食堂实现全覆盖",
            "{county}推进居家养老服务提质扩面",
        ],
        [
            "中午十一点半，{county}{town}{village}的幸福食堂里已经坐满了前来就餐的老人。",
            "两荤一素一汤，七十岁以上老人每餐只需交{n4}元，其余由村集体和县财政补贴。",
            "“自己在家做饭麻烦，来这里吃得好，还能和老伙计们聊聊天。”{n4}岁的{p1}老人说。",
            "县民政局{role}{p2}介绍，全县已建成老年食堂{n2}个，每天为{n1}多名老人提供助餐服务。",
            "对行动不便的老人，志愿者每天上门送餐，并顺便了解老人的身体状况。",
            "食堂的菜谱每周更新一次，饭菜做得软烂少盐，适合老年人口味。",
            "为保证食堂可持续运营，县里引导爱心企业和乡贤捐资，今年已募集资金{n3}万元。",
            "除了助餐，不少食堂还配套建设了日间照料室和健康小屋，老人可以免费测血压、血糖。",
            "今年全县计划再新建老年食堂{n4}个，实现行政村全覆盖。",
            "县里还为{n2}户特殊困难老人家庭实施了适老化改造，安装扶手和防滑地板。",
        ],
        ["一、吃得上，也吃得好", "二、有人送，也有人陪", "三、办得起，也办得久"],
    ),
    "job_fair": (
        [
            "{county}举办春风行动专场招聘会",
            "{city}“家门口”招聘会提供岗位{n1}个",
            "{county}就业帮扶车间助农户就近就业",
        ],
        [
            "{month}月{day}日，{county}春风行动专场招聘会在县体育馆举行，{n4}家企业提供就业岗位{n1}个。",
            "招聘会现场人头攒动，求职者拿着简历在各个展位之间咨询。",
            "“在家门口就能找到月薪{n2}元的工作，还能照顾老人孩子。”刚签完意向协议的{p1}说。",
            "县人社局{role}{p2}介绍，本次招聘会岗位涵盖电子制造、纺织服装、商贸物流等行业。",
            "现场还设置了政策咨询、职业指导和技能培训报名等服务台，为求职者提供一站式服务。",
            "当天共有{n2}余人进场求职，初步达成就业意向{n4}人。",
            "为帮助脱贫劳动力稳岗就业，县里在乡村建设了{n4}个就业帮扶车间，吸纳当地群众就业。",
            "在{town}的一家服装加工车间，{n4}名工人正在赶制出口订单，车间负责人说订单已排到下半年。",
            "今年以来，全县已累计开展技能培训{n3}人次，新增城镇就业{n1}人。",
            "县里还推出了线上招聘平台，求职者可以随时在手机上浏览岗位信息。",
        ],
        ["一、岗位送到家门口", "二、培训跟着需求走", "三、车间建在村里头"],
    ),
    "river_clean": (
        ["{county}持续推进河湖“清四乱”", "{city}母亲河水质连续{n4}年保持Ⅱ类", "{county}小流域综合治理见成效"],
        [
            "春日的{county}城区段河道，河水清澈见底，两岸绿树成荫，不少市民在步道上散步健身。",
            "几年前，这里还是垃圾遍地、污水直排的“臭水沟”。",
            "“现在一早一晚都来河边走走，心情都好了。”家住附近的{p1}说。",
            "县河长办{role}{p2}介绍，全县建立了县、乡、村三级河长体系，共设河长{n2}名。",
            "今年以来，全县共清理河道垃圾{n1}吨，拆除违章建筑{n4}处。",
            "{town}还聘请了{n4}名村民担任保洁员，每天对河道进行巡查保洁。",
            "县里投入{n3}万元建设污水处理设施，沿河{n4}个村庄的生活污水实现集中处理。",
            "水质监测数据显示，今年一季度全县主要河流断面水质达标率为{pct}%。",
            "河道治理后，沿岸村庄发展起了民宿和农家乐，吸引了不少游客。",
            "下一步，县里将推进幸福河湖建设，让河道成为群众身边的休闲空间。",
        ],
        ["一、治污，从源头抓起", "二、管护，落实到人", "三、转化，生态变资源"],
    ),
}

MARKET_ITEMS = [
    ("大白菜", "斤"),
    ("土豆", "斤"),
    ("西红柿", "斤"),
    ("黄瓜", "斤"),
    ("青椒", "斤"),
    ("芹菜", "斤"),
    ("猪肉（前腿）", "斤"),
    ("鸡蛋", "斤"),
    ("草鱼", "斤"),
    ("大米", "斤"),
    ("菜籽油", "升"),
    ("豆腐", "块"),
]

BUS_STOPS = ["县汽车站", "人民医院", "城关中学", "工业园区", "高铁站", "{town}政府", "{village}"]


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _slots(rng: random.Random, story: Story) -> dict[str, str]:
    """Fresh numbers and names for one sentence, fixed place."""
    return {
        "county": story.county,
        "city": story.city,
        "province": story.province,
        "town": rng.choice(TOWNS),
        "village": rng.choice(VILLAGES),
        "p1": person(rng),
        "p2": person(rng),
        "role": rng.choice(ROLES),
        "n1": str(rng.randrange(120, 9800)),
        "n2": str(rng.randrange(30, 900)),
        "n3": str(rng.randrange(1000, 90000)),
        "n4": str(rng.randrange(3, 60)),
        "pct": str(rng.randrange(5, 98)),
        "month": str(story.published.month),
        "day": str(story.published.day),
    }


def make_story(
    rng: random.Random,
    topic: str,
    paragraphs: int,
    published: datetime,
    place: tuple[str, str, str],
    *,
    reporters: int = 1,
    subheads: bool = False,
) -> Story:
    """A story of ``paragraphs`` paragraphs (2-3 sentences each) about ``topic`` at ``place``."""
    heads, bank, subs = TOPICS[topic]
    province, city, county = place
    story = Story(
        topic=topic,
        title="",
        blocks=[],
        published=published,
        province=province,
        city=city,
        county=county,
        reporters=[person(rng) for _ in range(reporters)],
        editor=person(rng),
    )
    story.title = _fill(rng.choice(heads), _slots(rng, story))
    # The bank's first sentence is the lead: every story opens with it.
    rest = list(range(1, len(bank)))
    rng.shuffle(rest)
    order = [0, *rest]
    cursor = 0
    sub_at = {paragraphs * k // 3: s for k, s in enumerate(subs)} if subheads else {}
    for i in range(paragraphs):
        if i in sub_at:
            story.blocks.append(Subhead(sub_at[i]))
        sentences = []
        for _ in range(1 if paragraphs == 1 else rng.choice((2, 2, 3))):
            if cursor == len(order):
                rng.shuffle(rest)  # later rounds never repeat the lead
                order = rest
                cursor = 0
            sentences.append(_fill(bank[order[cursor]], _slots(rng, story)))
            cursor += 1
        story.blocks.append("".join(sentences))
    return story


def price_table(rng: random.Random) -> Table:
    """A farmers'-market price list, header row first."""
    rows = [["品名", "单位", "今日均价（元）", "较上周"]]
    for name, unit in rng.sample(MARKET_ITEMS, 7):
        price = rng.randrange(80, 3200) / 100
        move = rng.choice(["持平", "上涨", "下降"])
        change = move if move == "持平" else f"{move}{rng.randrange(1, 15)}%"
        rows.append([name, unit, f"{price:.2f}", change])
    return Table(rows)


def schedule_table(rng: random.Random, story: Story) -> Table:
    """A bus timetable of a new county line, header row first."""
    slots = _slots(rng, story)
    stops = [_fill(s, slots) for s in BUS_STOPS]
    rows = [["班次", "始发站", "终点站", "首班时间", "末班时间"]]
    for k in range(1, 5):
        a, b = rng.sample(stops, 2)
        first = f"0{rng.randrange(6, 8)}:{rng.choice(['00', '20', '30', '40'])}"
        last = f"{rng.randrange(17, 21)}:{rng.choice(['00', '10', '30', '50'])}"
        rows.append([f"{k}路", a, b, first, last])
    return Table(rows)
