"""The annual report's one chart drawn as SVG: a bar per goal, split into the shares of units
that meet it, partly meet it and do not.

Pure (a string out), so the same drawing serves the HTML and the PDF, and (as a picture made
from it) the DOCX. Nothing is told by colour alone: the levels differ in fill, the middle one
is hatched, each segment wide enough carries its count, and the data table follows the chart.
"""
from __future__ import annotations

from html import escape

from survey.reports.annual_model import Chart

WIDTH, BAR_WIDTH, LEFT = 520, 360, 4  # each label stands above its bar, so the chart stays legible when narrow
LINE, BAR, LEGEND = 16, 20, 34
FILLS = ("#1f4e79", "url(#partly)", "#e4e7eb")
INKS = ("#ffffff", "#111111", "#111111")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="13" fill="#111111"'
LABEL_CHARS = 62


def wrap(text: str, width: int) -> list[str]:
    """A label in lines of whole words (a word longer than a line stands alone, never cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], anchor: str = "start", fill: str = "") -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    font = FONT.replace('fill="#111111"', f'fill="{fill}"') if fill else FONT
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {font}>{spans}</text>'


def _legend(chart: Chart) -> list[str]:
    parts, x = [], LEFT
    for fill, word in zip(FILLS, chart.legend):
        parts.append(f'<rect x="{x}" y="8" width="16" height="16" fill="{fill}" stroke="#1f4e79"/>')
        parts.append(_text(x + 22, 21, [word]))
        x += 34 + 8 * len(word)
    return parts


def svg(chart: Chart) -> str:
    """The chart as a standalone SVG document (its alternative text goes on the element that shows it)."""
    rows = [wrap(label, LABEL_CHARS) for label in chart.labels]
    heights = [LINE * len(lines) + BAR + 14 for lines in rows]
    top = LEGEND + 8
    height = top + sum(heights) + 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}">',
             '<defs><pattern id="partly" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="6" height="6" fill="#9cc0e4"/>'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f4e79" stroke-width="2"/></pattern></defs>',
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>', *_legend(chart)]
    for tick, label in enumerate(chart.ticks):
        x = LEFT + BAR_WIDTH * tick / (len(chart.ticks) - 1)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{height - 24}" y2="{height - 19}" stroke="#111111"/>')
        parts.append(_text(min(max(x, LEFT + 12), LEFT + BAR_WIDTH - 16), height - 5, [label], anchor="middle"))
    y = top
    for lines, row_height, count, note in zip(rows, heights, chart.counts, chart.notes):
        parts.append(_text(LEFT, y + LINE - 3, lines))
        x, bar_y = float(LEFT), y + LINE * len(lines) + 2
        for value, fill, ink in zip((count.met, count.partly, count.not_met), FILLS, INKS):
            width = BAR_WIDTH * value / count.base
            if width:
                parts.append(f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR}" fill="{fill}" '
                             'stroke="#ffffff" stroke-width="1"/>')
                if width >= 22:
                    if fill.startswith("url"):  # a count on the hatching sits on a plain patch
                        patch = 8 * len(str(value)) + 6
                        parts.append(f'<rect x="{x + (width - patch) / 2:.1f}" y="{bar_y + 3:.1f}" width="{patch}" '
                                     'height="14" fill="#ffffff"/>')
                    parts.append(_text(x + width / 2, bar_y + 15, [str(value)], anchor="middle", fill=ink))
            x += width
        parts.append(f'<rect x="{LEFT}" y="{bar_y:.1f}" width="{BAR_WIDTH}" height="{BAR}" fill="none" '
                     'stroke="#1f4e79"/>')
        parts.append(_text(LEFT + BAR_WIDTH + 8, bar_y + 15, [note]))
        y += row_height
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + BAR_WIDTH}" y1="{height - 24}" y2="{height - 24}" stroke="#111111"/>')
    parts.append("</svg>")
    return "".join(parts)
