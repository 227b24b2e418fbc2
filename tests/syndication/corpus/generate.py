"""Generate the labelled syndication corpus (``corpus.jsonl``) from the templates and word lists
below, with a fixed seed, plus the hand-written hard cases of ``hard_cases.jsonl``.

Every story is written once as an original on its home site and then republished the ways the
regional web republishes: verbatim elsewhere, in Traditional characters with pinyin notes and an
SEO-decorated headline, cut to its first paragraphs, with an editor's note, a new headline or a
byline put in front. The hard negatives are the other stories: the same template with other
places, roads, dates and numbers, the same site boilerplate, the same topic on the same day.

Run: ``.venv/bin/python tests/syndication/corpus/generate.py`` (rewrites corpus.jsonl).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import opencc
from pypinyin import Style, pinyin

HERE = Path(__file__).parent
SEED = 20240303

CITIES = ["昌平", "顺义", "通州", "大兴", "房山", "怀柔", "密云", "延庆", "平谷", "门头沟", "海淀", "朝阳",
          "丰台", "石景山", "廊坊", "保定", "承德", "张家口", "唐山", "沧州"]
ROADS = ["京藏高速", "京新高速", "北清路", "回龙观西大街", "林萃路", "安立路", "京承高速", "通燕高速",
         "京开高速", "阜石路", "莲石路", "京港澳高速", "长安街西延线", "广渠路", "姚家园路", "立汤路"]
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
GIVEN = ["志强", "晓东", "建国", "丽华", "海涛", "云柯", "静怡", "明远", "国栋", "雪梅", "立新", "文博",
         "春燕", "振华", "思源", "宏伟", "玉兰", "子涵", "德胜", "秀英"]
INDUSTRIES = ["生物医药", "医疗器械", "集成电路", "人工智能", "新能源汽车", "智能制造", "数字经济",
              "现代农业", "文化旅游", "航空航天", "新材料", "节能环保"]
VENUES = ["体育中心", "会展中心", "人才市场", "职业技术学院", "文化馆", "科技园服务中心", "万达广场",
          "新城体育馆"]
COMPANIES = ["京东方", "小米", "北汽", "首钢", "同仁堂", "燕京啤酒", "中关村发展集团", "百度", "美团",
             "京东", "联想", "理想汽车", "华润", "国家电网", "中粮", "顺丰"]
OUTLETS = ["北京日报", "北京晚报", "新京报", "京郊日报", "首都之窗", "千龙网", "北京青年报", "河北日报"]
SITES = ["bjd", "bjnews", "qianlong", "ynet", "dahe", "sina_local", "sohu_local", "163_local",
         "toutiao_local", "qq_local", "county_cp", "county_sy", "gov_bj", "farm_hqb", "farm_qqkd",
         "farm_cjzx"]
FARMS = ["farm_hqb", "farm_qqkd", "farm_cjzx"]
SEO_PREFIX = ["全球看点：", "环球快讯：", "今日热议：", "天天观察：", "焦点速递！", "热讯：", "每日精选："]
SEO_SUFFIX = ["_环球报资讯", "-今日快讯", "_天天头条", "|全球观察", "_财经头条网"]

WEATHER = [
    ["{city}区气象台{month}月{day}日{hour}时发布{kind}{color}预警信号，预计{day}日{hour2}时至{day2}日{hour3}时，"
     "{city}地区将出现{kind2}天气，{detail}。",
     "记者从{city}区气象台获悉，{month}月{day}日{hour}时，该台发布{kind}{color}预警信号。受{cause}影响，"
     "{day}日夜间至{day2}日白天，{city}将出现{kind2}天气，{detail}。"],
    ["气象部门提醒，{advice1}，{advice2}。",
     "{city}区应急管理局提示，{advice1}；同时{advice2}。"],
    ["据{name}介绍，{city}区已启动{level}级应急响应，{n1}个街乡镇安排{n2}名值守人员，{n3}处{spot}已完成排查。",
     "{city}区防汛办主任{name}表示，全区{n1}个街乡镇已落实值班值守，累计排查{spot}{n3}处，出动巡查人员{n2}人次。"],
    ["{city}{transport}部门表示，{day2}日{hour3}时前，{route}等{n4}条线路将{measure}，请市民出行前关注实时信息。",
     "受天气影响，{route}等{n4}条线路{day2}日将{measure}，{city}{transport}部门建议市民合理安排出行时间。"],
    ["预计{day2}日午后天气转好，最高气温{t1}摄氏度，最低气温{t2}摄氏度，{wind}。",
     "{day2}日午后起天气逐渐好转，白天最高气温{t1}℃，夜间最低气温{t2}℃，{wind}。"],
]
JOBFAIR = [
    ["{month}月{day}日，{city}区{year}年春季大型招聘会在{city}{venue}举行，{n1}家用人单位带来{n2}个工作岗位，"
     "吸引{n3}余名求职者到场。",
     "{month}月{day}日上午，由{city}区人力资源和社会保障局主办的{year}年春风行动专场招聘会在{city}{venue}开幕，"
     "共有{n1}家企业参会，提供岗位{n2}个，当天入场求职者超过{n3}人。"],
    ["本次招聘会岗位涵盖{ind1}、{ind2}、{ind3}等领域，{company1}、{company2}等企业现场设立展位，"
     "月薪最高达到{salary}元。",
     "{company1}、{company2}、{company3}等重点企业参加招聘，岗位集中在{ind1}和{ind2}行业，"
     "其中技术类岗位占比约{pct}%，最高月薪{salary}元。"],
    ["{city}区人社局就业促进科负责人{name}介绍，现场达成初步就业意向{n4}人，"
     "{n5}名高校毕业生与企业签订意向协议。",
     "据{city}区人社局副局长{name}介绍，截至当天中午，现场初步达成意向{n4}人次，其中应届高校毕业生{n5}人。"],
    ["记者在现场看到，{scene}。求职者{name2}说：“{quote}。”",
     "{scene}。来自{city}的求职者{name2}告诉记者：“{quote}。”"],
    ["据悉，{city}区今年还将举办各类招聘活动{n6}场，{plan}。",
     "{city}区计划全年举办线上线下招聘会{n6}场，{plan}。"],
]
TRAFFIC = [
    ["为保障{event}顺利进行，{city}公安交通管理部门决定，{month}月{day}日{hour}时至{day2}日{hour2}时，"
     "对{road1}（{road2}至{road3}段）采取临时交通管理措施。",
     "{city}交警{month}月{day}日发布通告：因{event}，{month}月{day}日{hour}时至{day2}日{hour2}时，"
     "{road1}{road2}至{road3}路段将实施临时交通管制。"],
    ["管制期间，{road1}上述路段{rule}，{vehicles}需按指示绕行{road4}。",
     "上述时间内，该路段{rule}；{vehicles}请提前绕行{road4}。"],
    ["交管部门将在{road2}、{road3}等{n1}处路口设置绕行提示牌，安排{n2}名警力现场疏导。",
     "{city}交警将在沿线{n1}个路口部署警力{n2}名，并设置绕行指示标志。"],
    ["{city}交通支队支队长{name}提醒，{advice}，{advice2}。",
     "交管部门负责人{name}表示，{advice}；{advice2}。"],
    ["管制措施结束时间将根据施工进度适时调整，市民可通过{channel}查询实时路况。",
     "如施工提前完成，管制将提前解除，具体以{channel}发布的信息为准。"],
]
SIGNING = [
    ["{month}月{day}日，{n1}个{ind1}产业重大项目在{city}区{park}集中签约，总投资约{n2}亿元。",
     "{month}月{day}日，{city}区{year}年重点产业项目签约活动在{park}举行，{n1}个项目现场签约，"
     "计划总投资{n2}亿元。"],
    ["签约项目既有{company1}、{company2}等龙头企业，也有多家{ind2}领域的高成长企业，"
     "涵盖研发、制造、服务等产业链各个环节。",
     "此次落地的项目中，{company1}{ind2}基地、{company2}区域总部等{n3}个项目投资额超过10亿元。"],
    ["“{quote}。”{city}区委书记{name}在签约仪式上说。",
     "{city}区区长{name}表示：“{quote}。”"],
    ["{city}区相关负责人介绍，到{year2}年，全区{ind1}产业规模将由目前的{n4}亿元增加至{n5}亿元，"
     "研发投入年均增长{pct}%以上。",
     "按照规划，{city}区{ind1}产业收入将从{year}年的{n4}亿元提升到{year2}年的{n5}亿元，打造千亿级产业集群。"],
    ["签约期间，{city}区还发布了{ind1}产业空间布局方案，未来{n6}年可新供应产业空间约{n7}万平方米。",
     "活动现场还发布了{park}三期规划，新增产业用地{n7}万平方米，预计{n6}年内陆续建成。"],
    ["{name2}介绍，{city}将完善{support}等配套服务，为企业落地提供全周期服务。",
     "据{city}区副区长{name2}介绍，区里将从{support}等方面为签约企业提供保障。"],
]
SCHOOL = [
    ["{city}区教委{month}月{day}日发布{year}年义务教育阶段入学工作实施意见，全区{n1}所小学、{n2}所初中"
     "计划招收新生{n3}人。",
     "记者{month}月{day}日从{city}区教委获悉，{year}年{city}区小学和初中计划招生{n3}人，涉及小学{n1}所、"
     "初中{n2}所。"],
    ["今年{city}区将新增{n4}所学校，新增学位{n5}个，{detail}。",
     "{detail}，今年全区新建、改扩建学校{n4}所，新增学位约{n5}个。"],
    ["适龄儿童家长可于{month2}月{day2}日至{day3}日登录{channel}进行入学信息采集，{rule}。",
     "入学信息采集时间为{month2}月{day2}日至{day3}日，家长需通过{channel}填报，{rule}。"],
    ["{city}区教委主任{name}表示，{quote}。",
     "“{quote}。”{city}区教委相关负责人{name}说。"],
]
METRO = [
    ["{month}月{day}日{hour}时，地铁{line}号线{phase}正式开通运营，线路全长{km}公里，设站{n1}座，"
     "其中换乘站{n2}座。",
     "{month}月{day}日起，地铁{line}号线{phase}开通试运营，全长{km}公里，共设车站{n1}座，换乘站{n2}座。"],
    ["开通后，{city}至{city2}的通勤时间将由{m1}分钟缩短至{m2}分钟，沿线{n3}余万居民出行更加便利。",
     "新线开通后，从{city}到{city2}最快只需{m2}分钟，比原来节省{m3}分钟，惠及沿线约{n3}万居民。"],
    ["初期运营阶段，{line}号线高峰时段最小行车间隔{gap}分钟，首班车{first}发出，末班车{last}发出。",
     "{line}号线工作日早晚高峰行车间隔{gap}分钟，首末班车时间分别为{first}和{last}。"],
    ["运营公司相关负责人{name}介绍，{detail}。",
     "据{name}介绍，{detail}。"],
    ["{station}站等{n4}座车站配建了{facility}，{city}还将同步调整{n5}条公交线路，做好接驳。",
     "为做好接驳，{city}将新开和调整公交线路{n5}条，{station}站等{n4}座车站设置了{facility}。"],
]
FESTIVAL = [
    ["{month}月{day}日，第{nth}届{city}{fest}在{venue}开幕，活动将持续至{month2}月{day2}日。",
     "第{nth}届{city}{fest}{month}月{day}日在{city}{venue}拉开帷幕，为期{n1}天。"],
    ["本届{fest}以“{theme}”为主题，设置{n2}大板块、{n3}项活动，{detail}。",
     "{fest}围绕“{theme}”主题，共安排{n3}项主题活动，分为{n2}个板块，{detail}。"],
    ["{city}区文化和旅游局局长{name}介绍，预计活动期间将接待游客{n4}万人次，带动消费{n5}亿元。",
     "据{city}区文旅局预计，活动期间接待游客将超过{n4}万人次，拉动消费约{n5}亿元，{name}介绍说。"],
    ["游客{name2}说：“{quote}。”",
     "“{quote}。”从{city2}赶来的游客{name2}告诉记者。"],
    ["活动期间，{traffic}，市民可提前通过{channel}预约。",
     "为方便市民游客，{traffic}，具体安排可关注{channel}。"],
]
HARVEST = [
    ["眼下正值{crop}收获季节，{city}区{n1}万亩{crop}陆续成熟，预计总产量{n2}万公斤。",
     "{month}月{day}日，记者走进{city}区{town}镇，{n1}万亩{crop}进入采收期，预计今年总产量可达{n2}万公斤。"],
    ["{town}镇{crop}种植户{name}算了一笔账：{detail}。",
     "种植户{name}告诉记者，{detail}。"],
    ["今年{city}区推广{tech}技术，{crop}亩产提高约{pct}%，{n3}户种植户户均增收{n4}元。",
     "得益于{tech}技术的推广，{city}区{crop}平均亩产增长{pct}%，带动{n3}户农户增收，户均{n4}元。"],
    ["{city}区农业农村局相关负责人{name2}表示，{plan}。",
     "据{city}区农业农村局负责人{name2}介绍，{plan}。"],
]
HOSPITAL = [
    ["{month}月{day}日，{city}区{hosp}新院区正式投入使用，新院区建筑面积{n1}万平方米，开放床位{n2}张。",
     "{city}区{hosp}新院区{month}月{day}日开诊，总建筑面积约{n1}万平方米，设置床位{n2}张。"],
    ["新院区开设{dept1}、{dept2}、{dept3}等{n3}个临床科室，引进{equip}等大型设备{n4}台。",
     "院区共设临床科室{n3}个，重点建设{dept1}和{dept2}，配备{equip}等设备{n4}台（套）。"],
    ["{hosp}院长{name}介绍，{detail}。",
     "据院长{name}介绍，{detail}。"],
    ["新院区周边新设公交站{n5}处，停车位{n6}个，{traffic}。",
     "为方便患者就医，院区配建停车位{n6}个，并协调新增公交站点{n5}处，{traffic}。"],
]
VOUCHER = [
    ["{city}区{month}月{day}日起发放第{nth}批消费券，总额{n1}万元，覆盖{scope}等{n2}类消费场景。",
     "记者从{city}区商务局获悉，第{nth}批消费券将于{month}月{day}日开抢，总额度{n1}万元，可用于{scope}等{n2}类场景。"],
    ["本批消费券分为{denom}等{n3}种面额，市民可通过{channel}领取，{rule}。",
     "市民通过{channel}即可领取，消费券设{denom}等{n3}档面额，{rule}。"],
    ["{city}区商务局副局长{name}表示，前{n4}批消费券已带动消费{n5}亿元，杠杆率约{ratio}倍。",
     "据{city}区商务局统计，此前发放的{n4}批消费券累计拉动消费{n5}亿元，{name}介绍。"],
    ["{company1}{city}店负责人{name2}说，{quote}。",
     "“{quote}。”{company1}{city}门店店长{name2}说。"],
]
TEMPLATES: dict[str, list[list[str]]] = {
    "weather": WEATHER, "jobfair": JOBFAIR, "traffic": TRAFFIC, "signing": SIGNING, "school": SCHOOL,
    "metro": METRO, "festival": FESTIVAL, "harvest": HARVEST, "hospital": HOSPITAL, "voucher": VOUCHER,
}
TITLES = {
    "weather": ["{city}发布{kind}{color}预警 {day2}日有{kind2}", "{city}{kind}{color}预警生效中"],
    "jobfair": ["{city}春季招聘会提供岗位{n2}个", "{n1}家企业来{city}招人了"],
    "traffic": ["{road1}部分路段{month}月{day}日起临时管制", "{city}交警：{road1}{road2}至{road3}段将管制"],
    "signing": ["{n1}个{ind1}项目落户{city}", "{city}签约{n2}亿元{ind1}项目"],
    "school": ["{city}区{year}年义务教育入学政策发布", "{city}今年新增学位{n5}个"],
    "metro": ["地铁{line}号线{phase}开通", "{city}到{city2}坐地铁只需{m2}分钟"],
    "festival": ["第{nth}届{city}{fest}开幕", "{city}{fest}来了"],
    "harvest": ["{city}{n1}万亩{crop}迎丰收", "{city}{crop}亩产提高{pct}%"],
    "hospital": ["{city}区{hosp}新院区开诊", "{hosp}新院区开放床位{n2}张"],
    "voucher": ["{city}第{nth}批消费券{month}月{day}日发放", "{city}再发{n1}万元消费券"],
}
PHRASES: dict[str, list[str]] = {
    "kind": ["暴雨", "大风", "寒潮", "雷电", "暴雪", "高温"], "kind2": ["强降雨", "大风降温", "雷阵雨",
             "降雪", "持续高温"],
    "color": ["蓝色", "黄色", "橙色"],
    "cause": ["冷空气", "副热带高压", "西南暖湿气流", "东北冷涡"],
    "detail": ["累计降水量可达50毫米以上，局地伴有短时大风和冰雹", "阵风可达八级，山区局地九级以上",
               "最低气温下降8至10摄氏度", "最高气温将达到38摄氏度以上，体感闷热",
               "部分地区积雪深度可达5厘米", "小时雨强可达60毫米，山区易发生山洪和泥石流"],
    "advice1": ["请市民尽量减少外出", "户外作业人员应暂停高空作业", "请远离广告牌和临时搭建物",
                "学校和幼儿园应做好学生安全防护"],
    "advice2": ["驾车出行注意减速慢行", "山区游客及时撤离危险地带", "农业生产单位做好大棚加固",
                "老人和儿童注意防寒保暖"],
    "spot": ["地下通道", "危旧房屋", "在建工地", "山洪沟道", "积水点"],
    "transport": ["公交", "交通运输", "地铁运营"], "measure": ["临时停运", "缩短运营区间", "加密发车班次"],
    "wind": ["北风三四级", "南转北风二三级", "偏北风四五级"],
    "scene": ["各展位前排起了长队，不少求职者手拿简历与招聘人员详细交流",
              "现场设置了政策咨询区和直播带岗区，主播在线介绍岗位要求",
              "一些企业在展位前摆出样品和宣传册，吸引求职者驻足了解"],
    "quote": ["这次找到了专业对口的岗位，离家也近", "希望今年能在家门口找到一份稳定的工作",
              "项目落地后将带动上下游企业集聚，形成完整的产业生态", "我们将以最优的营商环境服务企业发展",
              "每个孩子都能就近入学、上好学，是我们的工作目标", "今年的活动内容比往年更丰富，很适合带孩子来",
              "消费券用起来很方便，周末客流明显增加", "坐地铁上班再也不用担心堵车了"],
    "plan": ["重点面向高校毕业生、退役军人和农村劳动力开展精准帮扶",
             "将继续推进农业科技下乡，帮助农户拓宽销售渠道", "还将开展直播带岗和企业开放日等活动"],
    "event": ["道路管线改造施工", "马拉松比赛", "桥梁检测维修", "地铁站出入口施工", "大型文艺演出"],
    "rule": ["禁止一切车辆通行", "实行单向通行", "禁止货车通行", "每日22时至次日5时封闭施工"],
    "vehicles": ["过往车辆", "社会车辆", "大型货车", "途经车辆"],
    "advice": ["途经上述路段的驾驶人请提前规划路线", "请市民尽量选择公共交通出行"],
    "channel": ["北京交警APP", "区政府网站", "“北京市义务教育入学服务平台”", "“京通”小程序",
                "官方微信公众号"],
    "park": ["中关村生命科学园", "未来科学城", "新能源汽车产业园", "临空经济区", "经济技术开发区"],
    "support": ["人才公寓、子女入学、政务服务", "融资对接、场景开放和知识产权保护"],
    "phase": ["一期", "二期", "北段", "南延段", "西延段"],
    "facility": ["非机动车停车场", "出租车候客区", "无障碍电梯"],
    "first": ["5时30分", "5时45分", "6时整"], "last": ["22时30分", "23时整", "23时15分"],
    "fest": ["桃花节", "草莓音乐节", "冰雪文化节", "民俗文化节", "葡萄文化节", "农民丰收节"],
    "theme": ["春满京郊", "美好生活", "乡村振兴", "山水人家", "欢乐冰雪"],
    "traffic": ["景区开通了旅游专线公交", "周边新增临时停车位2000个", "活动现场实行预约限流"],
    "crop": ["小麦", "玉米", "大桃", "苹果", "板栗", "西瓜", "草莓"],
    "town": ["十三陵", "南口", "兴寿", "杨宋", "庞各庄", "张坊", "大华山", "西集"],
    "tech": ["水肥一体化", "病虫害绿色防控", "无人机植保", "设施大棚智能温控"],
    "hosp": ["中医医院", "妇幼保健院", "第一医院", "中西医结合医院", "儿童医院分院"],
    "dept1": ["心血管内科", "儿科", "康复医学科"], "dept2": ["急诊科", "肿瘤科", "妇产科"],
    "dept3": ["眼科", "口腔科", "中医科"], "equip": ["核磁共振", "螺旋CT", "数字减影血管造影机"],
    "scope": ["餐饮、零售、文旅", "家电、汽车、餐饮"], "denom": ["满100减30、满300减80", "满50减20、满200减60"],
}


def pick_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def story_slots(rng: random.Random, date: tuple[int, int]) -> dict[str, Any]:
    """Slot values of one story: its places, people, dates and numbers."""
    month, day = date
    city, city2 = rng.sample(CITIES, 2)
    roads = rng.sample(ROADS, 4)
    ind = rng.sample(INDUSTRIES, 3)
    comp = rng.sample(COMPANIES, 3)
    slots: dict[str, Any] = {
        "city": city, "city2": city2, "month": month, "day": day, "day2": min(day + 1, 28),
        "day3": min(day + rng.randint(5, 12), 28), "month2": month % 12 + 1, "year": 2024, "year2": 2027,
        "hour": rng.choice([6, 8, 10, 14, 16, 20]), "hour2": rng.choice([18, 20, 22]), "hour3": rng.choice([6, 8, 12]),
        "road1": roads[0], "road2": roads[1], "road3": roads[2], "road4": roads[3], "route": f"{rng.randint(1, 99)}路",
        "ind1": ind[0], "ind2": ind[1], "ind3": ind[2], "company1": comp[0], "company2": comp[1],
        "company3": comp[2], "venue": rng.choice(VENUES), "name": pick_name(rng), "name2": pick_name(rng),
        "station": rng.choice(["沙河", "生命科学园", "朱辛庄", "西二旗", "宋家庄", "通州北关", "亦庄桥"]),
        "line": rng.randint(3, 28), "km": round(rng.uniform(8, 45), 1), "gap": rng.choice([3, 4, 5, 6]),
        "m1": rng.randint(60, 110), "m2": rng.randint(25, 55), "m3": rng.randint(20, 50),
        "t1": rng.randint(-5, 38), "t2": rng.randint(-15, 25), "pct": rng.randint(5, 45),
        "salary": rng.choice([12000, 15000, 18000, 25000, 30000]), "ratio": round(rng.uniform(3, 9), 1),
        "nth": rng.randint(2, 36), "level": rng.choice(["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"]),
    }
    for i, (lo, hi) in enumerate([(10, 300), (20, 9000), (100, 12000), (2, 90), (50, 3000), (3, 40),
                                   (5, 900)], start=1):
        slots[f"n{i}"] = rng.randint(lo, hi)
    for key, options in PHRASES.items():
        slots[key] = rng.choice(options)
    return slots


def write_story(rng: random.Random, template: str, slots: dict[str, Any]) -> tuple[str, list[str]]:
    """Title and paragraphs of one story: a variant of each template paragraph, filled in."""
    paragraphs = [rng.choice(variants).format(**slots) for variants in TEMPLATES[template]]
    title = rng.choice(TITLES[template]).format(**slots)
    return title, paragraphs


# --- ways of republishing -------------------------------------------------------------------

S2T = opencc.OpenCC("s2t")


def with_pinyin_notes(rng: random.Random, text: str, rate: float) -> str:
    """Glue tone-marked pinyin to some characters, the way content farms do (``醫(yī)``)."""
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < rate:
            out.append("(" + pinyin(ch, style=Style.TONE)[0][0] + ")")
    return "".join(out)


def decorate_title(rng: random.Random, title: str) -> str:
    return rng.choice(SEO_PREFIX) + title + rng.choice(SEO_SUFFIX)


def site_boilerplate(site: str) -> str:
    """The footer some sites leave under every article (the extractor does not always cut it)."""
    return f"（责任编辑：{site}编辑部）\n版权声明：凡注明来源为“{site}”的稿件，未经授权不得转载。"


def related_list(rng: random.Random) -> str:
    return "相关新闻：\n" + "\n".join(rng.sample(
        ["北京今年将新增绿地200公顷", "春季养生吃什么好", "全市中小学开学准备就绪", "这些景点周末免费开放",
         "城市副中心再添新地标", "一图读懂政府工作报告", "热门排行：本周十大新闻"], 3))


def republish(rng: random.Random, kind: str, title: str, paragraphs: list[str], outlet: str) -> tuple[str, str]:
    """(title, text) of one copy of a story made the way ``kind`` says."""
    paras = list(paragraphs)
    if kind == "verbatim":
        return (title if rng.random() < 0.5 else title + "_" + outlet), "\n".join(paras)
    if kind == "cut":
        keep = max(2, round(len(paras) * rng.uniform(0.4, 0.7)))
        return title, "\n".join(paras[:keep])
    if kind == "edited":
        choice = rng.randrange(3)
        if choice == 0:
            paras.insert(0, f"编者按：{rng.choice(['近日', '日前', '本周'])}，{paras[0][:12]}……一起来看{outlet}的报道。")
        elif choice == 1:
            paras.insert(0, f"来源：{outlet}客户端 | 记者 {pick_name(rng)} 通讯员 {pick_name(rng)}")
        else:
            paras.append(f"【{outlet}综合】本文转载自{outlet}，如有侵权请联系删除。")
        new_title = rng.choice(["重磅！", "刚刚，", "关注｜", ""]) + title + rng.choice(["", "，详情→", "！"])
        return new_title, "\n".join(paras)
    # traditional, optionally cut, with pinyin notes and a decorated title
    if kind == "traditional_cut":
        paras = paras[: max(2, round(len(paras) * 0.6))]
    text = with_pinyin_notes(rng, S2T.convert("\n".join(paras)), rng.uniform(0.0, 0.08))
    if rng.random() < 0.5:
        text += "\n" + S2T.convert(related_list(rng))
    return S2T.convert(decorate_title(rng, title)), "(相關資料圖)\n" + text


COPY_KINDS = ["verbatim", "traditional", "cut", "edited", "traditional_cut"]
RECUT_SEED = SEED + 5  # the re-cut copies were added later, from their own generator


def recut(rng: random.Random, title: str, paragraphs: list[str]) -> tuple[str, str]:
    """(title, text) of a copy re-laid out by an editor: the story's sentences regrouped into
    paragraphs of other sizes (split and merged), and the last third of them cut."""
    sentences = [s + "。" for p in paragraphs for s in p.split("。") if s]
    kept = sentences[: max(2, round(len(sentences) * 2 / 3))]
    regrouped, at = [], 0
    while at < len(kept):
        size = rng.choice([1, 1, 2, 3])
        regrouped.append("".join(kept[at : at + size]))
        at += size
    return rng.choice(["", "转载｜", "【关注】"]) + title, "\n".join(regrouped)


def recut_copies(originals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One re-cut copy per story, a third of them in Traditional with pinyin notes on a farm."""
    rng = random.Random(RECUT_SEED)
    copies = []
    for original in originals:
        title, text = recut(rng, original["title"], original["paragraphs"])
        site = rng.choice([s for s in SITES if s != original["site"]])
        if rng.random() < 1 / 3:
            site = rng.choice(FARMS)
            title, text = S2T.convert(decorate_title(rng, title)), with_pinyin_notes(rng, S2T.convert(text), 0.04)
        published = original["published_at"][:11] + f"{rng.randint(13, 22):02d}:{rng.randint(0, 59):02d}:00+08:00"
        copies.append(_article(original["story"], site, "recut", title, text, published))
    return copies


def iso(month: int, day: int, hour: int, minute: int) -> str:
    return f"2024-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+08:00"


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    articles: list[dict[str, Any]] = []
    originals: list[dict[str, Any]] = []
    # Seven stories per template; two of them share a date (same topic, same day).
    for template in TEMPLATES:
        days = [(3, rng.randint(1, 20)) for _ in range(6)]
        days.append(days[0])
        for n, date in enumerate(days):
            story = f"{template}-{n:02d}"
            slots = story_slots(rng, date)
            title, paragraphs = write_story(rng, template, slots)
            home, *others = rng.sample([s for s in SITES if s not in FARMS], 5)
            outlet = rng.choice(OUTLETS)
            hour = rng.randint(7, 12)
            footer = "\n" + site_boilerplate(home) if rng.random() < 0.4 else ""
            articles.append(_article(story, home, "original", title, "\n".join(paragraphs) + footer,
                                     iso(*date, hour, 0)))
            originals.append({**articles[-1], "paragraphs": paragraphs})
            for i, kind in enumerate(rng.sample(COPY_KINDS, rng.randint(2, 4))):
                site = rng.choice(FARMS) if kind.startswith("traditional") else others[i]
                copy_title, text = republish(rng, kind, title, paragraphs, outlet)
                if rng.random() < 0.3:
                    text += "\n" + site_boilerplate(site)
                published = None if rng.random() < 0.15 else iso(date[0], date[1], hour + 1 + i, rng.randint(0, 59))
                articles.append(_article(story, site, kind, copy_title, text, published))
    hard = [json.loads(line) for line in (HERE / "hard_cases.jsonl").read_text("utf-8").splitlines() if line]
    every = articles + hard + recut_copies(originals)
    for n, article in enumerate(every):
        article["id"] = f"a{n:04d}"
    return every


def _article(story: str, site: str, kind: str, title: str, text: str, published: str | None) -> dict[str, Any]:
    return {"story": story, "site": site, "kind": kind, "title": title, "published_at": published,
            "fetched_at": "2024-03-25T00:00:00Z", "text": text}


def main() -> None:
    articles = generate()
    with (HERE / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    stories = {a["story"] for a in articles}
    print(f"{len(articles)} articles in {len(stories)} stories")


if __name__ == "__main__":
    main()
