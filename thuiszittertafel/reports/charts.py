"""Charts as server-rendered SVG: no scripts, no external service, colours as attributes
(the CSP forbids inline styles), a title and description for screen readers, and the data
as a table beside each chart (rendered by the template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from .definitions import BLOCKER_KEYS, OUTCOME_KEYS
from .services import Report

BLUE = "#01689b"
DARK = "#154273"
GRID = "#cfcfcf"
TEXT = "#1a1a1a"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: Markup
    headers: tuple[str, ...]
    rows: list[tuple]


def _nice_max(value: int) -> int:
    """A round axis maximum at or above value (1, 2, 5 × 10^n)."""
    if value <= 5:
        return 5
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return step * m
        step *= 10


def _svg(
    chart_id: str, title: str, description: str, width: int, height: int, body: list[str]
) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(chart_id: str, title: str, items: list[tuple[str, int]], *, unit: str = "") -> Chart:
    """Horizontal bars, one per label, with the value written after each bar."""
    label_w, bar_w, row_h, top = 250, 330, 30, 10
    width, height = label_w + bar_w + 70, top + row_h * max(1, len(items)) + 10
    top_value = _nice_max(max((v for _, v in items), default=0))
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        length = round(bar_w * value / top_value) if top_value else 0
        body.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" fill="{TEXT}"'
            f' font-size="14">{escape(label)}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{max(length, 1)}" height="20" fill="{BLUE}"/>'
        )
        body.append(
            f'<text x="{label_w + length + 6}" y="{y + 19}" fill="{TEXT}"'
            f' font-size="14">{value}{escape(unit)}</text>'
        )
    summary = "; ".join(f"{label}: {value}{unit}" for label, value in items) or "geen gegevens"
    description = f"Staafdiagram. {summary}."
    return Chart(
        chart_id,
        title,
        description,
        _svg(chart_id, title, description, width, height, body),
        ("Categorie", "Aantal" if not unit else f"Aantal ({unit.strip()})"),
        list(items),
    )


def line_chart(
    chart_id: str, title: str, points: list[tuple[date, int, int]], series: tuple[str, str]
) -> Chart:
    """Two series over the months; the second dashed so the lines differ without colour."""
    width, height, left, right, top, bottom = 660, 300, 50, 20, 20, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((max(a, b) for _, a, b in points), default=0))
    step = plot_w / 11
    body = []
    for i in range(6):
        value = top_value * i / 5
        y = top + plot_h - plot_h * i / 5
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end" fill="{TEXT}"'
            f' font-size="13">{value:g}</text>'
        )
    for i, (day, _, _) in enumerate(points):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{top + plot_h + 20}"'
            f' text-anchor="middle" fill="{TEXT}" font-size="13">'
            f"{MONTHS[day.month - 1]}</text>"
        )
    for s, (colour, dash) in enumerate(((BLUE, ""), (DARK, ' stroke-dasharray="6 4"'))):
        coords = [
            (left + i * step, top + plot_h - plot_h * p[s + 1] / top_value)
            for i, p in enumerate(points)
        ]
        if coords:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>'
            )
            shape = "circle" if s == 0 else "rect"
            for x, y in coords:
                body.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
                    if shape == "circle"
                    else f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"'
                    f' fill="{colour}"/>'
                )
    legend_y = height - 18
    body.append(
        f'<line x1="{left}" x2="{left + 30}" y1="{legend_y - 5}" y2="{legend_y - 5}"'
        f' stroke="{BLUE}" stroke-width="3"/>'
        f'<text x="{left + 38}" y="{legend_y}" fill="{TEXT}" font-size="13">'
        f"{escape(series[0])}</text>"
    )
    body.append(
        f'<line x1="{left + 300}" x2="{left + 330}" y1="{legend_y - 5}"'
        f' y2="{legend_y - 5}" stroke="{DARK}" stroke-width="3"'
        f' stroke-dasharray="6 4"/>'
        f'<text x="{left + 338}" y="{legend_y}" fill="{TEXT}" font-size="13">'
        f"{escape(series[1])}</text>"
    )
    summary = "; ".join(f"{d.day} {MONTHS[d.month - 1]}: {a} en {b}" for d, a, b in points)
    description = (
        f"Lijndiagram per maand, {series[0]} en {series[1]}. {summary or 'Geen gegevens'}."
    )
    rows = [(f"{d:%d-%m-%Y}", a, b) for d, a, b in points]
    return Chart(
        chart_id,
        title,
        description,
        _svg(chart_id, title, description, width, height, body),
        ("Peildag", series[0].capitalize(), series[1].capitalize()),
        rows,
    )


def report_charts(report: Report, over_time, buckets) -> list[Chart]:
    """The four charts of the report page, from the report's own total."""
    total = report.total
    outcomes = [(OUTCOMES[o], total[key]) for key, o in OUTCOME_KEYS.items()]
    blockers = [(BLOCKER_KINDS[b], total[f"{key}_days"]) for key, b in BLOCKER_KEYS.items()]
    return [
        line_chart(
            "grafiek-verloop",
            "Thuiszitters in de loop van het schooljaar",
            over_time,
            ("lopende casussen", "thuiszitters"),
        ),
        bar_chart("grafiek-dagen", "Dagen thuis (tot terugkeer of peildatum)", buckets),
        bar_chart("grafiek-uitkomsten", "Gesloten casussen naar uitkomst", outcomes),
        bar_chart(
            "grafiek-belemmeringen",
            "Dagen belemmerd, naar soort belemmering",
            blockers,
            unit=" dagen",
        ),
    ]
