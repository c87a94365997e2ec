"""One commit per request (web/transaction.py): a view changes and audits; the request
commits once, after the view, when its answer is not an error. Only a refusal that must be
kept anyway commits itself, and says so (`# own commit:`)."""

from __future__ import annotations

import ast

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.test_layers import PACKAGE, _is_edge, _module_name
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.models import Case


def _commits(path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
        and ast.unparse(node.func.value) == "db.session"
    ]


def test_request_code_commits_only_a_refusal_it_must_keep():
    """A route, API or web module that commits says why; the rest is the request's commit."""
    unexplained, explained = [], 0
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        # Socket handlers are no request: each event commits its own work.
        if not _is_edge(module) or module.endswith(("sockets", "web.transaction")):
            continue
        lines = path.read_text().splitlines()
        for lineno in _commits(path):
            if "# own commit:" in lines[lineno - 1]:
                explained += 1
            else:
                unexplained.append(f"{module}:{lineno}")
    assert unexplained == []
    assert explained >= 5  # the 404 audit, a refused join and sign-on, two freed keys


def _phase(session, case_id: int) -> tuple[int, int]:
    session.expire_all()
    case = session.get(Case, case_id)
    return case.phase, case.version


def test_a_commit_that_fails_keeps_nothing_and_says_nothing_was_saved(
    session, world, browser, case, app, monkeypatch
):
    teacher = browser(world.teacher)
    before = _phase(session, case.id)
    audits = session.query(AuditEntry).count()
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # the user's 500 page

    def database_gone(_session):
        if has_request_context() and request.method == "POST":
            raise OperationalError("COMMIT", {}, Exception("the database went away"))

    event.listen(Session, "before_commit", database_gone)
    try:
        failed = teacher.post(
            f"/casussen/{case.id}/fase",
            {"phase": str(before[0] + 1), "reason": "Geen voortgang", "version": str(before[1])},
        )
    finally:
        event.remove(Session, "before_commit", database_gone)
    assert failed.status_code == 500
    text = failed.get_data(as_text=True)
    assert "Er ging iets mis aan onze kant" in text and "De fase is gewijzigd" not in text
    assert _phase(session, case.id) == before
    assert session.query(AuditEntry).count() == audits  # no "case.change_phase" either
    page = teacher.get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "De fase is gewijzigd" not in page

    done = teacher.post(
        f"/casussen/{case.id}/fase",
        {"phase": str(before[0] + 1), "reason": "Geen voortgang", "version": str(before[1])},
    )
    assert done.status_code == 302 and _phase(session, case.id)[0] == before[0] + 1


def test_a_refused_request_keeps_nothing_but_its_reads(session, world, browser, case):
    """A form refused with a 4xx keeps nothing the view did, but the case page that shows
    the form again is a read and is audited; the 404 on a hidden case is audited all the
    same (its own commit)."""
    before = _phase(session, case.id)
    views = session.query(AuditEntry).filter_by(action="case.view", object_id=case.id).count()
    refused = browser(world.teacher).post(
        f"/casussen/{case.id}/fase", {"phase": "99", "reason": "", "version": str(before[1])}
    )
    assert refused.status_code == 400 and _phase(session, case.id) == before
    assert "Fase 99 bestaat niet" in refused.get_data(as_text=True)
    session.expire_all()
    shown = session.query(AuditEntry).filter_by(action="case.view", object_id=case.id)
    assert shown.count() == views + 1 and shown.order_by(AuditEntry.id.desc()).first().user_id == (
        world.teacher.id
    )
    assert not session.query(AuditEntry).filter_by(action="case.change_phase").count()
    outsider = browser(world.other_lpa)
    assert outsider.get(f"/casussen/{case.id}").status_code == 404
    session.expire_all()
    denied = session.query(AuditEntry).filter_by(user_id=world.other_lpa.id).all()
    assert [e.object_id for e in denied if e.action.startswith("denied")] == [case.id]


def test_a_refused_once_only_form_keeps_its_read_and_frees_its_key(session, world, browser, case):
    """A form sent with a one-time key and refused: the key is free again, nothing else is
    kept but the read of the case page that shows the form again."""
    from tests.test_once import _rendered_key

    teacher = browser(world.teacher)
    action = f"/casussen/{case.id}/betrokkenen"
    key = _rendered_key(teacher.get(f"/casussen/{case.id}").get_data(as_text=True), action)
    session.expire_all()
    views = session.query(AuditEntry).filter_by(action="case.view", object_id=case.id).count()
    refused = teacher.post(action, {"org_id": "999999", "form_key": key})
    assert refused.status_code in (400, 404, 422)
    session.expire_all()
    shown = session.query(AuditEntry).filter_by(action="case.view", object_id=case.id).count()
    assert shown == views + 1
    again = teacher.post(action, {"org_id": "999999", "form_key": key})
    assert again.status_code == refused.status_code  # refused again, not "already sent"


def test_a_follow_up_that_fails_after_the_commit_leaves_the_change_and_its_answer(
    session, world, browser, app, monkeypatch, caplog
):
    """Logging out ends the session (committed), then tells its sockets. Telling them can
    fail (the browser closes its socket while the server closes it too): the user is logged
    out all the same, sees so, and the next follow-up (every process's re-check) still runs."""
    from thuiszittertafel.auth import routes
    from thuiszittertafel.auth.models import LoginSession
    from thuiszittertafel.web import transaction

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a failure: the 500 page
    rechecked = []

    def socket_closed_meanwhile(*_args):
        raise KeyError("the socket closed from the other side")

    monkeypatch.setattr(routes, "disconnect_sockets", socket_closed_meanwhile)
    monkeypatch.setattr(transaction, "revoked", rechecked.append)
    teacher = browser(world.teacher)
    assert teacher.get("/").status_code == 200
    out = teacher.post("/uitloggen", {})
    assert out.status_code == 302 and "/inloggen" in out.headers["Location"]
    assert "U bent uitgelogd" in teacher.get("/inloggen").get_data(as_text=True)
    assert len(rechecked) == 1
    assert "a follow-up failed" in caplog.text and "KeyError" in caplog.text  # not hidden
    session.expire_all()
    ended = session.query(LoginSession).filter_by(user_id=world.teacher.id).all()
    assert ended and all(row.ended_at is not None for row in ended)
    assert teacher.get("/casussen").status_code == 302  # logged out: to the login page
