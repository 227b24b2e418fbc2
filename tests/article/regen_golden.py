"""Regenerate the labelled set in tests/article/golden/ after an intended change to the
templates or the story generator: ``.venv/bin/python -m tests.article.regen_golden``.

Labels come from the generator, never from the extractor, so they stay ground truth.
"""

from __future__ import annotations

import json
import random
import shutil

from .golden import GOLDEN
from .more_templates import MORE_TEMPLATES
from .shape_templates import SHAPE_TEMPLATES
from .stories import make_story
from .templates import TEMPLATES
from .unit_templates import UNIT_TEMPLATES

# new templates go last: a template's index seeds its pages, so the older pages stay as they were
ALL_TEMPLATES = {**TEMPLATES, **MORE_TEMPLATES, **SHAPE_TEMPLATES, **UNIT_TEMPLATES}

PAGES_PER_TEMPLATE = 5


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    GOLDEN.mkdir(parents=True)
    count = 0
    for t_index, (template, render) in enumerate(ALL_TEMPLATES.items()):
        for i in range(PAGES_PER_TEMPLATE):
            rng = random.Random(f"{template}-{i}")
            story = make_story(rng)
            rendered = render(story, rng, t_index * 10 + i)
            name = f"{template}_{i}"
            pages = []
            for p_index, (url, html) in enumerate(rendered.pages):
                file = f"{name}.html" if p_index == 0 else f"{name}.{p_index + 1}.html"
                (GOLDEN / file).write_text(html, encoding="utf-8")
                pages.append({"url": url, "file": file})
            label = {"template": template, "pages": pages, "expected": rendered.expected,
                     "boilerplate": rendered.boilerplate}
            (GOLDEN / f"{name}.json").write_text(json.dumps(label, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
            count += 1
    print(f"wrote {count} labelled articles from {len(ALL_TEMPLATES)} templates to {GOLDEN}")


if __name__ == "__main__":
    main()
