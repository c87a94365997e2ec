"""GET /api/v1/reports/thuiszitters, the page /rapportages and the CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.api.conftest import assert_error
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.reports.definitions import KEYS

URL = "/api/v1/reports/thuiszitters"


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Dutch Excel
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8")), delimiter=";"))


def audit_actions(session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_json_rows_and_total(api, world, report_cases):
    body = api(world.lpa).get(URL + "?school_year=2025-2026").get_json()
    assert body["school_year"] == "2025-2026" and body["reference_date"] == "2026-07-31"
    assert [r["municipality"] for r in body["rows"]] == ["Tiel", "Zaltbommel"]
    assert all(set(r) == set(KEYS) for r in (*body["rows"], body["total"]))
    assert body["total"]["cases"] == 8 and body["total"]["median_days_to_return"] == 28
    assert body["rows"][1]["relatief_langdurig"] == 1


def test_json_defaults_to_the_running_year(api, world, report_cases):
    body = api(world.lpa).get(URL).get_json()
    assert body["school_year"] == "2026-2027" and body["total"]["cases"] == 4


def test_csv_has_the_keys_as_header_and_the_total_last(api, world, report_cases, session):
    response = api(world.lpa).get(URL + "?school_year=2025-2026&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data())
    assert rows[0] == list(KEYS)
    assert [r[0] for r in rows[1:]] == ["Tiel", "Zaltbommel", "Totaal"]
    total = dict(zip(rows[0], rows[3], strict=True))
    assert total["cases"] == "8" and total["blocker_days"] == "169"
    assert total["median_days_to_return"] == "28"
    assert audit_actions(session)[-1] == "api.report.export"


def test_csv_for_publication_hides_small_counts(api, world, report_cases):
    rows = read_csv(
        api(world.lpa).get(URL + "?school_year=2025-2026&format=csv&publication=true").get_data()
    )
    tiel = dict(zip(rows[0], rows[1], strict=True))
    total = dict(zip(rows[0], rows[3], strict=True))
    assert tiel["cases"] == "<5" and tiel["absoluut"] == "0"
    assert tiel["median_days_to_return"] == "n<5"  # one return
    assert total["cases"] == "8" and total["returned"] == "<5"
    # Secondary suppression: open on the peildatum (3) shows as "<5", so closed (5) of the 8
    # would give it away; Zaltbommel's cases, beside Tiel's "<5" and the total, too.
    assert total["open_at_end"] == "<5" and total["closed"] == "x"
    zaltbommel = dict(zip(rows[0], rows[2], strict=True))
    assert zaltbommel["cases"] == "x"
    assert total["median_days_to_return"] == "n<5"


def test_xlsx_typed_cells_and_definitions(api, world, report_cases, session):
    response = api(world.lpa).get(URL + "?school_year=2025-2026&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(response.get_data()))
    assert wb.sheetnames == ["Rapportage", "Definities"]
    ws = wb["Rapportage"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(KEYS)
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["municipality"] == "Totaal" and total["cases"] == 8
    assert isinstance(total["cases"], int) and ws.cell(ws.max_row, 2).data_type == "n"
    definitions = [r for r in wb["Definities"].iter_rows(values_only=True)]
    assert ("Schooljaar", "2025-2026") in [r[:2] for r in definitions]
    assert set(KEYS) <= {r[0] for r in definitions}
    assert audit_actions(session)[-1] == "api.report.export"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+31", "-2", "@SUM(A1)"])
def test_exports_escape_formulas(api, world, make_municipality, make_case, name):
    evil = make_municipality(name)
    make_case(world.teacher, municipality=evil)
    client = api(world.zorgco)
    rows = read_csv(client.get(URL + "?format=csv").get_data())
    assert rows[1][0] == "'" + name
    wb = load_workbook(io.BytesIO(client.get(URL + "?format=xlsx").get_data()))
    cell = wb["Rapportage"].cell(2, 1)
    assert cell.value == "'" + name and cell.data_type == "s"


@pytest.mark.parametrize(
    "query",
    [
        "school_year=2025",
        "school_year=2025-2027",
        "school_year=2027-2028",
        "school_year=1999-2000",
        "school_year=２０２５-２０２６",
        "format=pdf",
        "publication=misschien",
        "publication=true",
        "format=json&publication=true",
        "gemeente=Tiel",
    ],
)
def test_bad_input_is_a_dutch_400(api, world, query):
    body = assert_error(api(world.lpa).get(URL + "?" + query), 400)
    assert body["message"]


def test_workers_get_403_and_strangers_401(api, anonymous, world):
    assert_error(api(world.teacher).get(URL), 403, "geen-toegang")
    assert_error(anonymous.get(URL), 401)


# --- the page ---------------------------------------------------------------------------


def test_page_shows_figures_charts_and_definitions(browser, world, report_cases, session):
    html = browser(world.lpa).get("/rapportages?school_year=2025-2026").get_data(as_text=True)
    # A count links to its cases (test_report_cases.py); a statistic is plain text.
    assert re.search(
        r'data-key="cases"><a href="/rapportages/thuiszitters/casussen\?[^"]+"[^>]*>8</a>', html
    )
    assert 'data-key="median_days_to_return">28<' in html
    assert html.count('role="img"') == 4 and "<desc id=" in html
    assert html.count("Tabel bij deze grafiek") == 4
    assert "Langdurig relatief verzuim" in html and 'id="definities"' in html
    assert 'href="/rapportages"' in html  # the nav item
    assert audit_actions(session)[-1] == "report.view"


def test_page_downloads(browser, world, report_cases, session):
    b = browser(world.swv_coordinator)
    response = b.get("/rapportages/download?school_year=2025-2026&format=csv")
    assert read_csv(response.get_data())[3][1] == "8"
    response = b.get("/rapportages/download?school_year=2025-2026&format=xlsx&publication=1")
    rows = list(load_workbook(io.BytesIO(response.get_data()))["Rapportage"].values)
    assert rows[1][:2] == ("Tiel", "<5")
    assert audit_actions(session)[-2:] == ["report.export", "report.export"]


def test_page_bad_year_is_400_in_dutch(browser, world):
    response = browser(world.lpa).get("/rapportages?school_year=volgend-jaar")
    assert response.status_code == 400
    assert "bijvoorbeeld 2025-2026" in response.get_data(as_text=True)
    response = browser(world.lpa).get("/rapportages/download?format=docx")
    assert response.status_code == 400


def test_page_refuses_workers_and_hides_the_nav_item(browser, world):
    b = browser(world.teacher)
    assert b.get("/rapportages").status_code == 403
    assert b.get("/rapportages/download").status_code == 403
    assert 'href="/rapportages"' not in b.get("/casussen").get_data(as_text=True)
