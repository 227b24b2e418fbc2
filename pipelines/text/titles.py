"""Headlines: the same repairs as body text, plus removal of SEO decorations (`全球看點:`,
`_環球報資訊`) and of the site-name suffix of `<title>`.

Decorations come from a fixed vocabulary and, per site, from affixes that recur across many
unrelated headlines of that site (`TitleDecorations`). Matching is done on a Simplified shadow of
the title (character-level map, same length), so one vocabulary serves every script.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from pipelines.text.normalize import FINISH_STEPS, REPAIR_STEPS, Normalized, apply_script, run_steps
from pipelines.text.plausibility import place_names, simplify_chars

_HEADS = "全球|环球|世界|天天|今日|当前|头条|即时|实时|每日|热点|今日|最新"
_TAILS = "看点|要闻|热议|快讯|资讯|实时|最新|焦点|微速讯|报资讯|最资讯|热搜|播报|速递|动态|头条|看|观察|聚焦|关注|热闻|快看"
DECORATION = rf"(?:(?:{_HEADS})(?:{_TAILS})|视点|焦点|速看|热议|快讯)"
_PREFIX_SEP = "[:：!！丨|]"
_SUFFIX_SEP = "[ _|丨\u3000]"
_FIXED_PREFIX = re.compile(rf"^\s*(?:【{DECORATION}】|{DECORATION}{_PREFIX_SEP})\s*")
_FIXED_SUFFIX = re.compile(rf"\s*(?:【{DECORATION}】|{_SUFFIX_SEP}+{DECORATION})\s*$")
_SITE_SEP = r"\s*[_\-|–—·:：丨]\s*"
MIN_REMAINDER = 4  # never strip a headline down to less than this


def shadow(text: str) -> str:
    """Simplified view of `text` of the same length, for matching."""
    return simplify_chars(text)


def strip_fixed(title: str) -> tuple[str, int]:
    count = 0
    for pattern in (_FIXED_PREFIX, _FIXED_SUFFIX):
        m = pattern.search(shadow(title))
        if m and len(title) - (m.end() - m.start()) >= MIN_REMAINDER:
            title = title[: m.start()] + title[m.end() :]
            count += 1
    return title, count


def strip_site_title(title: str, site_title: str | None) -> tuple[str, int]:
    if not site_title or not site_title.strip():
        return title, 0
    name = re.escape(shadow(site_title.strip()))
    m = re.search(rf"{_SITE_SEP}{name}\s*$", shadow(title)) or re.search(rf"^\s*{name}{_SITE_SEP}", shadow(title))
    if m and len(title) - (m.end() - m.start()) >= MIN_REMAINDER:
        return title[: m.start()] + title[m.end() :], 1
    return title, 0


_AFFIX_PREFIX = re.compile(r"^(【[^】]{1,10}】|[^:：!！丨|_【】]{2,8}[:：!！丨|])")
# a separator (with the spaces around it) and a name, or a bracketed tag: ` - 港區新聞網`, `_环球报资讯`
_AFFIX_SUFFIX = re.compile(r"((?:\s*[_|丨\-–—]\s*|\s+)[^\s_|丨\-–—]{2,10}|【[^】]{1,10}】)$")
_AFFIX_MARKS = " _|丨-–—【】:：!！\u3000"
_ADMIN_UNITS = "省市区县州旗盟镇乡村"


def is_dateline(affix: str) -> bool:
    """True for a place name (`北京:`, `【四川宜宾】`, `黄埔区:`): news datelines recur on a site's
    headlines as often as SEO decorations do, but they are content."""
    core = affix.strip(_AFFIX_MARKS)
    places = place_names()
    if core in places or (core[-1:] in _ADMIN_UNITS and 2 <= len(core) <= 6):
        return True
    return any(core[:i] in places and core[i:] in places for i in range(2, len(core) - 1))


class TitleDecorations:
    """Learns, per site, the affixes that recur across many unrelated headlines."""

    MIN_HEADLINES = 5  # an affix seen on this many distinct headlines of a site is a decoration
    MAX_SEEN = 20_000

    def __init__(self) -> None:
        self._sites: dict[str, dict[str, object]] = {}
        self._seen_keys: dict[str, set[int]] = {}  # per site: the keys of its "seen" list
        self._touched: set[str] = set()  # sites observed since loading: what save() writes

    def _site(self, site: str) -> dict[str, object]:
        return self._sites.setdefault(site, {"prefix": {}, "suffix": {}, "seen": []})

    def observe(self, site: str, title: str) -> None:
        try:
            title = title.strip()
            self._touched.add(site)
            state = self._site(site)
            seen = state["seen"]
            assert isinstance(seen, list)
            shadowed = shadow(title)
            key = zlib.crc32(shadowed.encode("utf-8"))
            # the list is what is kept (in order, in the JSON file); a set beside it answers
            # "seen?" without a scan of up to MAX_SEEN keys per title
            seen_keys = self._seen_keys.get(site)
            if seen_keys is None:
                seen_keys = self._seen_keys[site] = set(seen)
            if key in seen_keys or len(title) < MIN_REMAINDER:
                return
            if len(seen) < self.MAX_SEEN:
                seen.append(key)
                seen_keys.add(key)
            for kind, pattern in (("prefix", _AFFIX_PREFIX), ("suffix", _AFFIX_SUFFIX)):
                m = pattern.search(shadowed)
                if m:
                    counts = state[kind]
                    assert isinstance(counts, dict)
                    affix = m.group(1).strip()
                    counts[affix] = counts.get(affix, 0) + 1
        except Exception:  # pragma: no cover - learning must never break a crawl
            return

    def decorations(self, site: str) -> tuple[set[str], set[str]]:
        state = self._sites.get(site)
        if not state:
            return set(), set()
        out: list[set[str]] = []
        for kind in ("prefix", "suffix"):
            counts = state[kind]
            assert isinstance(counts, dict)
            out.append({a for a, n in counts.items() if n >= self.MIN_HEADLINES and not is_dateline(a)})
        return out[0], out[1]

    def strip(self, site: str, title: str) -> str:
        return self.strip_counted(site, title)[0]

    def strip_counted(self, site: str, title: str) -> tuple[str, int]:
        prefixes, suffixes = self.decorations(site)
        count = 0
        for kind, affixes in (("prefix", prefixes), ("suffix", suffixes)):
            pattern = _AFFIX_PREFIX if kind == "prefix" else _AFFIX_SUFFIX
            m = pattern.search(shadow(title.strip()))
            if m and m.group(1).strip() in affixes:
                t = title.strip()
                rest = t[m.end() :] if kind == "prefix" else t[: m.start()]
                if len(rest.strip()) >= MIN_REMAINDER:
                    title = rest.strip()
                    count += 1
        return title, count

    def to_json(self) -> dict[str, object]:
        return {"version": 1, "sites": self._sites}

    @property
    def touched(self) -> set[str]:
        """The sites observed since loading: what a save writes."""
        return set(self._touched)

    def site_state(self, site: str) -> dict[str, object]:
        """What is learned of one site (JSON-able): affix counts and the keys of headlines seen."""
        return self._site(site)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the sites observed since loading into the file, keeping every other site as the
        file has it now: two crawls of different sites that overlap each keep what they learned
        (the last one's whole-file write used to lose the other's). Under a lock file; the JSON is
        written atomically (a temporary file in the same folder, then rename)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.with_name(target.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            current = TitleDecorations.load(target)
            for site in self._touched:
                current._sites[site] = self._site(site)
            fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(current.to_json(), fh, ensure_ascii=False)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TitleDecorations:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        return cls.from_sites(data.get("sites", {}))

    @classmethod
    def from_sites(cls, sites: dict[str, Any]) -> TitleDecorations:
        """Decorations from per-site states as :meth:`site_state` gives them."""
        out = cls()
        for site, state in sites.items():
            out._sites[site] = {
                "prefix": dict(Counter(state.get("prefix", {}))),
                "suffix": dict(Counter(state.get("suffix", {}))),
                "seen": list(state.get("seen", [])),
            }
        return out


def normalize_title(
    title: str,
    target_script: str = "zh-Hans",
    *,
    site_title: str | None = None,
    decorations: TitleDecorations | None = None,
    site: str | None = None,
) -> Normalized:
    """Normalize a headline. Never raises; idempotent."""
    try:
        repairs: dict[str, int] = {}
        text = run_steps(str(title).replace("\n", " "), REPAIR_STEPS, repairs)
        text = text.strip()
        removed = 0
        for _ in range(3):  # decorations can be stacked: `全球看點:… _環球報資訊`
            before = text
            text, n = strip_site_title(text, site_title)
            removed += n
            if decorations is not None and site:
                text, n = decorations.strip_counted(site, text)
                removed += n
            text, n = strip_fixed(text)
            removed += n
            text = text.strip()
            if text == before:
                break
        if removed:
            repairs["title_decorations"] = removed
        text, source = apply_script(text, target_script, repairs)
        text = run_steps(text, FINISH_STEPS, repairs)
        return Normalized(text.replace("\n", " "), source, repairs)
    except Exception:  # pragma: no cover
        return Normalized(str(title), "und", {"normalize_failed": 1})
