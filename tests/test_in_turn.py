"""The live items of a stream (a case's notes, a consultation's messages) are announced in
the order of their numbers (core/in_turn.py): a screen that reconnects fetches the items
after the last one it has, so an item announced after a higher-numbered one would be missed
for good."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select

from tests.conftest import meeting_and_consultation
from thuiszittertafel import clock
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.consultations.models import Consultation, ConsultationMessage
from thuiszittertafel.consultations.services import post_message
from thuiszittertafel.core import in_turn
from thuiszittertafel.core.errors import Conflict
from thuiszittertafel.extensions import db, socketio
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notes.services import post_note


class Announcements:
    """socketio.emit watched: the ids of `event` in the order their announcement went out;
    the first one's announcement is held until `go` is set."""

    def __init__(self, monkeypatch, event_name: str):
        self.ids: list[int] = []
        self.holding = threading.Event()
        self.go = threading.Event()
        real = socketio.emit

        def emit(event, payload, *args, **kwargs):
            if event == event_name:
                if not self.holding.is_set():
                    self.holding.set()
                    assert self.go.wait(30)
                if payload["id"] not in self.ids:
                    self.ids.append(payload["id"])
            return real(event, payload, *args, **kwargs)

        monkeypatch.setattr(socketio, "emit", emit)


def _note(user_id: int, case_id: int, body: str) -> int:
    user = db.session.get(User, user_id)
    case, access = get_case(db.session, user, case_id)
    data = {"body": body, "client_id": uuid.uuid4().hex}
    return post_note(db.session, user, case, access, data, now=clock.now())[0].id


def _message(user_id: int, consultation_id: int, body: str) -> int:
    user = db.session.get(User, user_id)
    consultation = db.session.get(Consultation, consultation_id)
    data = {"body": body, "client_id": uuid.uuid4().hex}
    return post_message(db.session, user, consultation, data, now=clock.now())[0].id


@pytest.fixture(params=["notes", "consultation"])
def stream(request, session, world, case):
    """(event name, in_thread(app, user, body, outcome): post in a thread of its own,
    bodies(): what the stream holds)."""
    if request.param == "notes":
        post, key, event_name = _note, case.id, "note_created"
        stored = select(Note.body).where(Note.case_id == case.id).order_by(Note.id)
    else:
        _, consultation = meeting_and_consultation(session, world)
        post, key, event_name = _message, consultation.id, "consultation_message"
        stored = (
            select(ConsultationMessage.body)
            .where(ConsultationMessage.consultation_id == consultation.id)
            .order_by(ConsultationMessage.id)
        )

    def in_thread(app, user, body: str, outcome: dict) -> threading.Thread:
        def run():
            with app.app_context():
                try:
                    outcome["id"] = post(user.id, key, body)
                    db.session.commit()
                except Conflict as exc:
                    db.session.rollback()
                    outcome["refused"] = exc.message
                finally:
                    db.scoped.remove()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    return event_name, in_thread, lambda: list(session.scalars(stored))


def test_an_item_stored_while_another_is_announced_waits_its_turn(
    app, session, world, stream, monkeypatch
):
    event_name, in_thread, _ = stream
    assert socketio.server is not None  # the outbox announces only with a live server
    announcements = Announcements(monkeypatch, event_name)
    first, second = {}, {}
    a = in_thread(app, world.teacher, "Eerste", first)
    assert announcements.holding.wait(30)  # the first is stored and being announced
    b = in_thread(app, world.teacher, "Tweede", second)
    b.join(2)
    waited = b.is_alive()  # without the lock it is stored and announced first by now
    announcements.go.set()
    a.join(30)
    b.join(30)

    assert waited
    assert first["id"] < second["id"]
    assert announcements.ids == [first["id"], second["id"]]


def test_an_item_that_waits_too_long_is_refused_and_nothing_is_stored(
    app, session, world, stream, monkeypatch
):
    event_name, in_thread, bodies = stream
    monkeypatch.setattr(in_turn, "WAIT", 0.5)
    announcements = Announcements(monkeypatch, event_name)
    first, second = {}, {}
    a = in_thread(app, world.teacher, "Eerste", first)
    assert announcements.holding.wait(30)
    b = in_thread(app, world.teacher, "Tweede", second)
    b.join(30)
    announcements.go.set()
    a.join(30)

    assert "id" not in second
    assert "opnieuw" in second["refused"] and "uw tekst blijft staan" in second["refused"]
    session.rollback()
    assert bodies() == ["Eerste"]
    # The lock is free again: the next one goes through at once.
    third = {}
    in_thread(app, world.teacher, "Tweede, opnieuw", third).join(30)
    assert third["id"] > first["id"]
    session.rollback()
    assert bodies() == ["Eerste", "Tweede, opnieuw"]


def test_one_transaction_may_post_several_notes_on_a_case(session, world, case):
    """The lock is taken once per transaction and stream: a second note in the same
    transaction (the demo script, a meeting's minutes) does not wait for itself."""
    c, access = get_case(session, world.teacher, case.id)
    for n in range(2):
        data = {"body": f"Notitie {n}", "client_id": uuid.uuid4().hex}
        post_note(session, world.teacher, c, access, data, now=clock.now())
    session.commit()
    assert session.scalar(select(func.count()).where(Note.case_id == case.id)) == 2


def test_one_transaction_may_post_in_two_cases_that_share_a_stripe(
    session, world, case, make_case, monkeypatch
):
    """SQLite's locks are a fixed set of stripes: two cases on one stripe in one
    transaction (a meeting's minutes) must not wait for each other."""
    monkeypatch.setattr(in_turn, "STRIPES", 1)
    other = make_case(world.teacher, given_name="Sander")
    for c in (case, other):
        found, access = get_case(session, world.teacher, c.id)
        data = {"body": "In het overleg besproken", "client_id": uuid.uuid4().hex}
        post_note(session, world.teacher, found, access, data, now=clock.now())
    session.commit()
    count = select(func.count()).where(Note.case_id.in_([case.id, other.id]))
    assert session.scalar(count) == 2
