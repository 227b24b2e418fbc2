"""Labelled article sets kept as data, with one loader, one scoring and one quality gate.

    tests/article_sets/
        sets.py          the loader: a set is a folder holding a set.json (ArticleSet, load_pages)
        scoring.py       body F1 (character bag, LCS), field accuracy, leaked lines
        test_gate.py     difang's figures on every set against the set's baseline.json
        test_sets.py     every set has the shape its set.json gives; a generator still writes it
        test_scoring.py  the measures measure what they claim
        NAME/            one set:
            set.json         what it is, how it was made, whether the extractor was tuned on it,
                             the shape its pages must have
            pages/P.html     the pages, bytes as served
            labels/P.json    the expected fields of each page
            baseline.json    the gate's floor (``python -m bench.extract_sets.run --set NAME --baseline``)
            README.md        how the pages were written, the labelling rules
            generator/       (optional) the code that wrote pages and labels: the set's provenance

The bench (bench/extract_sets) scores the same sets with the same code, next to trafilatura and
GNE. tests/article/golden, the first labelled set, keeps its own format (articles of several
pages, boilerplate lines) and gate (tests/article/test_quality_gate.py).
"""
