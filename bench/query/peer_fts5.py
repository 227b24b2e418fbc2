"""The peer of the query benchmark: the design difang's index replaced, rebuilt here on the same
corpus — an SQLite FTS5 contentless table (positions kept) over every Han bigram and the last
character of each run, phrase queries for long words, prefix queries for one character, the
articles joined and sorted by date for every match.

Measured on the first articles of the synthetic archive only: it indexes ~100 times slower.
"""

from __future__ import annotations

import re
import sqlite3
import time
from operator import add
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from bench.query.measure import Timings, query_mix
from query.terms import normalized

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")


def _terms(text: str) -> str:
    parts = []
    for han, other in _RUN.findall(normalized(text, "zh-Hans")):
        parts.append((" ".join(map(add, han, han[1:])) + " " + han[-1]) if han else other)
    return " ".join(parts)


def _match(query: str) -> str:
    clauses = []
    for han, other in _RUN.findall(normalized(query)):
        if other or len(han) == 2:
            clauses.append(f'"{other or han}"')
        elif len(han) == 1:
            clauses.append(f'"{han}" *')
        else:
            clauses.append('"' + " ".join(map(add, han, han[1:])) + '"')
    return " AND ".join(clauses)


def measure_peer(archive: Path, workdir: Path, n: int = 10_000) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "fts5.sqlite"
    path.unlink(missing_ok=True)
    manifest = sorted((archive / "manifests").rglob("*.parquet"))[0]
    rows = pq.read_table(manifest, columns=["id", "site", "published_at", "title", "text"]).slice(0, n).to_pylist()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id, site, published_at, title)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, content='', tokenize='ascii')")
    started = time.monotonic()
    db.execute("BEGIN")
    for i, r in enumerate(rows):
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?)", (i, r["id"], r["site"], r["published_at"], r["title"]))
        db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (i, _terms(r["title"]), _terms(r["text"])))
    db.execute("COMMIT")
    db.execute("CREATE INDEX articles_published ON articles(published_at)")
    seconds = time.monotonic() - started
    timings = Timings()
    for kind, sel in query_mix():
        clauses, params = ["fts MATCH ?"], [_match(sel.query)]
        if sel.sites:
            clauses.append("a.site = ?")
            params.append(sel.sites[0])
        if sel.since:
            clauses += ["a.published_at >= ?", "a.published_at < ?"]
            params += [sel.since, (sel.until or "") + "\uffff"]
        order = "bm25(fts, 4.0, 1.0)" if sel.sort == "relevance" else "a.published_at DESC"
        t = time.perf_counter()
        db.execute(f"SELECT a.* FROM fts JOIN articles a ON a.rowid = fts.rowid WHERE {' AND '.join(clauses)} "
                   f"ORDER BY {order} LIMIT 20", params).fetchall()
        timings.add(f"{kind}_{sel.sort}", (time.perf_counter() - t) * 1000)
    db.close()
    summary = {k: round(v, 1) for k, v in timings.summary().items()}
    return {"articles": n, "reindex_s": round(seconds, 1), "reindex_articles_per_s": round(n / seconds),
            "index_bytes_per_article": round(path.stat().st_size / n), **summary}
