"""Invented regional-news stories for the third held-out set: topics, places, people, numbers.

A :class:`Story` is what a page is rendered from and what its label is written from, so the
labels never come from parsing the pages. Every choice is drawn from one seeded ``random.Random``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime

# (province, city, county, county in pinyin): real places, invented events.
PLACES: list[tuple[str, str, str, str]] = [
    ("浙江", "湖州", "安吉县", "Anji"),
    ("江西", "上饶", "婺源县", "Wuyuan"),
    ("四川", "雅安", "名山区", "Mingshan"),
    ("湖南", "湘西", "凤凰县", "Fenghuang"),
    ("福建", "南平", "武夷山市", "Wuyishan"),
    ("山东", "临沂", "沂南县", "Yinan"),
    ("河南", "洛阳", "栾川县", "Luanchuan"),
    ("安徽", "黄山", "黟县", "Yixian"),
    ("广西", "桂林", "阳朔县", "Yangshuo"),
    ("云南", "大理", "洱源县", "Eryuan"),
    ("贵州", "黔东南", "雷山县", "Leishan"),
    ("湖北", "恩施", "利川市", "Lichuan"),
    ("陕西", "汉中", "留坝县", "Liuba"),
    ("江苏", "盐城", "东台市", "Dongtai"),
]
TOWN_SUFFIXES = ["镇", "乡", "街道"]
TOWN_STEMS = ["青山", "河口", "石桥", "长乐", "新塘", "白沙", "龙泉", "桃源", "清溪", "双河", "凤鸣", "柳林"]
VILLAGE_STEMS = ["上坪", "下湾", "茶园", "竹林", "杨家", "大坝", "新华", "和平", "东岭", "西坡", "枫树", "松溪"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏飞宇浩然欣怡晨阳婷雪琳嘉慧峰")
ROLES = ["党委书记", "镇长", "副县长", "局长", "站长", "中心主任", "负责人", "村党支部书记", "社区主任"]
RESIDENTS = ["村民", "居民", "市民", "游客", "家长", "摊主", "老党员", "返乡青年"]


@dataclass(frozen=True)
class Topic:
    """One kind of regional story: headline patterns, sentence pool, subheads, English pool."""

    key: str
    titles: list[str]
    sentences: list[str]
    subheads: list[str]
    english: list[str]
    captions: list[str]


TOPICS: list[Topic] = [
    Topic(
        "renovation",
        ["{county}{n}个老旧小区改造全面开工", "{town}老旧小区换新颜 {n}户居民受益", "{county}启动老旧小区加装电梯试点"],
        [
            "今年{county}计划改造老旧小区{n}个，涉及居民{n}户，总投资约{s}亿元。",
            "改造内容包括雨污分流、屋面防水、管线入地和楼道照明等{s}项基础工程。",
            "{town}的{village}小区建成于上世纪九十年代，外墙脱落、停车困难一直是居民的烦心事。",
            "“以前下雨天楼道里全是积水，现在终于不用担心了。”{resident}{name}说。",
            "县住建局{role}{name}介绍，改造方案先后征求居民意见{s}轮，收集建议{n}条。",
            "施工期间，各小区设立临时停车点{n}处，并安排专人在出入口疏导。",
            "目前已有{s}部电梯完成加装，另有{s}部正在办理审批手续。",
            "社区还在改造中同步建设了{n}平方米的口袋公园和老年活动室。",
            "为保证质量，县里聘请了{n}名居民监督员，每周参与一次工程巡查。",
            "预计到{month}月底，首批{n}个小区将全部完工并交付使用。",
            "{role}{name}表示，下一步将探索引入物业服务，巩固改造成果。",
            "据统计，全县已累计完成老旧小区改造{w}万平方米。",
        ],
        ["坚持居民点单", "补齐民生短板", "改出幸福新生活", "建管并重求长效", "多方筹资破难题", "打通最后一百米"],
        [
            "{countyen} plans to renovate {n} old residential compounds this year, benefiting about {n} households.",
            "Work covers drainage, roofing, pipelines and stairwell lighting.",
            "Residents were consulted {n} times before the plans were finalised.",
            "So far {n} elevators have been installed in older buildings.",
            "The first batch of compounds is expected to be completed by the end of the month.",
            "Local officials said property management services will follow the renovation.",
        ],
        ["改造后的{village}小区", "施工人员正在加装电梯", "居民在新建的口袋公园休闲"],
    ),
    Topic(
        "homestay",
        ["{county}乡村民宿带动{n}名村民增收", "{village}村闲置农房变身精品民宿", "{county}发布民宿高质量发展十条措施"],
        [
            "走进{town}{village}村，一栋栋白墙黛瓦的民宿依山而建，游客络绎不绝。",
            "截至目前，{county}共有民宿{n}家，床位{n}张，去年接待游客{w}万人次。",
            "“一间房一年能多挣{n}多元，比外出打工强。”{resident}{name}笑着说。",
            "村里把{n}栋闲置农房统一流转，引入专业团队进行设计和运营。",
            "县文旅局{role}{name}介绍，全县已培训民宿管家{n}名。",
            "民宿经营带动了土特产销售，{village}村的笋干、茶叶年销售额超过{w}万元。",
            "为规范管理，县里出台了民宿消防安全标准，已完成检查{n}家次。",
            "周末和节假日，{village}村民宿入住率常常达到{p}%以上。",
            "在外工作多年的{name}回到家乡，把老宅改造成了有{n}间客房的民宿。",
            "村集体通过入股分红，今年预计增收{w}万元。",
            "下一步，{county}将串联{n}个民宿集聚区，打造乡村旅游精品线路。",
            "{role}{name}说，民宿发展要守住生态底线，不搞大拆大建。",
        ],
        ["盘活闲置资源", "村民变身店主", "规范经营提品质", "抱团发展聚人气", "留住乡愁引客来", "生态优先谋长远"],
        [
            "Homestays in {countyen} received {w} thousand visitors last year.",
            "Idle farmhouses have been turned into guesthouses run by professional teams.",
            "Villagers earn an extra {n} yuan a year by renting out rooms.",
            "The county has trained {n} homestay managers so far.",
            "Occupancy often exceeds {p} percent on weekends and holidays.",
            "Officials stressed that development must protect the local environment.",
        ],
        ["{village}村的民宿群", "游客在民宿庭院里喝茶", "民宿管家整理客房"],
    ),
    Topic(
        "heritage",
        ["{county}非遗传承人收徒{n}名", "{town}非遗工坊开进校园", "{county}{s}项非遗项目入选省级名录"],
        [
            "在{town}的非遗工坊里，{age}岁的传承人{name}正手把手教学员刻版。",
            "这项技艺已有{y}多年历史，曾一度面临后继无人的困境。",
            "近年来，{county}建成非遗传承基地{n}个，开展培训{n}期。",
            "“一套图案从起稿到完成要{s}天，急不得。”{name}说。",
            "县文化馆{role}{name}介绍，全县现有各级非遗代表性项目{s}项。",
            "工坊与当地学校合作，每周开设{s}节非遗体验课。",
            "去年，工坊制作的文创产品销售额达到{w}万元，带动{n}名妇女就业。",
            "不少年轻人通过短视频了解到这门手艺，专程从外地赶来拜师。",
            "县里还为传承人每年发放补助{n}元，并建立了口述史档案。",
            "今年{month}月，{county}将举办第{s}届非遗文化节。",
            "{role}{name}表示，将推动非遗与旅游、研学深度融合。",
            "学员{name}说，学了{s}个月，已经能独立完成一件作品。",
        ],
        ["老手艺有了新传人", "非遗走进课堂", "文创让传统活起来", "保护传承两手抓", "从作坊到市场", "守正创新续文脉"],
        [
            "{countyen} has set up {n} training bases for intangible cultural heritage.",
            "The craft has a history of more than {y} years.",
            "Local schools now offer {n} heritage classes every week.",
            "Products made in the workshop sold {w} thousand yuan last year.",
            "Young people are travelling from other provinces to learn the craft.",
            "A heritage festival will be held in the county later this year.",
        ],
        ["传承人在工坊内授课", "学生体验非遗技艺", "非遗文创产品"],
    ),
    Topic(
        "bus",
        ["{county}{n}条公交线路{month}月起调整", "{county}开通城乡公交微循环线路", "{town}群众家门口坐上公交车"],
        [
            "记者从{county}交通运输局获悉，自{month}月{day}日起，县城{n}条公交线路将优化调整。",
            "调整后，{town}至县城的发车间隔由{s}0分钟缩短至{s}0分钟。",
            "新开通的{n}路微循环公交途经{village}等{s}个村，填补了公交空白。",
            "“以前进城要走{s}里路去镇上坐车，现在门口就有站。”{resident}{name}说。",
            "县交通运输局{role}{name}介绍，调整方案经过了{s}场座谈和问卷调查。",
            "本次共新增公交站点{n}个，撤并重复站点{n}个。",
            "县公交公司新投入新能源公交车{n}辆，全部配备无障碍设施。",
            "学生、老人持卡乘车继续享受优惠，{age}周岁以上老人免费乘车。",
            "运营首周，微循环线路日均客流达到{n}人次。",
            "乘客可通过县公交微信小程序实时查询车辆位置。",
            "{role}{name}表示，将根据客流变化继续动态调整线路和班次。",
            "据了解，全县建制村通公交率已达到{p}%。",
        ],
        ["线路优化方便出行", "微循环连通村庄", "新车上路更舒适", "听取群众意见", "票价优惠不变", "动态调整保运营"],
        [
            "{n} bus routes in {countyen} will be adjusted from next month.",
            "The interval between buses to the county seat will be shortened.",
            "A new circular route links {n} villages that had no bus service.",
            "The bus company has added {n} new-energy buses.",
            "Residents over {age} years old can ride for free.",
            "Passengers can track buses in real time through a mini program.",
        ],
        ["新能源公交车驶过{town}", "村民在新设站点候车", "公交调度中心"],
    ),
    Topic(
        "heating",
        ["{county}冬季供暖提前{s}天启动", "{county}完成{n}公里供热管网改造", "{town}集中供暖覆盖{n}个小区"],
        [
            "入冬以来，{county}气温持续走低，县热力公司决定提前{s}天启动供暖。",
            "今年全县集中供暖面积达到{w}万平方米，新增入网小区{n}个。",
            "供暖季前，热力公司完成了{n}公里老旧管网的更换。",
            "“家里温度有2{digit}度，老人孩子都不用再开电暖器了。”{resident}{name}说。",
            "县城管局{role}{name}介绍，今年还储备了{n}吨燃煤和天然气应急气源。",
            "热力公司设立了{n}个服务网点，开通24小时报修热线。",
            "维修人员在接到报修后{s}0分钟内上门，已处理各类问题{n}起。",
            "针对低收入家庭，县里发放取暖补贴{w}万元。",
            "{town}的{n}户居民今年首次用上了集中供暖。",
            "供暖期间，县里每天抽查{n}户室温，确保不低于18摄氏度。",
            "{role}{name}表示，将加快推进清洁能源供暖改造。",
            "据测算，管网改造后每年可节约标准煤{n}吨。",
        ],
        ["提前启动暖民心", "管网改造保运行", "服务上门快响应", "困难群众有补贴", "室温达标有监督", "清洁供暖再提速"],
        [
            "Heating in {countyen} started {s} days earlier than usual this winter.",
            "Central heating now covers {w} thousand square metres.",
            "The heating company replaced {n} kilometres of old pipes.",
            "Repair workers arrive within {s}0 minutes of a call.",
            "Low-income households received heating subsidies.",
            "Room temperatures are checked every day during the season.",
        ],
        ["热力公司工作人员巡检管网", "居民家中测温", "供热站控制室"],
    ),
    Topic(
        "doctor",
        ["{county}家庭医生签约服务覆盖{w}万人", "{town}卫生院开设慢病管理门诊", "{county}{n}支家庭医生团队下沉村组"],
        [
            "一大早，{town}卫生院的家庭医生{name}就背着药箱来到了{village}村。",
            "目前，{county}共组建家庭医生团队{n}支，签约居民{w}万人。",
            "重点人群签约率达到{p}%，高血压、糖尿病患者规范管理率明显提升。",
            "“医生每个月都来量血压，有啥不舒服打个电话就行。”{resident}{name}说。",
            "县卫健局{role}{name}介绍，签约居民在基层就诊可享受{s}项优惠。",
            "卫生院新开设的慢病门诊，每周为{n}名患者提供随访服务。",
            "县医院每月派出{n}名专家到乡镇坐诊，群众在家门口就能看专家号。",
            "今年以来，家庭医生团队累计上门服务{n}人次。",
            "通过远程会诊平台，村卫生室可以直接连线县医院的{s}个科室。",
            "签约服务还包括健康体检、用药指导和康复训练等内容。",
            "{role}{name}表示，将把签约服务从“签约”向“履约”转变。",
            "据统计，全县基层就诊率已提高到{p}%。",
        ],
        ["医生上门到床边", "慢病管理有专人", "专家下沉到乡镇", "远程会诊连县城", "签约更要履约", "健康守门人"],
        [
            "{countyen} has formed {n} family doctor teams.",
            "More than {w} thousand residents have signed up for the service.",
            "Doctors visit elderly patients at home every month.",
            "Specialists from the county hospital hold clinics in townships.",
            "A remote consultation platform links village clinics to {n} departments.",
            "Officials said the focus is shifting from signing contracts to delivering care.",
        ],
        ["家庭医生为老人测量血压", "村卫生室远程会诊", "慢病门诊"],
    ),
    Topic(
        "afterschool",
        ["{county}中小学课后服务实现全覆盖", "{town}学校开设{n}门特色社团课", "{county}课后服务满意度达{p}%"],
        [
            "下午放学铃响后，{town}中心小学的操场上依然热闹。",
            "{county}{n}所义务教育学校已全部开展课后服务，参与学生{n}人。",
            "学校开设了足球、书法、合唱等{n}门社团课程，学生可自主选择。",
            "“孩子在学校写完作业再回家，我们下班接也不着急了。”家长{name}说。",
            "县教育局{role}{name}介绍，课后服务每周安排{s}天，每天不超过{s}小时。",
            "学校还从社会上聘请了{n}名非遗传承人、退休教师担任兼职辅导员。",
            "对家庭困难学生，课后服务费用全部减免，惠及{n}人。",
            "一项覆盖{n}名家长的问卷调查显示，满意度达到{p}%。",
            "为减轻教师负担，学校实行弹性上下班，每月统计课时补助。",
            "{village}村教学点虽然只有{n}名学生，也开设了阅读和手工课。",
            "{role}{name}表示，下一步将引入更多科技类课程。",
            "学生{name}说，最喜欢周三的机器人课。",
        ],
        ["社团课程丰富多样", "家长接送不再难", "社会力量来助力", "困难学生全免费", "教师减负有办法", "村小也有好课程"],
        [
            "All {n} compulsory schools in {countyen} now offer after-school services.",
            "Students can choose from {n} club courses.",
            "Retired teachers and craftspeople serve as part-time instructors.",
            "Fees are waived for students from low-income families.",
            "A survey of parents showed a satisfaction rate of {p} percent.",
            "More science and technology courses will be introduced.",
        ],
        ["学生在社团课上练习书法", "放学后的足球训练", "机器人兴趣课"],
    ),
    Topic(
        "forestfire",
        ["{county}进入森林防火紧要期", "{county}{n}支扑火队伍开展实战演练", "{town}护林员守山{s}年"],
        [
            "随着天气转暖、气候干燥，{county}进入森林防火紧要期。",
            "全县森林覆盖率达{p}%，重点林区{n}处，防火任务十分繁重。",
            "县里组建专业扑火队伍{n}支，配备风力灭火机{n}台。",
            "护林员{name}每天巡山{n}多公里，已经坚持了{s}年。",
            "“进山路口都设了卡点，火种一律登记收缴。”{town}林业站{role}{name}说。",
            "今年以来，全县共清理林下可燃物{n}亩，新建防火隔离带{n}公里。",
            "县应急管理局组织开展了{s}场实战演练，检验队伍快速反应能力。",
            "林区各村通过大喇叭、微信群每天播报防火提示。",
            "祭扫期间，{village}村设立文明祭扫服务点，提供鲜花换纸钱服务。",
            "县里还投入{w}万元建设森林防火视频监控系统，覆盖重点林区。",
            "{role}{name}强调，野外违规用火一经发现将依法严肃处理。",
            "截至目前，全县未发生一起森林火灾。",
        ],
        ["关口前移严防控", "队伍演练练精兵", "护林员守青山", "科技赋能早发现", "文明祭扫新风尚", "严查违规用火"],
        [
            "{countyen} has entered the critical period for forest fire prevention.",
            "Forest coverage in the county is {p} percent.",
            "Forest rangers patrol more than {n} kilometres every day.",
            "Firefighting teams held {n} drills this spring.",
            "Video monitoring now covers the key forest areas.",
            "Illegal use of fire outdoors will be punished.",
        ],
        ["扑火队员开展演练", "护林员在山间巡查", "防火检查卡点"],
    ),
    Topic(
        "livestream",
        ["{county}农产品直播带货销售额破{w}万元", "{village}村干部变身“带货主播”", "{county}举办电商直播大赛"],
        [
            "“家人们，这是我们{village}村自己种的高山茶，今天下单包邮！”",
            "在{town}电商服务中心，90后主播{name}正对着手机镜头介绍产品。",
            "今年以来，{county}通过直播销售农产品{w}万单，销售额{w}万元。",
            "县商务局{role}{name}介绍，全县已建成直播基地{n}个，培育本土主播{n}名。",
            "为解决物流难题，县里整合快递网点，建成村级寄递站{n}个。",
            "“以前茶叶只能卖给上门收购的贩子，现在一场直播能卖{n}多斤。”茶农{name}说。",
            "电商中心为农户免费提供选品、拍摄和运营培训，已培训{n}人次。",
            "县市场监管局加强产品抽检，确保直播销售的农产品质量安全。",
            "{village}村还注册了自己的商标，统一包装后单价提高了{p}%。",
            "本月举行的电商直播大赛吸引了{n}支队伍参赛。",
            "{role}{name}表示，将推动直播电商与乡村旅游结合。",
            "据统计，电商带动全县{n}户农户户均增收{n}元。",
        ],
        ["手机成了新农具", "主播走出田间地头", "物流打通最后一公里", "品牌提升附加值", "培训赋能新农人", "质量安全有保障"],
        [
            "Online sales of farm produce in {countyen} have passed {w} thousand orders this year.",
            "The county has trained {n} local livestream hosts.",
            "Village delivery stations solved the last-mile problem.",
            "Branded packaging raised prices by {p} percent.",
            "Market regulators are testing products sold online.",
            "Farmers' household income rose by {n} yuan on average.",
        ],
        ["主播在茶园直播", "电商服务中心打包发货", "直播大赛现场"],
    ),
    Topic(
        "lantern",
        ["{county}元宵灯会吸引游客{w}万人次", "{town}古街灯会点亮夜经济", "{county}民俗文化周精彩纷呈"],
        [
            "夜幕降临，{town}古街上{n}组彩灯次第亮起，游人如织。",
            "本届灯会以“灯耀{county}”为主题，共展出大型灯组{n}组。",
            "灯会期间还安排了舞龙、花鼓、猜灯谜等民俗活动{s}场。",
            "“带孩子来看灯，找到了小时候过年的感觉。”{resident}{name}说。",
            "县文旅局{role}{name}介绍，灯会开幕首周接待游客{w}万人次。",
            "古街商户营业额同比增长{p}%，不少小吃店排起了长队。",
            "为保障安全，现场安排了{n}名安保和志愿者，并实行单向通行。",
            "县公交公司加开夜间专线{n}条，末班车延长至22时。",
            "灯组制作由本地{n}名老艺人带领完成，耗时{s}个月。",
            "夜游项目还推出了联票，可同时游览{village}古村落。",
            "{role}{name}表示，灯会将持续到{month}月{day}日。",
            "据统计，灯会期间周边民宿入住率超过{p}%。",
        ],
        ["古街灯火映新春", "民俗活动乐游人", "夜间经济添活力", "安全保障不松懈", "老手艺扎新花灯", "文旅融合促消费"],
        [
            "The lantern festival in {countyen} attracted {w} thousand visitors.",
            "{n} large lantern groups are on display in the old street.",
            "Dragon dances and lantern riddles were held every evening.",
            "Shop turnover rose by {p} percent year on year.",
            "Extra night buses run until 10 pm.",
            "The lanterns were made by local craftsmen over several months.",
        ],
        ["游客在古街赏灯", "舞龙表演", "大型灯组“灯耀{county}”"],
    ),
]

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass
class Story:
    """One invented article: everything a template renders and a label records."""

    topic: Topic
    province: str
    city: str
    county: str
    county_en: str
    town: str
    village: str
    title: str
    paragraphs: list[str]
    subheads: dict[int, str]
    published: datetime
    reporters: list[str]
    correspondents: list[str]
    editor: str
    reviewer: str
    photographer: str
    captions: list[str]
    english: list[str] = field(default_factory=list)

    @property
    def authors(self) -> list[str]:
        return self.reporters + self.correspondents


class StoryMaker:
    """Draws stories from the topic pool with one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.deck: list[str] = []

    def name(self) -> str:
        length = self.rng.choice([1, 2, 2])
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(length))

    def names(self, count: int) -> list[str]:
        out: list[str] = []
        while len(out) < count:
            candidate = self.name()
            if candidate not in out:
                out.append(candidate)
        return out

    def fill(self, pattern: str, slots: dict[str, str]) -> str:
        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "n":
                return str(self.rng.choice([self.rng.randint(2, 30), self.rng.randint(31, 600), self.rng.randint(1000, 4800)]))
            if key == "p":
                return str(self.rng.randint(40, 99))
            if key == "s":
                return str(self.rng.randint(2, 12))
            if key == "w":
                return str(self.rng.randint(2, 60))
            if key == "age":
                return str(self.rng.randint(60, 72))
            if key == "y":
                return str(self.rng.randint(1, 6) * 100)
            if key == "digit":
                return str(self.rng.randint(0, 4))
            if key == "name":
                return self.name()
            if key == "role":
                return self.rng.choice(ROLES)
            if key == "resident":
                return self.rng.choice(RESIDENTS)
            if key == "month":
                return str(self.rng.randint(3, 11))
            if key == "day":
                return str(self.rng.randint(1, 28))
            return slots[key]

        return _FIELD.sub(one, pattern)

    def next_sentence(self, topic: Topic) -> str:
        """Sentence patterns in shuffled rounds, so a long page repeats none before using all."""
        if not self.deck:
            self.deck = self.rng.sample(topic.sentences, len(topic.sentences))
        return self.deck.pop()

    def paragraph(self, topic: Topic, slots: dict[str, str], used: set[str]) -> str:
        while True:
            count = self.rng.choice([1, 2, 2, 3])
            picks = [self.next_sentence(topic) for _ in range(count)]
            text = "".join(self.fill(p, slots) for p in picks)
            if text not in used:
                used.add(text)
                return text

    def story(self, paragraphs: int, subheads: bool, topic_index: int | None = None) -> Story:
        rng = self.rng
        topic = TOPICS[topic_index % len(TOPICS)] if topic_index is not None else rng.choice(TOPICS)
        province, city, county, county_en = rng.choice(PLACES)
        town = rng.choice(TOWN_STEMS) + rng.choice(TOWN_SUFFIXES)
        village = rng.choice(VILLAGE_STEMS)
        slots = {"county": county, "town": town, "village": village, "countyen": county_en}
        used: set[str] = set()
        self.deck = []
        paras = [self.paragraph(topic, slots, used) for _ in range(paragraphs)]
        heads: dict[int, str] = {}
        if subheads and paragraphs >= 8:
            numerals = "一二三四五六"
            spots = sorted(rng.sample(range(1, paragraphs - 1), 3))
            chosen = rng.sample(topic.subheads, 3)
            heads = {spot: f"{numerals[i]}、{chosen[i]}" for i, spot in enumerate(spots)}
        published = datetime(2024, rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 22), rng.randint(0, 59))
        n_rep, n_corr = rng.choice([1, 1, 2]), rng.choice([0, 1, 1])
        people = self.names(n_rep + n_corr + 3)
        reporters, correspondents = people[:n_rep], people[n_rep : n_rep + n_corr]
        editor, reviewer, photographer = people[n_rep + n_corr :]
        english = [self.fill(rng.choice(topic.english), slots) for _ in range(paragraphs)]
        captions = [self.fill(c, slots) for c in topic.captions]
        return Story(
            topic=topic,
            province=province,
            city=city,
            county=county,
            county_en=county_en,
            town=town,
            village=village,
            title=self.fill(rng.choice(topic.titles), slots),
            paragraphs=paras,
            subheads=heads,
            published=published,
            reporters=reporters,
            correspondents=correspondents,
            editor=editor,
            reviewer=reviewer,
            photographer=photographer,
            captions=captions,
            english=english,
        )

    def headlines(self, count: int) -> list[tuple[str, datetime]]:
        """Headlines of other invented stories (for related lists and 上一篇/下一篇 links)."""
        out = []
        for _ in range(count):
            topic = self.rng.choice(TOPICS)
            _, _, county, county_en = self.rng.choice(PLACES)
            slots = {
                "county": county,
                "town": self.rng.choice(TOWN_STEMS) + "镇",
                "village": self.rng.choice(VILLAGE_STEMS),
                "countyen": county_en,
            }
            when = datetime(2024, self.rng.randint(1, 12), self.rng.randint(1, 28), self.rng.randint(7, 22), self.rng.randint(0, 59))
            out.append((self.fill(self.rng.choice(topic.titles), slots), when))
        return out


def body_lines(story: Story) -> list[str]:
    """The article's text lines in order: subheads printed before the paragraph they head."""
    lines: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if i in story.subheads:
            lines.append(story.subheads[i])
        lines.append(para)
    return lines
