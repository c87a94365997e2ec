"""The case clocks follow the law (DESIGN §4a, §5): only a thuiszitter gets the legal
four-week and three-month notices, leerplicht and a place on the agenda; authorised absence
gets a neutral signal to school and jeugdarts; a vrijstelling in force stops the clocks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN_NOW
from tests.escalation.test_pass import told
from thuiszittertafel import clock
from thuiszittertafel.cases.leerplicht import add_exemption
from thuiszittertafel.cases.models import CaseEvent, Participation
from thuiszittertafel.cases.participation import add_participation
from thuiszittertafel.escalation.models import EscalationNotice
from thuiszittertafel.meetings.models import AgendaItem, Meeting

LONG_AGO = FROZEN_NOW.date() - timedelta(days=120)  # past four weeks and three months


@pytest.fixture
def table(session, world):
    """A draft thuiszitterstafel of the SWV coordinator next week (where cases are put)."""
    meeting = Meeting(
        kind="thuiszitterstafel",
        title="Thuiszitterstafel",
        starts_at=FROZEN_NOW + timedelta(days=7),
        chair_user_id=world.swv_coordinator.id,
        host_org_id=world.swv.id,
        created_by_id=world.swv_coordinator.id,
        status="draft",
        created_at=FROZEN_NOW,
    )
    session.add(meeting)
    session.commit()
    return meeting


def _participates(session, case, org) -> bool:
    return (
        session.scalar(
            select(Participation.id).where(
                Participation.case_id == case.id,
                Participation.org_id == org.id,
                Participation.ended_on.is_(None),
            )
        )
        is not None
    )


def _rules(session, case) -> list[str]:
    return sorted(
        session.scalars(select(EscalationNotice.rule).where(EscalationNotice.case_id == case.id))
    )


def test_sick_pupil_at_four_weeks_and_three_months_tells_school_and_jeugdarts_only(
    session, world, make_case, run, table
):
    sick = make_case(
        world.teacher,
        given_name="Lotte",
        kind="dreigend",
        absence_authorised="true",
        absence_reason="ziek-medisch",
        absent_since=LONG_AGO,
    )
    add_participation(
        session,
        world.teacher,
        sick,
        "participant",
        {"org_id": world.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    session.commit()
    for _ in range(2):  # exactly once, however often the pass runs
        run(FROZEN_NOW)
    assert _rules(session, sick) == ["case_4_weeks_authorised"]
    told_ids = {uid for _, uid in told(session, "case_4_weeks_authorised")}
    assert told_ids == {world.teacher.id, world.ggd_doctor.id}
    assert told(session, "case_4_weeks") == told(session, "case_3_months") == []
    assert not _participates(session, sick, world.leerplicht)
    assert session.scalars(select(AgendaItem)).all() == []  # suggested, never placed
    events = session.scalars(select(CaseEvent.description).where(CaseEvent.case_id == sick.id))
    assert not any("verzuim" in e and "geen verzuim" not in e for e in events)


def test_unauthorised_absence_does_get_leerplicht_and_the_table(
    session, world, make_case, run, table
):
    truant = make_case(world.teacher, given_name="Sem", absent_since=LONG_AGO)
    run(FROZEN_NOW)
    run(FROZEN_NOW)
    assert _rules(session, truant) == ["case_3_months", "case_4_weeks"]
    assert _participates(session, truant, world.leerplicht)
    assert told(session, "case_4_weeks") == [("case_4_weeks", world.lpa.id)]
    placed = session.scalars(select(AgendaItem.case_id)).all()
    assert placed == [truant.id]  # three months reached recently: on the agenda
    text = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == truant.id, CaseEvent.kind == "case_4_weeks"
        )
    ).one()
    assert "langdurig relatief verzuim" in text


def test_a_vrijstelling_in_force_stops_the_verzuim_clocks(session, world, make_case, run):
    exempt = make_case(world.teacher, given_name="Noor", absent_since=LONG_AGO)
    add_exemption(
        session,
        world.lpa,
        exempt,
        "leerplicht",
        {
            "article": "5-a",
            "advice_on": "2026-07-20",
            "decision": "toegekend",
            "decided_on": "2026-07-25",
            "starts_on": "2026-07-25",
        },
        now=clock.now(),
    )
    session.commit()
    run(FROZEN_NOW)
    assert _rules(session, exempt) == []
    assert told(session, "case_4_weeks") == []


def test_not_leerplichtig_any_more_stops_the_verzuim_clocks(session, world, make_case, run):
    older = make_case(
        world.teacher, given_name="Tim", birth_date=date(2008, 11, 26), absent_since=LONG_AGO
    )
    older.pupil.birth_date = date(2008, 11, 1)  # 18 before the pass
    session.commit()
    run(FROZEN_NOW)
    assert _rules(session, older) == []


def test_absoluut_at_four_weeks_names_absoluut_verzuim(session, world, make_case, run):
    absent = make_case(world.lpa, given_name="Ilse", kind="absoluut", absent_since=LONG_AGO)
    run(FROZEN_NOW)
    text = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == absent.id, CaseEvent.kind == "case_4_weeks"
        )
    ).one()
    assert "absoluut verzuim" in text and "relatief" not in text
