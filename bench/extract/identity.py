"""Identity check of a refactoring: the current extractor against the one of an earlier commit,
field by field, on every stored page (labelled and held-out sets).

Run from the repository root before committing a change that must not alter output:
``.venv/bin/python -m bench.extract.identity [--before COMMIT]``; exits 1 and names the pages and
fields that differ.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from pipelines.article import article_page_links, extract_article
from tests.article.stored_pages import StoredPage, stored_pages

from .reference import BEFORE_SPEED_WORK, reference_extractor


def differences(commit: str = BEFORE_SPEED_WORK) -> list[str]:
    """One line per page and field where the current code's output differs from ``commit``'s."""
    before = reference_extractor(commit)
    found: list[str] = []
    pages = stored_pages()
    # the pages cut off two thirds in as well: broken markup, unclosed blocks, a body without its end
    cut = [StoredPage(page.name + " (cut)", page.url, page.html[: len(page.html) * 2 // 3]) for page in pages]
    for page in pages + cut:
        old, new = asdict(before.extract_article(page.html, page.url)), asdict(extract_article(page.html, page.url))
        found.extend(f"{page.name}: {key}: {old[key]!r} != {new[key]!r}" for key in old if old[key] != new[key])
        old_links, new_links = before.article_page_links(page.html, page.url), article_page_links(page.html, page.url)
        if old_links != new_links:
            found.append(f"{page.name}: page links: {old_links!r} != {new_links!r}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default=BEFORE_SPEED_WORK, help="commit of the reference extractor")
    args = parser.parse_args()
    found = differences(args.before)
    print("\n".join(found) or f"identical output on every stored page and its cut-off copy ({len(stored_pages())} pages)")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
