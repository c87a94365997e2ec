"""One commit per request: what a request changed, and the audit row of what it read, is
committed once, after the view has made its response and before that response is sent.

A response below 400 commits; a 5xx rolls back. A 4xx rolls back too but keeps the audit
rows recorded after its refused work was rolled back: the read of the page that shows the
form again, with the case or meeting beside it. A refusal that must be kept anyway (the
audit row of a 404 on an id, a refused live join or single sign-on, a freed request key)
commits itself, after rolling the refused work back: those lines say `own commit`. Work
that must follow the commit (every process re-checking its live connections, a socket told
it is logged out) is queued with `after_commit` and runs once the commit has returned,
never for a change that did not happen; its failure is logged, not the user's error page.
(Live events and mail go through the session's outbox, notifications/outbox.py, which
works outside requests too.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, g, session

from ..audit.services import roll_back_all_but_audit
from ..auth.live_guard import revoked
from ..extensions import db

_CALLS = "after_commit_calls"
log = logging.getLogger(__name__)


def after_commit(call: Callable[[], None]) -> None:
    """Run `call` once this request's commit has returned (not at all when it rolls back)."""
    g.setdefault(_CALLS, []).append(call)


def revoke_after_commit() -> None:
    """The change ended sessions, tokens or accounts: once it is committed, every process
    re-checks its live connections (auth/live_guard.py)."""
    after_commit(lambda: revoked(current_app))  # runs inside this request, after its commit


def register(app: Flask) -> None:
    @app.after_request
    def commit_request(response: Response) -> Response:
        calls = g.pop(_CALLS, [])
        if response.status_code >= 500:
            db.session.rollback()
            return response
        if response.status_code >= 400:
            roll_back_all_but_audit(db.session)  # the page that says why is a read too
            db.session.commit()
            return response
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            # The view's "opgeslagen" must not show on the next page: nothing was saved.
            session.pop("_flashes", None)
            raise
        for call in calls:
            _follow_up(call)
        return response


def _follow_up(call: Callable[[], None]) -> None:
    """Run one follow-up of a committed change. Its failure must not turn the answer into
    an error page: the change is saved, and "er ging iets mis" would make the user do it
    again. What follows a commit is telling live connections, which every process's guard
    re-checks within seconds anyway (auth/live_guard.py); a socket closing from the other
    side while it is told (the browser leaving the page it logs out from) is no reason to
    fail. The failure is logged, and the next follow-up still runs."""
    try:
        call()
    except Exception:  # noqa: BLE001 - logged; the change is committed and stays so
        log.exception("after commit: a follow-up failed; the live guard re-checks shortly")
