"""Who and where from: source (来源), authors (记者/作者/通讯员) and editor (责任编辑)."""

from __future__ import annotations

import re
from functools import lru_cache

from .dom import LINE_VERDICTS
from .labels import GLOSS, LABEL_INITIALS, LABEL_WORDS, STARTS_WITH_LABEL, is_label, until_next_field

# Words that label the next field of a credit line (the shared vocabulary of labels.py). Spans of
# a byline are often glued together without space ("文｜吴振宇来源：保定日报"), so a name never runs
# into one of these.
_LABEL_WORDS = LABEL_WORDS
# A name: 2-4 Han characters (with the middle dot of transliterated names), or a Latin name.
_NAME = (r"(?:(?![" + LABEL_INITIALS + r"])[\u4e00-\u9fff·]|(?!" + _LABEL_WORDS + r")[" + LABEL_INITIALS + r"]){2,6}"
         r"|[A-Za-z][A-Za-z .'-]{1,30}[A-Za-z]")
_SEP = r"\s*(?:[:：]|\s)\s*"
_ROLE = r"(?:本报|本台|本刊|本网|特约|首席|融媒)?(?:记者|記者|作者|通讯员|通訊員|撰文|文|图文|見習記者|见习记者)"
_NAMES = r"(?P<names>(?:(?:" + _NAME + r")(?!\d)(?:\s*[、，,/／\s]\s*)?){1,6})"
_AUTHOR_GROUP = re.compile(_ROLE + GLOSS + r"(?:\s*[:：/|｜]\s*|\s+)" + _NAMES)
# Inside a credit bracket (本报讯（记者王明 通讯员李华）, 新华社…电（记者A、B）, （記者X／報導）) the
# name often follows its role without a space; only the reporter roles, never a bare 文
_GLUED_GROUP = re.compile(r"(?:本报|本台|本刊|本网|特约|首席|融媒)?(?:见习|見習)?(?:记者|記者|通讯员|通訊員)" + GLOSS
                          + r"(?:\s*[:：/|｜]\s*|\s*)" + _NAMES)
_CREDIT_BRACKET = re.compile(r"^[（(][^（）()]{2,60}[）)]$")
# One name, or several joined by 、 as printed ("(责编：余丽萍、邱洁)")
_EDITOR_ROLES = r"(?:责任编辑|責任編輯|编辑|編輯|责编|責編|选稿|選稿)"
_EDITOR = re.compile(_EDITOR_ROLES + GLOSS + r"\s*[:：]?\s*(?P<name>(?:" + _NAME + r")(?:、(?:"
                     + _NAME + r"))*)")
# The outlet: one word, or two when the second is no tool of the page (【字体：…】, [打印]).
_SOURCE = re.compile(r"(?:(?:来源|來源|稿源|出处|出處)" + GLOSS + r"\s*[:：]|(?:来源|來源)(?:于|於|自))\s*(?=\S)")
_SOURCE_VALUE = re.compile(r"[^\s|｜/【\[】\]]+(?:\s(?![【\[（(])[^\s|｜/:：【\[】\]]+)?")
# Words that follow a source or name on the same line and are no part of it: other labels, and
# the page's tools (字体 大中小, 举报, 纠错, 收藏) that sit in the same info bar.
_STOP_WORDS = re.compile(
    r"(?:作者|记者|記者|编辑|編輯|责任编辑|責任編輯|发布|發布|时间|時間|日期|点击|點擊|浏览|瀏覽|阅读|閱讀|"
    r"字号|字號|字体|字體|通讯员|通訊員|摄影|攝影|分享|打印|举报|舉報|纠错|糾錯|收藏|关注|關注|\d{4}).*$")
_NOT_NAMES = frozenset({"通讯员", "通訊員", "记者", "記者", "摄影", "攝影", "报道", "報道", "報導", "报导", "编辑",
                        "編輯", "责任编辑", "實習生", "实习生", "见习记者", "本报", "本报讯", "综合", "綜合",
                        # the words of a comment form beside a byline
                        "昵称", "暱稱", "匿名", "登录", "登錄", "注册", "註冊", "游客", "遊客", "网友", "網友", "用户",
                        "用戶", "密码", "密碼", "评论", "評論", "发表", "發表", "提交", "验证码", "驗證碼",
                        # and of a forum post's bar
                        "发表于", "發表於", "发布于", "發佈於", "發布於", "更新于", "更新於", "楼主", "樓主", "回复",
                        "回覆", "沙发", "沙發", "板凳", "地板"})


# Labels that end a run of names ("作者：赵明 来源：…", "记者：A　摄像：B").
_LABELS = STARTS_WITH_LABEL


def _clean_name(name: str) -> str:
    name = _STOP_WORDS.sub("", name.strip())
    return re.sub(r"(?:报道|報道|報導|报导|摄影|攝影|摄|攝)$", "", name).strip(" ·")


# Every role of a credit holds one of these characters: a line without them credits nobody, and
# the search for a role (which no literal starts) is saved
_ROLE_CHARS = re.compile("[记記作通撰文图見见]")


# Where a credit names its outlet: a name ending in one of these is a newspaper, a site, an
# agency or a channel, never a reporter (人民日报, 云南网, 法新社, 香港電台-財經, 大公文匯全媒體)
_OUTLET_END = (r"(?:日报|日報|晚报|晚報|晨报|晨報|商报|商報|时报|時報|周报|週報|报社|報社|新闻社|通讯社|通訊社|[报報社网網]|"
               r"电台|電台|电视台|電視台|媒体|媒體|新闻|新聞|客户端|客戶端|频道|頻道|周刊|週刊|杂志|雜誌|财经|財經)")
_OUTLET = re.compile(r"^[\w·.\-－]{1,16}?" + _OUTLET_END + r"(?:[\-－·][\w]{1,6}|\s?[A-Za-z]{1,8})?$")
# An affiliation and a title before the name (作者：某研究中心研究员徐某)
_TITLED_NAME = re.compile(r"(?:副?研究员|副?研究員|副?教授|博士|讲师|講師|主任|院长|院長|所长|所長|专家|專家|学者|學者|"
                          r"律师|律師|医师|醫師|医生|醫生|分析师|分析師)(?P<name>[\u4e00-\u9fff]{2,3})(?=$|[\s）)，,。、])")
_REPORTED = re.compile(r"(?:报道|報道|報導|报导)$")
# A line of names and 報導 without a role (王小明 李大華 報導)
_NAMES_REPORTED = re.compile(r"^(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、\s]\s*[\u4e00-\u9fff]{2,4}){0,3})\s+"
                             r"(?:/|／)?\s*(?:报道|報道|報導)$")
# The Taiwan agency dateline: 中央社記者王小明台北15日電 (name, then place and day glued)
_AGENCY_DATELINE = re.compile(r"(?:记者|記者)(?P<name>[\u4e00-\u9fff]{2,3}?)(?P<place>[\u4e00-\u9fff]{2,4})\d{1,2}日[电電]")
_SENTENCE_MARKS = re.compile(r"[，。！？；,!?;]")


def is_outlet(name: str, shortest: int = 3) -> bool:
    """Whether a name is an outlet's (人民日报, 云南网, 法新社, 香港電台-財經), not a person's; of
    two characters (明報) only where ``shortest`` allows it, in a credit that names no person."""
    name = name.strip()
    return len(name) >= shortest and bool(_OUTLET.match(name))


def _person(name: str) -> bool:
    """A person's name: 2-4 Han characters (more only with the dot of a transliteration), or a
    Latin name; no outlet, no label, no word of a form."""
    if len(name) < 2 or name in _NOT_NAMES or name in _NO_PERSON or is_outlet(name):
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return len(name) <= 4
    return True


def _agency_dateline(line: str) -> list[str]:
    """The reporter of an agency dateline glued to its place (記者王小明台北15日電)."""
    match = _AGENCY_DATELINE.search(line)
    if not match:
        return []
    name, place = match.group("name"), match.group("place")
    if len(name) == 2 and len(place) >= 3:  # (a three-character name is the more common reading)
        name, place = name + place[0], place[1:]
    return [name]


def find_authors(line: str, glued: bool | None = None) -> list[str]:
    """Names credited in a byline such as ``记者 张三 李四 通讯员 王五``. ``glued``: the line is a
    credit bracket or a short credit line, where a name may follow its role without a space (by
    default: when the whole line is one bracket, ``（记者何倩／报道）``, or a short line without a
    sentence's punctuation, ``記者鄧厚仁報道``)."""
    reported = _NAMES_REPORTED.match(line.strip())
    if reported:
        return [n for n in re.split(r"[、\s]+", reported.group("names")) if _person(n)]
    if not _ROLE_CHARS.search(line):
        return []
    dateline = _agency_dateline(line)
    if dateline:
        return dateline
    groups = [_GLUED_GROUP] if glued else [_AUTHOR_GROUP]
    short_line = False
    if glued is None:
        stripped = line.strip()
        if _CREDIT_BRACKET.match(stripped):
            groups = [_GLUED_GROUP, _AUTHOR_GROUP]  # （记者何倩／报道）, or （作者：X）
        elif len(stripped) <= 30 and not _SENTENCE_MARKS.search(stripped):
            groups = [_AUTHOR_GROUP, _GLUED_GROUP]  # a short credit line: 记者 张三, or 記者鄧厚仁報道
            short_line = True
    names: list[str] = []
    for group in groups:
        for match in group.finditer(line):
            if group is _GLUED_GROUP and short_line and not _glued_after(line[:match.start()]):
                continue
            names.extend(n for n in _group_names(line, match) if n not in names)
        if names:
            break
    return names


def _glued_after(before: str) -> bool:
    """Whether a role glued to its name in a short line follows the start of a credit: nothing,
    a separator, or the outlet (河南商报记者马俊峰), not a word (小记者训练营)."""
    word = re.split(r"[\s·|｜:：/／【〔\[（(]", before)[-1]
    return not word or is_outlet(word, 2)


def _group_names(line: str, match: re.Match[str]) -> list[str]:
    names: list[str] = []
    for index, raw in enumerate(re.split(r"[、，,/／\s]+", match.group("names"))):
        if _LABELS.match(raw):
            break
        if index and _REPORTED.search(raw):  # 记者 张三 北京报道: the place it was reported from
            break
        name = _clean_name(raw)
        if len(name) > 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name):
            # an affiliation: the name follows its holder's title (…研究员徐某)
            titled = _TITLED_NAME.search(line, match.start("names"))
            name = titled.group("name") if titled else ""
        if _person(name) and name not in names:
            names.append(name)
    return names


# A reporter's role with its separator: what tells an info bar (记者：A　摄影：B) from a caption
_LABELLED_REPORTER = re.compile(r"(?:记者|記者|作者|通讯员|通訊員)" + GLOSS + r"\s*[:：/／|｜]")


def names_reporter(line: str) -> bool:
    """Whether a line credits a reporter by a labelled role (``记者：A``), whatever else it holds."""
    return bool(_LABELLED_REPORTER.search(line))


def find_editor(line: str) -> str | None:
    """The editor a line credits; of several (编辑：A 责任编辑：B), the one in charge."""
    matches = list(_EDITOR.finditer(line))
    if not matches:
        return None
    match = next((m for m in matches if m.group(0).startswith(("责任编辑", "責任編輯"))), matches[0])
    return _clean_name(match.group("name")) or None


# A line that opens with the editor's label: the 编辑/校对/审核 credit block under an article.
_EDITOR_LINE = re.compile(r"^[（(【\[]?\s*" + _EDITOR_ROLES + GLOSS + r"\s*[:：]")


def find_editor_line(line: str) -> str | None:
    """The editor of a line that is an editor credit (``编辑：X　校对：Y　审核：Z``), else None."""
    return find_editor(line) if _EDITOR_LINE.match(line) else None


# What a byline element holds besides a name: a mark of originality, or "anonymous".
_NO_PERSON = frozenset({"原创", "原創", "转载", "轉載", "佚名", "匿名", "独家", "獨家", "首发", "首發"})
_PLAIN_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,12})$")


def plain_names(text: str) -> list[str]:
    """The names in the text of an element that marks the author (``<span class="author">``):
    a labelled byline, or nothing but a person's name."""
    names = find_authors(text)
    if names:
        return names
    text = until_next_field(text)  # a name glued to its time (张三2017-03-01 14:27)
    if _PLAIN_NAME.match(text) and text not in _NO_PERSON and text not in _NOT_NAMES:
        return [text]
    return []


def find_source(line: str) -> str | None:
    """The outlet after 来源：, up to the next field of its bar (another label, a date, a time)."""
    match = _SOURCE.search(line)
    if not match:
        return None
    rest = until_next_field(line[match.end():])
    bracketed = _BRACKETED_VALUE.match(rest)  # 来源：[ 人民网 ]
    value = _SOURCE_VALUE.match(bracketed.group(1) if bracketed else rest)
    if not value:
        return None
    source = _STOP_WORDS.sub("", value.group(0)).strip(" ·,，")
    words = source.split(" ")
    if len(words) > 1 and (is_label(words[-1]) or _WIDGET_WORD.search(words[-1])):
        source = " ".join(words[:-1])
    tidy = _tidy_outlet(source)
    return None if tidy in _PLACEHOLDERS else tidy


# What a 来源 line prints where it names no outlet (来源：转载文章, 来自：互联网)
_PLACEHOLDERS = frozenset({"转载", "轉載", "转载文章", "轉載文章", "互联网", "互聯網", "网络", "網絡", "網路", "网友", "網友",
                           "未知", "不详", "不詳", "佚名", "综合", "綜合", "网络转载", "網絡轉載", "原创", "原創", "本站",
                           "其他", "其它", "无", "無"})


_BRACKETED_VALUE = re.compile(r"^[\[【［〔(（]\s*([^\]】］〕)）]{1,30}?)\s*[\]】］〕)）]")
# A widget beside the outlet: a comment or share counter (0条评论, 评论 12)
_WIDGET_WORD = re.compile(r"\d|评论|評論|参与|參與|分享|跟帖")


def _tidy_outlet(source: str) -> str | None:
    """An outlet's name without what its bar glues to it: a counter, a bracket left open."""
    source = re.sub(r"\s*\d+\s*(?:条|條|人)?\s*(?:评论|評論|参与|參與|跟帖)?$", "", source).strip() if re.search(
        r"\D", source) else source
    for left, right in (("（", "）"), ("(", ")"), ("【", "】"), ("[", "]")):
        if source.endswith(right) and left not in source:
            source = source[:-1]
        if source.startswith(left) and right not in source:
            source = source[1:]
    source = source.strip(" ·,，:：")
    return source or None


def drop_names(source: str | None, names: list[str]) -> str | None:
    """A source without a reporter's name printed after it (来源：中国新闻网 王帆)."""
    if source and " " in source:
        words = source.split(" ")
        if words[-1] in names:
            return " ".join(words[:-1])
    return source


# Credits that name the outlet without a 来源 label: 据新华社拉萨电, （法新社羅馬19日電）,
# 【明報專訊】, 【文匯網訊】, 北京商报讯（记者…）, (星島日報報道), 大公文匯全媒體報道：
_AGENCY_CREDIT = re.compile(r"^[（(【\[]?\s*据?(?P<outlet>[\u4e00-\u9fff]{1,6}社)(?:记者|記者)?[\u4e00-\u9fff]{0,12}?"
                            r"(?:\d{1,2}月)?(?:\d{1,2}日)?[电電]")
_NEWS_CREDIT = re.compile(r"^[【\[〔]?\s*(?P<outlet>[^\s【】\[\]〔〕（）()：:，。]{2,12}?)(?:專訊|专讯|快訊|快讯|訊|讯)"
                          r"\s*(?:[】\]〕]|(?=[（(]))")
_REPORT_CREDIT = re.compile(r"^[（(【]\s*(?P<outlet>[^\s（）()【】，。]{2,12}?)(?:報道|报道|報導|报导)\s*[）)】]"
                            r"|^(?P<lead>[^\s（）()【】，。：:]{2,12}?)(?:報道|报道|報導|报导)\s*[:：]")
# The outlet before its reporter in a credit line (河南商报记者马俊峰/文, 新京报记者 彭冲)
_OUTLET_REPORTER = re.compile(r"(?:^|[·\s|｜])(?P<outlet>[^\s·|｜（）()，。：:]{2,12}?)(?:记者|記者)")


def credit_source(line: str) -> str | None:
    """The outlet a credit at the start of a paragraph names (据新华社…电, 【明報專訊】, (X報道))."""
    line = line.strip()
    for pattern in (_AGENCY_CREDIT, _NEWS_CREDIT, _REPORT_CREDIT):
        match = pattern.match(line)
        if match:
            outlet = match.group("outlet") or match.group("lead") if pattern is _REPORT_CREDIT else match.group(
                "outlet")
            if outlet and not outlet.startswith("本") and is_outlet(outlet, 2):
                return outlet
    return None


def reporter_outlet(line: str) -> str | None:
    """The outlet a credit line names before its reporter (河南商报记者马俊峰)."""
    if len(line) > 40 or not find_authors(line):
        return None
    match = _OUTLET_REPORTER.search(line)
    if match and not match.group("outlet").startswith("本") and is_outlet(match.group("outlet")):
        return match.group("outlet")
    return None


# An outlet printed against the time without a label: 2024-05-13 12:03 新华社, 原创：X网2024-04-23 12:27
_DATETIME = r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?"
_TIME_OUTLET = re.compile(_DATETIME + r"\s*(?P<after>[^\s|｜:：]{2,16})|(?:^|[\s:：])(?P<before>[^\s|｜:：]{2,16}?)\s*"
                          + _DATETIME)


def time_outlet(line: str) -> str | None:
    """An outlet printed right before or after the time of a header line."""
    if len(line) > 60:
        return None
    for match in _TIME_OUTLET.finditer(line):
        outlet = match.group("after") or match.group("before")
        if outlet and is_outlet(outlet):
            return outlet
    return None


# "北京日报客户端 | 记者 孙云柯": the outlet before the bar is the source
_OUTLET_BYLINE = re.compile(r"^(?P<source>[^|｜\s]{2,20})\s*[|｜]\s*(?:本报|本台)?(?:记者|記者|作者|文|通讯员|通訊員)")
# "本报讯（记者 张三 通讯员 李四）3月3日…": the credit in the lead paragraph
_LEAD_CREDIT = re.compile(r"^[^（(。，]{0,14}[（(](?P<credit>[^（）()]{2,60})[）)]")


def outlet_of_byline(line: str) -> str | None:
    match = _OUTLET_BYLINE.match(line)
    return match.group("source") if match else None


@lru_cache(maxsize=LINE_VERDICTS)
def is_byline(line: str) -> bool:
    """A line that only credits people: ``记者 张三 李四``, ``文/张三``, ``XX客户端 | 记者 张三``."""
    if len(line) > 50 or line.endswith(("。", "！", "？", "”")):
        return False
    return bool(find_authors(line)) or bool(_OUTLET_BYLINE.match(line))


def lead_credit_authors(paragraph: str) -> list[str]:
    """Reporters named in the bracket that opens a lead paragraph (本报讯（记者 X）…)."""
    match = _LEAD_CREDIT.match(paragraph)
    return find_authors(match.group("credit"), glued=True) if match else []


# The credit that closes the last paragraph: （记者 胡晓蓉）, （常书香 马丹阳 ）, （郭旭）
_CLOSING_CREDIT = re.compile(r"[（(](?P<credit>[^（）()]{2,40})[）)]\s*$")
_BARE_NAMES = re.compile(r"^\s*[\u4e00-\u9fff]{2,3}(?:\s*[、\s]\s*[\u4e00-\u9fff]{2,3}){0,3}\s*$")
# What a closing bracket holds besides names: the end of a serial, a note
_NOT_CREDIT = frozenset({"待续", "未完", "全文完", "完结", "完結", "待續", "续完", "續完", "下转", "下轉", "上接", "供图",
                         "供圖", "资料图", "資料圖", "图片", "圖片", "视频", "視頻", "原标题", "原標題", "编者按", "編者按"})


def closing_credit_authors(paragraph: str) -> list[str]:
    """Reporters named in the bracket that closes a last paragraph: a labelled credit (（记者 X）)
    or nothing but names (（X Y）) after the paragraph's last sentence."""
    match = _CLOSING_CREDIT.search(paragraph)
    if not match or match.start() == 0 or not paragraph[:match.start()].rstrip().endswith(
            ("。", "！", "？", "”", "」", ".", "!", "?")):
        return []
    credit = match.group("credit")
    names = find_authors(credit, glued=True)
    if names or not _BARE_NAMES.match(credit):
        return names
    words = re.split(r"[、\s]+", credit.strip())
    if any(word in _NOT_CREDIT or STARTS_WITH_LABEL.match(word) for word in words):
        return []
    return [word for word in words if _person(word)]
