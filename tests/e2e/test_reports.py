"""In the browser: the SWV coordinator's and leerplicht's start pages, and the report page
whose CSV and XLSX downloads open and match the screen. Figures are checked against the
API (same visibility rules) on the demo region."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import requests
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import pytestmark  # noqa: F401 - marks these tests e2e
from thuiszittertafel.clock import LOCAL_TZ


def api_cases(server, account) -> tuple[dict, list[dict]]:
    """The account's /me and every case it may see, through the API."""
    token = requests.post(
        server.url + "/api/v1/tokens",
        json={"username": account["username"], "password": account["password"]},
        timeout=10,
    )
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    me = requests.get(server.url + "/api/v1/me", headers=headers, timeout=10).json()
    items, page = [], 1
    while True:
        body = requests.get(
            server.url + "/api/v1/cases",
            params={"page": page, "per_page": 100},
            headers=headers,
            timeout=10,
        ).json()
        items += body["items"]
        if len(items) >= body["total"]:
            return me, items
        page += 1


def test_swv_coordinator_start_page(person, live_server):
    account = live_server.account(kind="swv", role="coordinator")
    me, cases = api_cases(live_server, account)
    expected = sum(
        1 for c in cases if c["status"] == "open" and c["swv_org_id"] == me["organisation"]["id"]
    )
    s = person(account)
    s.goto("/")
    page = s.page
    expect(page.get_by_role("heading", name="Casussen per fase en regie")).to_be_visible()
    total = page.locator("#regie-fasen tfoot td[data-key=cases]").inner_text()
    assert int(total) == expected
    first = page.locator("#regie-fasen tbody td[data-key=cases] a").first
    assert first.get_attribute("href").startswith("/casussen?phase=")
    expect(page.get_by_role("link", name="Naar het regie-overzicht met afspraken")).to_be_visible()
    assert s.axe() == []


def test_leerplicht_start_page(person, live_server):
    account = live_server.account(kind="leerplicht")
    me, cases = api_cases(live_server, account)
    served = set(me["organisation"]["municipalities"])
    # The server's today is Amsterdam's: after 23:00 UTC that is already tomorrow.
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date().isoformat()
    overdue = sum(
        1
        for c in cases
        if c["status"] == "open"
        and c["phase_due_on"]
        and c["phase_due_on"] < today
        and c["pupil"]["municipality"] in served
    )
    s = person(account)
    s.goto("/")
    page = s.page
    shown = page.locator("[data-bucket=verlopen-termijnen] [data-count]").get_attribute(
        "data-count"
    )
    assert int(shown) == overdue
    for name in ("Termijnbewaking van afspraken", "Rapportages"):
        expect(page.get_by_role("link", name=name).first).to_be_visible()
    page.get_by_role("link", name="Alle verlopen termijnen in de casuslijst").click()
    page.wait_for_url("**/casussen?overdue=true**")
    assert s.axe() == []


def test_report_downloads_match_the_screen(person, live_server):
    s = person(live_server.account(kind="leerplicht"))
    s.goto("/rapportages")
    page = s.page
    expect(page.get_by_role("heading", name="Rapportages")).to_be_visible()
    assert page.locator("svg[role=img]").count() == 4
    # The first table of the thuiszitter report (the leerplichttelling has its own).
    report = page.locator("table.report-table:has(tfoot td[data-key=cases])").first
    screen_total = report.locator("tfoot td[data-key=cases]").inner_text()
    screen_rows = report.locator("tbody tr").count()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV (Excel)").click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    body = Path(csv_download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8")), delimiter=";"))
    assert rows[0][:2] == ["municipality", "cases"]
    assert rows[-1][0] == "Totaal" and rows[-1][1] == screen_total
    assert len(rows) - 2 == screen_rows

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX met definities").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert wb.sheetnames == ["Rapportage", "Definities"]
    sheet = list(wb["Rapportage"].values)
    assert sheet[-1][0] == "Totaal" and sheet[-1][1] == int(screen_total)
    assert s.axe() == []


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_pupil_totals_jaarverslag_and_its_lists(person, live_server):
    """Functioneel beheer enters Buren's pupils; leerplicht's jaarverslag shows the
    percentage, each number opens its cases, the PDF downloads; both pages pass axe."""
    beheer = person(live_server.account(kind="gemeente", role="functioneel-beheer"))
    beheer.goto("/")
    beheer.page.get_by_role("link", name="Leerlingaantallen").click()
    page = beheer.page
    expect(page.get_by_role("heading", name="Leerlingaantallen per gemeente")).to_be_visible()
    # The demo has seed 000's figures (3.140 and 583); the office corrects them.
    page.get_by_label("Buren: leerplichtig").fill("3.200")
    page.get_by_label("Buren: kwalificatieplichtig").fill("600")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("opgeslagen (1 gemeente(n) gewijzigd)", exact=False)).to_be_visible()
    assert page.locator("tr[data-municipality=Buren] td.num").inner_text() == "3800"
    assert beheer.axe() == []
    # A bad number is refused with a 400 and a Dutch message (tests/reports/test_pupil_counts.py);
    # here the 400 would be a console error.

    s = person(live_server.account(kind="leerplicht"))
    s.goto("/rapportages")
    s.page.get_by_role("link", name="Jaarverslag", exact=False).first.click()
    page = s.page
    expect(page.get_by_role("heading", name="Leerlingen en casussen per gemeente")).to_be_visible()
    row = page.locator("#jv-casussen ~ div tbody tr[data-row=Buren]")
    cells = row.locator("td")
    # Pupils last year, leerplichtig and kwalificatieplichtig this year, pupils this year,
    # with a case last year and this year, and the two percentages.
    year_pupils, year_cases = cells.nth(3).inner_text(), cells.nth(5).inner_text()
    assert (cells.nth(1).inner_text(), cells.nth(2).inner_text()) == ("3.200", "600")
    assert year_pupils == "3.800"
    expected = f"{100 * _number(year_cases) / 3800:.2f}%".replace(".", ",")
    assert cells.nth(7).inner_text() == expected
    assert page.locator("svg[role=img]").count() == 3
    assert s.axe() == []
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    # The cases behind Buren's number.
    link = cells.nth(5).locator("a")
    link.click()
    page.wait_for_url("**/rapportages/jaarverslag/casussen?**")
    assert page.locator("tr.jv-member").count() == _number(year_cases)
    assert s.axe() == []


def test_swv_view(person, live_server):
    s = person(live_server.account(kind="swv", role="coordinator"))
    s.goto("/rapportages")
    s.page.get_by_role("link", name="Thuiszitters per samenwerkingsverband en school").click()
    page = s.page
    heading = page.get_by_role("heading", name="Thuiszitters per samenwerkingsverband")
    expect(heading).to_be_visible()
    total = page.locator("tfoot td[data-figure=cases]").first
    assert s.axe() == []
    n = _number(total.inner_text())
    assert n > 0  # the demo SWV has cases this school year
    total.locator("a").click()
    page.wait_for_url("**/rapportages/swv/casussen?**")
    assert page.locator("tr.jv-member").count() == n
    assert s.axe() == []


def test_jaarverslag_for_publication_and_who_sees_no_cases(person, live_server):
    """Leerplicht ticks 'voor publicatie': small numbers read '<5' and every number still
    opens its pupils (initials only); functioneel beheer is told why it gets no figures."""
    s = person(live_server.account(kind="leerplicht"))
    s.goto("/rapportages/jaarverslag")
    page = s.page
    page.get_by_label("Versie voor publicatie", exact=False).check()
    page.get_by_role("button", name="Toon jaarverslag").click()
    page.wait_for_url("**publication=true**")
    expect(page.locator("#jv-publicatie")).to_be_visible()
    cells = page.locator("td.num a")
    texts = [cells.nth(i).inner_text() for i in range(cells.count())]
    # "x": hidden as well, because the total and the other numbers would give a "<5" away.
    assert texts and all(t in ("<5", "x") or _number(t) >= 5 for t in texts)
    assert s.axe() == []
    assert "<5" in texts  # the demo has small numbers (e.g. a regie cell)
    page.locator("td.num a", has_text="<5").first.click()
    page.wait_for_url("**/rapportages/jaarverslag/casussen?**")
    assert 0 < page.locator("tr.jv-member").count() < 5
    expect(page.get_by_role("link", name="Toon namen")).to_be_visible()
    assert s.axe() == []

    beheer = person(live_server.account(kind="gemeente", role="functioneel-beheer"))
    beheer.goto("/rapportages/jaarverslag")
    expect(beheer.page.locator("#geen-cijfers")).to_be_visible()
    assert "U ziet geen casussen" in beheer.page.locator("#geen-cijfers").inner_text()
    assert beheer.page.locator("table").count() == 0
    assert beheer.axe() == []
