"""The jaarverslag and the SWV view through the API, as CSV and in the publication variant
("<5"), over the hand-built cases of conftest.py (see test_jaarverslag.py for the numbers:
2025-2026 Zaltbommel 4 pupils with a case, Tiel 3; SWV Rivierenland 7)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.api.conftest import assert_error
from tests.reports.test_jaarverslag import pupils  # noqa: F401 - the pupil totals
from thuiszittertafel.audit.models import AuditEntry

API = "/api/v1/reports"
ANY_LINK = re.compile(r'<a href="(/rapportages/jaarverslag/casussen\?[^"]+)"[^>]*>([^<]+)</a>')


def last_audit(session) -> AuditEntry:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def rows_of(body: dict) -> dict[tuple[str, str], dict]:
    return {(r["municipality"], r["school_year"]): r for r in body["rows"]}


def test_api_jaarverslag_has_the_page_figures(session, world, report_cases, pupils, api):  # noqa: F811
    body = api(world.lpa).get(f"{API}/jaarverslag?school_year=2025-2026").get_json()
    assert body["school_year"] == "2025-2026" and body["peildatum"] == "2026-07-31"
    assert body["previous_school_year"] == "2024-2025" and body["publication"] is False
    rows = rows_of(body)
    assert list(rows) == [
        ("Tiel", "2025-2026"),
        ("Tiel", "2024-2025"),
        ("Zaltbommel", "2025-2026"),
        ("Zaltbommel", "2024-2025"),
        ("Totaal", "2025-2026"),
        ("Totaal", "2024-2025"),
    ]
    z = rows[("Zaltbommel", "2025-2026")]
    assert (z["pupils"], z["cases"], z["cases_percentage"]) == (1250, 4, 0.32)
    assert (z["thuiszitters"], z["thuiszitters_3m_plus"], z["returned"]) == (2, 1, 2)
    assert z["outcome.so-vso"] == 1 and z["outcome.teruggeleid-andere-school"] == 0
    assert z["blocker.wachtlijst-onderwijs.days"] == 122
    total = rows[("Totaal", "2025-2026")]
    assert (total["pupils"], total["cases"], total["cases_percentage"]) == (2000, 7, 0.35)
    assert rows[("Tiel", "2024-2025")]["pupils"] is None
    assert "één keer" in body["definitions"]["cases"]
    entry = last_audit(session)
    assert entry.action == "api.report.jaarverslag.view" and entry.user_id == world.lpa.id
    # A peildatum: counted up to it (C absoluut from 2 Mar 2026 is not a thuiszitter yet).
    early = api(world.lpa).get(f"{API}/jaarverslag?school_year=2025-2026&peildatum=2026-01-31")
    z = rows_of(early.get_json())[("Zaltbommel", "2025-2026")]
    assert early.get_json()["peildatum"] == "2026-01-31"
    assert (z["cases"], z["thuiszitters"], z["outcome.so-vso"]) == (2, 1, 0)  # Anna, Bram


def test_api_jaarverslag_for_publication(world, report_cases, pupils, api):  # noqa: F811
    body = (
        api(world.lpa).get(f"{API}/jaarverslag?school_year=2025-2026&publication=true").get_json()
    )
    z = rows_of(body)[("Zaltbommel", "2025-2026")]
    assert body["publication"] is True
    assert (z["cases"], z["cases_percentage"], z["outcome.verhuisd"]) == ("<5", "n<5", 0)
    assert z["blocker.wachtlijst-onderwijs.days"] == "n<5" and z["pupils"] == 1250


def test_api_swv(session, world, report_cases, api):
    body = api(world.swv_coordinator).get(f"{API}/swv?school_year=2025-2026").get_json()
    by_school = {r["school"]: r for r in body["rows"]}
    assert list(by_school) == ["Lingeborgh", "RSG Lingecollege", "Zonder school", None]
    lingeborgh = by_school["Lingeborgh"]
    assert (lingeborgh["cases"], lingeborgh["thuiszitters"], lingeborgh["returned"]) == (5, 1, 2)
    assert by_school[None]["cases"] == 7 and by_school[None]["swv"] == "SWV Rivierenland"
    assert by_school["Zonder school"]["school_id"] == 0
    assert last_audit(session).action == "api.report.swv.view"
    published = api(world.swv_coordinator).get(f"{API}/swv?school_year=2025-2026&publication=1")
    assert {r["school"]: r["cases"] for r in published.get_json()["rows"]}["Lingeborgh"] == 5
    assert {r["school"]: r["cases"] for r in published.get_json()["rows"]}[None] == 7
    assert {r["school"]: r["returned"] for r in published.get_json()["rows"]}["Lingeborgh"] == "<5"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("school_year=2025", "school_year", "Geef het schooljaar als twee opeenvolgende"),
        ("school_year=2025-2026&peildatum=2026-08-01", "peildatum", "ligt in het schooljaar"),
        ("peildatum=morgen", "peildatum", "geen geldige datum"),
        ("publication=misschien", "publication", "publication is true of false."),
        ("municipality=Tiel", None, None),
    ],
)
@pytest.mark.parametrize("path", ["jaarverslag", "swv"])
def test_api_bad_requests_are_dutch_400s(
    session, world, report_cases, api, path, query, field, message
):
    user = world.lpa if path == "jaarverslag" else world.swv_coordinator
    before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0
    client = api(user)
    r = client.get(f"{API}/{path}?{query}")
    body = assert_error(r, 400)
    if message:
        assert message in body["message"] or message in json.dumps(body, ensure_ascii=False)
    after = session.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
    assert not [e for e in after if e.action.startswith("api.report.")]


@pytest.mark.parametrize(
    "who", ["teacher", "zorgco", "swv_worker", "wijkteam_worker", "ggd_doctor"]
)
def test_api_refuses_who_may_not_read_reports(world, report_cases, api, who):
    client = api(getattr(world, who))
    for path in ("jaarverslag", "swv"):
        assert_error(client.get(f"{API}/{path}?school_year=2025-2026"), 403)
    # leerplicht may not read the SWV view, the SWV coordinator reads both.
    assert_error(api(world.lpa).get(f"{API}/swv"), 403)
    assert api(world.swv_coordinator).get(f"{API}/jaarverslag").status_code == 200


def test_publication_page_csv_and_pdf(session, world, report_cases, pupils, browser):  # noqa: F811
    b = browser(world.lpa)
    raw = b.get("/rapportages/jaarverslag?school_year=2025-2026&publication=true")
    html = raw.get_data(as_text=True)
    assert 'id="jv-publicatie"' in html and ">&lt;5</a>" in html
    assert "jv-chart" not in html and "jv-grafieken-titel" not in html  # no charts
    links = [unescape(u) for u, _ in ANY_LINK.findall(html)]
    assert links and all("publication=true" in u for u in links)
    # A number behind "<5": its list shows initials only, never a name.
    url = next(
        u for u in links if "field=thuiszitters&school_year=2025-2026" in u and "Zaltbommel" in u
    )
    listed = b.get(url).get_data(as_text=True)
    assert listed.count('class="jv-member"') == 2 and "Anna Jansen" not in listed
    assert "A.J." in listed and "C.J." in listed
    assert json.loads(last_audit(session).detail)["publication"] is True
    # The CSV: ;, BOM, the same rows as the API, "<5" for publication.
    r = b.get("/rapportages/jaarverslag?school_year=2025-2026&format=csv&publication=true")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'filename="jaarverslag-2025-2026-publicatie.csv"' in r.headers["Content-Disposition"]
    assert r.data.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
    z = next(
        t for t in table if t["municipality"] == "Zaltbommel" and t["school_year"] == "2025-2026"
    )
    assert (z["cases"], z["pupils"], z["cases_percentage"]) == ("<5", "1250", "n<5")
    entry = last_audit(session)
    assert entry.action == "report.jaarverslag.view"
    assert json.loads(entry.detail)["format"] == "csv"
    plain = b.get("/rapportages/jaarverslag?school_year=2025-2026&format=csv")
    table = list(csv.DictReader(io.StringIO(plain.data.decode("utf-8-sig")), delimiter=";"))
    total = next(
        t for t in table if t["municipality"] == "Totaal" and t["school_year"] == "2025-2026"
    )
    assert (total["cases"], total["cases_percentage"]) == ("7", "0,3")  # csv_cell: one decimal
    pdf = b.get("/rapportages/jaarverslag?school_year=2025-2026&format=pdf&publication=true")
    assert pdf.data.startswith(b"%PDF")
    assert 'filename="jaarverslag-2025-2026-publicatie.pdf"' in pdf.headers["Content-Disposition"]
    assert b.get("/rapportages/jaarverslag?format=xlsx").status_code == 400


def test_swv_publication_and_csv(session, world, report_cases, browser):
    b = browser(world.swv_coordinator)
    html = b.get("/rapportages/swv?school_year=2025-2026&publication=true").get_data(as_text=True)
    assert 'id="swv-publicatie"' in html and "&lt;5</a>" in html
    r = b.get("/rapportages/swv?school_year=2025-2026&format=csv")
    table = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
    assert [t["school"] for t in table] == ["Lingeborgh", "RSG Lingecollege", "Zonder school", ""]
    assert table[-1]["cases"] == "7"
    assert json.loads(last_audit(session).detail)["format"] == "csv"


def test_api_answers_match_their_openapi_schemas(world, report_cases, pupils, api):  # noqa: F811
    from thuiszittertafel.api.openapi import document

    schemas = document()["components"]["schemas"]
    body = api(world.lpa).get(f"{API}/jaarverslag?school_year=2025-2026").get_json()
    assert set(body) == set(schemas["Jaarverslag"]["properties"])
    row_schema = schemas["JaarverslagRow"]
    for row in body["rows"]:
        extra = set(row) - set(row_schema["properties"])
        assert set(row_schema["required"]) <= set(row)
        assert all(re.fullmatch(r"regie\.[0-9]+\.[a-z-]+", k) for k in extra), extra
    swv = api(world.swv_coordinator).get(f"{API}/swv?school_year=2025-2026").get_json()
    assert set(swv) == set(schemas["SwvFigures"]["properties"])
    assert all(set(r) == set(schemas["SwvRow"]["properties"]) for r in swv["rows"])
