"""Small charts as inline SVG, drawn on the server: no script, no library, nothing fetched.

Colours and fonts come from the stylesheet (classes only: the UI's Content-Security-Policy
allows no inline styles). Every bar carries a ``<title>``, which browsers show on hover and
screen readers read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    label: str  # under the first and last bar
    value: float
    title: str  # on hover
    kind: str = ""  # an extra CSS class (a run's outcome)


MAX_STEP = 24.0


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:.3g}"


def bars(items: Sequence[Bar], *, width: int = 320, height: int = 72, label: str = "") -> Markup:
    """A bar chart of ``items`` (left to right) with its largest value and end labels."""
    top, bottom, left = 12, 14, 2
    plot_h = height - top - bottom
    n = max(len(items), 1)
    step = min((width - left) / n, MAX_STEP)  # a few bars stay bars, not blocks
    gap = min(2.0, step * 0.2)
    peak = max((b.value for b in items), default=0) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}">',
             f'<line class="axis" x1="0" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}"/>',
             f'<text class="peak" x="{left}" y="9">{escape(_number(peak))}</text>']
    for i, bar in enumerate(items):
        h = 0.0 if bar.value <= 0 else max(1.0, plot_h * bar.value / peak)
        x = left + i * step
        kind = f" {escape(bar.kind)}" if bar.kind else ""
        parts.append(f'<rect class="bar{kind}" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{max(step - gap, 0.5):.1f}" height="{h:.1f}"><title>{escape(bar.title)}</title></rect>')
    if items:
        parts.append(f'<text class="tick" x="{left}" y="{height - 2}">{escape(items[0].label)}</text>')
        if len(items) > 1:
            parts.append(f'<text class="tick end" x="{width - 1}" y="{height - 2}" '
                         f'text-anchor="end">{escape(items[-1].label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def meter(value: float, maximum: float = 1.0, *, width: int = 80, title: str = "") -> Markup:
    """A horizontal bar for a table cell: ``value`` out of ``maximum``."""
    share = 0.0 if maximum <= 0 else min(max(value / maximum, 0.0), 1.0)
    return Markup(f'<svg class="meter" viewBox="0 0 {width} 10" width="{width}" height="10" role="img" '
                  f'aria-label="{escape(title)}"><rect class="track" x="0" y="0" width="{width}" height="10"/>'
                  f'<rect class="bar" x="0" y="0" width="{width * share:.1f}" height="10">'
                  f'<title>{escape(title)}</title></rect></svg>')


def days(last: date, count: int) -> list[str]:
    """The ``count`` days ending with ``last``, as YYYY-MM-DD, oldest first."""
    return [(last - timedelta(days=count - 1 - i)).isoformat() for i in range(count)]


def per_day(counts: dict[str, int], window: list[str], unit: str) -> Markup:
    """Articles per day over ``window`` (missing days are zero)."""
    return bars([Bar(day[5:], counts.get(day, 0), f"{day}: {counts.get(day, 0)} {unit}") for day in window],
                label=unit)
