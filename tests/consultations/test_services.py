"""Consultation rules, called directly: who opens, who sees, invitations, messages, closing
and conversion into a case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN_NOW
from thuiszittertafel import clock
from thuiszittertafel.cases.models import Case, CaseEvent, Consent, Pupil
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.consultations import services
from thuiszittertafel.consultations.models import (
    Consultation,
    ConsultationMember,
    ConsultationMessage,
)
from thuiszittertafel.consultations.queries import (
    consultation_page,
    get_consultation,
    require_readable_messages,
)
from thuiszittertafel.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications.models import Notification

from .conftest import INTAKE, count


def convert(session, actor, consultation, model, **fields):
    data = {
        **INTAKE,
        "municipality_id": str(consultation.municipality_id or ""),
        "school_org_id": str(consultation.opened_by_org_id),
        **fields,
    }
    case = services.convert(session, actor, consultation, data, now=clock.now(), model=model)
    session.commit()
    return case


# --- opening -------------------------------------------------------------------------


def test_school_opens_a_consultation_with_leerplicht(session, world, consultation):
    assert consultation.status == "open"
    assert consultation.opened_by_org_id == world.school.id
    assert {(m.org_id, m.role) for m in consultation.members} == {
        (world.school.id, "opener"),
        (world.leerplicht.id, "partner"),
    }
    # Leerplicht has no coordinator in this world: every active user is told, once.
    notes = session.scalars(select(Notification)).all()
    assert [n.user_id for n in notes] == [world.lpa.id]
    assert "Nieuwe consultatie" in notes[0].text and world.school.name in notes[0].text
    assert notes[0].case_id is None


@pytest.mark.parametrize("who", ["wijkteam_worker", "ggd_doctor", "doorstroom_worker"])
def test_care_partners_ask_the_swv(session, world, open_consultation, who):
    consultation = open_consultation(getattr(world, who), world.swv)
    assert consultation.partner_org_id == world.swv.id
    # The SWV coordinator is told, not the SWV's other worker.
    assert [n.user_id for n in session.scalars(select(Notification))] == [world.swv_coordinator.id]


@pytest.mark.parametrize("who", ["lpa", "swv_coordinator", "gemeente_worker"])
def test_only_school_and_care_partners_open(session, world, who):
    with pytest.raises(Forbidden):
        services.open_consultation(
            session,
            getattr(world, who),
            {
                "partner_org_id": world.leerplicht.id,
                "description": "x",
                "age": 10,
                "education_type": "po",
            },
            now=clock.now(),
        )


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"partner_org_id": "school"}, "partner_org_id"),
        ({"partner_org_id": "wijkteam"}, "partner_org_id"),
        ({"partner_org_id": 999999}, "partner_org_id"),
        ({"partner_org_id": None}, "partner_org_id"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 1001}, "description"),
        ({"description": "a\x00b"}, "description"),
        ({"age": 2}, "age"),
        ({"age": 30}, "age"),
        ({"age": "veertien"}, "age"),
        ({"age": True}, "age"),
        ({"education_type": "hbo"}, "education_type"),
        ({"education_type": ""}, "education_type"),
        ({"municipality_id": 999999}, "municipality_id"),
        ({"municipality_id": "elders", "partner_org_id": "leerplicht"}, "partner_org_id"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_stores_nothing(session, world, fields, field):
    data = {
        "partner_org_id": world.leerplicht.id,
        "description": "Verzuim na schorsing",
        "age": 12,
        "education_type": "vo",
    }
    for key, value in fields.items():
        if isinstance(value, str) and hasattr(world, value):
            value = getattr(world, value).id
        data[key] = value
    with pytest.raises(ValidationFailed) as refused:
        services.open_consultation(session, world.teacher, data, now=clock.now())
    assert field in refused.value.errors
    assert refused.value.errors[field][0].isupper()
    session.rollback()
    assert count(session, Consultation) == 0 and count(session, Notification) == 0


# --- who sees it ---------------------------------------------------------------------

MEMBERS = ("teacher", "zorgco", "lpa")
OUTSIDERS = (
    "swv_coordinator",
    "swv_worker",
    "school2_worker",
    "wijkteam_worker",
    "ggd_doctor",
    "other_lpa",
    "far_worker",
    "gemeente_worker",
    "privacy_officer",
)


@pytest.mark.parametrize("who", MEMBERS)
def test_members_see_it(session, world, consultation, who):
    user = getattr(world, who)
    assert get_consultation(session, user, consultation.id).id == consultation.id
    items, total = consultation_page(session, user)
    assert [c.id for c in items] == [consultation.id] and total == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_the_not_found_of_a_missing_one(session, world, consultation, who):
    user = getattr(world, who)
    with pytest.raises(NotFound) as hidden:
        get_consultation(session, user, consultation.id)
    with pytest.raises(NotFound) as missing:
        get_consultation(session, user, consultation.id + 1000)
    assert hidden.value.message == missing.value.message
    assert consultation_page(session, user) == ([], 0)


def test_a_deactivated_member_sees_nothing(session, world, consultation):
    world.lpa.active = False
    with pytest.raises(NotFound):
        get_consultation(session, world.lpa, consultation.id)


def test_list_filters_by_status(session, world, open_consultation, consultation):
    second = open_consultation(world.teacher, world.swv)
    services.close(session, world.teacher, second, now=clock.now())
    session.commit()

    def ids(status):
        return [c.id for c in consultation_page(session, world.teacher, status=status)[0]]

    assert ids("open") == [consultation.id]
    assert ids("closed") == ids("ended") == [second.id]
    assert ids("all") == [second.id, consultation.id]


# --- inviting ------------------------------------------------------------------------


def test_a_member_invites_and_the_invitee_reads_everything(session, world, consultation, say):
    say(world.teacher, consultation, "Eerste vraag")
    member = services.invite(
        session, world.lpa, consultation, {"org_id": world.wijkteam.id}, now=clock.now()
    )
    session.commit()
    assert (member.role, member.invited_by_id) == ("invited", world.lpa.id)
    assert member.added_at == FROZEN_NOW
    seen = get_consultation(session, world.wijkteam_worker, consultation.id)
    assert seen.id == consultation.id
    told = session.scalars(
        select(Notification.user_id).where(Notification.text.contains("nodigt uw organisatie uit"))
    ).all()
    assert told == [world.wijkteam_worker.id]
    # Other outsiders still see nothing.
    with pytest.raises(NotFound):
        get_consultation(session, world.ggd_doctor, consultation.id)


@pytest.mark.parametrize(
    "org, message", [("leerplicht", "doet al mee"), ("gemeente", "Kies een school"), (None, "Kies")]
)
def test_invite_refuses_members_gemeente_and_unknown(session, world, consultation, org, message):
    org_id = getattr(world, org).id if org else 999999
    with pytest.raises(ValidationFailed) as refused:
        services.invite(session, world.teacher, consultation, {"org_id": org_id}, now=clock.now())
    assert message in refused.value.errors["org_id"]
    session.rollback()
    assert count(session, ConsultationMember) == 2


def test_no_invitations_once_closed(session, world, consultation):
    services.close(session, world.lpa, consultation, now=clock.now())
    with pytest.raises(Conflict):
        services.invite(
            session, world.teacher, consultation, {"org_id": world.ggd.id}, now=clock.now()
        )


# --- messages ------------------------------------------------------------------------


def test_a_repeated_client_id_returns_the_stored_message(session, world, consultation):
    data = {"body": "Kunt u meedenken?", "client_id": "abc-1"}
    first, created = services.post_message(
        session, world.teacher, consultation, data, now=clock.now()
    )
    again, created_again = services.post_message(
        session, world.teacher, consultation, {**data, "body": "anders"}, now=clock.now()
    )
    assert created and not created_again and again.id == first.id
    assert again.body == "Kunt u meedenken?"
    # The same client id from another author is another message.
    other, created_other = services.post_message(
        session, world.lpa, consultation, data, now=clock.now()
    )
    assert created_other and other.id != first.id
    assert count(session, ConsultationMessage) == 2


def test_a_client_id_of_another_consultation_is_a_conflict(
    session, world, consultation, open_consultation, say
):
    say(world.teacher, consultation, "hier", client_id="dubbel")
    second = open_consultation(world.teacher, world.swv)
    with pytest.raises(Conflict):
        services.post_message(
            session, world.teacher, second, {"body": "daar", "client_id": "dubbel"}, now=clock.now()
        )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"body": ""}, "body"),
        ({"body": "  \n "}, "body"),
        ({"body": "x" * 20001}, "body"),
        ({"body": 12}, "body"),
        ({"body": "ok", "client_id": "met spatie"}, "client_id"),
        ({"body": "ok", "client_id": "x" * 65}, "client_id"),
    ],
)
def test_bad_messages_are_refused(session, world, consultation, data, field):
    with pytest.raises(ValidationFailed) as refused:
        services.post_message(session, world.teacher, consultation, data, now=clock.now())
    assert field in refused.value.errors
    session.rollback()
    assert count(session, ConsultationMessage) == 0


def test_closing_stops_messages_but_not_reading(session, world, consultation, say):
    say(world.teacher, consultation, "Vraag")
    services.invite(session, world.teacher, consultation, {"org_id": world.ggd.id}, now=clock.now())
    session.commit()
    with pytest.raises(Forbidden):  # an invited organisation does not close
        services.close(session, world.ggd_doctor, consultation, now=clock.now())
    services.close(session, world.lpa, consultation, now=clock.now())
    session.commit()
    assert consultation.status == "closed" and consultation.closed_by_id == world.lpa.id
    with pytest.raises(Conflict) as refused:
        services.post_message(
            session, world.teacher, consultation, {"body": "nog iets"}, now=clock.now()
        )
    assert "gesloten" in refused.value.message
    require_readable_messages(consultation)  # still readable
    with pytest.raises(Conflict):
        services.close(session, world.teacher, consultation, now=clock.now())


# --- converting ----------------------------------------------------------------------


@pytest.fixture
def conversation(session, world, consultation, say):
    """Three organisations talk, a minute apart; the wijkteam was invited."""
    services.invite(
        session, world.lpa, consultation, {"org_id": world.wijkteam.id}, now=clock.now()
    )
    services.invite(session, world.lpa, consultation, {"org_id": world.ggd.id}, now=clock.now())
    session.commit()
    lines = [
        (world.teacher, "Leerling zit sinds twee weken thuis."),
        (world.lpa, "Is er al contact met ouders? **Graag** een gesprek."),
        (world.wijkteam_worker, "Het gezin is bij ons bekend."),
        (world.teacher, "Gesprek staat dinsdag."),
        (world.ggd_doctor, "Ik kan de leerling oproepen voor het spreekuur."),
    ]
    messages = []
    for minute, (author, body) in enumerate(lines):
        clock.freeze(FROZEN_NOW + timedelta(minutes=minute))
        messages.append(say(author, consultation, body))
    clock.freeze(FROZEN_NOW + timedelta(hours=1))
    return messages


def test_conversion_keeps_every_message_in_order(session, world, consultation, conversation, model):
    case = convert(
        session,
        world.lpa,
        consultation,
        model,
        consents={str(world.ggd.id): "toestemming-ouders-en-jongere"},
    )
    notes = session.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.id)).all()
    assert [(n.author_id, n.org_id, n.body, n.created_at, n.client_id, n.scope) for n in notes] == [
        (m.author_id, m.org_id, m.body, m.created_at, f"consultatie-{m.id}", "betrokkenen")
        for m in conversation
    ]
    assert [n.created_at for n in notes] == sorted(n.created_at for n in notes)
    session.expire_all()
    converted = session.get(Consultation, consultation.id)
    assert (converted.status, converted.case_id) == ("converted", case.id)
    assert converted.closed_by_id == world.lpa.id
    assert case.pupil.name == "Noor de Vries" and case.summary == consultation.description
    event = session.scalar(
        select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "consultation_converted"
        )
    )
    assert f"consultatie {consultation.id}" in event.description
    assert "5 bericht" in event.description


def test_after_conversion_the_case_rules_apply(session, world, consultation, conversation, model):
    case = convert(
        session,
        world.lpa,
        consultation,
        model,
        consents={str(world.ggd.id): "toestemming-ouders-en-jongere", str(world.wijkteam.id): ""},
    )
    assert set(case.participant_org_ids()) == {world.school.id, world.leerplicht.id, world.ggd.id}
    consent = session.scalar(select(Consent).where(Consent.case_id == case.id))
    assert (consent.org_id, consent.basis) == (world.ggd.id, "toestemming-ouders-en-jongere")
    for user in (world.teacher, world.lpa, world.ggd_doctor):
        assert get_case(session, user, case.id)[0].id == case.id
    # The wijkteam had no consent basis: it read along, but does not see the case.
    for user in (world.wijkteam_worker, world.other_lpa, world.far_worker):
        with pytest.raises(NotFound):
            get_case(session, user, case.id)
    # The consultation itself no longer shows the messages, to anyone.
    with pytest.raises(Conflict):
        require_readable_messages(get_consultation(session, world.wijkteam_worker, consultation.id))


def test_leerplicht_of_the_municipality_sees_a_case_the_school_converted(
    session, world, open_consultation, say, model
):
    consultation = open_consultation(world.teacher, world.swv)
    say(world.teacher, consultation, "Vraag aan het SWV")
    case = convert(
        session,
        world.zorgco,
        consultation,
        model,
        municipality_id=str(world.zaltbommel.id),
        school_org_id=str(world.school.id),
        absent_since="2026-11-16",
    )
    # Under four weeks: leerplicht is no participant, yet supervises by municipality. The
    # SWV takes part only with consent (none given here); its coordinator sees the case.
    assert set(case.participant_org_ids()) == {world.school.id}
    assert get_case(session, world.lpa, case.id)[1] == "leerplicht"
    assert get_case(session, world.swv_coordinator, case.id)[1] == "swv-coordinator"
    with pytest.raises(NotFound):
        get_case(session, world.swv_worker, case.id)


def test_conversion_is_refused_twice_and_then_no_messages(
    session, world, consultation, conversation, model
):
    case = convert(session, world.teacher, consultation, model)
    with pytest.raises(Conflict) as again:
        convert(session, world.lpa, consultation, model, given_name="Ander", family_name="Kind")
    assert str(case.id) in again.value.message
    session.rollback()
    assert count(session, Case) == 1
    with pytest.raises(Conflict) as refused:
        services.post_message(
            session, world.teacher, consultation, {"body": "nog iets"}, now=clock.now()
        )
    assert f"casus {case.id}" in refused.value.message
    # A resend of a message that was stored before still answers with it.
    first = conversation[0]
    stored, created = services.post_message(
        session,
        world.teacher,
        consultation,
        {"body": first.body, "client_id": first.client_id},
        now=clock.now(),
    )
    assert stored.id == first.id and not created
    with pytest.raises(Conflict):
        services.invite(
            session, world.teacher, consultation, {"org_id": world.swv.id}, now=clock.now()
        )
    with pytest.raises(Conflict):
        services.close(session, world.teacher, consultation, now=clock.now())


def test_invitees_do_not_convert(session, world, consultation, conversation, model):
    with pytest.raises(Forbidden):
        convert(session, world.wijkteam_worker, consultation, model)


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"given_name": ""}, {"given_name"}),
        ({"birth_date": "gisteren", "kind": "x"}, {"birth_date", "kind"}),
        ({"consents": {"WIJK": "zomaar"}}, {"consent_WIJK"}),
        ({"consents": {"LEERPLICHT": "toestemming-ouders-en-jongere"}}, {"consent_LEERPLICHT"}),
        ({"consents": "ja"}, {"consents"}),
        ({"family_name": "", "consents": {"WIJK": "zomaar"}}, {"family_name", "consent_WIJK"}),
    ],
)
def test_bad_conversion_changes_nothing(
    session, world, consultation, conversation, model, fields, expected
):
    ids = {"WIJK": str(world.wijkteam.id), "LEERPLICHT": str(world.leerplicht.id)}
    if isinstance(fields.get("consents"), dict):
        fields = {**fields, "consents": {ids[k]: v for k, v in fields["consents"].items()}}
    expected = {
        e.replace("WIJK", ids["WIJK"]).replace("LEERPLICHT", ids["LEERPLICHT"]) for e in expected
    }
    with pytest.raises(ValidationFailed) as refused:
        convert(session, world.lpa, consultation, model, **fields)
    assert set(refused.value.errors) == expected
    session.rollback()
    session.expire_all()
    assert count(session, Case) == 0 and count(session, Pupil) == 0
    assert count(session, Note) == 0
    assert session.get(Consultation, consultation.id).status == "open"


def test_a_closed_consultation_can_still_become_a_case(session, world, consultation, say, model):
    say(world.teacher, consultation, "Vraag")
    services.close(session, world.teacher, consultation, now=clock.now())
    session.commit()
    case = convert(session, world.teacher, consultation, model)
    assert consultation.case_id == case.id
