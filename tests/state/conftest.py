"""Cluster-mode state tests: the PostgreSQL stores (``*_pg.py``) against a real server
(tests/pgserver.py). Without the cluster extra (psycopg) only the single-machine checks run."""

from __future__ import annotations

import importlib.util

collect_ignore_glob = [] if importlib.util.find_spec("psycopg") else ["*_pg.py"]
