"""Which link shapes may be articles, which links may be list pages, and which to sample first.

Evidence per shape (crawler.probe.urlshapes): how many links have it, from where the probe met
them (a feed or a sitemap lists articles; navigation lists sections), and how long their anchor
texts are (headlines are long, section names short). Nothing here fetches: the probe asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crawler.probe.links import Link
from crawler.probe.urlshapes import UrlShape, group_by_shape

HEADLINE_CHARS = 6  # anchor text at least this long reads as a headline, not a section name
_LISTED = ("feed", "sitemap")


@dataclass
class ShapeGroup:
    """Links of one URL shape, with what the probe knows of them."""

    shapes: list[UrlShape]
    links: dict[str, list[Link]] = field(default_factory=dict)  # URL -> every link to it

    @property
    def urls(self) -> list[str]:
        return [s.url for s in self.shapes]

    def _texts(self) -> list[str]:
        return [max((link.text for link in self.links.get(u, [])), key=len, default="") for u in self.urls]

    @property
    def listed(self) -> float:
        """Share of its URLs that a feed or sitemap lists."""
        return sum(1 for u in self.urls if any(x.source in _LISTED for x in self.links.get(u, []))) / len(self.urls)

    @property
    def furniture(self) -> float:
        """Share of its URLs that only navigation, headers and footers link to."""
        return sum(1 for u in self.urls if all(x.furniture for x in self.links.get(u, [])) and self.links.get(u)) \
            / len(self.urls)

    @property
    def headline_share(self) -> float:
        texts = self._texts()
        return sum(1 for t in texts if len(t) >= HEADLINE_CHARS) / len(texts)

    def score(self) -> float:
        """How likely the shape is an article shape: higher first."""
        digits = 1.0 if self.shapes[0].has_digits else 0.0
        return (3 * self.listed + 2 * self.headline_share + min(len(self.shapes), 20) / 10 + digits
                - 2 * self.furniture)

    def sample_order(self) -> list[str]:
        """Members to fetch, best evidence first, varying the directory between picks."""
        def rank(shape: UrlShape) -> tuple[int, int]:
            links = self.links.get(shape.url, [])
            body = any(not x.furniture for x in links)
            return (0 if body else 1, -max((len(x.text) for x in links), default=0))

        ordered = sorted(self.shapes, key=rank)
        out: list[str] = []
        used_dirs: set[tuple[str, ...]] = set()
        for shape in ordered:  # one per directory first, then the rest
            if shape.dirs not in used_dirs:
                used_dirs.add(shape.dirs)
                out.append(shape.url)
        out += [s.url for s in ordered if s.url not in out]
        return out


def shape_groups(links: Iterable[Link]) -> list[ShapeGroup]:
    """Links grouped by URL shape, most article-like first."""
    by_url: dict[str, list[Link]] = {}
    for link in links:
        by_url.setdefault(link.url, []).append(link)
    groups = []
    for shapes in group_by_shape(by_url).values():
        groups.append(ShapeGroup(shapes, {s.url: by_url[s.url] for s in shapes}))
    return sorted(groups, key=lambda g: -g.score())


def article_candidates(groups: Sequence[ShapeGroup]) -> list[ShapeGroup]:
    """Shapes worth sampling as articles: digits or ids in them (articles have numbers), or
    listed by a feed or sitemap; more than one link, or a listed one; not only in navigation,
    unless with headlines for anchors."""
    return [g for g in groups if (g.shapes[0].has_digits or g.listed > 0)
            and (len(g.shapes) >= 2 or g.listed > 0 or g.headline_share > 0)
            and (g.furniture < 1.0 or g.headline_share >= 0.5)]


def list_candidates(links: Sequence[Link], article_like: set[str], exclude: set[str], limit: int) -> list[str]:
    """Pages of ``links`` worth fetching as list pages (sections), best first: navigation links
    with short names and "more" links, at most two of one URL shape."""
    scored: dict[str, float] = {}
    for link in links:
        if link.url in exclude or link.url in article_like:
            continue
        score = 0.0
        if link.furniture:
            score += 2
        if 2 <= len(link.text) <= 10:
            score += 1
        if _is_more_link(link.text):
            score += 2
        scored[link.url] = max(scored.get(link.url, -1.0), score)
    ordered = sorted(scored, key=lambda u: -scored[u])
    out: list[str] = []
    per_shape: dict[object, int] = {}
    groups = {s.url: key for key, g in group_by_shape(ordered).items() for s in g}
    for url in ordered:
        key = groups.get(url)
        if per_shape.get(key, 0) >= 2:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        out.append(url)
        if len(out) >= limit:
            break
    return out


def _is_more_link(text: str) -> bool:
    lowered = text.lower().strip(" >»›.")
    return lowered in ("更多", "more", "查看更多", "更多新闻", "更多资讯", "更多內容", "更多内容", "more news")
