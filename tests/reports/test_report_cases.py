"""The thuiszitter report on /rapportages (cases, not pupils): every count links to the
cases behind it, exactly as many rows as the number, over the hand-built cases of
conftest.py (test_figures.py works them out: 2025-2026 Zaltbommel A B E C J, Tiel D G L)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry

PAGE = "/rapportages?school_year=2025-2026"
LIST = "/rapportages/thuiszitters/casussen"
LINK = re.compile(r'<a href="(/rapportages/thuiszitters/casussen\?[^"]+)"[^>]*>([0-9]+)</a>')


def test_every_count_lists_its_cases(session, world, report_cases, browser):
    b = browser(world.lpa)
    links = [(unescape(u), int(n)) for u, n in LINK.findall(b.get(PAGE).get_data(as_text=True))]
    keys = {re.search(r"field=([a-z0-9_]+)", u).group(1) for u, _ in links}
    assert {"cases", "closed", "thuiszitters", "relatief_kort", "blockers", "returned"} <= keys
    assert not any("_days" in k for k in keys)  # days are sums, not lists
    for url, n in links:
        listed = b.get(url)
        assert listed.status_code == 200, url
        assert listed.get_data(as_text=True).count('class="report-member"') == n, url
    # Zaltbommel: five cases (Bram twice: the report counts cases), names for leerplicht.
    html = b.get(f"{LIST}?school_year=2025-2026&field=cases&municipality=Zaltbommel")
    html = html.get_data(as_text=True)
    assert html.count('class="report-member"') == 5 and html.count("Bram Bakker") == 2
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "report.cases"
    ids = {report_cases.A.id, report_cases.B.id, report_cases.C.id, report_cases.E.id}
    assert ids | {report_cases.J.id} == set(json.loads(entry.detail)["case_ids"])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("field=onzin", "het getal"),
        ("field=blocker_days", "het getal"),
        ("", "het getal"),
        ("field=cases&municipality=Elders2", "Kies een gemeente uit de rapportage."),
    ],
)
def test_bad_requests_are_dutch_400s(session, world, report_cases, browser, query, message):
    r = browser(world.lpa).get(f"{LIST}?school_year=2025-2026&{query}")
    assert r.status_code == 400
    assert message in unescape(r.get_data(as_text=True))


def test_who_may_not_report_gets_no_list(session, world, report_cases, browser):
    r = browser(world.teacher).get(f"{LIST}?school_year=2025-2026&field=cases")
    assert r.status_code == 403
    # The other region's leerplicht sees only its own case, never these.
    html = browser(world.other_lpa).get(f"{LIST}?school_year=2025-2026&field=cases")
    assert html.get_data(as_text=True).count('class="report-member"') == 1
