"""Every field the extract stage gives, on every page of every set, written to one JSON file: the
reference that a change meant to keep the output identical is diffed against.

Per page: the :class:`Article` fields of ``extract_article`` and the ``article_page_links`` the
spider follows; per multi-page labelled article: the fields ``pipelines.process.extract_fields``
stitches from its pages. ``--tree DIR`` runs the extractor of another checkout (a ``git worktree``
of an earlier commit) on the same pages.

    .venv/bin/python -m bench.extract_speed.dump --out /tmp/after.json [--tree /tmp/extract-before]
    .venv/bin/python -m bench.extract_speed.dump --diff /tmp/before.json /tmp/after.json
    .venv/bin/python -m bench.extract_speed.dump --write-digests   # after an intended change

digests.json holds a short hash of each page's fields (the test of output identity compares them).
"""

from __future__ import annotations

import argparse
import hashlib
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


DIGESTS = Path(__file__).parent / "digests.json"


def digests(found: Dump) -> dict[str, str]:
    """A short hash of every page's fields: what tests/article/test_output_identity.py compares
    the extractor's output with, without keeping the output itself in the repository."""
    return {name: hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
            for name, fields in sorted(found.items())}


def write_digests(found: Dump) -> None:
    DIGESTS.write_text(json.dumps(digests(found), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                       encoding="utf-8")


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
    parser.add_argument("--write-digests", action="store_true",
                        help=f"record the output's digests in {DIGESTS.name} (after an intended change of output)")
    args = parser.parse_args()
    if args.diff:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.diff)
        found = differences(before, after)
        fields = sum(len(v) for v in before.values())
        print("\n".join(found) or f"identical: {len(before)} pages, {fields} fields")
        sys.exit(1 if found else 0)
    use_tree(args.tree)
    if args.out is None and not args.write_digests:
        parser.error("--out or --write-digests is needed")
    output = dump()
    if args.out is not None:
        args.out.write_text(json.dumps(output, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(f"wrote {args.out}")
    if args.write_digests:
        write_digests(output)
        print(f"wrote {DIGESTS} ({len(output)} pages)")


if __name__ == "__main__":
    main()
