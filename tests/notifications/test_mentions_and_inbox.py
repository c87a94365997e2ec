"""Mentions create notifications for people who may read the note; the inbox; e-mail."""

from __future__ import annotations

import json
import threading

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from tests.live import free_port
from thuiszittertafel import clock
from thuiszittertafel.cases.participation import add_participation
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core.errors import ValidationFailed
from thuiszittertafel.extensions import db
from thuiszittertafel.notes.mentions import candidates
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notes.services import post_note
from thuiszittertafel.notifications.mail import send_pending
from thuiszittertafel.notifications.models import Notification
from thuiszittertafel.notifications.queries import unread_count
from thuiszittertafel.notifications.services import inbox, mark_read, notify


@pytest.fixture
def case(session, world, make_case):
    c = make_case(world.teacher, given_name="Maxime", family_name="de Vries")
    add_participation(
        session,
        world.teacher,
        c,
        "participant",
        {
            "org_id": world.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "contact_user_id": world.wijkteam_worker.id,
        },
        now=clock.now(),
    )
    session.commit()
    return c


def post(session, user, case, body, mail=False, **extra):
    _, access = get_case(session, user, case.id)
    note, _ = post_note(
        session, user, case, access, {"body": body, **extra}, now=clock.now(), mail=mail
    )
    session.commit()
    return note


def notifications(session):
    """The mentions (the fixtures' participations also tell the organisations added)."""
    return session.scalars(
        select(Notification).where(Notification.kind == "mention").order_by(Notification.id)
    ).all()


def test_mentioning_people_and_organisations(session, world, case):
    note = post(
        session,
        world.teacher,
        case,
        "@lpa en @[Wijkteam Zaltbommel], kunnen jullie dinsdag? (mail: x@ggd.nl)",
    )
    got = notifications(session)
    assert sorted(n.user_id for n in got) == sorted([world.lpa.id, world.wijkteam_worker.id])
    assert all(n.kind == "mention" and n.note_id == note.id for n in got)
    assert "Maxime" not in got[0].text and "M.V." in got[0].text


def test_mentions_are_refused_for_people_who_may_not_read(session, world, case):
    for body in ("@ver kijk even", "@jeugdarts kijk even", "@bestaatniet", "@[Verre School] graag"):
        with pytest.raises(ValidationFailed) as exc:
            post(session, world.teacher, case, body)
        assert "body" in exc.value.errors
        session.rollback()
    # An organisation-only note cannot mention leerplicht.
    with pytest.raises(ValidationFailed):
        post(session, world.teacher, case, "@lpa intern", scope="organisatie")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Note)) == 0
    assert notifications(session) == []


def test_resending_a_note_does_not_notify_twice(session, world, case):
    post(session, world.teacher, case, "@lpa graag reactie", client_id="c-1")
    post(session, world.teacher, case, "@lpa graag reactie", client_id="c-1")
    assert len(notifications(session)) == 1


def test_candidates_are_the_readers_and_participating_organisations(session, world, case):
    labels = {c["insert"] for c in candidates(session, case)}
    assert {
        "@mentor",
        "@zorgco",
        "@lpa",
        "@swvco",
        "@wijk",
        "@[Wijkteam Zaltbommel]",
        "@[Lingeborgh]",
    } <= labels
    assert not labels & {"@ver", "@jeugdarts", "@swvmw", "@privacy"}


def test_inbox_read_state_is_per_user(session, world, case):
    post(session, world.teacher, case, "@lpa een")
    post(session, world.teacher, case, "@lpa twee en @wijk")
    assert unread_count(session, world.lpa) == 2
    items, total, _ = inbox(session, world.lpa)
    assert total == 2 and items[0].id > items[1].id
    assert mark_read(session, world.teacher, [items[0].id], clock.now()) == 0  # not theirs
    assert mark_read(session, world.lpa, [items[0].id], clock.now()) == 1
    assert unread_count(session, world.lpa) == 1
    assert mark_read(session, world.lpa, None, clock.now()) == 1
    # The wijkteam: its mention, and the notice that it was added to the case.
    assert unread_count(session, world.wijkteam_worker) == 2


def test_notify_is_exactly_once_per_key(session, world):
    first = notify(session, world.lpa, kind="case_4_weeks", key="k:1", text="x", now=clock.now())
    again = notify(session, world.lpa, kind="case_4_weeks", key="k:1", text="x", now=clock.now())
    session.commit()
    assert first is not None and again is None
    assert session.scalars(select(Notification)).all() == [first]


class Inbox:
    def __init__(self):
        self.messages = []
        self.fail = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        if self.fail:
            return "451 tijdelijk niet beschikbaar"
        with self.lock:
            self.messages.append(envelope.content.decode())
        return "250 OK"


@pytest.fixture
def smtp():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, f"smtp://127.0.0.1:{controller.port}?from=noreply@tzt.test"
    controller.stop()


def test_mention_mail_has_no_pupil_name_and_is_sent_once(session, world, case, smtp):
    handler, url = smtp
    post(session, world.teacher, case, "@lpa graag reactie", mail=True)
    assert send_pending(db.engine, url) == 1
    assert send_pending(db.engine, url) == 0  # claimed and sent: never again
    assert len(handler.messages) == 1
    mail = handler.messages[0]
    assert "lpa@example.test" in mail and "/berichten" in mail
    assert "Maxime" not in mail and "Vries" not in mail


def test_failed_mail_is_recorded_and_retried(session, world, case, smtp):
    handler, url = smtp
    handler.fail = True
    post(session, world.teacher, case, "@lpa graag reactie", mail=True)
    assert send_pending(db.engine, url) == 0
    session.expire_all()
    n = notifications(session)[0]
    assert n.mail_state == "pending" and n.mail_attempts == 1 and "451" in n.mail_error
    handler.fail = False
    assert send_pending(db.engine, url) == 1
    session.expire_all()
    assert notifications(session)[0].mail_state == "sent"


def test_candidates_agree_with_the_policy_for_every_user(session, world, case):
    from thuiszittertafel.auth.models import User
    from thuiszittertafel.notes.mentions import may_read

    offered = {c["insert"] for c in candidates(session, case) if not c["insert"].startswith("@[")}
    readers = {
        f"@{u.username}"
        for u in session.scalars(select(User))
        if may_read(session, u, case, "betrokkenen", world.teacher.org_id)
    }
    assert offered == readers


@pytest.mark.parametrize("per_notification", [500, 0], ids=["asked-per-notice", "matched"])
def test_counts_leave_out_cases_no_longer_visible(
    session, world, case, make_case, monkeypatch, per_notification
):
    """The unread count and the inbox total count notices without a case and about cases
    the user may see, never one about a case now hidden; both ways of counting agree."""
    from thuiszittertafel.notifications import queries

    monkeypatch.setattr(queries, "PER_NOTIFICATION", per_notification)
    hidden = make_case(world.far_worker, municipality=world.elders)
    user = world.wijkteam_worker
    for key, case_id in (("a", case.id), ("b", None), ("d", case.id)):
        notify(session, user, kind="mention", key=key, text=key, now=clock.now(), case_id=case_id)
    # Told when the user could still see the case (the writer tells nobody about a case
    # they cannot see: the notice is stored here as it was then).
    assert (
        notify(session, user, kind="mention", key="c", text="c", now=clock.now(), case_id=hidden.id)
        is None
    )
    session.add(
        Notification(
            key="c",
            user_id=user.id,
            kind="mention",
            text="c",
            case_id=hidden.id,
            created_at=clock.now(),
            mail_state="none",
            mail_attempts=0,
        )
    )
    session.commit()
    before = unread_count(session, user)
    mark_read(
        session,
        user,
        [session.scalar(select(Notification.id).where(Notification.key == "d"))],
        clock.now(),
    )
    session.commit()
    assert unread_count(session, user) == before - 1
    assert inbox(session, user)[1] - inbox(session, user, unread_only=True)[1] == 1
    # The hidden case's notice is in neither count.
    everything = session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id)
    )
    assert inbox(session, user)[1] == everything - 1
    assert {n.key for n in inbox(session, user)[0]} >= {"a", "b", "d"}
    assert "c" not in {n.key for n in inbox(session, user)[0]}
    # The page's total and unread come from one statement and agree with the counts.
    page = inbox(session, user)
    assert (page.total, page.unread) == (everything - 1, unread_count(session, user))
    assert inbox(session, user, unread_only=True).total == page.unread


def test_reading_the_inbox_is_audited(session, world, case, browser):
    """Berichten name cases and initials: opening the inbox is a read like any other, with
    the notifications and cases it showed; someone not logged in reads nothing."""
    from thuiszittertafel.audit.models import AuditEntry

    post(session, world.teacher, case, "Overleg met @[Wijkteam Zaltbommel] over de planning")
    assert browser().get("/berichten").status_code == 302  # to the login page
    response = browser(world.wijkteam_worker).get("/berichten")
    assert response.status_code == 200 and f"casus {case.id}" in response.get_data(as_text=True)
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "notification.inbox")
    ).one()
    assert entry.user_id == world.wijkteam_worker.id
    shown = [n.id for n in inbox(session, world.wijkteam_worker)[0]]
    detail = json.loads(entry.detail)
    assert shown and detail["notification_ids"] == shown and detail["case_ids"] == [case.id]
