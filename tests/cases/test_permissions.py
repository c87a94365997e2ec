"""The permission table (DESIGN §3a), action by action: exactly who may, for each kind of
organisation and role and each relation to the case (regie, participant, leerplicht of the
gemeente, SWV coordinator, meeting-only, outsider). Expected sets are written by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from thuiszittertafel import clock
from thuiszittertafel.cases.participation import add_participation
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core import permissions
from thuiszittertafel.core.errors import NotFound


@pytest.fixture
def table(session, world, make_case, make_user):
    """Maxime's case: the school has regie (the mentor opened it and is casusregisseur),
    leerplicht, the wijkteam and the GGD take part (with consent); more users around it."""
    w = world
    case = make_case(w.teacher, given_name="Maxime")
    for org in (w.leerplicht, w.wijkteam, w.ggd):
        add_participation(
            session,
            w.teacher,
            case,
            "participant",
            {
                "org_id": org.id,
                "consent_basis": "toestemming-ouders-en-jongere",
                "consent_given_by": "ouders en Maxime",
            },
            now=clock.now(),
        )
    session.commit()
    users = {
        "mentor (casusregisseur)": w.teacher,
        "zorgco (school coordinator)": w.zorgco,
        "other mentor of the school": make_user(w.school, "medewerker", username="mentor2"),
        "leerplichtambtenaar": w.lpa,
        "teammanager leerplicht": make_user(w.leerplicht, "coordinator", username="tm"),
        "swv coordinator": w.swv_coordinator,
        "swv medewerker": w.swv_worker,
        "wijkteam": w.wijkteam_worker,
        "wijkteam coordinator": make_user(w.wijkteam, "coordinator", username="wijkco"),
        "jeugdarts": w.ggd_doctor,
        "other school": w.school2_worker,
        "gemeente": w.gemeente_worker,
        "outsider": w.far_worker,
    }
    session.commit()
    return SimpleNamespace(case=case, users=users)


def allowed(session, t, action, target=None) -> set[str]:
    who = set()
    for name, user in t.users.items():
        try:
            case, access = get_case(session, user, t.case.id)
        except NotFound:
            continue
        if permissions.may(user, action, case, access, target):
            who.add(name)
    return who


FULL = {
    "mentor (casusregisseur)",
    "zorgco (school coordinator)",
    "other mentor of the school",
    "leerplichtambtenaar",
    "teammanager leerplicht",
    "swv coordinator",
    "wijkteam",
    "wijkteam coordinator",
    "jeugdarts",
}
REGIE = {"mentor (casusregisseur)", "zorgco (school coordinator)"}
LEERPLICHT = {"leerplichtambtenaar", "teammanager leerplicht"}
SCHOOL = REGIE | {"other mentor of the school"}

CASE_WIDE = {
    "note.write": FULL,
    "note.medisch": {"jeugdarts"},
    "note.leerplicht": LEERPLICHT,
    "agreement.create": REGIE | LEERPLICHT,
    "participation.add": REGIE | LEERPLICHT | {"swv coordinator"},
    "exemption": LEERPLICHT,
    "absence_report": SCHOOL | LEERPLICHT,
    "case.edit": SCHOOL | LEERPLICHT,
    "party.record": SCHOOL | LEERPLICHT,
    "blocker.add": FULL,
    "phase.propose": REGIE | LEERPLICHT | {"swv coordinator"},
    "regie.propose": REGIE | LEERPLICHT | {"swv coordinator"},
    "regie.assign": REGIE,
    "escalation.handle": REGIE | LEERPLICHT | {"swv coordinator"},
    "case.close": REGIE | LEERPLICHT,
}


@pytest.mark.parametrize("action", sorted(CASE_WIDE))
def test_case_wide_actions(session, table, action):
    assert allowed(session, table, action) == CASE_WIDE[action]


def test_targeted_actions(session, world, table):
    from thuiszittertafel.cases.models import Consent

    wijkteam_agreement = SimpleNamespace(owner_org_id=world.wijkteam.id)
    owner_or_regie = REGIE | {"wijkteam", "wijkteam coordinator"}
    assert allowed(session, table, "agreement.done", wijkteam_agreement) == owner_or_regie
    assert allowed(session, table, "agreement.cancel", wijkteam_agreement) == owner_or_regie
    assert allowed(session, table, "agreement.change", wijkteam_agreement) == owner_or_regie
    # An organisation may make an agreement for itself.
    assert allowed(session, table, "agreement.create", wijkteam_agreement) == (
        REGIE | LEERPLICHT | {"wijkteam", "wijkteam coordinator"}
    )
    ggd_part = next(p for p in table.case.participations if p.org_id == world.ggd.id)
    assert allowed(session, table, "participation.end", ggd_part) == REGIE | {"jeugdarts"}
    consent = session.query(Consent).filter_by(org_id=world.wijkteam.id).one()
    assert allowed(session, table, "consent.withdraw", consent) == owner_or_regie
    note = SimpleNamespace(author_id=world.wijkteam_worker.id, org_id=world.wijkteam.id)
    assert allowed(session, table, "note.correct", note) == {"wijkteam", "wijkteam coordinator"}
    blocker = SimpleNamespace(recorded_by=world.ggd_doctor)
    assert allowed(session, table, "blocker.end", blocker) == REGIE | {"jeugdarts"}
    proposal = SimpleNamespace(org_id=world.leerplicht.id)
    assert allowed(session, table, "regie.answer", proposal) == {"teammanager leerplicht"}


def test_a_meeting_viewer_may_do_nothing_on_the_case(session, world, table, make_user):
    """Meeting-only access (rule 4) reads what the meeting needs and changes nothing."""
    viewer = table.users["gemeente"]
    for action in CASE_WIDE:
        assert not permissions.may(viewer, action, table.case, "meeting"), action


def test_a_closed_case_shows_no_forms(session, world, table):
    table.case.status = "closed"
    _, access = get_case(session, world.zorgco, table.case.id)
    assert permissions.allowed(world.zorgco, table.case, access) == frozenset()


def test_the_table_is_shown_to_users(browser, world, session):
    page = browser(world.teacher).get("/opschalingsmodel").get_data(as_text=True)
    assert "Wie mag wat" in page
    for action in permissions.ACTIONS.values():
        assert action.label in page
