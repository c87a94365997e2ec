"""A create form sent twice creates once (issue 15 item 5, finding 10): every create form
carries a one-time key; the same key again from the same user is answered as the first time
("Dit formulier was al verstuurd") and creates nothing; another user's key is theirs alone;
a bad key is refused in Dutch and creates nothing."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from tests.conftest import PASSWORD, meeting_and_consultation
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.cases.models import (
    AbsenceReport,
    Blocker,
    Case,
    Consent,
    EnforcementStep,
    Exemption,
    Participation,
    Party,
)
from thuiszittertafel.consultations.models import Consultation
from thuiszittertafel.core.once import RequestKey
from thuiszittertafel.meetings.models import Meeting
from thuiszittertafel.organisations.models import Municipality, Organisation
from thuiszittertafel.web.once import ALREADY_SENT


@dataclass
class Form:
    """A create form: who sends it, the page that shows it, where it posts, what it holds."""

    user: str
    page: str
    action: str
    data: dict[str, Any]
    model: type


def _forms(world, case) -> dict[str, Form]:
    on_case = f"/casussen/{case.id}"
    return {
        "intake": Form(
            "teacher",
            "/casussen/nieuw",
            "/casussen/nieuw",
            {
                "given_name": "Noor",
                "family_name": "Visser",
                "birth_date": "04-05-2011",
                "municipality_id": str(world.zaltbommel.id),
                "school_org_id": str(world.school.id),
                "education_type": "vo",
                "kind": "relatief",
                "absent_since": "02-11-2026",
            },
            Case,
        ),
        "afspraak": Form(
            "teacher",
            on_case,
            f"{on_case}/afspraken",
            {
                "description": "Schoolplan opstellen",
                "owner_org_id": str(world.school.id),
                "due_in_school_days": "5",
                "day_count": "school",
            },
            Agreement,
        ),
        "overleg": Form(
            "swv_coordinator",
            "/overleggen",
            "/overleggen",
            {
                "kind": "thuiszitterstafel",
                "title": "Tafel december",
                "starts_at": "2026-12-02T14:00",
            },
            Meeting,
        ),
        "consultatie": Form(
            "teacher",
            "/consultaties/nieuw",
            "/consultaties/nieuw",
            {
                "partner_org_id": str(world.leerplicht.id),
                "description": "Veel ziekteverzuim",
                "age": "13",
                "education_type": "vo",
                "municipality_id": str(world.zaltbommel.id),
            },
            Consultation,
        ),
        "vrijstelling": Form(
            "lpa",
            on_case,
            f"{on_case}/vrijstellingen",
            {"article": "15", "requested_on": "20-11-2026"},
            Exemption,
        ),
        "verzuimmelding": Form(
            "teacher", on_case, f"{on_case}/verzuimmeldingen", {"type": "signaal"}, AbsenceReport
        ),
        "handhaving": Form(
            "lpa",
            on_case,
            f"{on_case}/handhaving",
            {"step": "waarschuwing", "taken_on": "20-11-2026"},
            EnforcementStep,
        ),
        "belemmering": Form(
            "teacher", on_case, f"{on_case}/belemmeringen", {"kind": "wachtlijst-zorg"}, Blocker
        ),
        "partij": Form(
            "teacher",
            on_case,
            f"{on_case}/partijen",
            {"role": "ouder", "name": "M. de Vries"},
            Party,
        ),
        "betrokkene": Form(
            "teacher",
            on_case,
            f"{on_case}/betrokkenen",
            {
                "org_id": str(world.wijkteam.id),
                "consent_basis": "toestemming-ouders-en-jongere",
                "consent_given_by": "moeder en Maxime",
            },
            Participation,
        ),
        "toestemming": Form(
            "teacher",
            on_case,
            f"{on_case}/toestemming",
            {
                "org_id": str(world.ggd.id),
                "basis": "toestemming-ouders-en-jongere",
                "given_on": "20-11-2026",
                "given_by": "ouders",
            },
            Consent,
        ),
        "gemeente": Form(
            "fb", "/beheer/gemeenten", "/beheer/gemeenten", {"name": "Buren"}, Municipality
        ),
        "organisatie": Form(
            "fb",
            "/beheer/organisaties",
            "/beheer/organisaties",
            {"name": "GGD Noord", "kind": "ggd", "municipality_ids": str(world.zaltbommel.id)},
            Organisation,
        ),
    }


KEY_RE = r'action="{action}"[^>]*>(?:(?!</form>).)*?name="form_key" value="([0-9a-f]+)"'


def _rendered_key(page: str, action: str) -> str:
    """The one-time key the page rendered into the form that posts to `action`."""
    found = re.search(KEY_RE.format(action=re.escape(action)), page, re.S)
    assert found, f"no form_key in the form posting to {action}"
    return found.group(1)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "name",
    [
        "intake",
        "afspraak",
        "overleg",
        "consultatie",
        "vrijstelling",
        "verzuimmelding",
        "handhaving",
        "belemmering",
        "partij",
        "betrokkene",
        "toestemming",
        "gemeente",
        "organisatie",
    ],
)
def test_a_create_form_sent_twice_creates_once(browser, world, case, session, make_user, name):
    form = _forms(world, case)[name]
    if form.user == "fb":
        user = make_user(world.gemeente, "functioneel-beheer", username="fb")
        session.commit()
    else:
        user = getattr(world, form.user)
    b = browser(user)
    key = _rendered_key(b.get(form.page).get_data(as_text=True), form.action)
    before = _count(session, form.model)

    first = b.post(form.action, {**form.data, "form_key": key})
    assert first.status_code == 302, first.get_data(as_text=True)[-3000:]
    assert _count(session, form.model) == before + 1
    again = b.post(form.action, {**form.data, "form_key": key})
    assert again.status_code == 303 and again.location == first.location
    assert _count(session, form.model) == before + 1
    assert ALREADY_SENT in b.get(again.location).get_data(as_text=True)
    # A new render is a new key: sending the form again on purpose creates again
    # (where the rules allow a second one).
    assert _rendered_key(b.get(form.page).get_data(as_text=True), form.action) != key


def test_a_refused_form_frees_its_key_for_the_corrected_one(browser, world, case, session):
    b = browser(world.teacher)
    action = f"/casussen/{case.id}/afspraken"
    key = _rendered_key(b.get(f"/casussen/{case.id}").get_data(as_text=True), action)
    refused = b.post(action, {"description": "", "owner_org_id": "", "form_key": key})
    assert refused.status_code == 400 and _count(session, Agreement) == 0
    assert _count(session, RequestKey) == 0
    data = _forms(world, case)["afspraak"].data
    assert b.post(action, {**data, "form_key": key}).status_code == 302
    assert _count(session, Agreement) == 1


def test_another_users_key_is_not_theirs(browser, world, case, session):
    """The same key from a colleague is a request of their own: it creates their row and
    never redirects them to the first user's object."""
    data = _forms(world, case)["afspraak"].data
    action = f"/casussen/{case.id}/afspraken"
    first = browser(world.teacher).post(action, {**data, "form_key": "gedeelde-sleutel"})
    other = browser(world.zorgco).post(action, {**data, "form_key": "gedeelde-sleutel"})
    assert first.status_code == other.status_code == 302
    assert _count(session, Agreement) == 2


def test_an_outsiders_key_gets_them_nothing(browser, world, case, session):
    """Someone who cannot see the case, sending the owner's key, gets the 404 of a hidden
    case, not a redirect to it."""
    data = _forms(world, case)["afspraak"].data
    action = f"/casussen/{case.id}/afspraken"
    assert browser(world.teacher).post(action, {**data, "form_key": "k1"}).status_code == 302
    outsider = browser(world.far_worker).post(action, {**data, "form_key": "k1"})
    assert outsider.status_code == 404
    assert _count(session, Agreement) == 1


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("x" * 101, "langer dan 100 tekens"),
        ("abc\x01def", "alleen zichtbare ASCII-tekens"),
        ("sleutel\u00e9", "alleen zichtbare ASCII-tekens"),
    ],
)
def test_a_bad_key_is_refused_in_dutch_and_creates_nothing(
    browser, world, case, session, key, message
):
    data = _forms(world, case)["afspraak"].data
    r = browser(world.teacher).post(f"/casussen/{case.id}/afspraken", {**data, "form_key": key})
    assert r.status_code == 400
    assert message in r.get_data(as_text=True)
    assert _count(session, Agreement) == 0 and _count(session, RequestKey) == 0


def test_a_key_expires_after_a_day(browser, world, case, session, frozen_clock):
    data = _forms(world, case)["afspraak"].data
    action = f"/casussen/{case.id}/afspraken"
    b = browser(world.teacher)
    assert b.post(action, {**data, "form_key": "k"}).status_code == 302
    clock.freeze(frozen_clock + timedelta(hours=25))
    b = browser(world.teacher)  # the first login has timed out by now
    again = b.post(action, {**data, "form_key": "k"})
    assert again.status_code == 302 and "/casussen/" in again.location
    assert _count(session, Agreement) == 2
    assert _count(session, RequestKey) == 1  # the old one went when the new one came


# --- at once, against a real server process ----------------------------------------------


def _at_once(count: int, send) -> list:
    """Call `send()` from `count` threads released together."""
    barrier = threading.Barrier(count)
    out: list = [None] * count

    def run(n):
        barrier.wait()
        try:
            out[n] = send()
        except requests.RequestException as exc:  # a dropped connection is a failure too
            out[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_parallel_form_posts_with_one_key_create_one_agreement(server, world, case, session):
    web = requests.Session()
    page = web.get(server.url + "/inloggen").text
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    web.post(
        server.url + "/inloggen",
        data={"username": world.teacher.username, "password": PASSWORD, "csrf_token": csrf},
    )
    action = f"/casussen/{case.id}/afspraken"
    key = _rendered_key(web.get(server.url + f"/casussen/{case.id}").text, action)
    data = {**_forms(world, case)["afspraak"].data, "form_key": key, "csrf_token": csrf}

    responses = _at_once(
        6, lambda: web.post(server.url + action, data=data, allow_redirects=False, timeout=60)
    )
    for r in responses:
        assert isinstance(r, requests.Response), r
        assert r.status_code in (302, 303), (r.status_code, r.text[:500])
    # every answer sends the user to the one case page, the first and the replays alike
    pages = {r.headers["Location"].split("#")[0].removeprefix(server.url) for r in responses}
    assert pages == {f"/casussen/{case.id}"}
    assert _count(session, Agreement) == 1
    assert _count(session, RequestKey) == 1


def test_parallel_api_creates_with_one_key_open_one_case(server, world, session):
    token, _ = issue_token(session, world.teacher, clock.now())
    session.commit()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "parallel-1"}
    body = {
        "given_name": "Noor",
        "family_name": "de Vries",
        "birth_date": "2012-03-14",
        "municipality_id": world.zaltbommel.id,
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "2026-10-20",
        "school_org_id": world.school.id,
    }
    responses = _at_once(
        6,
        lambda: requests.post(server.url + "/api/v1/cases", json=body, headers=headers, timeout=60),
    )
    for r in responses:
        assert isinstance(r, requests.Response), r
        assert r.status_code == 201, (r.status_code, r.text[:500])
    assert len({r.json()["id"] for r in responses}) == 1
    assert _count(session, Case) == 1


def test_the_daily_retention_run_removes_every_expired_key(session, world, database_url):
    """A claim clears only its own user's old keys; the daily run clears everyone's (an
    API answer kept with its key can hold case data)."""
    from tests.live import AUDIT_KEY, SECRET_KEY
    from thuiszittertafel.config import Settings
    from thuiszittertafel.extensions import db
    from thuiszittertafel.retention.jobs import run_retention

    now = clock.now()
    for user, age in ((world.teacher, 25), (world.lpa, 30), (world.lpa, 1)):
        session.add(
            RequestKey(
                user_id=user.id,
                key=f"k{age}",
                fingerprint="x",
                created_at=now - timedelta(hours=age),
                status=201,
                body='{"id": 1}',
            )
        )
    session.commit()
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY, audit_key=AUDIT_KEY)
    run_retention(db.engine, settings, now, dry_run=True)  # a dry run removes nothing
    assert _count(session, RequestKey) == 3
    run_retention(db.engine, settings, now)
    session.expire_all()
    assert session.scalars(select(RequestKey.key)).all() == ["k1"]


def test_the_daily_retention_run_forgets_who_changed_what_after_30_days(
    session, world, database_url
):
    """The 409's list of changes since a version is kept 30 days (no pupil data in it, but
    nothing is kept longer than it serves); a stale form is still refused after that."""
    from tests.live import AUDIT_KEY, SECRET_KEY
    from thuiszittertafel.config import Settings
    from thuiszittertafel.core.versions import KEEP_CHANGES, VersionChange
    from thuiszittertafel.extensions import db
    from thuiszittertafel.retention.jobs import run_retention

    now = clock.now()
    for days, version in ((31, 2), (29, 3)):
        session.add(
            VersionChange(
                row_table="cases",
                row_id=1,
                version=version,
                by_id=world.lpa.id,
                at=now - timedelta(days=days),
                fields="phase",
            )
        )
    session.commit()
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY, audit_key=AUDIT_KEY)
    run_retention(db.engine, settings, now, dry_run=True)  # a dry run removes nothing
    assert _count(session, VersionChange) == 2
    run_retention(db.engine, settings, now)
    session.expire_all()
    kept = session.scalars(select(VersionChange)).all()
    assert [(c.version, now - c.at < KEEP_CHANGES) for c in kept] == [(3, True)]


def _later_forms(session, world, case) -> dict[str, tuple[Form, Any]]:
    """The create forms that took the key last: an agenda item, attendees, an invitation to
    a consultation and a regie proposal; each with its count of what it creates."""
    from thuiszittertafel.cases.models import RegieProposal
    from thuiszittertafel.consultations.models import ConsultationMember
    from thuiszittertafel.meetings.models import AgendaItem

    meeting, consultation = meeting_and_consultation(session, world)
    case.escalated = True  # so the meeting page suggests it, with its form
    session.commit()
    on_meeting = f"/overleggen/{meeting.id}"

    def attendees() -> int:
        session.expire_all()
        return len(session.get(Meeting, meeting.id).attendees)

    return {
        "agendapunt": (
            Form(
                "swv_coordinator",
                on_meeting,
                f"{on_meeting}/agenda",
                {"case_id": str(case.id)},
                AgendaItem,
            ),
            lambda: _count(session, AgendaItem),
        ),
        "deelnemers": (
            Form(
                "swv_coordinator",
                on_meeting,
                f"{on_meeting}/deelnemers",
                {"attendee_user_ids": str(world.lpa.id)},
                Meeting,
            ),
            attendees,
        ),
        "uitnodiging": (
            Form(
                "teacher",
                f"/consultaties/{consultation.id}",
                f"/consultaties/{consultation.id}/uitnodigen",
                {"org_id": str(world.swv.id)},
                ConsultationMember,
            ),
            lambda: _count(session, ConsultationMember),
        ),
        "regie": (
            Form(
                "teacher",
                f"/casussen/{case.id}",
                f"/casussen/{case.id}/regie",
                {"lead_org_id": str(world.leerplicht.id), "reason": "Verzuim staat voorop"},
                RegieProposal,
            ),
            lambda: _count(session, RegieProposal),
        ),
    }


@pytest.mark.parametrize("name", ["agendapunt", "deelnemers", "uitnodiging", "regie"])
def test_the_last_create_forms_sent_twice_create_once(browser, world, case, session, name):
    form, count = _later_forms(session, world, case)[name]
    b = browser(getattr(world, form.user))
    key = _rendered_key(b.get(form.page).get_data(as_text=True), form.action)
    before = count()
    first = b.post(form.action, {**form.data, "form_key": key})
    assert first.status_code == 302, first.get_data(as_text=True)[-3000:]
    assert count() == before + 1
    again = b.post(form.action, {**form.data, "form_key": key})
    assert again.status_code == 303 and again.location == first.location
    assert count() == before + 1
    assert ALREADY_SENT in b.get(again.location).get_data(as_text=True)


@pytest.mark.parametrize("name", ["agendapunt", "deelnemers", "uitnodiging", "regie"])
def test_the_last_create_forms_refuse_an_outsider_and_remember_nothing(
    browser, world, case, session, name
):
    """Who may not act is refused with the key as without it; no key is kept."""
    form, count = _later_forms(session, world, case)[name]
    before = count()
    r = browser(world.far_worker).post(form.action, {**form.data, "form_key": "k-buiten"})
    assert r.status_code in (403, 404)
    assert count() == before and _count(session, RequestKey) == 0
