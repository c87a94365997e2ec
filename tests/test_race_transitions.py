"""Races on the other state transitions (issue 15, item 5): closing a case, answering a regie
proposal, publishing an agenda, closing and converting a consultation, ending a
participation and withdrawing consent — parallel requests against a real server process,
on SQLite and PostgreSQL. Exactly one winner, the others 409 in the API's JSON error
shape, never a 500, and the database holds the effect once (one history entry, one audit
row of the action, one notice per reader)."""

from __future__ import annotations

from sqlalchemy import select

from tests import races
from tests.consultations.conftest import INTAKE, consultation, open_consultation  # noqa: F401
from tests.meetings.conftest import meeting, other_case  # noqa: F401 - fixtures
from tests.races import (
    ACCEPT,
    WINNERS,
    at_once,
    audited,
    coordinators,
    count,
    events,
    fresh,
    one_winner,
    posts,
    status_codes,
)
from thuiszittertafel import clock
from thuiszittertafel.cases.models import Case, Consent, Participation, RegieProposal
from thuiszittertafel.consultations.models import Consultation
from thuiszittertafel.meetings import services as meetings
from thuiszittertafel.meetings.models import Meeting
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications.models import Notification

proposal = races.proposal  # fixture


def _told(session, kind: str) -> list[int]:
    """The readers told of `kind`, one entry per notice."""
    session.expire_all()
    return list(session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def _race(server, session, path: str, *by) -> tuple:
    """POST `path` once per (user, body) at the same moment: the (user, body) that won."""
    responses = at_once(posts(server, session, path, *by))
    winner = one_winner(responses)
    return by[responses.index(winner)]


def _race_or_hidden(server, session, path: str, regie, organisation) -> tuple:
    """`_race` of the regie and the organisation whose part the regie's change ends: when
    the regie's change commits before the organisation's request reads the case, the
    organisation no longer takes part and gets the 404 of any case it may not see (not a
    second winner, not a 500)."""
    responses = at_once(posts(server, session, path, regie, organisation))
    if responses[0].status_code in WINNERS and responses[1].status_code == 404:
        assert responses[1].json()["error"] == "niet-gevonden"
        return regie
    return (regie, organisation)[responses.index(one_winner(responses))]


# --- closing a case -----------------------------------------------------------------------


def test_three_closers_at_once_close_the_case_once(server, session, world, case):
    """The casusregisseur, the school's coordinator and leerplicht close at the same moment."""
    by = [(u, {"outcome": "verhuisd"}) for u in (world.teacher, world.zorgco, world.lpa)]
    one_winner(at_once(posts(server, session, f"/cases/{case.id}/close", *by)))
    stored = fresh(session, Case, case.id)
    assert (stored.status, stored.outcome) == ("closed", "verhuisd")
    assert events(session, case.id, "closed") == 1
    assert audited(session, "api.case.close") == 1
    told = _told(session, "case_closed")
    assert told and len(told) == len(set(told))


# --- answering a regie proposal -------------------------------------------------------------


def test_two_coordinators_accepting_at_once_take_regie_once(server, session, world, proposal):
    first, second = coordinators(session, world)
    path = f"/regie-proposals/{proposal.id}/accept"
    winner = one_winner(at_once(posts(server, session, path, (first, ACCEPT), (second, ACCEPT))))
    assert winner.json()["lead_org_id"] == world.swv.id
    case_id = proposal.case_id
    assert fresh(session, RegieProposal, proposal.id).status == "accepted"
    assert fresh(session, Case, case_id).lead_user_id == winner.json()["lead_user_id"]
    assert events(session, case_id, "regie_accepted") == 1
    assert audited(session, "api.regie.accept") == 1
    assert count(session, Consent, Consent.case_id == case_id, Consent.org_id == world.swv.id) == 1
    assert (
        count(
            session,
            Participation,
            Participation.case_id == case_id,
            Participation.org_id == world.swv.id,
        )
        == 1
    )
    told = _told(session, "regie_accepted")  # the proposer and the school that led
    assert sorted(told) == sorted({world.zorgco.id, world.teacher.id})


def test_two_coordinators_declining_at_once_keep_one_reason(server, session, world, proposal):
    first, second = coordinators(session, world)
    path = f"/regie-proposals/{proposal.id}/decline"
    by = [(first, {"reason": "Eerst een ZAT"}), (second, {"reason": "Geen capaciteit"})]
    winner = _race(server, session, path, *by)
    stored = fresh(session, RegieProposal, proposal.id)
    assert (stored.status, stored.answer_reason) == ("declined", winner[1]["reason"])
    assert stored.answered_by_id == winner[0].id
    assert events(session, proposal.case_id, "regie_declined") == 1
    assert audited(session, "api.regie.decline") == 1
    assert sorted(_told(session, "regie_declined")) == sorted([world.zorgco.id, world.lpa.id])


def test_accept_and_decline_at_once_one_answer_counts(server, session, world, proposal):
    first, second = coordinators(session, world)
    path = f"/regie-proposals/{proposal.id}"
    calls = posts(server, session, f"{path}/accept", (first, ACCEPT))
    calls += posts(server, session, f"{path}/decline", (second, {"reason": "Nee"}))
    one_winner(at_once(calls))
    stored = fresh(session, RegieProposal, proposal.id)
    case = fresh(session, Case, proposal.case_id)
    lead = world.swv.id if stored.status == "accepted" else world.school.id
    assert stored.status in ("accepted", "declined") and case.lead_org_id == lead
    assert (
        events(session, case.id, "regie_accepted"),
        events(session, case.id, "regie_declined"),
    ) == ((1, 0) if stored.status == "accepted" else (0, 1))
    assert audited(session, "api.regie.accept") + audited(session, "api.regie.decline") == 1


# --- publishing an agenda --------------------------------------------------------------------


def test_three_publishes_at_once_send_the_agenda_once(
    server,
    session,
    world,
    meeting,  # noqa: F811
    case,
    other_case,  # noqa: F811
):
    for c in (case, other_case):
        meetings.add_item(
            session, world.swv_coordinator, meeting, {"case_id": c.id}, now=clock.now()
        )
    session.commit()
    by = [(world.swv_coordinator, None)] * 3
    one_winner(at_once(posts(server, session, f"/meetings/{meeting.id}/publish", *by)))
    stored = fresh(session, Meeting, meeting.id)
    assert stored.status == "published" and stored.published_at is not None
    assert audited(session, "api.meeting.publish") == 1
    assert sorted(_told(session, "meeting_agenda")) == sorted(u.id for u in stored.attendees)


# --- closing and converting a consultation ---------------------------------------------------


def _intake(world, given_name: str = "Noor") -> dict:
    return {
        **INTAKE,
        "given_name": given_name,
        "municipality_id": world.zaltbommel.id,
        "school_org_id": world.school.id,
    }


def test_three_closes_of_a_consultation_at_once_close_it_once(
    server,
    session,
    world,
    consultation,  # noqa: F811
):
    by = [(u, None) for u in (world.teacher, world.teacher, world.lpa)]
    one_winner(at_once(posts(server, session, f"/consultations/{consultation.id}/close", *by)))
    stored = fresh(session, Consultation, consultation.id)
    assert stored.status == "closed" and stored.closed_at is not None
    assert audited(session, "api.consultation.close") == 1


def test_two_conversions_at_once_open_one_case(
    server,
    session,
    world,
    consultation,  # noqa: F811
):
    from thuiszittertafel.consultations import services

    for body in ("vraag 1", "vraag 2"):
        services.post_message(
            session,
            world.teacher,
            consultation,
            {"body": body, "client_id": body.replace(" ", "-")},
            now=clock.now(),
        )
    session.commit()
    by = [(u, _intake(world)) for u in (world.teacher, world.lpa)]
    path = f"/consultations/{consultation.id}/convert"
    winner = one_winner(at_once(posts(server, session, path, *by)))
    assert winner.status_code == 201
    stored = fresh(session, Consultation, consultation.id)
    assert (stored.status, stored.case_id) == ("converted", winner.json()["case_id"])
    assert count(session, Case) == 1
    assert count(session, Note, Note.case_id == stored.case_id) == 2
    assert events(session, stored.case_id, "consultation_converted") == 1
    assert audited(session, "api.consultation.convert") == 1
    assert audited(session, "api.case.create") == 1


def test_close_and_convert_at_once_end_converted(
    server,
    session,
    world,
    open_consultation,  # noqa: F811
):
    """A closed consultation may still become a case: converting always wins; closing
    wins only when it came first, never over a conversion."""
    closed = 0
    for name in ("Noor", "Sanne", "Lotte"):  # a few rounds: the order of arrival differs
        c = open_consultation(world.teacher, world.leerplicht, municipality_id=world.zaltbommel.id)
        intake = _intake(world, name)
        calls = posts(server, session, f"/consultations/{c.id}/convert", (world.lpa, intake))
        calls += posts(server, session, f"/consultations/{c.id}/close", (world.teacher, None))
        convert, close = status_codes(at_once(calls))
        assert convert == 201 and close in (200, 409), (convert, close)
        closed += close == 200
        stored = fresh(session, Consultation, c.id)
        assert stored.status == "converted" and stored.case_id is not None
        assert count(session, Case, Case.id == stored.case_id) == 1
    assert audited(session, "api.consultation.convert") == 3
    assert audited(session, "api.consultation.close") == closed


# --- ending a participation and withdrawing consent ------------------------------------------


def _ggd(session, case_id: int, model):
    return session.scalars(
        select(model).where(model.case_id == case_id).order_by(model.id.desc())
    ).first()


def test_regie_and_the_organisation_end_its_part_at_once(server, session, world, case_with_ggd):
    case_id = case_with_ggd.id
    p = _ggd(session, case_id, Participation)
    by = [(world.teacher, {"reason": "Regie: klaar"}), (world.ggd_doctor, {"reason": "GGD: klaar"})]
    winner = _race_or_hidden(server, session, f"/participations/{p.id}/end", *by)
    stored = fresh(session, Participation, p.id)
    assert stored.ended_on is not None and stored.end_reason == winner[1]["reason"]
    assert events(session, case_id, "participation_ended") == 1
    assert audited(session, "api.participation.end") == 1


def test_two_withdrawals_of_one_consent_at_once_count_once(server, session, world, case_with_ggd):
    case_id = case_with_ggd.id
    consent = _ggd(session, case_id, Consent)
    assert consent.org_id == world.ggd.id
    by = [
        (world.teacher, {"reason": "Ouders trekken in"}),
        (world.ggd_doctor, {"reason": "Ouders"}),
    ]
    winner = _race_or_hidden(server, session, f"/consents/{consent.id}/withdraw", *by)
    stored = fresh(session, Consent, consent.id)
    assert stored.withdrawn_on is not None and stored.withdrawn_reason == winner[1]["reason"]
    assert events(session, case_id, "consent_withdrawn") == 1
    assert audited(session, "api.consent.withdraw") == 1
    ended = session.scalars(
        select(Participation).where(
            Participation.case_id == case_id, Participation.org_id == world.ggd.id
        )
    ).all()
    assert len(ended) == 1 and ended[0].ended_on is not None
    told = _told(session, "consent_withdrawn")
    assert len(told) == len(set(told))
