"""Server-rendered, accessible SVG charts.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>`, and the page shows
the same numbers as a table beside it. Series differ by marker and dash pattern as
well as colour, so nothing is told by colour alone. All text is escaped.
"""
from __future__ import annotations

import math
from itertools import count

from markupsafe import Markup, escape

PALETTE = ["#0b4f8a", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00695c", "#4e342e", "#37474f"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]
_ids = count(1)


def _marker(kind: str, x: float, y: float, colour: str, label: str) -> str:
    tip = f"<title>{escape(label)}</title>"
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{tip}</circle>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{tip}</rect>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}" fill="{colour}">{tip}</polygon>'
    return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}">{tip}</polygon>'


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def line_chart(title: str, description: str, xs: list, series: dict[str, list[float | None]],
               unit: str = "%", y_max: float = 100.0) -> Markup:
    """Lines over x (years), one series per name; gaps where a value is missing."""
    chart_id = next(_ids)
    width, height, left, right, top, bottom = 720, 320, 48, 190, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(xs) - 1)

    def px(i: int) -> float:
        return left + (i * step if len(xs) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="chart{chart_id}-t chart{chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart{chart_id}-t">{escape(title)}</title>',
             f'<desc id="chart{chart_id}-d">{escape(description)}</desc>']
    for tick in range(0, int(y_max) + 1, int(y_max) // 4 or 1):
        y = py(tick)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c9ced6"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1b1f24">{tick} {unit}</text>')
    for i, x in enumerate(xs):
        parts.append(f'<text x="{px(i):.1f}" y="{height - 12}" text-anchor="middle" font-size="12" fill="#1b1f24">{escape(x)}</text>')
    for n, (name, values) in enumerate(series.items()):
        colour, dash, marker = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)], MARKERS[n % len(MARKERS)]
        points = [(px(i), py(v), v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                         f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')
        for (x, y, v), i in zip(points, [i for i, v in enumerate(values) if v is not None and not math.isnan(v)]):
            parts.append(_marker(marker, x, y, colour, f"{name}, {xs[i]}: {_number(v)} {unit}"))
        legend_y = top + 14 + n * 20
        parts.append(_marker(marker, width - right + 16, legend_y - 4, colour, name))
        parts.append(f'<text x="{width - right + 28}" y="{legend_y}" font-size="12" fill="#1b1f24">{escape(name[:26])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, description: str, bars: list[tuple[str, float | None, str]], unit: str = "%",
              x_max: float = 100.0) -> Markup:
    """Horizontal bars, one per label, with the value (and a note) written beside each bar."""
    chart_id = next(_ids)
    row, left, width = 26, 230, 720
    height = 20 + row * len(bars)
    scale = (width - left - 150) / x_max
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="chart{chart_id}-t chart{chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart{chart_id}-t">{escape(title)}</title>',
             f'<desc id="chart{chart_id}-d">{escape(description)}</desc>']
    for i, (label, value, note) in enumerate(bars):
        y = 10 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#1b1f24">{escape(label[:34])}</text>')
        if value is None or math.isnan(value):
            parts.append(f'<text x="{left + 4}" y="{y + 15}" font-size="12" fill="#4a525c">–</text>')
            continue
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{max(1.0, value * scale):.1f}" height="17" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + 15}" font-size="12" fill="#1b1f24">'
                     f'{_number(value)} {unit} {escape(note)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
