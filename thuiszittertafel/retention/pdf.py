"""The inzage as PDF (fpdf2, the DejaVu font the minutes embed): every section of the JSON
export, one line per stored field."""

from __future__ import annotations

from ..meetings.minutes import FONT, FONT_BOLD


def render(export: dict, name: str) -> bytes:
    """The export of one child as a PDF document."""
    from fpdf import FPDF  # not at start-up: fpdf takes half a second to import

    doc = FPDF(format="A4")
    doc.set_title(f"Inzage {name}")
    doc.add_font("DejaVu", "", str(FONT))
    doc.add_font("DejaVu", "B", str(FONT_BOLD))
    doc.add_page()
    _heading(doc, f"Inzage: {name}", 14)
    info = export["inzage"]
    _line(doc, info["toelichting"])
    _line(
        doc, f"Gemaakt op {info['gemaakt_op']}; casussen {', '.join(map(str, info['casussen']))}."
    )
    for pupil in export["leerlingen"]:
        _record(doc, "Leerling", pupil)
    for case in export["casussen"]:
        _heading(doc, f"Casus {case['casus']['id']}", 12)
        for title, rows in case.items():
            for n, fields in enumerate(rows if isinstance(rows, list) else [rows], start=1):
                _record(doc, f"{title.replace('_', ' ').capitalize()} {n}", fields)
    _heading(doc, "Gelezen en gewijzigd door (auditlog)", 12)
    for read in export["gelezen_door"]:
        _line(
            doc,
            f"{read['wanneer']}  casus {read['casus']}  {read['wie']}"
            f" ({read['organisatie'] or '—'}): {read['handeling']}",
        )
    return bytes(doc.output())


def _heading(doc, text: str, size: int) -> None:
    doc.ln(2)
    doc.set_font("DejaVu", "B", size)
    doc.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 9)


def _record(doc, title: str, fields: dict) -> None:
    doc.set_font("DejaVu", "B", 10)
    doc.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 9)
    for key, value in fields.items():
        _line(doc, f"{key}: {'—' if value is None else value}")


def _line(doc, text: str) -> None:
    doc.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
