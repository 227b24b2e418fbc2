"""The UI's words: Chinese first, English on request (``?lang=en``, remembered in a cookie).

Messages are keyed by a short English name; a message may have ``{name}`` fields. A key missing
from a language falls back to the Chinese text, and a missing key shows the key itself (so a
typo is visible on the page instead of an exception).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
COOKIE = "difang_lang"
HTML_LANG = {"zh": "zh-Hans", "en": "en"}

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation and frame
    "app": ("地方 · 新闻存档", "difang · news archive"),
    "nav.search": ("检索", "Search"),
    "nav.sites": ("站点", "Sites"),
    "nav.stats": ("统计", "Stats"),
    "switch": ("English", "中文"),
    "footer": ("只读界面：不写入存档。", "Read-only: nothing here writes to the archive."),
    # search
    "search.box": ("检索词（简体或繁体，空格分隔，须全部出现）", "Words (Simplified or Traditional, all must occur)"),
    "search.go": ("检索", "Search"),
    "search.site": ("站点", "Site"),
    "search.all_sites": ("全部站点", "all sites"),
    "search.since": ("起始日期", "From"),
    "search.until": ("截止日期", "To"),
    "search.date_field": ("日期依据", "Date of"),
    "search.published": ("发布时间", "publication"),
    "search.fetched": ("抓取时间", "capture"),
    "search.source": ("来源", "Source"),
    "search.author": ("作者", "Author"),
    "search.sort": ("排序", "Order"),
    "search.by_date": ("最新在前", "newest first"),
    "search.by_relevance": ("相关度", "relevance"),
    "search.per_page": ("每页", "Per page"),
    "search.count": ("共 {count} 条", "{count} found"),
    "search.count_about": ("至多 {count} 条", "at most {count} found"),
    "search.none": ("没有找到符合条件的文章。", "No article matches."),
    "search.showing": ("第 {first}–{last} 条", "showing {first}–{last}"),
    "search.export": ("导出同一检索", "Export this selection"),
    "search.prev": ("上一页", "Previous"),
    "search.next": ("下一页", "Next"),
    "search.page": ("第 {page} 页", "page {page}"),
    "search.cluster": ("同一报道的全部稿件", "every copy of this story"),
    "search.copy_of": ("转载", "copy"),
    "search.no_title": ("（无标题）", "(no title)"),
    # article
    "article.published": ("发布时间", "Published"),
    "article.fetched": ("抓取时间", "Captured"),
    "article.site": ("站点", "Site"),
    "article.source": ("来源", "Source"),
    "article.authors": ("作者", "Authors"),
    "article.editor": ("编辑", "Editor"),
    "article.url": ("原文地址", "Address"),
    "article.canonical": ("规范地址", "Canonical address"),
    "article.images": ("图片", "Images"),
    "article.no_caption": ("（无说明）", "(no caption)"),
    "article.images_note": ("图片未存档，链接指向原站。", "Images are not archived; links lead to the live site."),
    "article.encoding": ("编码", "Encoding"),
    "article.encoding_used": ("实际使用 {used}，声明为 {declared}", "used {used}, declared {declared}"),
    "article.script": ("字形", "Script"),
    "article.script_value": ("{script}（原文 {original}）", "{script} (original {original})"),
    "article.repairs": ("修复", "Repairs"),
    "article.no_repairs": ("无", "none"),
    "article.error": ("正文提取失败", "Extraction failed"),
    "article.story": ("同一报道", "This story"),
    "article.story_link": ("查看整个报道（{count} 篇）", "the whole story ({count} copies)"),
    "article.alone": ("未发现其他转载。", "No other copy found."),
    "article.this": ("本文", "this article"),
    "article.raw": ("原始网页", "Raw capture"),
    "article.warc": ("WARC 记录", "WARC record"),
    "article.json": ("JSON 记录", "JSON record"),
    "article.archived_as": ("存档时的聚类：{value}（之后由去重索引更新）",
                            "archived with {value} (since updated by the dedupe index)"),
    "role.origin": ("首发", "origin"),
    "role.copy": ("转载", "copy"),
    "col.role": ("角色", "Role"),
    "col.published": ("发布", "Published"),
    "col.fetched": ("抓取", "Captured"),
    "col.site": ("站点", "Site"),
    "col.title": ("标题", "Title"),
    "col.source": ("来源", "Source"),
    # story
    "story.title": ("报道 {cluster}", "Story {cluster}"),
    "story.copies": ("{count} 篇稿件，首发在前", "{count} copies, origin first"),
    # raw
    "raw.title": ("原始网页", "Raw capture"),
    "raw.note": ("下方是服务器当时返回的网页，在沙箱中显示：网页的脚本无法访问本界面、Cookie 或其他存档，也无法联网；"
                 "网页里的链接指向原站。",
                 "The page as the server sent it, in a sandbox: its scripts cannot reach this interface, its "
                 "cookies or other captures, nor the network; links inside it lead to the live site."),
    "raw.scripts_on": ("运行网页自带的脚本（仍在沙箱内）", "run the page's own scripts (still sandboxed)"),
    "raw.scripts_off": ("关闭网页脚本", "turn the page's scripts off"),
    "raw.download": ("下载原始字节", "Download the exact bytes"),
    "raw.warc": ("下载 WARC 记录", "Download the WARC record"),
    "raw.pywb": ("在 pywb 中回放", "Replay in pywb"),
    "raw.headers": ("响应头", "Response headers"),
    "raw.status": ("状态", "Status"),
    "raw.date": ("抓取时间（WARC-Date）", "Captured (WARC-Date)"),
    "raw.url": ("请求地址", "Target URI"),
    "raw.size": ("大小", "Size"),
    "raw.size_value": ("{payload} 字节（解压后 {body} 字节）", "{payload} bytes ({body} decoded)"),
    "raw.back": ("返回文章", "Back to the article"),
    # sites
    "sites.title": ("站点看板", "Sites board"),
    "sites.schedule": ("计划", "Schedule"),
    "sites.next": ("下次运行", "Next run"),
    "sites.last": ("上次运行", "Last run"),
    "sites.per_day": ("近 30 天每日存档", "Archived per day, last 30 days"),
    "sites.total": ("共 {count} 篇", "{count} in all"),
    "sites.alerts": ("告警", "Alerts"),
    "sites.no_alerts": ("无", "none"),
    "sites.broken": ("无法加载的站点文件", "Broken site files"),
    "sites.broken_file": ("站点文件有误（见下）", "site file broken (below)"),
    "sites.last_good": ("守护进程仍按上次有效的定义运行该站点", "the daemon keeps running its last good definition"),
    "sites.no_runs": ("尚无运行记录", "no runs yet"),
    "sites.no_history": ("未找到守护进程的运行记录（{path}）。", "No run history of the daemon at {path}."),
    "sites.paused": ("已暂停", "paused"),
    "sites.never": ("不会运行", "never"),
    "sites.not_scheduled": ("（守护进程尚未排期）", "(not scheduled by the daemon yet)"),
    "sites.unknown": ("未知站点：{name}", "unknown site: {name}"),
    "sites.history": ("运行记录", "Run history"),
    "sites.history_chart": ("每次运行存档的文章（最近 {count} 次）", "Articles archived per run (last {count})"),
    "sites.log": ("最近一次抓取日志（末尾 {lines} 行）", "Latest crawl log (last {lines} lines)"),
    "sites.no_log": ("没有日志。", "No log."),
    "sites.file_gone": ("站点文件已删除", "site file removed"),
    "run.started": ("开始", "Started"),
    "run.took": ("耗时", "Took"),
    "run.outcome": ("结果", "Outcome"),
    "run.pages": ("页面", "Pages"),
    "run.articles": ("文章", "Articles"),
    "run.duplicates": ("重复", "Duplicates"),
    "run.errors": ("错误", "Errors"),
    "run.late": ("延迟", "late"),
    "run.trigger": ("触发", "Trigger"),
    # stats
    "stats.title": ("存档统计", "Archive statistics"),
    "stats.sites": ("各站点", "Per site"),
    "stats.articles": ("文章", "Articles"),
    "stats.duplicates": ("转载", "Copies"),
    "stats.duplicate_rate": ("转载率", "Copy rate"),
    "stats.extraction_errors": ("提取失败", "Extraction errors"),
    "stats.first_day": ("最早", "First day"),
    "stats.last_day": ("最近", "Last day"),
    "stats.per_day": ("各站点每日文章", "Articles per site per day"),
    "stats.encodings": ("编码（声明 → 使用）", "Encodings (declared → used)"),
    "stats.repairs": ("文本修复", "Text repairs"),
    "stats.repair": ("修复", "Repair"),
    "stats.total": ("次数", "Total"),
    "stats.last_crawl": ("各站点最近一次抓取（runs/）", "Last crawl per site (runs/)"),
    "stats.finished": ("结束", "Finished"),
    "stats.reason": ("结束原因", "Reason"),
    "stats.filter": ("筛选", "Filter"),
    "stats.empty": ("没有数据。", "Nothing yet."),
    # errors
    "error.title": ("出错了", "Something is wrong"),
    "error.not_found": ("找不到：{what}", "Not found: {what}"),
    "error.bad_request": ("请求有误：{what}", "Bad request: {what}"),
    "error.internal": ("服务器内部错误，已记录在服务器日志中。", "Internal error; it is in the server's log."),
    "error.unavailable": ("暂时无法使用：{what}", "Unavailable: {what}"),
    "error.page": ("页面不存在", "no such page"),
    "error.home": ("回到检索", "Back to search"),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **fields)`` in ``lang``."""
    column = 1 if lang == "en" else 0

    def t(key: str, **fields: Any) -> str:
        entry = MESSAGES.get(key)
        text = key if entry is None else (entry[column] or entry[0])
        return text.format(**fields) if fields else text

    return t


def choose(query: Mapping[str, str], cookies: Mapping[str, str]) -> tuple[str, bool]:
    """The language of a request, and whether it was asked for now (so it is remembered)."""
    asked = query.get("lang", "")
    if asked in LANGUAGES:
        return asked, True
    kept = cookies.get(COOKIE, "")
    return (kept if kept in LANGUAGES else DEFAULT), False
