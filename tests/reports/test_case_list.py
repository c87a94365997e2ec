"""/casussen as a spreadsheet: the page's filters and sort over every page, the columns the
user sees, typed cells, formula escaping, the audit row; and the page size choice."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.reports import case_list

EXPORT = "/casussen/export"


@pytest.fixture
def three(world, make_case):
    """Three of Lingeborgh's cases (absent 1 Sep, 1 Oct, 1 Nov), one elsewhere."""
    made = [
        make_case(world.teacher, given_name="Anna", absent_since=date(2026, 10, 1)),
        make_case(world.teacher, given_name="=SUM(A1)", absent_since=date(2026, 9, 1)),
        make_case(world.teacher, given_name="Cas", kind="absoluut", absent_since=date(2026, 11, 1)),
    ]
    make_case(world.far_worker, given_name="Ver", education_type="po", birth_date=date(2016, 1, 1))
    return made


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert response.mimetype == "text/csv" and body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8")), delimiter=";"))


def test_csv_has_every_page_in_the_tables_order(browser, world, three, session):
    b = browser(world.teacher)
    rows = read_csv(b.get(EXPORT + "?format=csv&per_page=1&page=2&sort=days_absent"))
    assert rows[0] == list(case_list.HEADER)
    # most days at home first; the name that looks like a formula is escaped
    assert [r[1] for r in rows[1:]] == ["'=SUM(A1) Jansen", "Anna Jansen", "Cas Jansen"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Eerste dag zonder onderwijs"] == "01-09-2026" and first["Dagen thuis"] == "85"
    assert first["Thuiszitter"] == "ja" and first["Opgeschaald"] == "nee"
    assert first["School"] == "Lingeborgh" and first["Status"] == "Open"
    cas = dict(zip(rows[0], rows[3], strict=True))
    assert cas["School"] == "Niet ingeschreven" and cas["Soort"] == "Absoluut verzuim"
    session.expire_all()
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "case.export"
    assert all(str(c.id) in entry.detail for c in three) and '"format": "csv"' in entry.detail


def test_filters_apply(browser, world, three):
    rows = read_csv(browser(world.teacher).get(EXPORT + "?kind=absoluut"))
    assert [r[1] for r in rows[1:]] == ["Cas Jansen"]
    rows = read_csv(browser(world.teacher).get(EXPORT + "?status=closed"))
    assert rows[1:] == []


def test_xlsx_typed_frozen_and_escaped(browser, world, three):
    response = browser(world.teacher).get(EXPORT + "?format=xlsx&sort=id")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.get_data()))["Casussen"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(case_list.HEADER)
    assert ws.column_dimensions["B"].width == 26
    header = list(case_list.HEADER)
    anna = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert anna["Nummer"].value == three[0].id and anna["Nummer"].data_type == "n"
    assert anna["Eerste dag zonder onderwijs"].is_date
    assert anna["Eerste dag zonder onderwijs"].value.date() == date(2026, 10, 1)
    assert anna["Dagen thuis"].value == 55 and anna["Thuiszitter"].value == "ja"
    assert ws.cell(3, 2).value == "'=SUM(A1) Jansen" and ws.cell(3, 2).data_type == "s"


def test_meeting_access_shows_what_the_meeting_needs(browser, world, published, case, other_case):
    rows = read_csv(browser(world.wijkteam_worker).get(EXPORT + "?sort=id"))
    by_id = {int(r[0]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    sem = by_id[other_case.id]  # on the agenda only: initials, phase and term
    assert sem["Leerling"] == "S.B." and sem["Fase"].startswith("1.")
    assert sem["School"] == sem["Woongemeente"] == sem["Regie"] == sem["Dagen thuis"] == ""


def test_only_visible_cases(browser, world, three):
    rows = read_csv(browser(world.other_lpa).get(EXPORT))
    assert [r[1] for r in rows[1:]] == ["Ver Jansen"]


def test_bad_format_and_too_many_rows(browser, world, three, monkeypatch):
    b = browser(world.teacher)
    assert b.get(EXPORT + "?format=pdf").status_code == 400
    assert b.get(EXPORT + "?sort=onbekend").status_code == 400
    monkeypatch.setattr(case_list, "MAX_ROWS", 2)
    response = b.get(EXPORT)
    assert response.status_code == 400 and "hoogstens 2" in response.get_data(as_text=True)


def test_page_offers_the_export_and_page_sizes(browser, world, three):
    html = browser(world.teacher).get("/casussen?per_page=50&kind=relatief&format=x")
    html = html.get_data(as_text=True)
    assert '<option value="50" selected>50 casussen</option>' in html
    assert '<option value="100">100 casussen</option>' in html
    assert 'href="/casussen/export?format=csv&amp;kind=relatief"' in html
    assert 'href="/casussen/export?format=xlsx&amp;kind=relatief"' in html
    html = browser(world.teacher).get("/casussen?per_page=10").get_data(as_text=True)
    assert '<option value="10" selected>10 casussen</option>' in html
