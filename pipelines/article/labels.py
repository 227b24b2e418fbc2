"""Field labels of info bars and credit lines: the one vocabulary source, author and editor parsing share.

Portals print several fields in one bar or bracket with nothing but the next label between them
(``来源：X台栏目：《Y》时长：02:24``, ``记者：A　摄像：B　编辑：C``, ``来源：X日报转自：Y发布``), so
a value runs until the next label, and a label is never a name. Bilingual pages gloss a label in
English before its colon (``记者 Reporter：A``, ``编辑 Editor：B``); the gloss belongs to the label.
"""

from __future__ import annotations

import re

# Labels of two or more characters, grouped by the field they announce. Names are matched
# character by character against these, so single characters (文, 图) are listed apart.
_SOURCE_PREFIXES = ("本文", "文章", "信息", "新闻", "新聞", "稿件", "图片", "圖片")
_SOURCE_LABELS = ("来源", "來源", "稿源", "出处", "出處", "转自", "轉自", "转载自", "轉載自", "原载", "原載")
_PEOPLE_LABELS = ("记者", "記者", "通讯员", "通訊員", "作者单位", "作者單位", "作者", "撰文", "摄影", "攝影", "摄像",
                  "攝像", "图片", "圖片", "翻译", "翻譯", "编译", "編譯", "配音", "剪辑", "剪輯", "制作", "製作", "策划",
                  "策劃", "出品")
_STAFF_LABELS = ("责任编辑", "責任編輯", "值班编辑", "值班編輯", "编辑", "編輯", "责编", "責編", "美编", "美編", "编审",
                 "編審", "主编", "主編", "校对", "校對", "审核", "審核", "审校", "審校", "审稿", "審稿", "初审", "初審",
                 "二审", "二審", "三审", "三審", "复审", "復審", "终审", "終審", "监制", "監製", "统筹", "統籌", "签发",
                 "簽發", "选稿", "選稿")
_PAGE_LABELS = ("发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "發佈日期", "发布", "發布", "發佈", "时间", "時間",
                "日期", "更新", "栏目", "欄目", "时长", "時長", "频道", "頻道", "节目", "節目", "点击", "點擊", "浏览", "瀏覽",
                "阅读", "閱讀", "字号", "字號", "字体", "字體")
_WORDS = _PEOPLE_LABELS + _STAFF_LABELS + _PAGE_LABELS
LABEL_WORDS = (r"(?:" + "|".join(_SOURCE_PREFIXES) + r")?(?:" + "|".join(_SOURCE_LABELS) + r")|"
               + "|".join(_WORDS))
# The characters a label can start with: a name's character outside them needs no label check
LABEL_INITIALS = "".join(sorted({w[0] for w in _SOURCE_PREFIXES + _SOURCE_LABELS + _WORDS}))
# One-character roles, labels only with their separator: 文/A, 图｜B, 摄：C
_SHORT_ROLES = r"文|图|圖|摄|攝"
# The English gloss of a bilingual label
GLOSS = (r"(?:\s*(?:Reporters?|Editors?|Source|Authors?|Writers?|Photos?|Photographers?|Translators?|"
         r"Correspondents?|Published|Date|Time)\b)?")
_SEPARATOR = r"\s*[:：]"
_ROLE_SEPARATOR = r"\s*[:：/／|｜]"
# The start of the next field: a label with its separator, or a date or a clock time
_NEXT_FIELD = re.compile(
    r"(?:" + LABEL_WORDS + r")" + GLOSS + _ROLE_SEPARATOR + r"|(?:" + _SHORT_ROLES + r")" + _ROLE_SEPARATOR
    + r"|(?<!\d)(?:(?:19|20)\d\d\s*[-/.年]|\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}|\d{1,2}:\d{2})")
_LABEL_ALONE = re.compile(r"^(?:(?:" + LABEL_WORDS + r"|" + _SHORT_ROLES + r")" + GLOSS + r")$")
# A line that is one bracket holding one labelled field: （作者单位：X）, 【来源：X】
_BRACKETED_FIELD = re.compile(r"^[（(【\[]\s*(?:" + LABEL_WORDS + r")" + GLOSS + _SEPARATOR
                              + r"[^（）()【】\[\]]{1,60}[）)】\]]$")
STARTS_WITH_LABEL = re.compile(r"^(?:" + LABEL_WORDS + r")")


def until_next_field(value: str) -> str:
    """``value`` cut where the next field of its bar begins (a label, a date, a time)."""
    match = _NEXT_FIELD.search(value, 1)
    return value[:match.start()].strip() if match else value.strip()


def is_label(word: str) -> bool:
    """Whether ``word`` is nothing but a field label (``编辑``, ``文``, ``记者 Reporter``)."""
    return bool(_LABEL_ALONE.match(word.strip()))


def is_bracketed_field(line: str) -> bool:
    """Whether a line is a bracket around one labelled field (``（作者单位：大理市委党校）``)."""
    return bool(_BRACKETED_FIELD.match(line.strip()))
