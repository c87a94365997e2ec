"""The case clocks follow the law (DESIGN §4a, §5): only a thuiszitter gets the legal
four-week and three-month notices, leerplicht and a place on the agenda; authorised absence
gets a neutral signal to school and jeugdarts; a vrijstelling in force stops the clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN_NOW
from tests.escalation.test_pass import told
from thuiszittertafel import clock
from thuiszittertafel.cases.leerplicht import add_exemption, set_reduced_timetable
from thuiszittertafel.cases.models import CaseEvent, Participation
from thuiszittertafel.cases.participation import add_participation
from thuiszittertafel.escalation.models import EscalationNotice
from thuiszittertafel.meetings.models import AgendaItem, Meeting
from thuiszittertafel.notifications.models import Notification

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
    assert _rules(session, older) == ["case_18_years"]  # no verzuim clocks; close it


def test_turning_18_asks_regie_to_close_the_case_once(session, world, make_case, run):
    case = make_case(world.teacher, given_name="Bo", birth_date=date(2008, 12, 2))
    run(FROZEN_NOW)
    assert "case_18_years" not in _rules(session, case)  # 18 next week
    for _ in range(2):
        run(FROZEN_NOW + timedelta(days=7))
    assert _rules(session, case).count("case_18_years") == 1
    [(_, uid)] = told(session, "case_18_years")
    assert uid == world.teacher.id  # regie: the casusregisseur who opened the case
    text = session.scalars(
        select(Notification.text).where(Notification.kind == "case_18_years")
    ).one()
    assert "18 jaar geworden op 02-12-2026" in text and "Bo" not in text


def test_a_verkort_rooster_ending_reminds_regie_and_the_school(session, world, make_case, run):
    case = make_case(world.teacher, given_name="Sander", kind="dreigend")
    set_reduced_timetable(
        session,
        world.teacher,
        case,
        "participant",
        {"hours": 10, "starts_on": "2026-11-23", "ends_on": "2026-12-11"},
        now=clock.now(),
    )
    session.commit()
    run(FROZEN_NOW + timedelta(days=8))  # 3 December: more than a week before the end
    assert "reduced_timetable_ending" not in _rules(session, case)
    run(FROZEN_NOW + timedelta(days=9))  # 4 December: a week before
    run(FROZEN_NOW + timedelta(days=11))
    assert _rules(session, case).count("reduced_timetable_ending") == 1
    assert {uid for _, uid in told(session, "reduced_timetable_ending")} == {world.teacher.id}
    # Extended: a new end date gives a new reminder; one already past gives none.
    set_reduced_timetable(
        session,
        world.teacher,
        case,
        "participant",
        {"hours": 10, "starts_on": "2026-11-23", "ends_on": "2027-01-15"},
        now=clock.now(),
    )
    session.commit()
    run(FROZEN_NOW + timedelta(days=11))
    assert _rules(session, case).count("reduced_timetable_ending") == 1
    run(FROZEN_NOW + timedelta(days=45))
    assert _rules(session, case).count("reduced_timetable_ending") == 2


def test_a_vrijstelling_ending_reminds_leerplicht_in_time_to_renew(session, world, make_case, run):
    case = make_case(world.lpa, given_name="Noor", kind="vrijstelling-traject", school=world.school)
    add_exemption(
        session,
        world.lpa,
        case,
        "leerplicht",
        {
            "article": "5-b",
            "decision": "toegekend",
            "decided_on": "2026-08-20",
            "starts_on": "2026-08-20",
            "ends_on": "2027-07-31",
        },
        now=clock.now(),
    )
    session.commit()
    run(FROZEN_NOW)
    assert "exemption_ending" not in _rules(session, case)
    run(datetime(2027, 6, 19, 9, 0, tzinfo=UTC))  # 42 days before 31 July
    run(datetime(2027, 6, 20, 9, 0, tzinfo=UTC))
    assert _rules(session, case).count("exemption_ending") == 1
    assert [uid for _, uid in told(session, "exemption_ending")] == [world.lpa.id]


def test_absoluut_at_four_weeks_names_absoluut_verzuim(session, world, make_case, run):
    absent = make_case(world.lpa, given_name="Ilse", kind="absoluut", absent_since=LONG_AGO)
    run(FROZEN_NOW)
    text = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == absent.id, CaseEvent.kind == "case_4_weeks"
        )
    ).one()
    assert "absoluut verzuim" in text and "relatief" not in text
