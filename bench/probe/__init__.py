"""Benchmark of ``difang sites probe``: probed site files against hand-written ones (run.py)."""
