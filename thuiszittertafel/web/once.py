"""A create form sent twice creates once. Every create form carries a one-time key
(`form_key()` beside the CSRF token); `@once_per_form` claims (user, key) in the same
transaction as the create and keeps where the first answer sent the user, so a double
click, a resend or a second tab is answered as the first time: no second row."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import flash, make_response, redirect, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import clock
from ..audit.services import roll_back_all_but_audit
from ..core.errors import ValidationFailed
from ..core.once import RequestKey, claim_key, find_key, free_key, key_error
from ..extensions import db
from .edge import actor

FIELD = "form_key"
ALREADY_SENT = "Dit formulier was al verstuurd."
# How long a second request waits for the first one's answer (it has committed its create
# and is about to store where it went); then it goes back where it came from.
WAIT_SECONDS = 5.0


def form_key() -> Markup:
    """The hidden one-time key of a create form, new on every render."""
    return Markup(f'<input type="hidden" name="{FIELD}" value="{uuid.uuid4().hex}">')


def once_per_form(view: Callable) -> Callable:
    """Run a create route once per form key and user; a form without a key runs as ever."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.form.get(FIELD, "") if request.method == "POST" else ""
        if not key:
            return view(*args, **kwargs)
        if problem := key_error(key):
            raise ValidationFailed({"": f"{problem} Laad de pagina opnieuw."})
        user_id = actor().id
        fingerprint = hashlib.sha256(f"{request.method} {request.path}".encode()).hexdigest()
        row, claimed = claim_key(db.session, user_id, key, fingerprint, clock.now())
        if not claimed:
            return answer_again(user_id, key)
        return remember(row.id, run(view, *args, **kwargs))

    return wrapper


def run(view: Callable, *args, **kwargs) -> Response:
    """The view's response; an exception undoes the claim with everything else."""
    try:
        return make_response(view(*args, **kwargs))
    except Exception:
        db.session.rollback()
        raise


def remember(row_id: int, response: Response) -> Response:
    """Keep a redirect (the create went through) as the answer to the key; anything else
    (a refused form) frees the key, so the corrected form can be sent with it."""
    if response.status_code in (301, 302, 303) and response.location:
        row = db.session.get(RequestKey, row_id, populate_existing=True)
        if row is not None:  # None: the view rolled back; nothing to answer again
            row.status, row.location = response.status_code, response.location
        return response
    roll_back_all_but_audit(db.session)  # what the refused request read stays audited
    free_key(db.session, row_id)
    db.session.commit()  # own commit: the freed key stays free after the refusal
    return response


def answer_again(user_id: int, key: str) -> Response:
    """Where the first request with this key sent the user, once it has said so."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        db.session.rollback()  # see the first request's commit; free the write lock meanwhile
        row = find_key(db.session, user_id, key, clock.now())
        if row is None or row.location or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    flash(ALREADY_SENT, "info")
    if row is not None and row.location:
        return redirect(row.location, 303)
    # The first is still busy (or gone): back to the form's page, on this site only.
    back = urlsplit(request.referrer or "").path
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/", 303)
