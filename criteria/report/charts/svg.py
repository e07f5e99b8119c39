"""Charts as inline SVG, drawn from the document's chart data: no scripts, no fonts, no external files.

Colour never carries meaning alone: lines differ in dash pattern and marker and are labelled at their end;
bars differ per year in fill pattern and carry their score and verdict symbol as text. Every colour has at
least 4.5:1 contrast on white (tests/test_report_html.py checks the palette).
"""

from __future__ import annotations

import re
from html import escape

from criteria.report.common import VERDICT_STYLE, score_text
from criteria.report.documents.document import BarChart, TrendChart

# colour, dash pattern, marker, line width: the total first, then the criteria (repeating after five)
LINE_STYLES = (
    ("#1a1a1a", "", "circle", 3.2),
    ("#0b57a4", "9 4", "square", 2.2),
    ("#8a4500", "2 3", "triangle", 2.2),
    ("#6a1b9a", "10 3 2 3", "diamond", 2.2),
    ("#00695c", "5 2", "cross", 2.2),
)
VERDICT_COLOUR = {"voldoet": "#2e7d32", "voldoet niet": "#c62828"}
OTHER_COLOUR = "#5f6368"
GRID, PASS_COLOUR, INK = "#d0d0d0", "#8a1c1c", "#1a1a1a"
PATTERN_NAMES = ("vol", "gestreept", "gestippeld", "geruit")
VALUE_SIZE, PASS_SIZE = 12, 12  # font sizes (viewBox units) of value and pass-mark texts, as in html_style.py


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())  # class_ -> class
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return _polygon([(x, y - 5.5), (x + 5.5, y + 4), (x - 5.5, y + 4)], colour)
    if kind == "diamond":
        return _polygon([(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)], colour)
    return (
        f'<path d="M{x - 4.5:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y + 4.5:.1f} M{x - 4.5:.1f},{y + 4.5:.1f} '
        f'L{x + 4.5:.1f},{y - 4.5:.1f}" stroke="{colour}" stroke-width="2.2"/>'
    )


def _polygon(points: list[tuple[float, float]], colour: str) -> str:
    return f'<path d="M{" L".join(f"{px:.1f},{py:.1f}" for px, py in points)} Z" fill="{colour}"/>'


def _open(chart_id: str, width: int, height: int, title: str, desc: str, css: str) -> str:
    i = _id(chart_id)
    return (
        f'<svg class="{css}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{i}-t {i}-d">'
        f'<title id="{i}-t">{escape(title)}</title>'
        f'<desc id="{i}-d">{escape(desc)}</desc>'
    )


def line_sample(index: int) -> str:
    """A short line with its marker, for the legend next to a trend chart."""
    colour, dash, kind, width = LINE_STYLES[index % len(LINE_STYLES)]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg class="sample" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true">'
        f'<line x1="2" y1="7" x2="42" y2="7" stroke="{colour}" stroke-width="{width}"{dashes}/>'
        f"{marker(kind, 22, 7, colour)}</svg>"
    )


WIDTH = 360  # viewBox width of a chart: drawn 1:1 on a phone (390 px), so its 12 px texts stay 12 px there
CHAR_W = 0.62  # estimated text width per character, in em (DejaVu Sans, the widest fallback font)


def text_box(x: float, y: float, content: str, size: float, anchor: str = "start") -> tuple[float, ...]:
    """(x0, y0, x1, y1) that the text drawn at baseline (x, y) covers, estimated generously."""
    width = len(content) * CHAR_W * size
    x0 = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return x0 - 2, y - 0.95 * size, x0 + width + 2, y + 0.3 * size


def pass_line(x1: float, y1: float, x2: float, y2: float, boxes: list[tuple[float, ...]]) -> str:
    """The dashed pass-mark line from (x1, y1) to (x2, y2), horizontal or vertical, left out where it would
    run through a text (`boxes`): the line never crosses a label."""
    horizontal = y1 == y2
    start, stop = (x1, x2) if horizontal else (y1, y2)
    cuts = sorted(
        (b[0], b[2]) if horizontal else (b[1], b[3])
        for b in boxes
        if (b[1] <= y1 <= b[3] if horizontal else b[0] <= x1 <= b[2])
    )
    runs, at = [], start
    for low, high in cuts:
        if low > at:
            runs.append((at, min(low, stop)))
        at = max(at, high)
    if at < stop:
        runs.append((at, stop))
    path = " ".join(
        f"M{a:.1f},{y1:.1f} H{b:.1f}" if horizontal else f"M{x1:.1f},{a:.1f} V{b:.1f}" for a, b in runs if b - a > 1
    )
    return (
        f'<path class="pass-line" d="{path}" fill="none" stroke="{PASS_COLOUR}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/>'
    )


def trend_svg(chart: TrendChart, chart_id: str) -> str:
    width, height, left, right, top, bottom = WIDTH, 230, 26, 122, 16, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(chart.years))

    def x(i: int) -> float:
        return left + (i + 0.5) * plot_w / n

    def y(score: float) -> float:
        return top + (10 - score) / 10 * plot_h

    desc = " ".join(
        f"{s.label}: " + ", ".join(f"{yr} {score_text(v)}" for yr, v in zip(chart.years, s.values)) + f" ({s.trend})."
        for s in chart.series
    )
    parts = [_open(chart_id, width, height, chart.title, desc, "chart trend")]
    for g in range(0, 11, 2):
        parts.append(f'<line x1="{left}" y1="{y(g):.1f}" x2="{left + plot_w}" y2="{y(g):.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 5, y(g) + 4, str(g), text_anchor="end", class_="axis"))
    for i, year in enumerate(chart.years):
        parts.append(_text(x(i), height - 8, str(year), text_anchor="middle", class_="axis"))
    pass_y = y(chart.pass_mark)
    boxes: list[tuple[float, ...]] = []
    ends = [[pass_y, f"voldoende {score_text(chart.pass_mark)}", PASS_COLOUR]]
    lines = []
    for k, series in reversed(list(enumerate(chart.series))):  # the total last, so it is drawn on top
        colour, dash, kind, stroke = LINE_STYLES[k % len(LINE_STYLES)]
        points = [(x(i), y(v)) for i, v in enumerate(series.values) if v is not None]
        for segment in _segments(series.values):
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            lines.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{stroke}"'
                f'{dashes} stroke-linejoin="round"/>'
            )
        lines += [marker(kind, px, py, colour) for px, py in points]
        if k == 0:
            for (px, py), v in zip(points, [v for v in series.values if v is not None]):
                label_y = _value_place(px, py, score_text(v), pass_y, top, top + plot_h)
                boxes.append(text_box(px, label_y, score_text(v), VALUE_SIZE, "middle"))
                lines.append(_text(px, label_y, score_text(v), text_anchor="middle", class_="value"))
        last = next((v for v in reversed(series.values) if v is not None), None)
        if last is not None:
            ends.append([y(last), f"{series.label} {score_text(last)}", colour])
    parts.append(pass_line(left, pass_y, left + plot_w, pass_y, boxes))
    parts += lines
    for label_y, label, colour in _spread(ends, top + 4, height - bottom):
        parts.append(_text(left + plot_w + 6, label_y + 4, _short(label, 17), style=f"fill:{colour}", class_="end"))
    return "".join(parts) + "</svg>"


def _value_place(px: float, py: float, text: str, pass_y: float, top: float, floor: float) -> float:
    """The baseline of a point's value label: above the point, or below it when the pass-mark line would run
    through it there; only places inside the plot (between `top` and `floor`) count. When no place is free the
    label goes above (or below) and the pass-mark line is interrupted for it."""
    places = [y for y in (py - 9, py + 9 + VALUE_SIZE) if y - VALUE_SIZE >= top - 4 and y <= floor]
    for y in places:
        box = text_box(px, y, text, VALUE_SIZE, "middle")
        if not box[1] <= pass_y <= box[3]:
            return y
    return places[0] if places else py - 9


def _segments(values: tuple[float | None, ...]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive years with a value: a missing year breaks the line instead of bridging it."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _spread(labels: list[list], low: float, high: float, gap: float = 15) -> list[list]:
    """Move end labels apart vertically so that none overlaps, keeping them near their line's end."""
    labels = sorted(labels, key=lambda item: item[0])
    for i, item in enumerate(labels):
        item[0] = max(item[0], low if i == 0 else labels[i - 1][0] + gap)
    overflow = labels[-1][0] - high if labels else 0
    if overflow > 0:
        for i in range(len(labels) - 1, -1, -1):
            limit = high if i == len(labels) - 1 else labels[i + 1][0] - gap
            labels[i][0] = min(labels[i][0], limit)
    return labels


def _patterns(prefix: str, colour: str) -> str:
    """Fill patterns per year (solid, striped, dotted, chequered) in one colour."""
    c = _id(colour)
    return (
        f'<pattern id="{prefix}-1-{c}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<rect width="3" height="6" fill="{colour}"/></pattern>'
        f'<pattern id="{prefix}-2-{c}" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.7" fill="{colour}"/></pattern>'
        f'<pattern id="{prefix}-3-{c}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="3" height="3" fill="{colour}"/>'
        f'<rect x="3" y="3" width="3" height="3" fill="{colour}"/></pattern>'
    )


def _fill(prefix: str, year_index: int, colour: str) -> str:
    k = year_index % len(PATTERN_NAMES)
    return colour if k == 0 else f"url(#{prefix}-{k}-{_id(colour)})"


def bar_swatch(year_index: int, chart_id: str) -> str:
    """A small bar in the year's fill pattern, for the legend next to a bar chart."""
    prefix = _id(chart_id)
    return (
        f'<svg class="sample" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true"><defs>'
        f'{_patterns(prefix, OTHER_COLOUR)}</defs><rect x="1" y="1" width="26" height="12" '
        f'fill="{_fill(prefix, year_index, OTHER_COLOUR)}" stroke="{OTHER_COLOUR}"/></svg>'
    )


def bar_svg(
    chart: BarChart,
    chart_id: str,
    width: int = WIDTH,
    patterns: bool = True,
    css: str = "chart bars",
    labels: bool = True,
) -> str:
    """Per criterion a label row and one bar per year; the score and verdict of each bar stand in a column on
    the right, so that no text crosses the pass-mark line (which runs through the bars only, and starts below
    the label row). `patterns`: the years differ in fill pattern (else every bar is solid); `labels`: each
    criterion's name above its bars (a chart of the total alone needs none)."""
    left, value_w, top, bottom, label_h, bar_h, row_h, gap = 6, 96, 30, 22, 19 if labels else 2, 11, 15, 7
    plot_w = width - left - value_w
    prefix = _id(chart_id)

    def x(score: float) -> float:
        return left + score / 10 * plot_w

    group_h = label_h + row_h * len(chart.years) + gap
    height = top + group_h * len(chart.bars) + bottom
    desc = " ".join(
        f"{b.label}: " + ", ".join(f"{yr} {score_text(s)} {v}" for yr, (s, v) in zip(chart.years, b.scores)) + "."
        for b in chart.bars
    )
    colours = sorted({VERDICT_COLOUR.get(v, OTHER_COLOUR) for b in chart.bars for _, v in b.scores})
    parts = [
        _open(chart_id, width, height, chart.title, desc, css),
        "<defs>" + "".join(_patterns(prefix, c) for c in colours) + "</defs>" if patterns else "",
    ]
    bands = _merged(
        [
            (top + b * group_h + label_h + k * row_h - 1, top + b * group_h + label_h + (k + 1) * row_h - 1)
            for b, bar in enumerate(chart.bars)
            for k, (score, _) in enumerate(bar.scores)
            if score is not None
        ]
    )  # where the bars are: grid and pass-mark line run there only
    for g in range(0, 11, 2):
        parts += [
            f'<line x1="{x(g):.1f}" y1="{y0:.1f}" x2="{x(g):.1f}" y2="{y1:.1f}" stroke="{GRID}"/>' for y0, y1 in bands
        ]
        parts.append(_text(x(g), height - 6, str(g), text_anchor="middle", class_="axis"))
    for b_index, bar in enumerate(chart.bars):
        y0 = top + b_index * group_h
        weight = "bold" if bar.level == 0 else "normal"
        if labels:
            parts.append(
                _text(
                    left + 12 * bar.level,
                    y0 + label_h - 6,
                    _short(bar.label, 44 - 2 * bar.level),
                    font_weight=weight,
                    class_="label",
                )
            )
        for k, (year, (score, verdict)) in enumerate(zip(chart.years, bar.scores)):
            y = y0 + label_h + k * row_h
            if score is None:
                parts.append(
                    _text(width - 2, y + bar_h - 1, f"{year}: geen gegevens", text_anchor="end", class_="value")
                )
                continue
            colour = VERDICT_COLOUR.get(verdict, OTHER_COLOUR)
            w = max(1.0, x(score) - x(0))
            parts.append(
                f'<rect x="{x(0):.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{_fill(prefix, k if patterns else 0, colour)}" stroke="{colour}" stroke-width="1"/>'
            )
            parts.append(
                _text(
                    width - 2,
                    y + bar_h - 1,
                    f"{year}: {score_text(score)} {VERDICT_STYLE[verdict][0]}",
                    text_anchor="end",
                    class_="value",
                )
            )
    px = x(chart.pass_mark)
    label = f"voldoende vanaf {score_text(chart.pass_mark)}"
    anchor = "end" if px + 4 + text_box(0, 0, label, PASS_SIZE)[2] > width else "start"  # above the value column
    parts.append(_text(px - 4 if anchor == "end" else px + 4, top - 14, label, text_anchor=anchor, class_="pass"))
    parts.append(
        f'<path class="pass-line" d="M{px:.1f},{top - 24} V{top - 10} '
        + " ".join(f"M{px:.1f},{y0:.1f} V{y1:.1f}" for y0, y1 in bands)
        + f'" fill="none" stroke="{PASS_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    return "".join(parts) + "</svg>"


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for low, high in spans:
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
