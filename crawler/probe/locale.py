"""What a portal's pages say about where it is: script, time zone, its name.

- Script: the detector of the text library (pipelines.text.detect_script) over the sampled
  articles' titles and bodies: zh-Hans, or Traditional as zh-TW, zh-HK or zh-Hant.
- Time zone: the UTC offsets the pages and feeds state (ISO 8601 times in meta tags, JSON-LD and
  <time>, RFC 822 dates in feeds); +08:00 is mainland China, Taiwan, Hong Kong, Macau and more,
  so the host's country domain and the script decide among those. Nothing stated: Asia/Shanghai,
  with a note saying it was assumed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipelines.text import detect_script

_ISO_OFFSET = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?([+-])(\d{2}):?(\d{2})\b")
_RFC822_OFFSET = re.compile(r"\b\d{1,2} \w{3} \d{4} \d{2}:\d{2}(?::\d{2})? ([+-])(\d{2})(\d{2})\b")
# UTC offsets to the zone a Chinese-language newsroom keeping that offset most likely uses;
# a pair of offsets (summer and winter time) names its zone better than either alone
_OFFSET_ZONES = {
    "+09:00": "Asia/Tokyo", "+07:00": "Asia/Bangkok", "+05:30": "Asia/Kolkata", "+10:00": "Australia/Sydney",
    "+11:00": "Australia/Sydney", "+12:00": "Pacific/Auckland", "+13:00": "Pacific/Auckland",
    "+00:00": "Europe/London", "+01:00": "Europe/Paris", "+02:00": "Europe/Paris", "-04:00": "America/New_York",
    "-05:00": "America/New_York", "-07:00": "America/Los_Angeles", "-08:00": "America/Los_Angeles",
}
_PAIRS = {frozenset({"+00:00", "+01:00"}): "Europe/London", frozenset({"+01:00", "+02:00"}): "Europe/Paris"}
_COUNTRY_ZONES = {"tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "mo": "Asia/Macau", "sg": "Asia/Singapore",
                  "my": "Asia/Kuala_Lumpur"}
_SCRIPT_ZONES = {"zh-TW": "Asia/Taipei", "zh-HK": "Asia/Hong_Kong"}
DEFAULT_ZONE = "Asia/Shanghai"
# second-level labels under a country code, and generic top-level domains, that name no portal
_GENERIC_LABELS = {"www", "m", "wap", "com", "net", "org", "gov", "edu", "ac", "cn", "tw", "hk", "mo", "info",
                   "news", "top", "xyz", "cc", "tv", "site"}


@dataclass(frozen=True)
class Decision:
    value: str
    note: str = ""  # why, when the pages did not say it plainly


def decide_script(texts: Iterable[str]) -> Decision:
    script = detect_script("\n".join(texts))
    if script == "und":
        return Decision("zh-Hans", "script: no Chinese text in the sampled articles; zh-Hans assumed")
    return Decision(script)


def stated_offsets(documents: Iterable[str]) -> Counter[str]:
    """UTC offsets of the times the documents state (``Z`` says nothing about a newsroom)."""
    found: Counter[str] = Counter()
    for text in documents:
        for pattern in (_ISO_OFFSET, _RFC822_OFFSET):
            for sign, hours, minutes in pattern.findall(text):
                found[f"{sign}{hours}:{minutes}".replace("-00:00", "+00:00")] += 1
    return found


def decide_timezone(offsets: Counter[str], host: str, script: str) -> Decision:
    country = host.rsplit(".", 1)[-1].lower() if not host.replace(".", "").isdigit() else ""
    local = _COUNTRY_ZONES.get(country) or _SCRIPT_ZONES.get(script)
    if not offsets:
        if local:
            return Decision(local, f"timezone: no page states a UTC offset; {local} from the "
                                   f"{'domain' if country in _COUNTRY_ZONES else 'script'}")
        return Decision(DEFAULT_ZONE, f"timezone: no page states a UTC offset; {DEFAULT_ZONE} assumed")
    top = [offset for offset, _ in offsets.most_common(2)]
    if len(top) == 2 and frozenset(top) in _PAIRS:
        return Decision(_PAIRS[frozenset(top)])
    offset = top[0]
    if offset == "+08:00":
        if local:
            return Decision(local)
        if script == "zh-Hant":
            return Decision(DEFAULT_ZONE, "timezone: +08:00 in Traditional script: Asia/Taipei or "
                                          "Asia/Hong_Kong may be right; Asia/Shanghai kept")
        return Decision(DEFAULT_ZONE)
    zone = _OFFSET_ZONES.get(offset)
    if zone is None:
        return Decision(DEFAULT_ZONE, f"timezone: pages state {offset}, which no zone here is known for; "
                                      f"{DEFAULT_ZONE} kept")
    return Decision(zone, f"timezone: from the stated offset {offset}")


def site_name(url: str) -> str:
    """A site name (``[a-z0-9_-]+``) from the host: ``www.yunxi.gov.cn`` -> ``yunxi``."""
    host = (urlsplit(url).hostname or "site").lower()
    if host.replace(".", "").isdigit() or ":" in host:
        return re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "site"
    labels = [label for label in host.split(".") if label not in _GENERIC_LABELS]
    name = "-".join(labels[-2:]) if labels else host.split(".")[0]
    return re.sub(r"[^a-z0-9_-]+", "-", name).strip("-") or "site"


_TITLE_SEPARATORS = re.compile(r"\s*[|_—–·]\s*|\s+-\s+|-{2,}")
_HOME_WORDS = {"首页", "主页", "首頁", "主頁", "home", "index", "homepage", "网站首页", "網站首頁"}


def site_title(titles: Sequence[str], fallback: str) -> str:
    """The portal's name from its pages' <title>s (the home page's first): the part most of them
    share ("…_云溪县人民政府"), else the home page's first part that is not "首页"."""
    parts = [[p.strip() for p in _TITLE_SEPARATORS.split(t.strip()) if p.strip()
              and p.strip().lower() not in _HOME_WORDS] for t in titles]
    counts = Counter(p for title in parts for p in set(title))
    shared = [p for p, n in counts.most_common() if n >= 2 and n == counts.most_common(1)[0][1]]
    if shared and len(titles) >= 2:
        return max(shared, key=len)[:80]
    return parts[0][0][:80] if parts and parts[0] else fallback
