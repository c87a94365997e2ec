"""Case rules: intake, participations, consent, regie, blockers, closing, phase moves."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.cases import intake, lifecycle, participation, regie
from thuiszittertafel.cases.models import Case, CaseEvent, Consent, Participation, Pupil
from thuiszittertafel.core.errors import Conflict, Forbidden, ValidationFailed


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def intake_data(world, **changes) -> dict:
    data = {
        "given_name": "Maxime",
        "family_name": "van Dijk",
        "birth_date": "2009-06-01",
        "municipality_id": str(world.zaltbommel.id),
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "2026-10-01",
        "school_org_id": str(world.school.id),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_open_case_sets_phase_regie_and_participants(session, world, model):
    case = intake.open_case(
        session, world.teacher, intake_data(world), now=clock.now(), model=model
    )
    assert case.phase == 1 and case.lead_org_id == world.school.id
    assert case.lead_user_id == world.teacher.id
    assert case.swv_org_id == world.swv.id
    assert case.phase_due_on == date(2026, 12, 9)  # two weeks (model phase 1)
    # 55 days at home: leerplicht is a participant from four weeks on.
    assert case.participant_org_ids() == sorted([world.school.id, world.leerplicht.id])
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert [e.kind for e in events] == ["opened"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"given_name": ""}, "given_name"),
        ({"birth_date": "31-02-2010"}, "birth_date"),
        ({"birth_date": "2025-01-01"}, "birth_date"),
        ({"kind": "weg"}, "kind"),
        ({"education_type": "hbo"}, "education_type"),
        ({"absent_since": "2027-01-01"}, "absent_since"),
        ({"absent_since": "2001-01-01"}, "absent_since"),
        ({"municipality_id": "999999"}, "municipality_id"),
        ({"school_org_id": None}, "school_org_id"),
        ({"kind": "absoluut"}, "school_org_id"),
        ({"municipality_id": "abc"}, "municipality_id"),
    ],
)
def test_open_case_refuses_bad_input_and_saves_nothing(session, world, model, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        intake.open_case(
            session, world.teacher, intake_data(world, **changes), now=clock.now(), model=model
        )
    assert field in exc.value.errors
    session.rollback()
    assert count(session, Case) == 0 and count(session, Pupil) == 0


def test_school_id_must_be_a_school(session, world, model):
    with pytest.raises(ValidationFailed) as exc:
        intake.open_case(
            session,
            world.teacher,
            intake_data(world, school_org_id=str(world.wijkteam.id)),
            now=clock.now(),
            model=model,
        )
    assert "school_org_id" in exc.value.errors


def test_one_open_case_per_child_and_the_second_report_is_forwarded(session, world, model):
    from thuiszittertafel.notifications.models import Notification

    first = intake.open_case(
        session,
        world.teacher,
        intake_data(world, onderwijsnummer="123"),
        now=clock.now(),
        model=model,
    )
    session.commit()
    for changes in ({}, {"given_name": "Max", "onderwijsnummer": "123"}):
        with pytest.raises(intake.DuplicateReport):
            intake.open_case(
                session,
                world.wijkteam_worker,
                intake_data(world, **changes),
                now=clock.now(),
                model=model,
            )
    session.commit()
    assert count(session, Case) == 1 and count(session, Pupil) == 1
    forwarded = session.scalars(select(Notification)).all()
    # To the regie holder of the running case and to leerplicht by the one recipients rule
    # (no coordinator there in this world: its members, the leerplichtambtenaar).
    assert {n.user_id for n in forwarded} == {world.teacher.id, world.lpa.id}
    assert all(n.kind == "intake_duplicate" and n.case_id == first.id for n in forwarded)
    assert "Maxime" not in forwarded[0].text


def test_intake_never_takes_over_another_childs_record(session, world, model):
    first = intake.open_case(
        session,
        world.teacher,
        intake_data(world, onderwijsnummer="123"),
        now=clock.now(),
        model=model,
    )
    lifecycle.close_case(
        session, world.teacher, first, "participant", {"outcome": "verhuisd"}, now=clock.now()
    )
    session.commit()
    other = intake.open_case(
        session,
        world.wijkteam_worker,
        intake_data(
            world,
            given_name="Test",
            family_name="Kind",
            birth_date="2012-01-01",
            onderwijsnummer="123",
            municipality_id=str(world.tiel.id),
            school_org_id=None,
            kind="absoluut",
        ),
        now=clock.now(),
        model=model,
    )
    session.commit()
    assert other.pupil_id != first.pupil_id
    session.expire_all()
    assert first.pupil.name == "Maxime van Dijk"
    assert first.pupil.municipality_id == world.zaltbommel.id
    assert first.pupil.school_org_id == world.school.id


def test_gemeente_may_not_open_a_case(session, world, model):
    with pytest.raises(Forbidden):
        intake.open_case(
            session, world.gemeente_worker, intake_data(world), now=clock.now(), model=model
        )


def test_wijkteam_needs_consent_or_legal_ground(session, world, make_case):
    case = make_case(world.teacher)
    with pytest.raises(ValidationFailed) as exc:
        participation.add_participation(
            session,
            world.teacher,
            case,
            "participant",
            {"org_id": world.wijkteam.id},
            now=clock.now(),
        )
    assert "consent_basis" in exc.value.errors
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    assert world.wijkteam.id in case.participant_org_ids()
    assert count(session, Consent) == 1
    with pytest.raises(ValidationFailed):  # already involved
        participation.add_participation(
            session,
            world.teacher,
            case,
            "participant",
            {"org_id": world.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )


def test_meeting_access_may_not_change(session, world, make_case):
    case = make_case(world.teacher)
    with pytest.raises(Forbidden):
        lifecycle.add_blocker(
            session, world.ggd_doctor, case, "meeting", {"kind": "wachtlijst-zorg"}, now=clock.now()
        )


def test_lead_holder_cannot_be_ended_and_leerplicht_stays_after_four_weeks(
    session, world, make_case
):
    case = make_case(world.teacher, absent_since=date(2026, 10, 1))
    parts = {p.org_id: p for p in case.active_participations()}
    with pytest.raises(Conflict):
        participation.end_participation(
            session,
            world.teacher,
            case,
            "participant",
            parts[world.school.id].id,
            "klaar",
            now=clock.now(),
        )
    with pytest.raises(Conflict):
        participation.end_participation(
            session,
            world.teacher,
            case,
            "participant",
            parts[world.leerplicht.id].id,
            "klaar",
            now=clock.now(),
        )
    assert len(case.active_participations()) == 2


def test_regie_is_asked_and_agreed_never_moved(session, world, make_case, make_user):
    """DESIGN §6: regie is proposed to an organisation, whose coordinator accepts it."""
    case = make_case(world.teacher, absent_since=date(2026, 10, 1))
    with pytest.raises(ValidationFailed) as no_consent:  # the wijkteam needs consent first
        regie.propose_regie(
            session,
            world.teacher,
            case,
            "participant",
            {"lead_org_id": world.wijkteam.id},
            now=clock.now(),
        )
    assert "toestemming" in no_consent.value.errors["lead_org_id"]
    proposal = regie.propose_regie(
        session,
        world.teacher,
        case,
        "participant",
        {"lead_org_id": world.leerplicht.id, "reason": "Absoluut verzuim dreigt"},
        now=clock.now(),
    )
    assert case.lead_org_id == world.school.id  # nothing moved yet
    with pytest.raises(Forbidden):  # the medewerker of leerplicht is no coordinator
        regie.accept_regie(
            session, world.lpa, case, "participant", proposal.id, {}, now=clock.now()
        )
    boss = make_user(world.leerplicht, "coordinator", username="teammanager")
    with pytest.raises(ValidationFailed):  # the casusregisseur must work at leerplicht
        regie.accept_regie(
            session,
            boss,
            case,
            "participant",
            proposal.id,
            {"lead_user_id": world.teacher.id},
            now=clock.now(),
        )
    regie.accept_regie(
        session,
        boss,
        case,
        "participant",
        proposal.id,
        {"lead_user_id": world.lpa.id},
        now=clock.now(),
    )
    assert (case.lead_org_id, case.lead_user_id) == (world.leerplicht.id, world.lpa.id)
    # The school no longer holds regie, so it may not hand regie on.
    with pytest.raises(Forbidden):
        regie.propose_regie(
            session,
            world.teacher,
            case,
            "participant",
            {"lead_org_id": world.school.id},
            now=clock.now(),
        )


def test_blockers_start_and_end(session, world, make_case):
    case = make_case(world.teacher)
    blocker = lifecycle.add_blocker(
        session,
        world.teacher,
        case,
        "participant",
        {"kind": "tlv-procedure", "since": "2026-11-10"},
        now=clock.now(),
    )
    with pytest.raises(ValidationFailed):
        lifecycle.end_blocker(
            session,
            world.teacher,
            case,
            "participant",
            blocker.id,
            {"until": "2026-11-01"},
            now=clock.now(),
        )
    lifecycle.end_blocker(
        session, world.teacher, case, "participant", blocker.id, {}, now=clock.now()
    )
    assert blocker.until == date(2026, 11, 25)
    with pytest.raises(ValidationFailed):
        lifecycle.add_blocker(
            session, world.teacher, case, "participant", {"kind": "geen-idee"}, now=clock.now()
        )


def test_close_needs_outcome_and_return_date(session, world, make_case):
    case = make_case(world.teacher, absent_since=date(2026, 9, 1))
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.close_case(
            session,
            world.teacher,
            case,
            "participant",
            {"outcome": "teruggeleid-zelfde-school"},
            now=clock.now(),
        )
    assert "education_resumed_on" in exc.value.errors
    with pytest.raises(ValidationFailed):
        lifecycle.close_case(
            session,
            world.teacher,
            case,
            "participant",
            {"outcome": "teruggeleid-zelfde-school", "education_resumed_on": "2026-08-01"},
            now=clock.now(),
        )
    assert case.is_open
    lifecycle.close_case(
        session,
        world.teacher,
        case,
        "participant",
        {"outcome": "teruggeleid-zelfde-school", "education_resumed_on": "2026-11-20"},
        now=clock.now(),
    )
    assert case.status == "closed" and case.days_absent(clock.today()) == 80
    with pytest.raises(Conflict):
        lifecycle.add_blocker(
            session, world.teacher, case, "participant", {"kind": "uit-beeld"}, now=clock.now()
        )


def test_phase_move_is_a_decision_and_regie_follows(session, world, make_case, model):
    case = make_case(world.teacher, absent_since=date(2026, 9, 1))
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.update_case(
            session, world.teacher, case, "participant", {"phase": 3}, now=clock.now(), model=model
        )
    assert "reason" in exc.value.errors
    with pytest.raises(ValidationFailed):
        lifecycle.update_case(
            session,
            world.teacher,
            case,
            "participant",
            {"phase": 9, "reason": "x"},
            now=clock.now(),
            model=model,
        )
    lifecycle.update_case(
        session,
        world.teacher,
        case,
        "participant",
        {"phase": 3, "reason": "ZAT komt er niet uit"},
        now=clock.now(),
        model=model,
    )
    # The phase asks the SWV for regie; the school keeps it and its casusregisseur until
    # the SWV agrees, and leerplicht joins by law.
    assert case.phase == 3 and case.lead_org_id == world.school.id
    assert case.lead_user_id == world.teacher.id
    assert case.regie_proposal.org_id == world.swv.id
    assert world.leerplicht.id in case.participant_org_ids()
    assert world.swv.id not in case.participant_org_ids()
    last = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
    ).first()
    assert last.kind == "phase_moved" and "ZAT komt er niet uit" in last.description


def test_update_rejects_unknown_fields(session, world, make_case, model):
    case = make_case(world.teacher)
    with pytest.raises(ValidationFailed):
        lifecycle.update_case(
            session,
            world.teacher,
            case,
            "participant",
            {"status": "closed"},
            now=clock.now(),
            model=model,
        )
    assert case.is_open


def test_ended_participation_is_history_not_access(session, world, make_case):
    case = make_case(world.teacher)
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    part = next(p for p in case.active_participations() if p.org_id == world.ggd.id)
    with pytest.raises(ValidationFailed):
        participation.end_participation(
            session, world.teacher, case, "participant", part.id, "", now=clock.now()
        )
    participation.end_participation(
        session, world.teacher, case, "participant", part.id, "advies gegeven", now=clock.now()
    )
    assert session.get(Participation, part.id).ended_on == date(2026, 11, 25)
    assert world.ggd.id not in case.participant_org_ids()


def test_change_phase_needs_a_different_phase_and_a_reason(session, world, make_case, model):
    case = make_case(world.teacher)
    for data, field in (
        ({"phase": "1", "reason": "x"}, "phase"),
        ({"phase": "2"}, "reason"),
        ({"reason": "x"}, "phase"),
        ({"phase": "8", "reason": "x"}, "phase"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            regie.change_phase(
                session, world.teacher, case, "participant", data, now=clock.now(), model=model
            )
        assert field in exc.value.errors
    assert case.phase == 1
    regie.change_phase(
        session,
        world.teacher,
        case,
        "participant",
        {"phase": "2", "reason": "ZAT"},
        now=clock.now(),
        model=model,
    )
    assert case.phase == 2


def test_leerplicht_may_lead_even_as_participant(session, world, make_case, model):
    case = make_case(world.teacher, absent_since=date(2026, 9, 1))  # leerplicht participates
    access = "participant"  # participation comes first in the access reasons
    regie.change_phase(
        session,
        world.lpa,
        case,
        access,
        {"phase": "3", "reason": "x"},
        now=clock.now(),
        model=model,
    )
    assert case.phase == 3
    with pytest.raises(Forbidden):  # the wijkteam neither leads nor supervises
        lifecycle.close_case(
            session,
            world.wijkteam_worker,
            case,
            "participant",
            {"outcome": "verhuisd"},
            now=clock.now(),
        )


def test_update_refused_for_regie_changes_nothing(session, world, make_case, model):
    case = make_case(world.teacher)
    with pytest.raises((ValidationFailed, Forbidden)):
        lifecycle.update_case(
            session,
            world.teacher,
            case,
            "participant",
            {"kind": "dreigend", "lead_org_id": world.wijkteam.id},
            now=clock.now(),
            model=model,
        )
    assert case.kind == "relatief"


def test_not_enrolled_pupil_gets_the_swv_of_the_sector_by_age(session, world, make_case, make_org):
    """DESIGN §4a: a gemeente has an SWV po and an SWV vo; without a school the pupil's age
    decides (po up to 12)."""
    swv_po = make_org("swv", "SWV PPO Rivierenland", serves=[world.zaltbommel])
    swv_po.sector = "po"
    world.swv.sector = "vo"
    session.flush()
    young = make_case(world.lpa, kind="absoluut", birth_date=date(2016, 3, 1))
    older = make_case(world.lpa, kind="absoluut", birth_date=date(2012, 3, 1))
    assert young.swv_org_id == swv_po.id and older.swv_org_id == world.swv.id


def test_a_switched_off_organisation_takes_no_new_pupils_or_cases(session, world, model, make_case):
    """Functioneel beheer switched the organisation off: intake with it as school and adding
    it to a case are refused in Dutch, nothing is stored, and the pick lists leave it out."""
    from thuiszittertafel.cases.forms import case_choices, intake_choices

    case = make_case(world.teacher)
    world.school2.active = False
    world.wijkteam.active = False
    session.flush()
    with pytest.raises(ValidationFailed) as exc:
        intake.open_case(
            session,
            world.teacher,
            intake_data(world, school_org_id=str(world.school2.id), given_name="Sander"),
            now=clock.now(),
            model=model,
        )
    assert "is uitgezet" in exc.value.errors["school_org_id"]
    with pytest.raises(ValidationFailed) as exc:
        participation.add_participation(
            session,
            world.teacher,
            case,
            "participant",
            {"org_id": world.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )
    assert "is uitgezet" in exc.value.errors["org_id"]
    assert world.wijkteam.id not in case.participant_org_ids()
    assert count(session, Case) == 1 and count(session, Consent) == 0
    assert world.school2 not in intake_choices(session)["schools"]
    assert world.school in intake_choices(session)["schools"]
    choices = case_choices(session, case)
    assert world.wijkteam not in choices["organisations"]
