"""Title decorations are one file under DIFANG_HOME shared by every crawl: two crawls of
different sites that overlap (both loaded the file before either saved it) each keep what they
learned, in-process and across processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from pipelines.text import TitleDecorations

HEADS = [f"{place}{what}" for place in ("青山县", "白水镇", "东城区", "南湖街道")
         for what in ("召开防汛工作会议", "开展义诊活动", "启动秋季招聘会", "通报道路施工进展")]


def learn(path: Path, site: str, suffix: str) -> None:
    decorations = TitleDecorations.load(path)
    for head in HEADS:
        decorations.observe(site, head + suffix)
    decorations.save(path)


def test_overlapping_saves_keep_both_sites(tmp_path: Path) -> None:
    path = tmp_path / "title_decorations.json"
    first, second = TitleDecorations.load(path), TitleDecorations.load(path)  # both before any save
    for head in HEADS:
        first.observe("qs", head + "_青山新闻网")
        second.observe("bs", head + " - 白水在线")
    first.save(path)
    second.save(path)
    loaded = TitleDecorations.load(path)
    assert loaded.decorations("qs")[1] == {"_青山新闻网"}
    assert loaded.decorations("bs")[1] == {"- 白水在线"}


def test_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "title_decorations.json"
    sites = [(f"site{i}", f"_第{i}频道") for i in range(8)]
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=learn, args=(path, site, suffix)) for site, suffix in sites]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    loaded = TitleDecorations.load(path)
    for site, suffix in sites:
        assert loaded.decorations(site)[1] == {suffix}, site
