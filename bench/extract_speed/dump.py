"""Every field the extract stage gives, on every page of every set, written to one JSON file: the
reference that a change meant to keep the output identical is diffed against.

Per page: the :class:`Article` fields of ``extract_article`` and the ``article_page_links`` the
spider follows; per multi-page labelled article: the fields ``pipelines.process.extract_fields``
stitches from its pages. ``--tree DIR`` runs the extractor of another checkout (a ``git worktree``
of an earlier commit) on the same pages.

    .venv/bin/python -m bench.extract_speed.dump --out /tmp/after.json [--tree /tmp/extract-before]
    .venv/bin/python -m bench.extract_speed.dump --diff /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .tree import use_tree

Dump = dict[str, dict[str, Any]]


def _page_fields() -> Dump:
    from pipelines.article import article_page_links, extract_article

    from .pages import page_sets

    found: Dump = {}
    for pages in page_sets().values():
        for page in pages:
            fields = asdict(extract_article(page.html, page.url))
            fields["page_links"] = article_page_links(page.html, page.url)
            found[page.name] = fields
    return found


def _stitched_fields() -> Dump:
    """extract_fields over the pages of each labelled article of more than one page."""
    from pipelines.process import extract_fields
    from tests.article.golden import load_cases

    found: Dump = {}
    for case in load_cases():
        if len(case.pages) < 2:
            continue
        item: dict[str, Any] = {"url": case.url,
                                "pages": [{"text": html, "final_url": url} for url, html in case.pages]}
        extract_fields(item, None, "Asia/Shanghai")  # type: ignore[arg-type]
        found[f"article/golden/{case.name} (stitched)"] = {k: v for k, v in item.items() if k not in ("url", "pages")}
    return found


def dump() -> Dump:
    """Fields by page name (see the module docstring)."""
    return {**_page_fields(), **_stitched_fields()}


def differences(before: Dump, after: Dump) -> list[str]:
    """One line per page and field that differ (or per page that only one side has)."""
    found: list[str] = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            found.append(f"{name}: only in {'after' if old is None else 'before'}")
            continue
        found.extend(f"{name}: {key}: {old.get(key)!r} != {new.get(key)!r}"
                     for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, help="checkout whose extractor runs (default: this one)")
    parser.add_argument("--out", type=Path, help="where the JSON dump goes")
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("BEFORE", "AFTER"), help="compare two dumps")
    args = parser.parse_args()
    if args.diff:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.diff)
        found = differences(before, after)
        fields = sum(len(v) for v in before.values())
        print("\n".join(found) or f"identical: {len(before)} pages, {fields} fields")
        sys.exit(1 if found else 0)
    use_tree(args.tree)
    if args.out is None:
        parser.error("--out is needed to write a dump")
    args.out.write_text(json.dumps(dump(), ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
