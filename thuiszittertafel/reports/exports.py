"""CSV (Dutch Excel: ;, UTF-8 with BOM, decimal comma) and XLSX (typed cells, definitions)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .. import clock
from .definitions import COLUMNS, GENERAL, KEYS
from .services import Report, table
from .telling import Telling, suppress
from .telling_definitions import FIGURES, GROUPS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def filename(report: Report, fmt: str, publication: bool) -> str:
    suffix = "-publicatie" if publication else ""
    return f"thuiszitters-{report.year.label}{suffix}.{fmt}"


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(escape(value))


def to_csv(report: Report, publication: bool) -> bytes:
    """Header row of keys, one row per municipality, then the total row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(KEYS)
    for row in table(report, publication):
        writer.writerow([_csv_cell(row[key]) for key in KEYS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    report: Report, publication: bool, *, organisation: str, generated_at: datetime
) -> bytes:
    """Sheet 'Rapportage' (header row, typed cells) and sheet 'Definities'."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rapportage"
    ws.append(list(KEYS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table(report, publication):
        ws.append([escape(row[key]) for key in KEYS])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 24
    _definitions(wb.create_sheet("Definities"), report, publication, organisation, generated_at)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _definitions(
    ws, report: Report, publication: bool, organisation: str, generated_at: datetime
) -> None:
    bold = Font(bold=True)
    meta = [
        ("Rapportage", "Thuiszitters per woongemeente"),
        ("Schooljaar", report.year.label),
        ("Peildatum", report.reference_date),
        ("Gemaakt op", clock.local(generated_at).replace(tzinfo=None)),
        ("Gemaakt door organisatie", organisation),
        ("Voor publicatie", "ja (kleine aantallen onderdrukt)" if publication else "nee"),
    ]
    for name, value in meta:
        ws.append([name, escape(value)])
        ws.cell(ws.max_row, 1).font = bold
        if isinstance(value, datetime):
            ws.cell(ws.max_row, 2).number_format = "DD-MM-YYYY HH:MM"
        elif isinstance(value, date):
            ws.cell(ws.max_row, 2).number_format = "DD-MM-YYYY"
    ws.append([])
    ws.append(["Keuze", "Uitleg"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for name, text in GENERAL:
        ws.append([name, text])
    ws.append([])
    ws.append(["Kolom", "Omschrijving", "Definitie"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for key in KEYS:
        label, text = COLUMNS[key]
        ws.append([key, label, text])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 100
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def telling_filename(telling: Telling) -> str:
    req = telling.request
    suffix = "-publicatie" if req.publication else ""
    return f"leerplichttelling-{req.year.label}-peildatum-{req.peildatum.isoformat()}{suffix}.csv"


def telling_csv(telling: Telling) -> bytes:
    """One row per gemeente and group ('totaal', the age bands, the plichten), a column per
    figure path; consultations only in the 'totaal' row."""
    publication = telling.request.publication
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["municipality", "group", *FIGURES])
    for m in telling.request.municipalities:
        for group in (None, *GROUPS):
            counts = telling.flat(m.id, group)
            cells = [
                "" if f not in counts else _csv_cell(suppress(counts[f], publication))
                for f in FIGURES
            ]
            writer.writerow([_csv_cell(m.name), group or "totaal", *cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
