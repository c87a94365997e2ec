"""The notes of a case are announced in the order of their numbers (notes/order.py): a
screen that reconnects fetches the notes after the last one it has, so a note announced
after a higher-numbered one would be missed for good."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core.errors import Conflict
from thuiszittertafel.extensions import db, socketio
from thuiszittertafel.notes import order
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notes.services import post_note


class Announcements:
    """socketio.emit watched: the note ids in the order their announcement went out; the
    first note's announcement is held until `go` is set."""

    def __init__(self, monkeypatch):
        self.ids: list[int] = []
        self.holding = threading.Event()
        self.go = threading.Event()
        real = socketio.emit

        def emit(event, payload, *args, **kwargs):
            if event == "note_created":
                if not self.holding.is_set():
                    self.holding.set()
                    assert self.go.wait(30)
                if payload["id"] not in self.ids:
                    self.ids.append(payload["id"])
            return real(event, payload, *args, **kwargs)

        monkeypatch.setattr(socketio, "emit", emit)


def _post_in_thread(app, user_id: int, case_id: int, body: str, outcome: dict) -> threading.Thread:
    """Post a note as the user in a request-like thread of its own (own session)."""

    def run():
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                case, access = get_case(db.session, user, case_id)
                data = {"body": body, "client_id": uuid.uuid4().hex}
                note, _ = post_note(db.session, user, case, access, data, now=clock.now())
                db.session.commit()
                outcome["id"] = note.id
            except Conflict as exc:
                db.session.rollback()
                outcome["refused"] = exc.message
            finally:
                db.scoped.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_note_stored_while_another_is_announced_waits_its_turn(
    app, session, world, case, monkeypatch
):
    assert socketio.server is not None  # the outbox announces only with a live server
    announcements = Announcements(monkeypatch)
    first, second = {}, {}
    a = _post_in_thread(app, world.teacher.id, case.id, "Eerste", first)
    assert announcements.holding.wait(30)  # the first is stored and being announced
    b = _post_in_thread(app, world.zorgco.id, case.id, "Tweede", second)
    b.join(2)
    waited = b.is_alive()  # without the lock it is stored and announced first by now
    announcements.go.set()
    a.join(30)
    b.join(30)

    assert waited
    assert first["id"] < second["id"]
    assert announcements.ids == [first["id"], second["id"]]


def test_a_note_that_waits_too_long_is_refused_and_nothing_is_stored(
    app, session, world, case, monkeypatch
):
    monkeypatch.setattr(order, "WAIT", 0.5)
    announcements = Announcements(monkeypatch)
    first, second = {}, {}
    a = _post_in_thread(app, world.teacher.id, case.id, "Eerste", first)
    assert announcements.holding.wait(30)
    b = _post_in_thread(app, world.zorgco.id, case.id, "Tweede", second)
    b.join(30)
    announcements.go.set()
    a.join(30)

    assert "id" not in second
    assert "opnieuw" in second["refused"] and "uw tekst blijft staan" in second["refused"]
    bodies = session.scalars(select(Note.body).where(Note.case_id == case.id)).all()
    assert bodies == ["Eerste"]
    # The lock is free again: the next note goes through at once.
    third = {}
    _post_in_thread(app, world.zorgco.id, case.id, "Tweede, opnieuw", third).join(30)
    assert third["id"] > first["id"]
    assert session.scalar(select(func.count()).where(Note.case_id == case.id)) == 2


def test_one_transaction_may_post_several_notes_on_a_case(session, world, case):
    """The lock is taken once per transaction and case: a second note in the same
    transaction (the demo script, a meeting's minutes) does not wait for itself."""
    c, access = get_case(session, world.teacher, case.id)
    for n in range(2):
        data = {"body": f"Notitie {n}", "client_id": uuid.uuid4().hex}
        post_note(session, world.teacher, c, access, data, now=clock.now())
    session.commit()
    assert session.scalar(select(func.count()).where(Note.case_id == case.id)) == 2
