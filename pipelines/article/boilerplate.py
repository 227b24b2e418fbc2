"""What is on an article page but not part of the article: page furniture and boilerplate lines.

Two levels: whole subtrees (navigation, related-news blocks, share bars, comments, footers) are
cut from the tree before the body is searched, and single lines that survive inside the body
(copyright and ICP lines, captions like ``（资料图）``, editor and byline lines, share prompts)
are recognised by their text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from .dom import (
    LINE_VERDICTS,
    clean_space,
    next_element,
    nonspace_len,
    prose_sizes,
    tag_of,
    text_content,
    text_sizes,
    visible_text,
)

# class/id words of page furniture that an article container never carries
_STRONG_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:related|relate|xgxw|xgyd|recommend|tuijian|hot|hotnews|rank|ranking|phb|share|"
    r"bdshare|fenxiang|social|comments?|pinglun|reply|copyright|banquan|ad|ads|advert|guanggao|"
    r"qrcode|ewm|friend-?links?|disclaimer|mianze|shengming|signature|sign|qianming|video-?title)(?:$|[\s_-]|\d)", re.IGNORECASE)
# class/id words of page furniture, unless the element also says it is the article
_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|topbar|header|footer|foot|sidebar|aside|breadcrumb|crumbs?|"
    r"banner|login|search|pager|page-?nav|prev-?next|sxp|tags?|keywords?|toolbar|tools|print|"
    r"links|widget|float|popup|modal|sitemap)(?:$|[\s_-]|\d)", re.IGNORECASE)
# class/id words that mark an article container; they protect an element from the word list above
_ARTICLE_ATTR = re.compile(r"(?:article|content|text|detail|main|body|zhengwen|TRS_Editor|con_?txt)",
                           re.IGNORECASE)
# AMP's ad and embed slots hold nothing but a placeholder ("广告加载中") until an ad is served
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "header", "amp-ad", "amp-embed", "amp-sticky-ad",
                             "amp-auto-ads"})

# Headings of lists that follow an article: related news, hot rankings, recommendations.
_RELATED_WORDS = (
    r"相关新闻|相關新聞|相关阅读|相關閱讀|相关报道|相關報道|相关文章|相關文章|相关链接|相關鏈接|"
    r"延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|热点推荐|熱點推薦|热门推荐|熱門推薦|热门文章|熱門文章|热点新闻|熱點新聞|"
    r"热门排行|熱門排行|排行榜|点击排行|點擊排行|热文排行|今日热点|今日熱點|猜你喜欢|猜你喜歡|为您推荐|為您推薦|"
    r"更多新闻|更多新聞|精彩推荐|精彩推薦|图片新闻|圖片新聞|最新文章|最新资讯|最新資訊|热读|熱讀|网友评论|網友評論|"
    r"发表评论|發表評論|评论区|評論區|全部评论|全部評論")
RELATED_HEADING = re.compile(r"^[【\[「『〖]?\s*(?:" + _RELATED_WORDS + r")\s*[】\]」』〗]?\s*[:：>»]*\s*(?:更多.*)?$")
# A heading's words anywhere in a text: a page without them has no related-news heading to look for
_RELATED_WORD = re.compile(_RELATED_WORDS)
RELATED_HEADING_CHARS = 24  # a related-news heading is short; a longer text is a line of its own

# Furniture wherever it sits in a line: copyright, licence and ICP marks, QR prompts, page tools.
# Two patterns, each searched on its own (a line holds furniture when either finds it): case is
# ignored only where a word has case, which keeps the search over every line of a page cheap.
_FURNITURE_ANYWHERE_LATIN = re.compile(
    r"ICP\s*[备備证證]|ICP\s*[:：]|Copyright|©|\(c\)\s*\d{4}|All Rights Reserved|"
    # the address of the page printed on it (print views, reprint footers)
    r"(?:本文|本页|本頁|原文)(?:网址|網址|链接|鏈接|地址)\s*[:：]\s*(?:https?://|www\.)",
    re.IGNORECASE)
_FURNITURE_ANYWHERE_HAN = re.compile(
    r"公网安备|公網安備|网安备|版权所有|版權所有|未经授权|未經授權|"
    # reprint notices: the copied post's account, and the takedown promise
    r"如有侵权|如有侵權|侵权请联系|侵權請聯繫|侵删|侵刪|转载请注明|轉載請註明|"
    r"不良信息举报|違法和不良信息舉報|互联网新闻信息服务许可|"
    r"扫一扫|掃一掃|扫描二维码|掃描二維碼|打印本页|打印本頁|关闭窗口|關閉窗口|返回顶部|返回頂部|"
    # (every alternative opens with a literal character: re then scans for those characters
    # alone, several times faster than trying the pattern at every position)
    r"点击[^。，！]{0,6}(?:阅读原文|閱讀原文)|點擊[^。，！]{0,6}(?:阅读原文|閱讀原文)|戳[^。，！]{0,6}(?:阅读原文|閱讀原文)")
# The characters a match of the Latin pattern can begin with (its case-blind 'i' also matches
# the dotted and dotless I): a line holding none of them needs no search.
_FURNITURE_LATIN_START = re.compile("[IiİıCcAa©(本原]")


def _furniture_anywhere(text: str) -> bool:
    return bool(_FURNITURE_ANYWHERE_HAN.search(text)
                or _FURNITURE_LATIN_START.search(text) and _FURNITURE_ANYWHERE_LATIN.search(text))


# Furniture by how a line begins (matched at its start only, which keeps the check cheap: it runs
# on every line of every page).
_FURNITURE_START = re.compile(
    # info bars put each field in brackets: 【时间：…】【来源：…】
    r"[【\[]?\s*(?:"
    r"分享到|分享：|分享至|【?\s*打印\s*】?|【?\s*字[体號号]\s*[:：]?\s*[大中小]|字号|字號|【?\s*收藏|上一篇|下一篇|"
    r"上一页|下一页|上一頁|下一頁|首页\s*上一页|当前位置|當前位置|您的位置|你的位置|您现在的位置|"
    r"点击[:：]|點擊[:：]|浏览次数|瀏覽次數|阅读[:：]|閱讀[:：]|阅读量|责任编辑|責任編輯|[（(【\[]\s*责任编辑|"
    r"[（(【\[]\s*責任編輯|[（(【\[]\s*编辑|[（(【\[]\s*編輯|编辑\s*[:：]|編輯\s*[:：]|来源\s*[:：]|來源\s*[:：]|"
    r"发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|(?:最后|最後)?(?:建立|创建|創建|更新|修改)(?:时间|時間)|时间\s*[:：]|時間\s*[:：]|日期\s*[:：]|作者\s*[:：]|"
    r"[（(]\s*[完終终]\s*[）)]$|广告$|廣告$|AD$|[（(]?\s*相[关關]?[资資]料[图圖]\s*[）)]?$|"
    r"[（(]\s*[资資]料[图圖]\s*[）)]$|[（(]\s*[图圖]片?[来來]源[:：].*[）)]$|[图圖]片?[来來]源[:：]|"
    r"本文来源[:：]|本文來源[:：]|声明[:：]|聲明[:：]|(?:Notice|Disclaimer|Statement)\s*[:：]|[【\[（(]?\s*(?:免责声明|免責聲明|特别声明|特別聲明|版权声明|版權聲明)|"
    r"\d+\s*$|"
    # a picture or page counter (1/9, ( 2 / 24 ))
    r"[（(\[]?\s*\d{1,3}\s*[/／]\s*\d{1,3}\s*[）)\]]?\s*$|"
    # ad slots' own words, and the header of a forum post quoted in a reply ("X 发表于 2023-12-12 13:49")
    r"广告(?:加载中|載入中|位招租|位招商)|廣告(?:載入中|加載中)|"
    r"[^\s，。]{0,20}\s*(?:发表于|發表於)\s*(?:19|20)\d\d(?:[-/]\d{1,2}[-/]\d{1,2}|年\d{1,2}月\d{1,2}日)"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$|"
    r"第?\s*\d+\s*页|共\s*\d+\s*页|(?:\d+\s+){2,}|加载更多|加載更多|展开全文|展開全文|"
    r"本帖最后由|本帖最後由|热线电话|联系电话|联系我们|關於我們|关于我们|网站地图|網站地圖|手机版|手機版|"
    # the headline a reprint replaced (原标题：…), and the staff roles that follow 编辑 in a credit
    # block, alone on their line when the block wraps ("（责任编辑：X" / "校对：Y）")
    r"[（(【\[]?\s*原[标標][题題]\s*[:：]|"
    r"[（(【\[]?\s*(?:校对|校對|审核|審核|审校|審校|审稿|審稿|终审|終審|复审|復審|初审|初審|监制|監製|统筹|統籌|"
    r"签发|簽發|值班编辑|值班編輯|美编|美編|编审|編審|责编|責編)\s*[:：]|"
    # the closing furniture of WeChat posts and their mirrors
    r"[-—–_=·\s]*(?:THE\s*)?END[-—–_=·\s]*$|阅读原文|閱讀原文|"
    r"长按(?:识别)?二维码|長按(?:識別)?二維碼|点击(?:上方)?蓝字|點擊(?:上方)?藍字|[点點][个個]?在看)",
    re.IGNORECASE)


def is_furniture(el: etree._Element) -> bool:
    """Whether an element is page furniture by its tag or its class/id words."""
    return _is_furniture(el, tag_of(el))


def _is_furniture(el: etree._Element, tag: str) -> bool:
    if tag in _FURNITURE_TAGS:
        return True
    classes, ident = el.get("class"), el.get("id")
    if not classes and not ident:
        return False  # most elements: nothing to read
    attrs = f"{classes or ''} {ident or ''}"
    if not attrs.strip() or tag in ("body", "html"):
        return False
    return _furniture_words(attrs)


@lru_cache(maxsize=LINE_VERDICTS)
def _furniture_words(attrs: str) -> bool:
    """Whether class and id words (``"CLASSES ID"``) name furniture: a site's templates repeat
    the same few on every page, so the verdicts are remembered like line verdicts."""
    if _STRONG_FURNITURE_ATTR.search(attrs):
        return True
    return bool(_FURNITURE_ATTR.search(attrs)) and not _ARTICLE_ATTR.search(attrs)


# Promotion lines: app-download and follow-us prompts. Their words turn up in prose too ("市民可关注
# 微信公众号预约。"), so they count only in a short line that is no sentence.
_PROMO = re.compile(
    r"(?:下载|下載|安装|安裝)[^。，！？]{0,12}(?:App|APP|app|客户端|客戶端|应用|應用)|App\s*(?:商店|Store)|"
    r"(?:应用|應用)商店|"
    # newsletter sign-ups
    r"新闻信|新聞信|Newsletter|newsletter|(?:订阅|訂閱)[^。，！？]{0,8}(?:电邮|電郵|邮件|郵件)|"
    r"(?:讚好|赞好|點讚|点赞|關注|关注|追蹤|追踪|訂閱|订阅|Follow|Like)[^。！？]{0,20}"
    r"(?:Facebook|facebook|Instagram|YouTube|Youtube|Telegram|Twitter|WhatsApp|微博|公众号|公眾號|專頁|专页)")
# Notices about the text itself: where it first appeared, that it must not be copied, and the
# closing "liked this article?" pitch.
_NOTICE = re.compile(
    r"^[（(【\[]?\s*本文(?:首发|首發|原载|原載|转载自|轉載自|转自|轉自)|^(?:喜欢|喜歡|觉得|覺得)(?:这篇|這篇|本篇|本)文章|"
    r"未经[^。，！？]{0,4}授权|未經[^。，！？]{0,4}授權|"
    r"(?:请勿|請勿|不得|禁止)[^。，！？]{0,4}(?:转载|轉載)|(?:转载|轉載)[^。！？]{0,8}(?:注明|註明)(?:出处|出處|来源|來源)|"
    # the newsroom's tip line: 报料热线／報料電郵 with a number or an address
    r"(?:报料|報料|爆料)(?:热线|熱線|电话|電話|邮箱|郵箱|电邮|電郵)")
PROMO_LINE = 80  # characters of a promotion or notice line at most


def _promo_or_notice(line: str) -> bool:
    if len(line) > PROMO_LINE:
        return False
    if _NOTICE.search(line):
        return True
    return not line.endswith(("。", "！", "”", "」")) and bool(_PROMO.search(line))


# Whole lines of a news site's own kinds, told by their form.
_CREDIT_LINE = re.compile(
    # the print edition a web copy comes from: 《X日报》（2024年05月11日 09版）
    r"《[^《》]{2,16}》\s*[（(]\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:第?\s*[\dA-Z]{1,3}\s*版)?\s*[）)]|"
    # an editor credit in brackets with the outlet before the role: （X网编辑 Y）
    r"[（(【\[][^\s（()）【】\[\]记記者:：]{1,10}(?:编辑|編輯|责编|責編)\s*[:：]?\s*[^\s（()）【】\[\]]{2,4}\s*[）)】\]]|"
    # nothing but topic tags and account mentions: #话题# @账号
    r"(?:(?:#[^#\s]{1,30}#|@[^\s@#]{1,20})\s*)+")
# A teaser of another story: its opening cut off, then a link to the rest (…… [全文])
_TEASER_END = re.compile(
    r"(?:…|\.{3}|。。。)\s*[\[【(（]?\s*(?:全文|详细|詳細|详情|詳情|阅读全文|閱讀全文|查看全文|更多)\s*[\]】)）]?$|"
    r"[\[【]\s*(?:全文|详细|詳細|详情|詳情|阅读全文|閱讀全文|查看全文)\s*[\]】]$")
# A printed date (2005-04-05, 2021年3月4日): info bars open with one, list entries close with one
DATE_STAMP = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
# The info bar a template prints under the headline: a date (and time) and then field labels
# (2005-04-05 06:40更新 来源：X, 2021年3月4日 发布 | 点击：20), no sentence of its own
_STAMP_BAR = re.compile(
    DATE_STAMP + r"(?:[\s\d:：|｜/·•-]|星期.|周.){0,20}"
    r"(?:来源|來源|稿源|点击|點擊|浏览|瀏覽|阅读|閱讀|字号|字號|更新|发布|發布|發佈|发表|發表)")
STAMP_BAR_LINE = 60  # characters of an info bar at most
# a pager: 第1页/共3页, 上一页 | 下一页
_PAGER = re.compile(r"第\s*\d+\s*[页頁]\s*[/／]?\s*共\s*\d+\s*[页頁]|上一[页頁][^。，！？]{0,6}下一[页頁]")


def _site_line(line: str) -> bool:
    if _CREDIT_LINE.fullmatch(line) or _TEASER_END.search(line):
        return True
    return (len(line) <= STAMP_BAR_LINE and not line.endswith(("。", "！", "？"))
            and bool(_STAMP_BAR.match(line)))


@lru_cache(maxsize=LINE_VERDICTS)
def is_boilerplate_line(text: str) -> bool:
    """Whether a single line of text is page furniture wherever it appears."""
    line = text.strip()
    return (bool(_FURNITURE_START.match(line)) or _furniture_anywhere(line)
            or _promo_or_notice(line) or _site_line(line))


def is_pager(text: str) -> bool:
    """Whether a text holds a pager (第1页/共3页, 上一页 | 下一页): a table row holding one is the
    page's navigation, not a row of data."""
    return bool(_PAGER.search(text))


def has_furniture_words(text: str) -> bool:
    """Whether a line holds copyright, licence or page-tool words anywhere (the check for lines
    whose start says nothing, such as the rows of a table)."""
    return _furniture_anywhere(text)


def _remove(el: etree._Element, changed: list[etree._Element]) -> None:
    """Drop an element but keep its tail text, which belongs to the parent (noted in ``changed``)."""
    parent = el.getparent()
    if parent is None:
        return
    changed.append(parent)
    tail = el.tail
    if tail and tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _related_block(heading: etree._Element) -> list[etree._Element]:
    """The heading element and the link lists that follow it."""
    block = [heading]
    node = next_element(heading)
    while node is not None:
        text = visible_text(node)
        links = sum(len(visible_text(a)) for a in node.iter("a"))
        is_list = tag_of(node) in ("ul", "ol", "dl") or (text and links / max(1, len(text)) > 0.5)
        if not is_list:
            break
        block.append(node)
        node = next_element(node)
    return block


# A link that is only a way out of the article: back to the home page or channel, "more".
_NAV_PROMPT = re.compile(
    r"(?:返回|回到)[^，。！？]{0,8}(?:首页|首頁|频道|頻道|主页|主頁)(?:\s*[，,]?\s*(?:查看|看)?更多\S{0,4})?$|"
    r"(?:返回|回到)[^，。！？]{0,8}[，,]\s*(?:查看|看)更多\S{0,4}$|"
    r"(?:查看|阅读|閱讀)更多(?:精彩|新闻|新聞|资讯|資訊)?$")
NAV_PROMPT_CHARS = 16


def _is_nav_prompt(link: etree._Element) -> bool:
    """Whether a link's whole text is a way out of the article (``返回搜狐，查看更多``)."""
    if link.getparent() is None:
        return False
    text = visible_text(link)
    return 2 <= len(text) <= NAV_PROMPT_CHARS and bool(_NAV_PROMPT.match(text))


PAGE_WIDE_SHARE = 0.6  # of the page's prose: no box of furniture holds that much of it


def _holds_the_page(el: etree._Element, root: etree._Element, counts: dict[etree._Element, int]) -> bool:
    """Whether ``el`` holds most of the page's prose: then it is the page's (or the article's)
    wrapper, whatever its class words say (``has-nav``, ``no-ad``, ``nav-open``), and cutting it
    would cut the article with it. The same holds inside an ``<article>`` or ``<main>``: a
    ``<header>`` or a ``sidebar``-classed box that holds most of the article's prose is where the
    template put the story. ``counts``: the page's :func:`prose_sizes` before any cut."""
    prose = counts.get(el, 0)
    if not prose:
        return False
    total = counts.get(root, 0)
    if prose >= PAGE_WIDE_SHARE * total:
        return True
    story = next((a for a in el.iterancestors("article", "main")), None)
    return story is not None and prose >= PAGE_WIDE_SHARE * counts.get(story, 0)


def prune_furniture(root: etree._Element) -> list[etree._Element]:
    """Cut navigation, related-news blocks, share bars, comments and footers out of the tree;
    returns the elements that lost a child (and so their text may have changed)."""
    changed: list[etree._Element] = []
    counts: dict[etree._Element, int] | None = None
    # Every element of the tree as it was, a removed one's descendants too: a site's body
    # selector may have picked an element inside a removed subtree, and that element is pruned
    # all the same.
    for el in list(root.iter(etree.Element)):
        tag = el.tag.lower()
        # (most elements have no attribute at all, and so neither a class nor an id: no call
        # for them; keys() is the cheapest question lxml answers about attributes)
        if tag == "a" and _is_nav_prompt(el):
            _remove(el, changed)  # "返回首页，查看更多" glued to the end of the last paragraph
            continue
        if (tag in _FURNITURE_TAGS or el.keys()) and el.getparent() is not None and _is_furniture(el, tag):
            if counts is None:  # (read once, and only on a page with furniture to cut)
                counts = prose_sizes(root)
            if _holds_the_page(el, root, counts):
                continue  # a page-wide wrapper whose class only sounds like furniture
            _remove(el, changed)
    _prune_related(root, changed)
    return changed


def _prune_related(root: etree._Element, changed: list[etree._Element]) -> None:
    """Cut related-news headings with the lists they head."""
    if not _RELATED_WORD.search(text_content(root)):
        return  # no element's text holds a heading's words
    elements = list(root.iter(etree.Element))
    # An element's text does not change before its turn: a removal changes the text of the
    # removed part's ancestors only, which come earlier in document order. So the character
    # counts of the tree as it is now hold for every element when its turn comes, and they
    # rule out the elements whose text is too long to be a heading without reading it.
    counts = text_sizes(root)
    # Short elements whose text holds no heading word: an element's text is a piece of its
    # parent's, so the children of one of them hold none either and need no reading.
    wordless: set[etree._Element] = set()
    for el in elements:
        count = counts[el]
        # (an element without text has no heading to read either)
        if not count or count > RELATED_HEADING_CHARS:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if parent in wordless:
            wordless.add(el)
            continue
        tag = el.tag.lower()
        if tag in ("body", "html"):
            continue
        raw = text_content(el)
        if not _RELATED_WORD.search(raw):
            wordless.add(el)
            continue
        text = clean_space(raw)
        if text and len(text) <= RELATED_HEADING_CHARS and RELATED_HEADING.match(text):
            # the heading may sit in its own wrapper: climb while the wrapper adds nothing
            node = el
            parent = node.getparent()
            while (parent is not None and tag_of(parent) not in ("body", "html")
                   and visible_text(parent) == text):
                node, parent = parent, parent.getparent()
            container = node.getparent()
            if container is not None and _is_link_list(container, text):
                _remove(container, changed)
            else:
                for part in _related_block(node):
                    if part.getparent() is not None:
                        _remove(part, changed)


def _is_link_list(container: etree._Element, heading: str) -> bool:
    """A heading's container that is nothing but that heading and links: a related-news box."""
    text = visible_text(container).replace(" ", "")
    links = sum(nonspace_len(text_content(a)) for a in container.iter("a"))
    rest = len(text) - len(heading.replace(" ", ""))
    return rest > 0 and links / rest > 0.6
