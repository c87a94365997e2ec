"""Who is responsible, per gemeente (DESIGN §4a, issue "Leerplicht law in the data" item 6):
the organisation that carries the kwalificatieplicht sees and hears of a gemeente's 16-17
year olds instead of its leerplicht; regie or a notice never goes to an organisation
nobody works from."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.cases import leerplicht, regie
from thuiszittertafel.cases.filters import CaseFilters
from thuiszittertafel.cases.models import Case, CaseEvent, Participation
from thuiszittertafel.cases.queries import case_count, case_page, filter_choices, get_case
from thuiszittertafel.core import policy
from thuiszittertafel.core.errors import NotFound, ValidationFailed
from thuiszittertafel.extensions import db
from thuiszittertafel.notifications.models import Notification
from thuiszittertafel.organisations.models import Organisation

SEVENTEEN = date(2009, 6, 1)  # leerplicht ended 31 July 2025; 18 on 1 June 2027
FOURTEEN = date(2012, 3, 1)


@pytest.fixture
def druten(session, world):
    """Zaltbommel gives its kwalificatieplicht to Leerplicht Elders (as Druten does to
    Bureau Leerplicht Nijmegen)."""
    world.zaltbommel.kwalificatieplicht_org_id = world.other_leerplicht.id
    session.commit()
    return world


def _sees(session, user, case) -> str | None:
    try:
        return get_case(session, user, case.id)[1]
    except NotFound:
        return None


def test_the_kwalificatieplicht_carrier_sees_the_16_and_17_year_olds(session, druten, make_case):
    w = druten
    older = make_case(w.teacher, given_name="Daan", birth_date=SEVENTEEN)
    younger = make_case(w.teacher, given_name="Fenna", birth_date=FOURTEEN)
    assert _sees(session, w.other_lpa, older) == "leerplicht"
    assert _sees(session, w.lpa, older) is None  # handed over: not the gemeente's own
    assert _sees(session, w.lpa, younger) == "leerplicht"
    assert _sees(session, w.other_lpa, younger) is None
    case, access = get_case(session, w.other_lpa, older.id)
    assert "kwalificatieplicht" in policy.explain(access, w.other_lpa, case)
    # Without the setting the gemeente's leerplicht has both again.
    w.zaltbommel.kwalificatieplicht_org_id = None
    session.commit()
    assert _sees(session, w.lpa, older) == "leerplicht"
    assert _sees(session, w.other_lpa, older) is None


def test_the_lists_count_the_same_children_as_the_case_page(session, druten, make_case):
    """The table, its count and its filter choices read the area from the case's own copy
    of the woongemeente (`cases.municipality_id`); the age test stays the pupil's."""
    w = druten
    older = make_case(w.teacher, given_name="Daan", birth_date=SEVENTEEN)
    younger = make_case(w.teacher, given_name="Fenna", birth_date=FOURTEEN)
    today = clock.today()
    everything = CaseFilters(status="all")
    for user, expected in ((w.other_lpa, {older.id}), (w.lpa, {younger.id})):
        page = case_page(session, user, everything, today)
        assert {case.id for case, _ in page.rows} == expected, user.username
        assert case_count(session, user, everything, today) == len(expected)
        _, total = filter_choices(session, user, everything, today)
        assert total == len(expected)
        # The gemeente filter reads the case's copy too.
        named = CaseFilters(status="all", municipality="zaltbommel")
        assert case_count(session, user, named, today) == len(expected)
        assert case_count(session, user, CaseFilters(status="all", municipality="Tiel"), today) == 0


def test_a_case_moves_with_its_pupil_record(session, world, make_case):
    """Should a pupil record's woongemeente ever be rewritten (no screen does it), the
    case's copy follows in the same flush, and with it who sees the case."""
    case = make_case(world.teacher, given_name="Mila", birth_date=FOURTEEN)
    assert _sees(session, world.lpa, case) == "leerplicht"
    case.pupil.municipality_id = world.elders.id
    session.commit()
    session.expire_all()
    assert case.municipality_id == world.elders.id
    assert _sees(session, world.lpa, case) is None
    assert _sees(session, world.other_lpa, case) == "leerplicht"


def test_the_area_read_once_per_transaction_follows_every_change(session, world, make_case):
    """The rules read a leerplicht's gemeenten once per transaction (`policy._area_of`):
    a change this session flushes counts from the next statement on, and a change another
    session commits from this session's next transaction. (A pure read here: the case page
    writes its audit row, which would start afresh anyway.)"""
    case = make_case(world.teacher, given_name="Jort", birth_date=FOURTEEN)
    session.commit()

    def listed() -> bool:
        ids = session.scalars(select(Case.id).where(policy.case_visible(world.lpa)))
        return case.id in set(ids)

    assert listed()
    world.leerplicht.municipalities = [
        m for m in world.leerplicht.municipalities if m.id != world.zaltbommel.id
    ]
    session.flush()
    assert not listed()
    session.rollback()
    assert listed()
    # The same change by someone else: seen once this session's transaction has ended.
    other = db.scoped.session_factory()
    try:
        organisation = other.get(Organisation, world.leerplicht.id)
        organisation.municipalities = [
            m for m in organisation.municipalities if m.id != world.zaltbommel.id
        ]
        other.commit()
    finally:
        other.close()
    session.commit()
    assert not listed()


def test_a_melding_and_the_live_audience_reach_the_carrier(session, druten, make_case):
    w = druten
    older = make_case(w.teacher, given_name="Daan", birth_date=SEVENTEEN)
    leerplicht.record_absence_report(
        session,
        w.teacher,
        older,
        "participant",
        {"type": "wettelijk", "hours": 18},
        now=clock.now(),
    )
    session.commit()
    told = session.scalars(
        select(Notification.user_id).where(Notification.kind == "absence_report")
    ).all()
    assert told == [w.other_lpa.id]
    audience = {org.id for org, _ in policy.live_audience(session, older)}
    assert w.other_leerplicht.id in audience and w.leerplicht.id not in audience


def test_regie_is_not_asked_of_an_organisation_nobody_works_from(session, world, make_case, model):
    case = make_case(world.teacher, given_name="Sem")
    for user in (world.swv_coordinator, world.swv_worker):
        user.active = False
    session.commit()
    # Asked by hand: refused with what to do, nothing recorded.
    with pytest.raises(ValidationFailed) as refused:
        regie.propose_regie(
            session,
            world.zorgco,
            case,
            "participant",
            {"lead_org_id": world.swv.id, "reason": "Graag"},
            now=clock.now(),
        )
    assert "geen actieve gebruikers" in refused.value.errors["lead_org_id"]
    session.rollback()
    assert case.regie_proposal is None
    # A phase that asks the SWV for regie asks leerplicht instead, and says why.
    proposal = regie.change_phase(
        session,
        world.zorgco,
        case,
        "participant",
        {"phase": 3, "reason": "Consultatie nodig"},
        now=clock.now(),
        model=model,
    )
    session.commit()
    assert proposal is not None and proposal.org_id == world.leerplicht.id
    event = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "phase_moved"
        )
    ).one()
    assert "SWV Rivierenland heeft geen actieve gebruikers" in event
    assert "gevraagd aan Team Leerplicht Rivierenland (leerplicht)" in event
    assert case.lead_org_id == world.school.id  # asked, not moved


def test_a_sick_child_is_not_handed_to_leerplicht_when_the_swv_is_empty(
    session, world, make_case, model
):
    sick = _sick_child(world, make_case)
    for user in (world.swv_coordinator, world.swv_worker):
        user.active = False
    session.commit()
    proposal = regie.change_phase(
        session,
        world.zorgco,
        sick,
        "participant",
        {"phase": 3, "reason": "Consultatie nodig"},
        now=clock.now(),
        model=model,
    )
    session.commit()
    assert proposal is None
    orgs = session.scalars(
        select(Participation.org_id).where(
            Participation.case_id == sick.id, Participation.ended_on.is_(None)
        )
    ).all()
    assert world.leerplicht.id not in orgs


def test_an_absoluut_verzuimer_gets_leerplicht_as_regie_from_phase_1(
    session, world, make_case, model, browser
):
    """The model's own phases for `absoluut` (DESIGN §6): no school, so leerplicht leads."""
    case = make_case(world.swv_coordinator, given_name="Ilse", kind="absoluut")
    assert case.lead_org_id == world.leerplicht.id
    assert case.phase_due_on == case.phase_since + timedelta(
        days=model.phase(1, "absoluut").max_days
    )
    # Phase 2 asks regie of leerplicht again: nothing to propose, nothing moves.
    proposal = regie.change_phase(
        session,
        world.lpa,
        case,
        "leerplicht",
        {"phase": 2, "reason": "ZAT"},
        now=clock.now(),
        model=model,
    )
    session.commit()
    assert proposal is None and case.lead_org_id == world.leerplicht.id
    page = browser(world.lpa).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "2. Zorg- en adviesteam (ZAT)" in page  # phase 2 now, the kind's phase names:
    assert "1. Signalering en aanpak leerplicht</option>" in page
    shown = browser(world.lpa).get("/opschalingsmodel").get_data(as_text=True)
    assert "Per soort casus" in shown and "Signalering en aanpak leerplicht" in shown
    # A relatief case keeps the general phases: the school leads.
    truant = make_case(world.teacher, given_name="Sem")
    assert truant.lead_org_id == world.school.id


def test_a_melding_makes_a_sick_child_leerplicht_s_live_audience_at_once(session, world, make_case):
    """A geoorloofd case is not leerplicht's task, so leerplicht hears nothing live of it;
    the school's melding makes it one, for the case as loaded in the same session too (no
    reload before the live events go out)."""
    sick = _sick_child(world, make_case)
    session.commit()
    assert world.leerplicht.id not in {org.id for org, _ in policy.live_audience(session, sick)}
    leerplicht.record_absence_report(
        session, world.teacher, sick, "participant", {"type": "signaal"}, now=clock.now()
    )
    assert sick.absence_reported is True
    audience = dict(policy.live_audience(session, sick))
    assert audience[world.leerplicht] == [policy.LEERPLICHT]


def _sick_child(world, make_case):
    """A Lingeborgh pupil at home sick with a medical reason: geoorloofd, no verzuim."""
    return make_case(
        world.teacher,
        given_name="Lotte",
        kind="dreigend",
        absence_authorised="true",
        absence_reason="ziek-medisch",
    )
