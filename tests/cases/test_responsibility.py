"""Consent that takes effect and who is told (DESIGN §4, §8; issue "Responsibility as the
cirkel describes it"): consent by the pupil's age, a withdrawal that ends access on the
page, the API and the table, and each notice to exactly the people it concerns, once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.cases import lifecycle, participation, regie
from thuiszittertafel.core.errors import ValidationFailed
from thuiszittertafel.notifications.models import Notification


def told(session, kind: str) -> list[int]:
    return sorted(
        session.scalars(select(Notification.user_id).where(Notification.kind == kind)).all()
    )


@pytest.mark.parametrize(
    ("birth", "basis", "ok"),
    [
        (date(2016, 5, 4), "toestemming-ouders", True),  # 10
        (date(2016, 5, 4), "toestemming-jongere", False),
        (date(2014, 11, 26), "toestemming-ouders", True),  # 11, the day before 12
        (date(2014, 11, 25), "toestemming-ouders", False),  # 12 today
        (date(2014, 11, 25), "toestemming-ouders-en-jongere", True),
        (date(2012, 1, 1), "toestemming-jongere", False),  # 14: "(16+)" for a 14-year-old
        (date(2010, 11, 25), "toestemming-jongere", True),  # 16 today
        (date(2010, 11, 25), "toestemming-ouders-en-jongere", False),
        (date(2012, 1, 1), "wettelijke-grondslag", True),  # a legal ground at any age
    ],
)
def test_consent_basis_follows_the_age(session, world, make_case, birth, basis, ok):
    case = make_case(world.teacher, birth_date=birth)
    data = {"org_id": world.wijkteam.id, "basis": basis, "given_by": "ouders"}
    if ok:
        participation.record_consent(
            session, world.teacher, case, "participant", data, now=clock.now()
        )
        return
    with pytest.raises(ValidationFailed) as refused:
        participation.record_consent(
            session, world.teacher, case, "participant", data, now=clock.now()
        )
    message = refused.value.errors["basis"]
    assert "jaar: dan" in message and "toestemming" in message
    session.rollback()
    assert session.query(participation.Consent).count() == 0


def test_who_gave_consent_is_asked(session, world, make_case):
    case = make_case(world.teacher)
    with pytest.raises(ValidationFailed) as refused:
        participation.record_consent(
            session,
            world.teacher,
            case,
            "participant",
            {"org_id": world.wijkteam.id, "basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )
    assert "given_by" in refused.value.errors


@pytest.fixture
def with_wijkteam(session, world, make_case):
    case = make_case(world.teacher, given_name="Maxime")
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {
            "org_id": world.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "moeder en Maxime",
        },
        now=clock.now(),
    )
    session.commit()
    return case


def test_withdrawal_ends_access_on_page_api_and_table(session, world, with_wijkteam, api, browser):
    case = with_wijkteam
    wijk = api(world.wijkteam_worker)
    assert wijk.get(f"/api/v1/cases/{case.id}").status_code == 200
    consent = session.scalars(select(participation.Consent)).one()
    # The wijkteam may record its own withdrawal too, but not for another organisation.
    refused = api(world.ggd_doctor).post(
        f"/api/v1/consents/{consent.id}/withdraw", json={"reason": "x"}
    )
    assert refused.status_code == 404  # the GGD does not even see the case
    no_reason = api(world.teacher).post(f"/api/v1/consents/{consent.id}/withdraw", json={})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["fields"]
    future = api(world.teacher).post(
        f"/api/v1/consents/{consent.id}/withdraw",
        json={"reason": "Ouders trekken in", "withdrawn_on": "2026-12-01"},
    )
    assert future.status_code == 400
    done = api(world.teacher).post(
        f"/api/v1/consents/{consent.id}/withdraw", json={"reason": "Ouders trekken in"}
    )
    assert done.status_code == 200 and done.get_json()["withdrawn_on"] == "2026-11-25"
    assert wijk.get(f"/api/v1/cases/{case.id}").status_code == 404
    assert case.id not in [c["id"] for c in wijk.get("/api/v1/cases").get_json()["items"]]
    assert browser(world.wijkteam_worker).get(f"/casussen/{case.id}").status_code == 404
    # One notice for the wijkteam, without the pupil's name and without a link to the case.
    session.expire_all()
    notices = session.scalars(
        select(Notification).where(Notification.kind == "consent_withdrawn")
    ).all()
    assert [n.user_id for n in notices] == [world.wijkteam_worker.id]
    assert "Maxime" not in notices[0].text and notices[0].case_id is None
    listed = wijk.get("/api/v1/notifications").get_json()["items"]
    assert "consent_withdrawn" in [n["kind"] for n in listed]


def test_a_legal_ground_keeps_access_after_withdrawal(session, world, with_wijkteam, api):
    case = with_wijkteam
    participation.record_consent(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.wijkteam.id, "basis": "wettelijke-grondslag", "note": "Jeugdwet"},
        now=clock.now(),
    )
    session.commit()
    first = session.scalars(
        select(participation.Consent).where(participation.Consent.basis != "wettelijke-grondslag")
    ).one()
    participation.withdraw_consent(
        session, world.teacher, case, "participant", first.id, {"reason": "x"}, now=clock.now()
    )
    session.commit()
    assert api(world.wijkteam_worker).get(f"/api/v1/cases/{case.id}").status_code == 200


def test_participant_added_is_told_once_to_the_contact_or_coordinators(
    session, world, make_case, make_user
):
    coordinator = make_user(world.ggd, "coordinator", username="ggdco")
    case = make_case(world.teacher)
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {
            "org_id": world.ggd.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "ouders",
        },
        now=clock.now(),
    )
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.leerplicht.id, "contact_user_id": world.lpa.id},
        now=clock.now(),
    )
    session.commit()
    # GGD without a contact on the case: its coordinator (not every medewerker); leerplicht:
    # its contact person. Nobody else, and never the one who added them.
    assert told(session, "participant_added") == sorted([coordinator.id, world.lpa.id])


def test_phase_change_and_closing_tell_every_participant(session, world, make_case, model):
    case = make_case(world.teacher, absent_since=date(2026, 11, 20))
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.leerplicht.id, "contact_user_id": world.lpa.id},
        now=clock.now(),
    )
    session.commit()
    lifecycle.update_case(
        session,
        world.zorgco,
        case,
        "participant",
        {"phase": "2", "reason": "ZAT"},
        now=clock.now(),
        model=model,
    )
    # The school's contact (the mentor) and leerplicht's contact; not the zorgco who decided.
    assert told(session, "phase_changed") == sorted([world.teacher.id, world.lpa.id])
    lifecycle.close_case(
        session,
        world.zorgco,
        case,
        "participant",
        {"outcome": "teruggeleid-zelfde-school", "education_resumed_on": "2026-11-24"},
        now=clock.now(),
    )
    session.commit()
    assert told(session, "case_closed") == sorted([world.teacher.id, world.lpa.id])


def test_closing_settles_every_open_agreement(session, world, make_case, api):
    from thuiszittertafel.agreements.models import Agreement
    from thuiszittertafel.agreements.services import create_agreement

    case = make_case(world.teacher)
    made = [
        create_agreement(
            session,
            world.teacher,
            case,
            "participant",
            {"description": text, "owner_org_id": world.school.id, "due_at": "2026-12-04"},
            now=clock.now(),
        )
        for text in ("Gesprek ouders", "Plan maken")
    ]
    session.commit()
    school = api(world.zorgco)
    url = f"/api/v1/cases/{case.id}/close"
    base = {"outcome": "teruggeleid-zelfde-school", "resumed_on": "2026-11-24"}
    open_left = school.post(url, json=base)
    assert open_left.status_code == 409
    assert set(open_left.get_json()["fields"]) == {f"agreement-{a.id}" for a in made}
    half = school.post(
        url, json={**base, "agreements": {str(made[0].id): {"status": "done", "result": "ok"}}}
    )
    assert half.status_code == 409
    assert set(half.get_json()["fields"]) == {f"agreement-{made[1].id}"}
    session.expire_all()
    assert {a.status for a in session.scalars(select(Agreement))} == {"open"}  # nothing yet
    closed = school.post(
        url,
        json={
            **base,
            "agreements": {
                str(made[0].id): {"status": "done", "result": "Gesprek gevoerd"},
                str(made[1].id): {"status": "cancelled", "reason": "Niet meer nodig"},
            },
        },
    )
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    session.expire_all()
    assert [a.status for a in session.scalars(select(Agreement).order_by(Agreement.id))] == [
        "done",
        "cancelled",
    ]
    assert api(world.teacher).get("/api/v1/cases?status=open").get_json()["total"] == 0


def test_regie_proposal_tells_the_coordinators_once(session, world, make_case, make_user):
    boss = make_user(world.leerplicht, "coordinator", username="teammanager")
    case = make_case(world.teacher)
    for _ in range(2):  # the same proposal again asks nothing new
        regie.propose_regie(
            session,
            world.teacher,
            case,
            "participant",
            {"lead_org_id": world.leerplicht.id, "reason": "Absoluut verzuim dreigt"},
            now=clock.now(),
        )
    session.commit()
    assert told(session, "regie_proposed") == [boss.id]


def test_parents_and_pupil_as_parties_with_an_agreement_they_own(
    session, world, make_case, api, browser
):
    """Cirkel 0 (DESIGN §4): recorded by the school, regie or leerplicht; they can own an
    agreement that a professional checks; never regie; contact details need full access."""
    case = make_case(world.teacher, given_name="Maxime")
    school = api(world.teacher)
    url = f"/api/v1/cases/{case.id}/parties"
    assert school.post(url, json={"role": "oom", "name": "X"}).status_code == 400
    assert school.post(url, json={"role": "ouder"}).status_code == 400  # the name
    mother = school.post(
        url, json={"role": "ouder", "name": "Ilse de Vries", "contact": "06 12345678"}
    )
    assert mother.status_code == 201
    assert school.post(url, json={"role": "jongere", "name": "Maxime"}).status_code == 201
    again = school.post(url, json={"role": "jongere", "name": "Maxime"})
    assert again.status_code == 400 and "al bij de partijen" in again.get_json()["fields"]["role"]
    # Who may not: the GGD without a part sees nothing; the SWV coordinator sees the case
    # but does not record parties.
    assert api(world.ggd_doctor).post(url, json={"role": "ouder", "name": "Y"}).status_code == 404
    refused = api(world.swv_coordinator).post(url, json={"role": "ouder", "name": "Y"})
    assert refused.status_code == 403
    listed = api(world.lpa).get(url).get_json()
    assert [p["name"] for p in listed["items"]] == ["Ilse de Vries", "Maxime"]
    page = browser(world.teacher).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "Ilse de Vries" in page and "06 12345678" in page
    # An agreement the parents own, checked by the school: reminders go to the school.
    made = school.post(
        f"/api/v1/cases/{case.id}/agreements",
        json={
            "description": "Ouders en school spreken elkaar maandelijks",
            "owner_org_id": world.school.id,
            "owner_user_id": world.teacher.id,
            "owner_party": "ouders",
            "due_at": "2026-12-23",
        },
    )
    assert made.status_code == 201 and made.get_json()["owner_party"] == "ouders"
    bad = school.post(
        f"/api/v1/cases/{case.id}/agreements",
        json={
            "description": "x",
            "owner_org_id": world.school.id,
            "owner_party": "buurman",
            "due_at": "2026-12-23",
        },
    )
    assert bad.status_code == 400 and "owner_party" in bad.get_json()["fields"]
    page = browser(world.teacher).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "Gecontroleerd door Lingeborgh" in page
