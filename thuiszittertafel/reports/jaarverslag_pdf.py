"""The jaarverslag as PDF (fpdf2, the DejaVu font the minutes embed): per table its heading,
the numbers, the definitions below it, and the bar charts with their data tables."""

from __future__ import annotations

from datetime import datetime

from .. import clock
from ..meetings.minutes import FONT, FONT_BOLD
from .jaarverslag import Jaarverslag
from .jaarverslag_definitions import PUBLICATION
from .jaarverslag_tables import Table, charts, dutch_number, tables

BLUE = (1, 104, 155)
FAMILY = "DejaVu"


def _table(doc, t: Table) -> None:
    doc.set_font(FAMILY, "B", 12)
    doc.multi_cell(0, 7, t.title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, "", 8)
    first = 2.2 if len(t.headers) > 4 else 2.0
    widths = (first, *([1] * (len(t.headers) - 1)))
    with doc.table(
        col_widths=widths, text_align=("LEFT", *(["RIGHT"] * (len(t.headers) - 1)))
    ) as table:
        table.row(t.headers)
        for cells in t.rows:
            table.row([c.text for c in cells])
    _definitions(doc, t.definitions)


def _definitions(doc, definitions) -> None:
    doc.set_font(FAMILY, "", 7.5)
    for name, text in definitions:
        doc.multi_cell(0, 4, f"{name}: {text}", new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)


def _chart(doc, title: str, items: list[tuple[str, int]]) -> None:
    doc.set_font(FAMILY, "B", 11)
    doc.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, "", 8)
    top = max((v for _, v in items), default=0) or 1
    label_w, bar_w, row_h = 80, 150, 5.5
    x0 = doc.l_margin
    for label, value in items:
        if doc.will_page_break(row_h):
            doc.add_page()
        y = doc.get_y()
        doc.set_xy(x0, y)
        doc.cell(label_w - 2, row_h, label, align="R")
        doc.set_fill_color(*BLUE)
        length = max(bar_w * value / top, 0.3)
        doc.rect(x0 + label_w, y + 1, length, row_h - 2, style="F")
        doc.set_xy(x0 + label_w + length + 2, y)
        doc.cell(20, row_h, dutch_number(value))
        doc.set_y(y + row_h)
    doc.ln(3)
    with doc.table(col_widths=(3, 1), text_align=("LEFT", "RIGHT"), width=120, align="LEFT") as t:
        t.row(("Categorie", "Aantal"))
        for label, value in items:
            t.row((label, dutch_number(value)))
    doc.ln(5)


def render(
    report: Jaarverslag,
    phase_names: dict[int, str],
    organisation: str,
    now: datetime,
    *,
    publication: bool = False,
):
    """The PDF bytes of the jaarverslag (for publication: small numbers as "<5", no charts)."""
    from fpdf import FPDF

    doc = FPDF(orientation="L", format="A4")
    doc.set_title(f"Jaarverslag {report.year.label}")
    doc.add_font(FAMILY, "", str(FONT))
    doc.add_font(FAMILY, "B", str(FONT_BOLD))
    doc.add_page()
    doc.set_font(FAMILY, "B", 16)
    doc.multi_cell(0, 9, f"Jaarverslag {report.year.label}", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, "", 9)
    gemeenten = ", ".join(m.name for m in report.municipalities) or "geen"
    made = clock.local(now)
    for line in (
        f"{organisation}. Gemeenten: {gemeenten}.",
        f"Peildatum {report.this.peildatum:%d-%m-%Y}; vergeleken met {report.previous.label}"
        f" (peildatum {report.last.peildatum:%d-%m-%Y}). Gemaakt op {made:%d-%m-%Y %H:%M}.",
        "Alleen casussen die u mag zien, geteld in leerlingen. Hoe er geteld wordt, staat"
        " onder elke tabel.",
        *((f"Versie voor publicatie. {PUBLICATION[1]}",) if publication else ()),
    ):
        doc.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    for t in tables(report, phase_names, publication):
        _table(doc, t)
    if publication:  # a bar shows a small number as well as a figure does
        return bytes(doc.output())
    doc.add_page()
    doc.set_font(FAMILY, "B", 14)
    doc.multi_cell(0, 8, "Grafieken", new_x="LMARGIN", new_y="NEXT")
    for _, title, items in charts(report):
        _chart(doc, title, items)
    return bytes(doc.output())
