"""The start page (/) per role, on a few hand-built cases (today: 25 Nov 2026).

P1 Zaltbommel relatief since 1 Nov (24 days: 4 weeks on 29 Nov), moved to phase 3 on
   1 Oct (55 days in phase), term 1 Dec (coming), escalated
P2 Tiel relatief since 30 Aug (87 days: 3 months on 29 Nov), term 20 Nov (overdue)
P3 Zaltbommel absoluut since 1 Jun (177 days), term 10 Jan 2027
P4 Elders, term passed — another region
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from thuiszittertafel import clock
from thuiszittertafel.cases import lifecycle, regie
from thuiszittertafel.notifications.models import Notification


@pytest.fixture
def start_cases(session, world, make_case, model):
    w = world
    p1 = make_case(w.teacher, given_name="Piet", absent_since=date(2026, 11, 1))
    lifecycle.update_case(
        session,
        w.teacher,
        p1,
        "participant",
        {"phase": "3", "reason": "Consultatie SWV"},
        now=clock.now(),
        model=model,
    )
    regie.accept_regie(  # the SWV agrees to take regie (DESIGN §6)
        session,
        w.swv_coordinator,
        p1,
        "swv-coordinator",
        p1.regie_proposal.id,
        {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"},
        now=clock.now(),
    )
    p1.phase_since, p1.phase_due_on, p1.escalated = date(2026, 10, 1), date(2026, 12, 1), True
    p2 = make_case(w.teacher, given_name="Pam", municipality=w.tiel, absent_since=date(2026, 8, 30))
    p2.phase_due_on = date(2026, 11, 20)
    p3 = make_case(w.teacher, given_name="Puck", kind="absoluut", absent_since=date(2026, 6, 1))
    p3.phase_due_on = date(2027, 1, 10)
    p4 = make_case(
        w.far_worker,
        given_name="Pim",
        education_type="po",
        birth_date=date(2016, 3, 3),
        absent_since=date(2026, 9, 1),
    )
    p4.phase_due_on = date(2026, 11, 1)
    session.commit()
    return p1, p2, p3, p4


def counts(html: str) -> dict[str, int]:
    return {
        m[0]: int(m[1])
        for m in re.findall(r'data-bucket="([^"]+)".*?data-count="(\d+)"', html, re.S)
    }


def test_leerplicht_sees_its_term_watch(browser, world, start_cases):
    html = browser(world.lpa).get("/").get_data(as_text=True)
    assert counts(html) == {
        "verlopen-termijnen": 1,
        "komende-termijnen": 1,
        "vier-weken": 1,
        "drie-maanden-binnenkort": 1,
        "drie-maanden": 1,
    }
    assert "Pim" not in html  # Elders is not theirs
    assert 'href="/casussen?overdue=true&amp;sort=next_term"' in html
    assert 'href="/termijnbewaking"' in html and 'href="/rapportages"' in html


def test_swv_coordinator_sees_the_regie_overview(browser, world, start_cases):
    html = browser(world.swv_coordinator).get("/").get_data(as_text=True)
    rows = re.findall(
        r'data-phase="(\d)" data-lead="([^"]+)">.*?data-key="cases">'
        r'<a href="([^"]+)">(\d+)</a>.*?data-key="overdue">(\d+)<.*?'
        r'data-key="longest">(\d+)<',
        html,
        re.S,
    )
    swv, school = world.swv, world.school
    assert rows == [
        ("1", "Lingeborgh", f"/casussen?phase=1&amp;lead_org_id={school.id}", "2", "1", "0"),
        ("3", "SWV Rivierenland", f"/casussen?phase=3&amp;lead_org_id={swv.id}", "1", "0", "55"),
    ]
    assert counts(html) == {"opschalingen": 1}
    assert 'href="/regie"' in html


def test_zorgcoordinator_sees_the_schools_cases(browser, world, start_cases):
    html = browser(world.zorgco).get("/").get_data(as_text=True)
    assert counts(html) == {
        "school-open": 2,
        "school-drie-maanden": 0,
        "school-verlopen": 1,
        "school-opgeschaald": 1,
    }
    assert "Puck" not in html.split('data-bucket="school-open"')[1].split("</section>")[0]


def test_worker_sees_mentions_and_agreements(browser, world, session, start_cases):
    session.add(
        Notification(
            key="mention:test",
            user_id=world.teacher.id,
            kind="mention",
            case_id=start_cases[0].id,
            text="Zorgco noemde u bij P.J.",
            created_at=clock.now(),
        )
    )
    session.commit()
    html = browser(world.teacher).get("/").get_data(as_text=True)
    assert "Zorgco noemde u bij P.J." in html
    assert "Mijn open afspraken" in html and "data-bucket" not in html
    assert 'href="/rapportages"' not in html  # workers have no report


def test_start_page_needs_login(app, session):
    response = app.test_client().get("/")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_mentions_of_cases_no_longer_visible_are_not_shown(
    browser, world, session, start_cases, far_case
):
    """Issue 15, item 10: the start page listed mentions of cases the user no longer sees
    (the inbox and the unread count already left them out)."""
    for n, case in enumerate((start_cases[0], far_case)):
        session.add(
            Notification(
                key=f"mention:test{n}",
                user_id=world.teacher.id,
                kind="mention",
                case_id=case.id,
                text=f"Iemand noemde u bij casus {case.id}",
                created_at=clock.now(),
            )
        )
    session.commit()
    html = browser(world.teacher).get("/").get_data(as_text=True)
    assert f"Iemand noemde u bij casus {start_cases[0].id}" in html
    assert f"Iemand noemde u bij casus {far_case.id}" not in html


@pytest.fixture
def far_case(world, make_case):
    """A case of another region, which the world's teacher does not see."""
    return make_case(world.far_worker, education_type="po", birth_date=date(2016, 3, 3))
