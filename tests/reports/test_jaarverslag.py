"""The jaarverslag and the SWV view over the hand-built cases of conftest.py (see the
docstring of test_figures.py for 2025-2026), every expected number worked out by hand.

2024-2025 (peildatum 31 Jul 2025), seen by leerplicht Rivierenland:
  A  Zaltbommel relatief since 2 Jun 2025, open then: a case; langdurig from 30 Jun 2025, so a
     thuiszitter; blocker wachtlijst-zorg 15 Jun – 10 Sep 2025: 47 days up to 1 Aug 2025.
  F  Tiel vrijstelling-traject 2 Sep 2024 – closed 15 Jul 2025 (vrijstelling): a case, no
     thuiszitter; blocker geen-passend-aanbod 1 Oct 2024 – 15 Jul 2025: 287 days.
2025-2026 (peildatum 31 Jul 2026): Zaltbommel cases A B E C J, pupils Anna, Bram (B and E:
one pupil, two cases), Cas, Jet: 4; thuiszitters A and C; C absoluut since 2 Mar 2026 is 151
days on the peildatum (3 months or more). Tiel D G L (3 pupils), no thuiszitter. Closed:
Zaltbommel A (zelfde school), B (andere school, 21 Oct 2025), E (so/vso, 3 Jun 2026): Bram
counts once, under so/vso (his latest closed case decides); Tiel D (verhuisd), L (zelfde
school). Blockers: wachtlijst-zorg 40 d (A), wachtlijst-onderwijs 122 d (C), uit-beeld 7 d (G).
Every case opened (in the system) today, 25 Nov 2026: no regie in 2025-2026 (see the regie test).
Pupils: Zaltbommel 2025 1000 + 250, 2024 1000 + 200; Tiel 2025 600 + 150, 2024 none.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.core.errors import Forbidden
from thuiszittertafel.reports import jaarverslag
from thuiszittertafel.reports.models import PupilCount
from thuiszittertafel.reports.schoolyear import SchoolYear

TODAY = date(2026, 11, 25)
Y2025 = SchoolYear(2025)
PAGE = "/rapportages/jaarverslag"
LINK = re.compile(
    r'<a href="(/rapportages/(?:jaarverslag|swv)/casussen\?[^"]+)"[^>]*>([0-9.]+)</a>'
)


@pytest.fixture
def pupils(session, world):
    for m, first, lp, kp in (
        (world.zaltbommel, 2025, 1000, 250),
        (world.zaltbommel, 2024, 1000, 200),
        (world.tiel, 2025, 600, 150),
    ):
        session.add(
            PupilCount(
                municipality_id=m.id,
                school_year=first,
                leerplichtig=lp,
                kwalificatieplichtig=kp,
                updated_at=clock.now(),
            )
        )
    session.commit()


def figures(r, year, m=None) -> dict:
    keys = (
        "cases",
        "thuiszitters",
        "thuiszitters_4w_3m",
        "thuiszitters_3m_plus",
        "returned",
        "outcome.teruggeleid-zelfde-school",
        "outcome.teruggeleid-andere-school",
        "outcome.so-vso",
        "outcome.verhuisd",
        "outcome.vrijstelling",
        "blocker.wachtlijst-zorg",
        "blocker.wachtlijst-onderwijs",
        "blocker.uit-beeld",
        "blocker.geen-passend-aanbod",
    )
    found = {k: r.count(m.id if m else None, k, year) for k in keys}
    return {k: v for k, v in found.items() if v}


def test_jaarverslag_by_hand(session, world, report_cases, pupils):
    r = jaarverslag.jaarverslag(session, world.lpa, Y2025, TODAY)
    w, last = world, r.previous
    assert [m.name for m in r.municipalities] == ["Tiel", "Zaltbommel"]
    assert r.this.peildatum == date(2026, 7, 31) and r.last.peildatum == date(2025, 7, 31)
    assert figures(r, Y2025, w.zaltbommel) == {
        "cases": 4,  # Anna, Bram (B and E), Cas, Jet
        "thuiszitters": 2,
        "thuiszitters_3m_plus": 1,
        "returned": 2,  # Anna, Bram
        "outcome.teruggeleid-zelfde-school": 1,
        "outcome.so-vso": 1,  # Bram: E closed after B
        "blocker.wachtlijst-zorg": 1,
        "blocker.wachtlijst-onderwijs": 1,
    }
    assert figures(r, Y2025, w.tiel) == {
        "cases": 3,
        "returned": 1,
        "outcome.teruggeleid-zelfde-school": 1,
        "outcome.verhuisd": 1,
        "blocker.uit-beeld": 1,
    }
    assert figures(r, last, w.zaltbommel) == {
        "cases": 1,
        "thuiszitters": 1,
        "thuiszitters_4w_3m": 1,  # A: 59 days on 31 Jul 2025
        "blocker.wachtlijst-zorg": 1,
    }
    assert figures(r, last, w.tiel) == {
        "cases": 1,
        "outcome.vrijstelling": 1,
        "blocker.geen-passend-aanbod": 1,
    }
    assert figures(r, Y2025)["cases"] == 7 and figures(r, last)["cases"] == 2
    # Percentages of the pupils: 4 / 1250, 2 / 1250, 3 / 750, 1 / 1200; the total 7 / 2000.
    assert r.percentage(w.zaltbommel.id, "cases", Y2025) == 0.32
    assert r.percentage(w.zaltbommel.id, "thuiszitters", Y2025) == 0.16
    assert r.percentage(w.tiel.id, "cases", Y2025) == 0.4
    assert r.percentage(w.tiel.id, "thuiszitters", Y2025) == 0.0
    assert r.percentage(w.zaltbommel.id, "cases", last) == 0.08
    assert r.percentage(None, "cases", Y2025) == 0.35
    assert r.percentage(w.tiel.id, "cases", last) is None  # no pupil total for Tiel 2024
    assert r.percentage(None, "cases", last) is None
    # Blocker days: total and median per kind.
    ids = r.ids
    assert r.this.days(ids, "blocker.wachtlijst-onderwijs") == [122]
    assert r.this.median_days(ids, "blocker.uit-beeld") == 7
    assert r.last.days(ids, "blocker.wachtlijst-zorg") == [47]
    assert r.last.days(ids, "blocker.geen-passend-aanbod") == [287]
    assert r.regie_columns() == []  # every case entered the system after the year


def test_page_shows_the_tables_and_every_number_lists_its_cases(
    session, world, report_cases, pupils, browser
):
    b = browser(world.lpa)
    page = b.get(f"{PAGE}?school_year=2025-2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for heading in (
        "Leerlingen en casussen per gemeente",
        "Thuiszitters per gemeente",
        "Uitstroom naar uitkomst",
        "Belemmeringen naar soort",
        "Regie per fase",
    ):
        assert f">{heading}" in html
    assert "0,32%" in html and "0,16%" in html and "0,08%" in html and "1.250" in html
    links = [(unescape(u), int(n)) for u, n in LINK.findall(html)]
    assert len(links) > 15
    for url, n in links:
        listed = b.get(url)
        assert listed.status_code == 200, url
        assert listed.get_data(as_text=True).count('class="jv-member"') == n, url


def test_drilldown_names_initials_and_audit(session, world, report_cases, browser):
    b = browser(world.lpa)
    url = f"{PAGE}/casussen?school_year=2025-2026&municipality=Zaltbommel&field=thuiszitters"
    html = b.get(url).get_data(as_text=True)
    assert "Anna Jansen" in html and "Cas Jansen" in html and "Bram" not in html
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "report.jaarverslag.cases"
    detail = json.loads(entry.detail)
    assert detail["case_ids"] == [report_cases.A.id, report_cases.C.id]
    html = b.get(url + "&publication=true").get_data(as_text=True)
    assert "Anna Jansen" not in html and html.count('class="jv-member"') == 2
    # All gemeenten at once (the total column).
    html = b.get(f"{PAGE}/casussen?school_year=2025-2026&field=cases").get_data(as_text=True)
    assert html.count('class="jv-member"') == 7
    # Bram once, with both his cases linked.
    bram = html[html.index("Bram Bakker") : html.index("</tr>", html.index("Bram Bakker"))]
    assert f"/casussen/{report_cases.B.id}" in bram and f"/casussen/{report_cases.E.id}" in bram


def test_pdf(session, world, report_cases, pupils, browser):
    r = browser(world.lpa).get(f"{PAGE}?school_year=2025-2026&format=pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF")
    assert 'filename="jaarverslag-2025-2026.pdf"' in r.headers["Content-Disposition"]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "report.jaarverslag.view"
    assert json.loads(entry.detail)["format"] == "pdf"


def test_functioneel_beheer_gets_the_reason_not_zeros(
    session, world, report_cases, pupils, make_user, make_org, browser, api
):
    """As in the demo: the region's body, a gemeente-kind organisation serving no gemeente.
    It sees no case, so it gets no figures (zeros would look real), but is told why and who
    makes them; nothing about a case is read or listed."""
    beheer = make_user(make_org("gemeente", "Regio"), "functioneel-beheer", username="fb2")
    with pytest.raises(Forbidden, match="U ziet geen casussen"):
        jaarverslag.jaarverslag(session, beheer, Y2025, TODAY)
    with pytest.raises(Forbidden, match="coördinator"):
        jaarverslag.swv_view(session, beheer, Y2025, TODAY)
    b = browser(beheer)
    for url, who in ((PAGE, "leerplicht en de gemeente"), ("/rapportages/swv", "coördinator")):
        page = b.get(f"{url}?school_year=2025-2026")
        html = unescape(page.get_data(as_text=True))
        assert page.status_code == 200 and 'id="geen-cijfers"' in html and who in html
        assert "jv-table" not in html and "report-table" not in html
        assert "Leerlingaantallen beheren" in html
    assert b.get(f"{PAGE}?format=csv").status_code == 200  # the same page: no file, no figures
    assert b.get(f"{PAGE}/casussen?field=cases").status_code == 403
    assert b.get(f"/rapportages/swv/casussen?swv={world.swv.id}&field=cases").status_code == 403
    read = select(AuditEntry).where(AuditEntry.user_id == beheer.id)
    assert [e.action for e in session.scalars(read) if e.action.startswith("report.")] == []
    for path in ("jaarverslag", "swv"):
        r = api(beheer).get(f"/api/v1/reports/{path}?school_year=2025-2026")
        assert r.status_code == 403 and "U ziet geen casussen" in r.get_json()["message"]


@pytest.mark.parametrize(
    "who", ["teacher", "zorgco", "swv_worker", "wijkteam_worker", "ggd_doctor"]
)
def test_others_are_refused(session, world, report_cases, browser, who):
    user = getattr(world, who)
    with pytest.raises(Forbidden):
        jaarverslag.jaarverslag(session, user, Y2025, TODAY)
    b = browser(user)
    assert b.get(PAGE).status_code == 403
    assert b.get(f"{PAGE}/casussen?field=cases").status_code == 403
    assert b.get("/rapportages/swv").status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "municipality=Elders&field=cases",
            "Kies een gemeente van uw organisatie: Tiel, Zaltbommel.",
        ),
        ("field=onzin", "Onbekend getal"),
        ("field=regie.x.school", "Onbekend getal"),
        ("school_year=2025&field=cases", "Geef het schooljaar als twee opeenvolgende jaren"),
        (
            "school_year=2025-2026&peildatum=2025-07-31&field=cases",
            "De peildatum ligt in het schooljaar 2025-2026",
        ),
        ("peildatum=2026-12-01&field=cases", "De peildatum ligt in de toekomst."),
        ("field=cases&publication=misschien", "publication is true of false."),
    ],
)
def test_bad_drilldown_requests(session, world, report_cases, browser, query, message):
    r = browser(world.lpa).get(f"{PAGE}/casussen?{query}")
    assert r.status_code == 400
    assert message in unescape(r.get_data(as_text=True))


def test_swv_view_by_hand(session, world, report_cases):
    v = jaarverslag.swv_view(session, world.swv_coordinator, Y2025, TODAY)
    assert [s.name for s in v.swvs] == ["SWV Rivierenland"]
    schools, per_school = v.schools[world.swv.id]
    assert [name for _, name in schools] == ["Lingeborgh", "RSG Lingecollege", "Zonder school"]
    keys = ("cases", "thuiszitters", "thuiszitters_4w_3m", "thuiszitters_3m_plus", "returned")

    def row(figs, key):
        return [figs.count(key, k) for k in keys]

    # Anna, Bram (B, E), Jet, Dina, Gijs; Anna; Anna and Bram.
    assert row(per_school, world.school.id) == [5, 1, 0, 0, 2]
    assert row(per_school, world.school2.id) == [1, 0, 0, 0, 1]  # L
    assert row(per_school, jaarverslag.NO_SCHOOL) == [1, 1, 0, 1, 0]  # C
    assert row(v.per_swv, world.swv.id) == [7, 2, 0, 1, 3]
    other = jaarverslag.swv_view(session, world.other_swv_coordinator, Y2025, TODAY)
    assert [s.name for s in other.swvs] == ["SWV Elders"]
    assert row(other.per_swv, world.other_swv.id) == [1, 1, 0, 1, 0]  # K: 333 days


def test_swv_page_and_its_lists(session, world, report_cases, browser):
    b = browser(world.swv_coordinator)
    page = b.get("/rapportages/swv?school_year=2025-2026")
    assert page.status_code == 200
    links = [(unescape(u), int(n)) for u, n in LINK.findall(page.get_data(as_text=True))]
    assert sum(n for u, n in links if "field=cases" in u and "school=" in u) == 7
    for url, n in links:
        listed = b.get(url)
        assert listed.status_code == 200, url
        assert listed.get_data(as_text=True).count('class="jv-member"') == n, url
    # Another SWV, a school of another SWV, a figure not in the view: Dutch 400s.
    base = "/rapportages/swv/casussen?school_year=2025-2026&field=cases"
    r = b.get(f"{base}&swv={world.other_swv.id}")
    assert r.status_code == 400 and "Kies een samenwerkingsverband" in r.get_data(as_text=True)
    r = b.get(f"{base}&swv={world.swv.id}&school={world.far_school.id}")
    assert r.status_code == 400 and "Kies een school van SWV Rivierenland" in r.get_data(
        as_text=True
    )
    r = b.get(f"/rapportages/swv/casussen?swv={world.swv.id}&field=blocker.uit-beeld")
    assert r.status_code == 400
    assert browser(world.lpa).get("/rapportages/swv").status_code == 403
