"""CSV (Dutch Excel: ;, UTF-8 with BOM, decimal comma) and XLSX (typed cells, definitions)."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .. import clock
from .definitions import COLUMNS, GENERAL, KEYS
from .services import Report, table
from .spreadsheet import csv_bytes, escape
from .suppression import SECONDARY_LEGEND, SMALL
from .telling import Telling, published
from .telling_definitions import FIELDS as TELLING_FIELDS
from .telling_definitions import FIGURES, GROUPS
from .telling_definitions import GENERAL as TELLING_GENERAL
from .telling_definitions import NESTED as TELLING_NESTED


def filename(report: Report, fmt: str, publication: bool) -> str:
    suffix = "-publicatie" if publication else ""
    return f"thuiszitters-{report.year.label}{suffix}.{fmt}"


def to_csv(report: Report, publication: bool) -> bytes:
    """Header row of keys, one row per municipality, then the total row."""
    return csv_bytes(KEYS, ([row[key] for key in KEYS] for row in table(report, publication)))


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
    _append_meta(ws, meta)
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


def _append_meta(ws, meta: list[tuple[str, object]]) -> None:
    """Name/value rows in bold/typed cells: dates and moments as dates."""
    for name, value in meta:
        ws.append([name, escape(value)])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        if isinstance(value, datetime):
            ws.cell(ws.max_row, 2).number_format = "DD-MM-YYYY HH:MM"
        elif isinstance(value, date):
            ws.cell(ws.max_row, 2).number_format = "DD-MM-YYYY"


def telling_filename(telling: Telling, fmt: str = "csv") -> str:
    req = telling.request
    suffix = "-publicatie" if req.publication else ""
    return f"leerplichttelling-{req.year.label}-peildatum-{req.peildatum.isoformat()}{suffix}.{fmt}"


def _telling_rows(telling: Telling) -> list[list]:
    """One row per gemeente and group ('totaal', the age bands, the plichten), a column per
    figure path; consultations only in the 'totaal' row; handhaving only for leerplicht.
    For publication: '<5' and 'x' (secondary suppression, `telling.published`)."""
    rows = []
    for m in telling.request.municipalities:
        by_group: dict[str | None, dict[str, int | str]]
        if telling.request.publication:
            by_group = published(telling, m.id)
        else:
            by_group = {group: {**telling.flat(m.id, group)} for group in (None, *GROUPS)}
        for group, counts in by_group.items():
            rows.append([m.name, group or "totaal", *(counts.get(f) for f in FIGURES)])
    return rows


def telling_csv(telling: Telling) -> bytes:
    return csv_bytes(["municipality", "group", *FIGURES], _telling_rows(telling))


def telling_xlsx(telling: Telling, *, organisation: str, generated_at: datetime) -> bytes:
    """Sheet 'Leerplichttelling' (a row of keys, a row of Dutch labels, numbers as numbers,
    '<5' as text in the publication variant) and sheet 'Definities'."""
    req = telling.request
    wb = Workbook()
    ws = wb.active
    ws.title = "Leerplichttelling"
    ws.append(["municipality", "group", *FIGURES])
    ws.append(["Woongemeente", "Groep", *(FIGURES[f] for f in FIGURES)])
    for row in ws.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in _telling_rows(telling):
        ws.append([escape(value) for value in row])
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 20
    defs = wb.create_sheet("Definities")
    bold = Font(bold=True)
    meta = [
        ("Rapportage", "Leerplichttelling per woongemeente"),
        ("Schooljaar", req.year.label),
        ("Peildatum", req.peildatum),
        ("Gemaakt op", clock.local(generated_at).replace(tzinfo=None)),
        ("Gemaakt door organisatie", organisation),
        ("Voor publicatie", "ja (kleine aantallen onderdrukt)" if req.publication else "nee"),
        *(
            (("Legenda", f"{SMALL} = 1 tot en met 4; {SECONDARY_LEGEND}"),)
            if req.publication
            else ()
        ),
    ]
    _append_meta(defs, meta)
    defs.append([])
    for name, text in TELLING_GENERAL:
        defs.append([name, text])
        defs.cell(defs.max_row, 1).font = bold
    defs.append([])
    defs.append(["Getal", "Omschrijving", "Definitie"])
    for cell in defs[defs.max_row]:
        cell.font = bold
    for key, (label, text) in {**TELLING_FIELDS, **TELLING_NESTED}.items():
        defs.append([key, label, text])
    defs.column_dimensions["A"].width = 34
    defs.column_dimensions["B"].width = 50
    defs.column_dimensions["C"].width = 100
    for row in defs.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
