"""Query benchmark: reindex, search latency, Parquet export and index size on a synthetic archive.

Not part of pytest. Writes a synthetic archive (manifests only: what reindex and export read) of
N invented articles, then measures. Usage:

    .venv/bin/python -m bench.query.run --articles 100000 300000 [--workdir /tmp/difang-bench]

Appends the figures to bench/query/results.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import statistics
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from archive.index import QueryIndex, index_path
from archive.query_export import selected_tables, write
from archive.query_filters import Selection
from archive.query_rebuild import rebuild
from archive.query_source import ArchiveReader
from archive.record import MANIFEST_SCHEMA
from archive.store import FileStore

HERE = Path(__file__).parent
# Invented vocabulary: place names, subjects and verbs of regional news, combined at random.
PLACES = "江川 临港 白沙 云溪 望江 青石 北新 东湖 南岭 西山 清河 金沙 龙泉 凤凰 石门 柳林 桃源 松山 梅溪 竹园".split()
NOUNS = ("地铁 医院 学校 新闻 道路 工程 项目 企业 农业 水稻 茶叶 旅游 文化 社区 街道 居民 岗位 招聘会 "
         "高速公路 服务区 充电桩 图书馆 博物馆 体育馆 消防 气象 预警 寒潮 暴雨 防汛 森林 防火 安全 检查 "
         "教育 卫生 健康 门诊 疫苗 养老 托育 就业 创业 电商 直播 物流 港口 铁路 机场 公交 停车场 菜市场 "
         "夜市 美食节 灯会 非遗 民俗 老街 古镇 新城 园区 产业 基金 科技 芯片 新能源 光伏 风电 储能").split()
VERBS = "开工 建成 投入使用 启动 举办 开展 发布 完成 推进 通过 获批 签约 开放 升级 改造 召开 部署 落实".split()
FILLER = "据悉 目前 近日 记者 了解到 全市 全县 今年 以来 共计 同比 增长 个 项 家 万元 亿元 人次".split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(PLACES), rng.choice(NOUNS), rng.choice(VERBS), rng.choice(FILLER),
             rng.choice(NOUNS), str(rng.randint(2, 9999)), rng.choice(FILLER), rng.choice(NOUNS)]
    return "".join(words) + rng.choice("，。；")


def make_rows(n: int, start: int, rng: random.Random, sites: int) -> list[dict[str, Any]]:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(start, start + n):
        site = f"site{i % sites:02d}"
        when = base + timedelta(minutes=i * 500_000 // max(n + start, 1) * 1 + rng.randint(0, 59))
        text = "".join(sentence(rng) for _ in range(rng.randint(14, 30)))  # ~300-700 characters
        title = rng.choice(PLACES) + rng.choice(NOUNS) + rng.choice(VERBS) + rng.choice(NOUNS)
        record_id = f"{i:016x}"
        copy_of = f"{i - 1:016x}" if i % 10 == 9 else None  # one in ten is a copy of the one before
        rows.append({
            "id": record_id, "url": f"http://{site}.example.cn/{i}.html",
            "final_url": f"http://{site}.example.cn/{i}.html", "canonical_url": f"http://{site}.example.cn/{i}.html",
            "site": site, "fetched_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "title": title,
            "title_raw": title, "text": text, "published_at": (when + timedelta(hours=8)).strftime(
                "%Y-%m-%dT%H:%M:%S+08:00"), "source": rng.choice(PLACES) + "日报",
            "authors": [rng.choice(PLACES)[:1] + rng.choice(NOUNS)[:1]], "editor": None, "images": [],
            "language": "zh", "script": "zh-Hans", "script_original": "zh-Hans", "encoding": "utf-8",
            "encoding_declared": "utf-8", "repairs": "{}", "content_hash": f"sha256:{i:064x}",
            "cluster_id": copy_of or record_id, "duplicate_of": copy_of,
            "raw": {"warc": f"raw/site={site}/date=2024-01-01/{site}-20240101000000-00001.warc.gz",
                    "offset": i * 2000, "length": 2000, "record_id": f"<urn:uuid:{i:032x}>"},
        })
    return rows


def make_archive(root: Path, n: int, per_manifest: int = 50_000) -> None:
    rng = random.Random(8)
    for start in range(0, n, per_manifest):
        count = min(per_manifest, n - start)
        rows = make_rows(count, start, rng, sites=40)
        path = root / "manifests" / f"date=2024-01-01/bench-20240101000000-{start // per_manifest:06x}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA), path, compression="zstd")


def queries(rng: random.Random) -> list[Selection]:
    out: list[Selection] = []
    chars = "".join(NOUNS)
    for i in range(300):
        kind = i % 10
        if kind == 0:
            q = rng.choice(chars)  # one character
        elif kind < 6:
            q = rng.choice([w for w in NOUNS if len(w) == 2])
        elif kind < 8:
            q = rng.choice([w for w in NOUNS if len(w) >= 3]) + " " + rng.choice(PLACES)
        else:
            q = rng.choice(PLACES) + rng.choice(NOUNS)
        site = (f"site{rng.randrange(40):02d}",) if i % 3 == 0 else ()
        since = "2024-03-01" if i % 4 == 0 else None
        until = "2024-05-31" if i % 4 == 0 else None
        out.append(Selection(query=q, sites=site, since=since, until=until,
                             sort="relevance" if i % 5 == 0 else "date", limit=20))
    return out


def measure(n: int, workdir: Path) -> dict[str, Any]:
    root, home = workdir / f"archive-{n}", workdir / f"home-{n}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    t = time.monotonic()
    make_archive(root, n)
    generated = time.monotonic() - t
    reader = ArchiveReader(FileStore(root))
    report = rebuild(reader, index_path(home), manifests_only=True, workers=2)
    size = index_path(home).stat().st_size
    index = QueryIndex(index_path(home))
    timings = []
    for sel in queries(random.Random(3)):
        t = time.perf_counter()
        index.search(sel)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    wanted = {f"{r['id']}|{r['fetched_at']}": r["clean_key"]
              for r in index.execute("SELECT id, fetched_at, clean_key FROM articles")}
    t = time.monotonic()
    exported = write(selected_tables(reader, wanted), str(workdir / f"export-{n}.parquet"), "parquet")
    export_s = time.monotonic() - t
    assert exported == n, exported
    index.close()
    return {"articles": n, "generate_s": generated, "reindex_s": report.seconds,
            "index_bytes_per_article": size / n, "search_p50_ms": statistics.median(timings),
            "search_p95_ms": timings[int(len(timings) * 0.95) - 1], "search_max_ms": timings[-1],
            "export_parquet_s": export_s}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{platform.machine()}, {cores} cores, {model}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/difang-bench-query"))
    args = parser.parse_args()
    lines = [f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}\n",
             "| articles | reindex (s) | export Parquet (s) | search p50 (ms) | search p95 (ms) | "
             "search max (ms) | index bytes/article |", "|---|---|---|---|---|---|---|"]
    for n in args.articles:
        r = measure(n, args.workdir)
        print(r, flush=True)
        lines.append(f"| {n:,} | {r['reindex_s']:.1f} | {r['export_parquet_s']:.1f} | {r['search_p50_ms']:.1f} | "
                     f"{r['search_p95_ms']:.1f} | {r['search_max_ms']:.1f} | {r['index_bytes_per_article']:.0f} |")
    with open(HERE / "results.md", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
