"""Invented regional-news stories for the fourth held-out set: topics, word lists, sentence patterns.

A :class:`Story` is what the labels are written from; templates only decide how it is printed.
Everything is drawn from a seeded :class:`random.Random`, so the same seed gives the same stories.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

SURNAMES = [("张", "Zhang"), ("王", "Wang"), ("李", "Li"), ("赵", "Zhao"), ("陈", "Chen"), ("刘", "Liu"),
            ("杨", "Yang"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
            ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo"),
            ("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie")]
GIVEN = [("伟", "Wei"), ("芳", "Fang"), ("静", "Jing"), ("磊", "Lei"), ("洋", "Yang"), ("婷", "Ting"),
         ("浩然", "Haoran"), ("雨萱", "Yuxuan"), ("志强", "Zhiqiang"), ("晓东", "Xiaodong"), ("丽娟", "Lijuan"),
         ("建国", "Jianguo"), ("思远", "Siyuan"), ("嘉怡", "Jiayi"), ("文博", "Wenbo"), ("春燕", "Chunyan"),
         ("海涛", "Haitao"), ("子涵", "Zihan"), ("明", "Ming"), ("欣", "Xin"), ("俊杰", "Junjie"), ("秀英", "Xiuying")]
CITIES = ["临江市", "云阳市", "安澜市", "青禾市", "泽川市", "南屏市", "北塘市", "汀州市", "石门市", "凤栖市"]
COUNTIES = ["清溪县", "白河县", "长垣区", "东湖区", "松岭县", "柳塘县", "金沙县", "西陵区", "宝丰县", "乐平县"]
TOWNS = ["桃源镇", "石桥镇", "双河镇", "龙泉镇", "杏花镇", "柏树乡", "青山镇", "马鞍乡", "新市镇", "梅岭镇"]
VILLAGES = ["上湾村", "李家坪村", "塘坝村", "枫林村", "下庄村", "红星村", "三合村", "庙前村", "竹园村", "沙洲村"]
PROVINCES = ["江南省", "河西省", "岭东省", "云中省"]
PAPERS = ["日报", "晚报", "新闻网", "融媒体中心", "广播电视台"]


@dataclass
class Person:
    """A name printed in Chinese characters, with its pinyin spelling for Latin bylines."""

    han: str
    latin: str


@dataclass
class Story:
    """One invented article: headline, body blocks and the credits a page may print."""

    key: str
    topic: str
    title: str
    city: str
    county: str
    town: str
    body: list[tuple[str, str]]  # ("p", paragraph) or ("h", subhead)
    published: datetime
    reporters: list[Person]
    correspondents: list[Person]
    editor: Person
    reviewer: Person
    outlet: str
    captions: list[str]
    questions: list[str]
    related: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.body if kind == "p"]


@dataclass
class Topic:
    """Word material for one kind of story."""

    name: str
    titles: list[str]
    sentences: list[str]
    subheads: list[str]
    captions: list[str]
    questions: list[str]


TOPICS = [
    Topic(
        "express_villages",
        ["{county}快递进村覆盖率达到{pct}%", "{town}建成村级寄递物流综合服务站{n}个", "小包裹畅通乡村路：{county}打通寄递“最后一公里”"],
        ["{county}今年以来整合邮政、供销和{n}家快递企业的网点资源，在{town}等地建成村级寄递物流综合服务站{n2}个。",
         "{village}的服务站设在村委会旁的便民超市里，村民取件不用再跑{n}公里到镇上。",
         "“以前寄一箱土鸡蛋要先坐班车到县城，现在门口就能发。”{village}村民{person}说。",
         "据统计，{town}日均进出村快递包裹已由去年的{n}件增加到{n3}件。",
         "县邮政分公司负责人{person}介绍，共配车辆每天上午和下午各跑一趟，沿途经过{n}个行政村。",
         "为降低成本，{county}对进村线路给予每单{small}角的运营补贴，补贴资金由县财政统筹安排。",
         "服务站还兼营农产品收购，去年帮助{village}销售猕猴桃、腊肉等特产{n}余吨。",
         "下一步，{county}将推动服务站与电商直播点共建，力争年底实现行政村全覆盖。",
         "在{town}的县级分拨中心，自动分拣线每小时可处理包裹{n3}件，比人工分拣效率提高了{small}倍。",
         "一些偏远村组道路狭窄，{county}交通运输局为此调配了{n}辆小型厢式货车专跑山区线路。"],
        ["强化网点共建", "完善运输线路", "带动农产品上行", "健全长效机制", "提升服务质量", "加大政策扶持"],
        ["{village}村民在服务站取快递", "{town}县级分拨中心的分拣线"],
        ["请介绍一下村级寄递物流服务站的建设情况。", "群众最关心取件是否方便，对此有什么安排？", "运营成本如何保障？",
         "服务站如何帮助农产品销售？", "下一步还有哪些打算？", "偏远村组怎样实现覆盖？"]),
    Topic(
        "farmland",
        ["{county}今年新建高标准农田{n3}亩", "{town}：旱地变良田 亩产增两成", "{city}加快推进高标准农田建设"],
        ["春耕时节，{county}{town}的高标准农田项目区内，挖掘机正在平整土地，工人们忙着铺设灌溉管道。",
         "今年{county}计划新建高标准农田{n3}亩，涉及{n}个乡镇{n2}个行政村，总投资{n}亿元。",
         "项目建成后，田块由小变大、由散变整，农机可以直接开进田里作业。",
         "“过去这片地靠天吃饭，一亩玉米收七八百斤，现在通了水渠，能多收两百斤。”种粮大户{person}说。",
         "{county}农业农村局局长{person}介绍，项目实行“先建后补”，由村集体和新型经营主体参与建设和管护。",
         "为保证质量，县里聘请了{n}名监理人员驻点，对沟渠、机耕路等{n2}个关键环节逐一验收。",
         "截至目前，{town}已完成土地平整{n3}亩，新修机耕路{n}公里、灌排渠道{n2}公里。",
         "建成的农田将优先流转给种粮大户和合作社，村集体每年可增加收入{n}万元。",
         "下一步，{county}将建立农田管护台账，把管护责任落实到村、到人。",
         "{city}农业农村局有关负责人表示，今年全市高标准农田建设任务已全部下达到县。"],
        ["科学规划布局", "严把工程质量", "创新建设模式", "落实管护责任", "带动农民增收", "加强资金监管"],
        ["{town}高标准农田项目区", "农机在新建成的农田里作业"],
        ["今年高标准农田建设的主要任务是什么？", "如何保证工程质量？", "建成后的农田怎样管护？",
         "农民能从中得到哪些实惠？", "建设资金从哪里来？", "下一步有什么安排？"]),
    Topic(
        "reading_rooms",
        ["{city}又有{n}家城市书房开门迎客", "{county}城市书房实现乡镇全覆盖", "家门口的书香：{town}城市书房开放"],
        ["位于{town}文化广场旁的城市书房近日正式开放，{n2}平方米的空间里摆放了图书{n3}余册。",
         "书房实行24小时开放，读者刷身份证或扫码即可进门，借还图书与县图书馆通借通还。",
         "“下班后带孩子来看一会儿书，环境安静，比在家里看手机强。”附近居民{person}说。",
         "{city}文化广电和旅游局介绍，全市已建成城市书房{n}家，去年累计接待读者{n3}人次。",
         "书房由政府提供场地和图书，社会力量参与运营，日常管理由志愿者和专职馆员共同负责。",
         "每逢周末，书房还会举办绘本共读、非遗手作等活动，每场报名人数都在{n}人以上。",
         "为方便老年读者，书房专门设置了大字版图书专架，并配备了老花镜和放大镜。",
         "{county}图书馆馆长{person}表示，将根据借阅数据定期更新书目，让群众读到想读的书。",
         "今年{city}还计划在{n}个中心村建设乡村书房，推动阅读服务向农村延伸。",
         "据了解，书房的空调、照明和安防系统均接入智能管理平台，运营成本比传统阅览室降低约{small}成。"],
        ["扩大服务覆盖", "创新运营模式", "丰富阅读活动", "提升服务体验", "推动城乡一体", "完善保障机制"],
        ["读者在{town}城市书房阅读", "孩子们参加绘本共读活动"],
        ["城市书房建设的初衷是什么？", "书房如何实现24小时开放？", "运营经费怎样保障？",
         "书房举办了哪些阅读活动？", "农村群众如何享受阅读服务？", "今年还有哪些计划？"]),
    Topic(
        "charging",
        ["{city}新增公共充电桩{n3}个", "{county}实现乡镇充电站全覆盖", "充电不再难：{town}首座超充站投用"],
        ["近日，{town}首座公共超充站在镇政府旁停车场建成投用，设有直流快充桩{n}个。",
         "车主{person}说，过去回老家过年要算着电量开，现在镇上就能充，十几分钟能补充大半电量。",
         "{city}发展和改革委员会介绍，去年全市新增公共充电桩{n3}个，车桩比下降到{small}比一。",
         "按照规划，{county}将在高速服务区、景区和乡镇客运站周边优先布局充电设施。",
         "供电公司为充电站开辟了报装绿色通道，从申请到接电平均用时缩短到{n}个工作日。",
         "充电站实行峰谷分时电价，夜间充电每千瓦时比白天便宜{small}角多。",
         "为解决老旧小区充电难，{county}在{n}个小区试点“统建统营”，由运营企业集中建设、统一管理。",
         "运营企业负责人{person}表示，充电桩都接入了市级监管平台，故障情况能实时上报、及时处理。",
         "今年{city}计划再建公共充电桩{n3}个，实现所有乡镇充电站全覆盖。",
         "交警部门也加强了对燃油车占用充电车位的劝导，上月共处理占位行为{n}起。"],
        ["加快设施布局", "优化报装服务", "破解小区难题", "强化运营监管", "推动县乡覆盖", "落实价格政策"],
        ["车主在{town}超充站充电", "工作人员检查充电设备"],
        ["今年充电设施建设的目标是什么？", "乡镇充电站如何布局？", "老旧小区充电难怎么解决？",
         "充电价格怎样执行？", "充电设施的安全如何保障？", "燃油车占位问题怎么处理？"]),
    Topic(
        "senior_college",
        ["{county}老年大学新学期开课", "{town}社区老年学堂报名火爆", "{city}老年教育办学点延伸到村"],
        ["新学期第一天，{county}老年大学的智能手机班座无虚席，{n}名学员跟着老师学习视频通话和网上缴费。",
         "今年春季学期共开设书法、声乐、舞蹈、摄影等{n}个专业{n2}个班级，报名学员{n3}人。",
         "“退休后在家闲不住，来这里学学国画，还交了不少朋友。”{age}岁的学员{person}说。",
         "为缓解“一座难求”，{county}在{town}等地设立了{n}个老年教育分校和教学点。",
         "老年大学校长{person}介绍，热门课程实行网上报名，名额不够时优先安排首次报名的老人。",
         "学校还组织学员成立了合唱团、志愿服务队，常年到社区和养老院开展慰问演出。",
         "今年起，部分课程通过直播同步到村级教学点，偏远村的老人在村委会也能听课。",
         "{city}教育局有关负责人表示，全市老年教育办学点已达{n3}个，覆盖所有乡镇街道。",
         "课程费用实行低收费，每门课每学期收取教材费{n}元，困难老人可申请减免。",
         "结业时，学员的书画作品将在县文化馆集中展出，展期{n}天。"],
        ["扩大办学规模", "丰富课程设置", "推动资源下沉", "发挥学员作用", "完善保障措施", "提升办学质量"],
        ["学员在智能手机班上课", "老年大学合唱团排练"],
        ["今年老年大学招生情况如何？", "热门课程名额紧张怎么办？", "农村老人怎样参加学习？",
         "收费标准是怎样的？", "学员还参加了哪些社会活动？", "下一步如何扩大办学规模？"]),
    Topic(
        "school_canteen",
        ["{county}开展校园食品安全专项检查", "{city}中小学食堂“明厨亮灶”全覆盖", "{town}中心小学食堂升级改造完成"],
        ["开学前夕，{county}市场监管局联合教育局组成{n}个检查组，对全县{n2}所学校食堂开展专项检查。",
         "检查人员重点查看了食材进货查验记录、留样台账和从业人员健康证明。",
         "在{town}中心小学，后厨安装的高清摄像头可以把操作画面实时传到家长手机上。",
         "“孩子在学校吃什么、怎么做的，打开小程序就能看到，心里踏实多了。”家长{person}说。",
         "检查共发现问题{n2}处，已当场督促整改{n}处，其余问题限期{small}日内整改到位。",
         "{county}教育局局长{person}表示，校长陪餐制度要落到实处，每天至少有一名校领导在食堂陪餐。",
         "今年{city}投入资金{n}千万元，为{n2}所农村学校改造食堂、更新冷链设备。",
         "学校大宗食材实行统一招标配送，供应商须提供每批次检测报告。",
         "市场监管部门还将开展不打招呼的飞行检查，检查结果向社会公开。",
         "据介绍，全市中小学食堂“明厨亮灶”覆盖率已达到100%，量化等级良好以上的占{pct}%。"],
        ["压实主体责任", "强化过程监管", "推进明厨亮灶", "规范食材采购", "加强社会监督", "健全应急机制"],
        ["检查人员查看食堂留样记录", "{town}中心小学改造后的食堂"],
        ["这次专项检查的重点是什么？", "发现的问题如何整改？", "家长怎样参与监督？",
         "农村学校食堂改造进展如何？", "食材采购有哪些规定？", "今后如何形成长效机制？"]),
    Topic(
        "water_pipes",
        ["{city}老旧供水管网改造完成{n}公里", "{county}城区供水管网改造惠及{n3}户", "告别“黄汤水”：{town}供水管网完成改造"],
        ["连日来，{county}城区{n}个老旧小区的供水管网改造工程加紧施工，工人们正在更换埋设多年的铸铁管。",
         "这些管道大多铺设于上世纪九十年代，锈蚀、漏损严重，部分小区高峰期水压不足。",
         "“以前早上一开水龙头先流黄水，要放好一会儿才清。”家住{town}的居民{person}说。",
         "{county}水务公司总经理{person}介绍，改造采用球墨铸铁管和PE管，设计使用年限{n}年以上。",
         "为减少对居民生活的影响，施工单位采取分段停水、夜间接驳的方式，每次停水不超过{small}小时。",
         "截至目前，工程已完成管网更换{n}公里、改造入户水表{n3}块。",
         "改造后，城区供水管网漏损率预计由{pct}%下降到{small}%以内，每年可节约自来水{n}万吨。",
         "{city}住建局还同步建设了供水管网监测平台，在主干管上安装了{n}个压力和流量监测点。",
         "对施工中破损的绿化和路面，施工单位承诺在完工后{n}日内恢复原状。",
         "今年全市计划改造老旧供水管网{n2}公里，年底前全部完工。"],
        ["摸清管网底数", "科学组织施工", "减少群众影响", "提升监测能力", "严控工程质量", "做好路面恢复"],
        ["工人更换老旧供水管道", "{town}小区内的管网改造现场"],
        ["这次管网改造涉及哪些区域？", "施工期间如何保障居民用水？", "改造后水质和水压有何变化？",
         "工程质量怎么保证？", "破损路面由谁来恢复？", "全年改造计划是什么？"]),
    Topic(
        "village_stage",
        ["{county}“村晚”巡演走进{n}个村", "{town}乡村文化大舞台周周有戏", "{city}送戏下乡{n3}场"],
        ["夜幕降临，{town}{village}的文化广场上灯火通明，一场由村民自编自演的文艺晚会正在上演。",
         "快板、小品、花鼓戏轮番登场，台下{n2}多名群众不时报以热烈掌声。",
         "节目《新家风》讲的是村里移风易俗的故事，演员都是本村的种植户和返乡青年。",
         "“自己编的节目说的都是身边事，大家爱看。”村文艺队队长{person}说。",
         "{county}文化馆今年组织了{n}支文艺小分队，每月至少到村里演出{small}场。",
         "演出之外，文化馆老师还会留下来辅导村文艺队排练，帮助他们把节目打磨得更精彩。",
         "{city}文广旅局介绍，今年全市计划送戏下乡{n2}场，已完成{n2}场。",
         "为了让更多人看到演出，每场晚会都通过县融媒体平台同步直播，最高一场观看人数超过{n}万。",
         "乡村文化大舞台还吸引了周边游客，演出当晚{village}的农家乐接待客人{n}桌。",
         "下一步，{county}将举办村级文艺汇演，从中选拔优秀节目参加全市展演。"],
        ["培育乡土队伍", "推动送种结合", "丰富演出内容", "扩大线上传播", "带动乡村旅游", "完善激励机制"],
        ["{village}村民表演花鼓戏", "群众在文化广场观看演出"],
        ["今年送戏下乡有哪些安排？", "村民自编自演的节目有什么特点？", "文化馆如何辅导村文艺队？",
         "线上直播效果怎样？", "乡村文化活动如何带动旅游？", "下一步还有什么计划？"]),
]

SPORTS = Topic(
    "county_games",
    ["{county}第{small}届运动会男子篮球决赛落幕", "{city}“县长杯”足球联赛第{small}轮战罢", "{city}乒乓球团体赛决出名次"],
    ["{date_cn}晚，{county}体育馆座无虚席，{n}支代表队在这里展开最后一轮角逐。",
     "开场后双方都打得十分谨慎，首节结束时比分仅为{small}比{small2}。",
     "主场作战的{town}队凭借快速反击逐渐拉开比分，第三节一度领先{small}分。",
     "“队员们都是白天上班、晚上训练，能拿到这个成绩很不容易。”{town}队教练{person}说。",
     "本届比赛共有{n2}名运动员参赛，是历届参赛人数最多的一次。",
     "比赛期间，赛事组委会安排了{n}名志愿者和{small}支医疗保障队伍。",
     "{county}文化体育局局长{person}表示，将以赛事为契机，推动全民健身设施向乡村延伸。",
     "最终，{town}队以总积分第一的成绩夺得冠军，卫冕冠军{town2}队屈居亚军。",
     "据了解，本届运动会设篮球、足球、乒乓球等{n}个大项，赛期持续{small}周。",
     "赛后，主办方为获奖队伍颁发了奖杯和证书，并评选出最佳球员和体育道德风尚奖。"],
    ["赛事组织有序", "群众参与踊跃", "竞技水平提升", "带动全民健身", "保障工作到位", "赛后安排"],
    ["{town}队队员上篮", "颁奖仪式现场"],
    [])

GENERIC = [
    "{city}有关部门表示，将持续跟踪项目进展，及时回应群众关切。",
    "据悉，相关做法已在{n}个乡镇推广，群众满意度调查得分达到{pct}分。",
    "不少群众表示，这件实事办到了大家的心坎上。",
    "{county}将把这项工作纳入年度重点民生实事，定期通报进展情况。",
    "在{town}，镇村干部分片包干，逐户上门听取意见，共收集意见建议{n}条。",
    "业内人士认为，这一做法投入不大、见效较快，具有一定的推广价值。",
]


def person(rng: random.Random) -> Person:
    """A random name with its pinyin spelling."""
    (sh, sl), (gh, gl) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return Person(sh + gh, f"{sl} {gl}")


def _slots(rng: random.Random, story: dict[str, str]) -> dict[str, str]:
    return {
        **story,
        "n": str(rng.randint(3, 48)), "n2": str(rng.randint(50, 420)), "n3": str(rng.randint(1200, 98000)),
        "small": str(rng.randint(2, 9)), "age": str(rng.randint(60, 82)), "small2": str(rng.randint(10, 19)), "pct": str(rng.randint(61, 98)),
        "person": person(rng).han, "village": rng.choice(VILLAGES),
    }


WHO = ["{county}相关部门负责人", "{town}党委书记{person}", "{village}党支部书记{person}", "参与项目的技术人员{person}",
       "{city}人大代表{person}", "一位在村里住了几十年的老党员", "驻村第一书记{person}", "{county}政协委员{person}",
       "{town}镇长{person}", "前来调研的专家{person}"]
SAID = ["表示", "介绍", "告诉记者", "坦言", "认为"]
CLAUSE1 = ["这项工作起步虽晚但推进很快", "前期调研花了近{small}个月时间", "群众的意见都被写进了方案",
           "资金和人员都已落实到位", "不少难题是在实践中一点点摸索出来的", "推进过程中也遇到过不少阻力",
           "村里的年轻人回来得越来越多", "关键是要让群众看得见、摸得着", "去年试点时就收到了{n}条建议",
           "几个部门每周碰一次头"]
CLAUSE2 = ["接下来还要在细节上下功夫", "后续将定期回访、动态调整", "力争用{small}年时间形成可复制的经验",
           "今后会把更多精力放在管护上", "也希望上级部门在政策上继续给予支持", "下一步将重点解决群众反映集中的问题",
           "目前各项指标都好于预期", "相关经验正在全{unit}范围内总结推广", "群众满意才是最终的标准",
           "每一笔账都要算清楚、晒出来"]
TALLY = ["{m}月以来，{town}累计{act}{n2}{unit2}，同比增长{pct2}%。", "截至{m}月底，{county}已{act}{n2}{unit2}，完成全年任务的{pct}%。",
         "仅{m}月份，{village}就{act}{n}{unit2}。"]
ACTS = [("走访群众", "户"), ("收集问题", "条"), ("组织培训", "场"), ("发放宣传资料", "份"), ("开展巡查", "次"),
        ("办结诉求", "件"), ("召开协调会", "次"), ("招募志愿者", "名")]


def filler(rng: random.Random, slots: dict[str, str]) -> str:
    """A combinatorial sentence, so long stories need not repeat their topic sentences."""
    if rng.random() < 0.35:
        act, unit2 = rng.choice(ACTS)
        return rng.choice(TALLY).format(**slots, act=act, unit2=unit2, m=str(rng.randint(1, 11)),
                                        pct2=str(rng.randint(5, 40)))
    pattern = f"{rng.choice(WHO)}{rng.choice(SAID)}，{rng.choice(CLAUSE1)}，{rng.choice(CLAUSE2)}。"
    return pattern.format(**slots, unit=rng.choice(["县", "市", "镇"]))


class SentenceDealer:
    """Deals a topic's sentence patterns once, in shuffled order; then only combinatorial fillers."""

    def __init__(self, rng: random.Random, patterns: list[str]) -> None:
        self.rng, self.deck = rng, list(patterns)
        rng.shuffle(self.deck)

    def next(self, slots: dict[str, str]) -> str:
        if self.deck and self.rng.random() < 0.8:
            return self.deck.pop().format(**slots)
        return filler(self.rng, slots)


def make_story(rng: random.Random, key: str, topic: Topic, n_paragraphs: int, with_subheads: bool,
               published: datetime) -> Story:
    """Draw one story of ``n_paragraphs`` paragraphs (plus 一、二、… subheads when asked)."""
    towns = rng.sample(TOWNS, 2)
    base = {"city": rng.choice(CITIES), "county": rng.choice(COUNTIES), "town": towns[0], "town2": towns[1],
            "date_cn": f"{published.month}月{published.day}日"}
    dealer = SentenceDealer(rng, topic.sentences + GENERIC)
    paragraphs = []
    for _ in range(n_paragraphs):
        sentences = [dealer.next(_slots(rng, base)) for _ in range(rng.randint(2, 3))]
        paragraphs.append("".join(dict.fromkeys(sentences)))
    body: list[tuple[str, str]] = [("p", p) for p in paragraphs]
    if with_subheads:
        numerals = "一二三四五六"
        heads = rng.sample(topic.subheads, 4)
        step = max(1, (n_paragraphs - 2) // 4)
        for i in reversed(range(4)):
            body.insert(2 + i * step, ("h", f"{numerals[i]}、{heads[i]}"))
    reporters = [person(rng) for _ in range(rng.randint(1, 3))]
    return Story(
        key=key, topic=topic.name, title=rng.choice(topic.titles).format(**_slots(rng, base)),
        city=base["city"], county=base["county"], town=base["town"], body=body, published=published,
        reporters=reporters, correspondents=[person(rng)], editor=person(rng), reviewer=person(rng),
        outlet=base["city"][:-1] + rng.choice(PAPERS[:3]),
        captions=[c.format(**_slots(rng, base)) for c in topic.captions],
        questions=list(topic.questions))


def related_titles(rng: random.Random, n: int) -> list[str]:
    """Headlines of other invented stories, for related lists and rankings."""
    out: list[str] = []
    while len(out) < n:
        topic = rng.choice(TOPICS)
        base = {"city": rng.choice(CITIES), "county": rng.choice(COUNTIES), "town": rng.choice(TOWNS)}
        title = rng.choice(topic.titles).format(**_slots(rng, base))
        if title not in out:
            out.append(title)
    return out

# What a department's 通知/答记者问 is about, and which department speaks, per topic.
SUBJECTS = {
    "express_villages": ("村级寄递物流体系建设", "交通运输局"),
    "farmland": ("高标准农田建设", "农业农村局"),
    "reading_rooms": ("城市书房建设", "文化广电和旅游局"),
    "charging": ("充电基础设施建设", "发展和改革局"),
    "senior_college": ("老年教育发展", "教育局"),
    "school_canteen": ("校园食品安全管理", "市场监督管理局"),
    "water_pipes": ("老旧供水管网改造", "住房和城乡建设局"),
    "village_stage": ("送戏下乡", "文化广电和旅游局"),
    "county_games": ("全民健身", "文化体育局"),
}
EMOJI = ["🌾", "👉", "✨", "📍", "🎉", "💪", "🌸", "🔔", "❤️", "👍"]
