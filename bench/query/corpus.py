"""A synthetic archive for the query benchmark: invented regional-news articles, fast to make.

Articles of ~1,500 characters are drawn from a fixed pool of invented sentences (regional-news
words from the lists below, glued with frequent characters drawn by a Zipf-like law), so the
characters and bigrams have a realistic skew: a few occur in almost every article, most are rare.
Everything comes from one seed; drawing sentences from a pool (instead of composing every
article character by character) is what makes a million articles take seconds, not minutes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.record import MANIFEST_SCHEMA

PLACES = ("江川 临港 白沙 云溪 望江 青石 北新 东湖 南岭 西山 清河 金沙 龙泉 凤凰 石门 柳林 桃源 松山 "
          "梅溪 竹园 绵阳 乐山 宜宾 泸州 德阳 南充 达州 广元 遂宁 内江 自贡 雅安 眉山 资阳 巴中").split()
NOUNS = ("地铁 医院 学校 新闻 道路 工程 项目 企业 农业 水稻 茶叶 旅游 文化 社区 街道 居民 岗位 招聘会 "
         "高速公路 服务区 充电桩 图书馆 博物馆 体育馆 消防 气象 预警 寒潮 暴雨 防汛 森林 防火 安全 检查 "
         "教育 卫生 健康 门诊 疫苗 养老 托育 就业 创业 电商 直播 物流 港口 铁路 机场 公交 停车场 菜市场 "
         "夜市 美食节 灯会 非遗 民俗 老街 古镇 新城 园区 产业 基金 科技 芯片 新能源 光伏 风电 储能 "
         "人民医院 中心城区 乡村振兴 营商环境 生态环境 污水处理 垃圾分类 老旧小区 城市更新 人才公寓 "
         "义务教育 职业学校 高新区 开发区 自贸区 农产品 猕猴桃 柑橘 油菜花 大熊猫 志愿者 网格员").split()
VERBS = ("开工 建成 投入使用 启动 举办 开展 发布 完成 推进 通过 获批 签约 开放 升级 改造 召开 部署 落实 "
         "走访 调研 检查 指导 表彰 动员 培训 宣传 整治 排查 恢复 提升").split()
FILLER = ("据悉 目前 近日 记者 了解到 全市 全县 今年 以来 共计 同比 增长 个 项 家 万元 亿元 人次 "
          "有关负责人 介绍 表示 此外 同时 下一步 将 继续 进一步 加快 确保").split()
# Frequent characters of Chinese text, most frequent first (a Zipf-like law over this order).
COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
          "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
          "使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你"
          "明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果"
          "料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农"
          "指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济"
          "阶油思术极交受联什认六共权收证改清美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声"
          "报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低"
          "持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构"
          "府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住"
          "调满县局照参红细引听该铁价严龙飞")


_CUMULATIVE = list(np.cumsum([1.0 / (rank + 8) for rank in range(len(COMMON))]))


def _zipf_chars(rng: random.Random, k: int) -> str:
    return "".join(rng.choices(COMMON, cum_weights=_CUMULATIVE, k=k))


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(PLACES), rng.choice(NOUNS), rng.choice(VERBS), _zipf_chars(rng, rng.randint(3, 9)),
             rng.choice(FILLER), rng.choice(NOUNS), str(rng.randint(2, 9999)), rng.choice(FILLER),
             _zipf_chars(rng, rng.randint(2, 8)), rng.choice(NOUNS)]
    return "".join(parts) + rng.choice("，。。；、")


class Corpus:
    """Invented articles, deterministic for a seed: ``rows(start, n)`` is manifest rows."""

    def __init__(self, seed: int = 8, pool: int = 40_000, sites: int = 40) -> None:
        rng = random.Random(seed)
        self.pool = np.array([_sentence(rng) for _ in range(pool)], dtype=object)
        self.titles = np.array([rng.choice(PLACES) + rng.choice(NOUNS) + rng.choice(VERBS) + rng.choice(NOUNS)
                                for _ in range(pool // 4)], dtype=object)
        self.sources = [p + "日报" for p in PLACES]
        self.seed = seed
        self.sites = sites

    def rows(self, start: int, n: int, total: int) -> list[dict[str, Any]]:
        """Articles ``start`` … ``start + n - 1`` of ``total`` (published over ~1 year, in order)."""
        rng = np.random.default_rng([self.seed, start])
        base = datetime(2024, 1, 1, tzinfo=UTC)
        sentences = rng.integers(0, len(self.pool), size=(n, 64))  # ~40 characters each
        lengths = rng.integers(30, 66, size=n)  # ~1,500 characters on average
        titles = rng.integers(0, len(self.titles), size=n)
        jitter = rng.integers(0, 3600, size=n)
        extra = rng.integers(0, len(self.sources), size=(n, 2))
        span = 365 * 86400 // max(total, 1)
        out = []
        for j in range(n):
            i = start + j
            site = f"site{i % self.sites:02d}"
            when = base + timedelta(seconds=i * span + int(jitter[j]))
            record_id = f"{i:016x}"
            copy_of = f"{i - 1:016x}" if i % 10 == 9 else None  # one in ten copies the one before
            url = f"http://{site}.example.cn/{i}.html"
            title = str(self.titles[titles[j]])
            out.append({
                "id": record_id, "url": url, "final_url": url, "canonical_url": url, "site": site,
                "fetched_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "title": title, "title_raw": title,
                "text": "".join(self.pool[sentences[j, :lengths[j]]]),
                "published_at": (when + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                "source": self.sources[extra[j, 0]], "authors": [self.sources[extra[j, 1]][:1] + "明"],
                "editor": None, "images": [], "language": "zh", "script": "zh-Hans",
                "script_original": "zh-Hans", "encoding": "utf-8", "encoding_declared": "utf-8",
                "repairs": "{}", "content_hash": f"sha256:{i:064x}", "cluster_id": copy_of or record_id,
                "duplicate_of": copy_of,
                "raw": {"warc": f"raw/site={site}/date=2024-01-01/{site}-20240101000000-00001.warc.gz",
                        "offset": i * 2000, "length": 2000, "record_id": f"<urn:uuid:{i:032x}>"},
            })
        return out


def write_archive(root: Path, n: int, *, seed: int = 8, pool: int = 40_000, per_manifest: int = 25_000) -> int:
    """Manifests of ``n`` invented articles under ``root`` (what reindex and export read)."""
    corpus = Corpus(seed, pool)
    written = 0
    for number, start in enumerate(range(0, n, per_manifest)):
        count = min(per_manifest, n - start)
        path = root / "manifests" / f"date=2024-01-01/bench-20240101000000-{number:06x}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(corpus.rows(start, count, n), schema=MANIFEST_SCHEMA)
        pq.write_table(table, path, compression="zstd")
        written += count
    return written
