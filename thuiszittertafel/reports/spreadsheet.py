"""Spreadsheet files as Dutch Excel opens them: CSV with ';', UTF-8 with BOM and a decimal
comma; XLSX with typed cells. Text a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"


def escape(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return str(escape(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A header row and the rows: ';', CRLF, UTF-8 with BOM, every cell through csv_cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int]
) -> bytes:
    """One sheet: a bold, frozen header row, column widths, dates as dates, numbers as
    numbers, yes/no as 'ja'/'nee', text escaped."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_value(value) for value in row])
        for cell, value in zip(ws[ws.max_row], row, strict=True):
            if isinstance(value, date) and not isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return escape(value)
