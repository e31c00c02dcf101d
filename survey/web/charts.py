"""Server-rendered, accessible SVG charts.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>`, and the page shows
the same numbers as a table beside it. Series differ by marker and dash pattern as
well as colour, so nothing is told by colour alone. All text is escaped.
"""
from __future__ import annotations

import math
from itertools import count

from flask_babel import get_locale
from markupsafe import Markup, escape

from survey.i18n import number
from survey.reports.annual_chart import wrap

PALETTE = ["#0b4f8a", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00695c", "#4e342e", "#37474f"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]
HIGHLIGHT = "#000000"  # the whole organisation: black, thick, solid and first in the legend
LEGEND_CHARS = 30
_ids = count(1)


def style(n: int) -> tuple[str, str, str]:
    """Colour, dash and marker of the n-th series: no two of the first 32 series look alike."""
    return PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)], MARKERS[(n + n // len(PALETTE)) % len(MARKERS)]


def _lines(x: float, y: float, lines: list[str], anchor: str = "start", weight: str = "normal") -> str:
    """A label of several lines as one SVG text."""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" font-weight="{weight}" '
            f'fill="#1b1f24">{spans}</text>')


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
    return number(value, str(get_locale() or "sv"))


def line_chart(title: str, description: str, xs: list, series: dict[str, list[float | None]],
               unit: str = "%", y_max: float = 100.0, highlight: str | None = None) -> Markup:
    """Lines over x (years), one series per name; gaps where a value is missing.

    The `highlight` series (the whole organisation) is drawn last, in black and thicker,
    and named first in the legend, so it stands out from every unit.
    """
    chart_id = next(_ids)
    legend_rows = sum(len(wrap(name, LEGEND_CHARS)) for name in series) * 14 + 8 * len(series)
    width, left, right, top, bottom = 760, 48, 230, 16, 36
    height = max(320, top + legend_rows + 20)
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
    names = sorted(series, key=lambda name: name != highlight)  # the highlight first in the legend
    styles = {name: style(n) for n, name in enumerate(name for name in series if name != highlight)}
    styles[highlight] = (HIGHLIGHT, "", "square")
    for name in sorted(series, key=lambda name: name == highlight):  # and drawn on top
        colour, dash, marker = styles[name]
        values = series[name]
        points = [(px(i), py(v), v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="{4.5 if name == highlight else 2.5}"'
                         f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')
        for (x, y, v), i in zip(points, [i for i, v in enumerate(values) if v is not None and not math.isnan(v)]):
            parts.append(_marker(marker, x, y, colour, f"{name}, {xs[i]}: {_number(v)} {unit}"))
    legend_y = top + 14
    for name in names:
        colour, _dash, marker = styles[name]
        lines = wrap(name, LEGEND_CHARS)
        parts.append(_marker(marker, width - right + 16, legend_y - 4, colour, name))
        parts.append(_lines(width - right + 28, legend_y, lines, weight="bold" if name == highlight else "normal"))
        legend_y += 14 * len(lines) + 8
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
        shown = label if len(label) <= 34 else label[:label.rfind(" ", 0, 33) if " " in label[:33] else 33] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#1b1f24">'
                     f'<title>{escape(label)}</title>{escape(shown)}</text>')
        if value is None or math.isnan(value):
            parts.append(f'<text x="{left + 4}" y="{y + 15}" font-size="12" fill="#4a525c">–</text>')
            continue
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{max(1.0, value * scale):.1f}" height="17" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + 15}" font-size="12" fill="#1b1f24">'
                     f'{_number(value)} {unit} {escape(note)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
