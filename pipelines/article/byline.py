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
_NAMES = r"(?P<names>(?:(?:" + _NAME + r")(?:\s*[、，,/／\s]\s*)?){1,6})"
_AUTHOR_GROUP = re.compile(_ROLE + GLOSS + r"(?:\s*[:：/|｜]\s*|\s+)" + _NAMES)
# Inside a credit bracket (本报讯（记者王明 通讯员李华）, 新华社…电（记者A、B）, （記者X／報導）) the
# name often follows its role without a space; only the reporter roles, never a bare 文
_GLUED_GROUP = re.compile(r"(?:本报|本台|本刊|本网|特约|首席|融媒)?(?:见习|見習)?(?:记者|記者|通讯员|通訊員)" + GLOSS
                          + r"(?:\s*[:：/|｜]\s*|\s*)" + _NAMES)
_CREDIT_BRACKET = re.compile(r"^[（(][^（）()]{2,60}[）)]$")
# One name, or several joined by 、 as printed ("(责编：余丽萍、邱洁)")
_EDITOR = re.compile(r"(?:责任编辑|責任編輯|编辑|編輯|责编|責編)" + GLOSS + r"\s*[:：]?\s*(?P<name>(?:" + _NAME + r")(?:、(?:"
                     + _NAME + r"))*)")
# The outlet: one word, or two when the second is no tool of the page (【字体：…】, [打印]).
_SOURCE = re.compile(r"(?:来源|來源|稿源|出处|出處)" + GLOSS + r"\s*[:：]\s*(?=\S)")
_SOURCE_VALUE = re.compile(r"[^\s|｜/【\[】\]]+(?:\s(?![【\[（(])[^\s|｜/:：【\[】\]]+)?")
# Words that follow a source or name on the same line and are no part of it: other labels, and
# the page's tools (字体 大中小, 举报, 纠错, 收藏) that sit in the same info bar.
_STOP_WORDS = re.compile(
    r"(?:作者|记者|記者|编辑|編輯|责任编辑|責任編輯|发布|發布|时间|時間|日期|点击|點擊|浏览|瀏覽|阅读|閱讀|"
    r"字号|字號|字体|字體|通讯员|通訊員|摄影|攝影|分享|打印|举报|舉報|纠错|糾錯|收藏|关注|關注|\d{4}).*$")
_NOT_NAMES = frozenset({"通讯员", "通訊員", "记者", "記者", "摄影", "攝影", "报道", "報道", "報導", "报导", "编辑",
                        "編輯", "责任编辑", "實習生", "实习生", "见习记者", "本报", "本报讯", "综合", "綜合"})


# Labels that end a run of names ("作者：赵明 来源：…", "记者：A　摄像：B").
_LABELS = STARTS_WITH_LABEL


def _clean_name(name: str) -> str:
    name = _STOP_WORDS.sub("", name.strip())
    return re.sub(r"(?:报道|報道|報導|报导|摄影|攝影|摄|攝)$", "", name).strip(" ·")


# Every role of a credit holds one of these characters: a line without them credits nobody, and
# the search for a role (which no literal starts) is saved
_ROLE_CHARS = re.compile("[记記作通撰文图見见]")


def find_authors(line: str, glued: bool | None = None) -> list[str]:
    """Names credited in a byline such as ``记者 张三 李四 通讯员 王五``. ``glued``: the line is a
    credit bracket, where a name may follow its role without a space (by default: when the whole
    line is one bracket, ``（记者何倩／报道）``)."""
    if not _ROLE_CHARS.search(line):
        return []
    if glued is None:
        glued = bool(_CREDIT_BRACKET.match(line.strip()))
    names: list[str] = []
    for match in (_GLUED_GROUP if glued else _AUTHOR_GROUP).finditer(line):
        for raw in re.split(r"[、，,/／\s]+", match.group("names")):
            if _LABELS.match(raw):
                break
            name = _clean_name(raw)
            if len(name) >= 2 and name not in _NOT_NAMES and name not in names:
                names.append(name)
    return names


# A reporter's role with its separator: what tells an info bar (记者：A　摄影：B) from a caption
_LABELLED_REPORTER = re.compile(r"(?:记者|記者|作者|通讯员|通訊員)" + GLOSS + r"\s*[:：/／|｜]")


def names_reporter(line: str) -> bool:
    """Whether a line credits a reporter by a labelled role (``记者：A``), whatever else it holds."""
    return bool(_LABELLED_REPORTER.search(line))


def find_editor(line: str) -> str | None:
    match = _EDITOR.search(line)
    return _clean_name(match.group("name")) if match else None


# A line that opens with the editor's label: the 编辑/校对/审核 credit block under an article.
_EDITOR_LINE = re.compile(r"^[（(【\[]?\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編)" + GLOSS + r"\s*[:：]")


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
    text = text.strip()
    if _PLAIN_NAME.match(text) and text not in _NO_PERSON and text not in _NOT_NAMES:
        return [text]
    return []


def find_source(line: str) -> str | None:
    """The outlet after 来源：, up to the next field of its bar (another label, a date, a time)."""
    match = _SOURCE.search(line)
    if not match:
        return None
    value = _SOURCE_VALUE.match(until_next_field(line[match.end():]))
    if not value:
        return None
    source = _STOP_WORDS.sub("", value.group(0)).strip(" ·,，")
    words = source.split(" ")
    if len(words) > 1 and is_label(words[-1]):
        source = " ".join(words[:-1])
    return source or None


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
