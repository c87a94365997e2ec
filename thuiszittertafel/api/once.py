"""The API's `Idempotency-Key` header on creates: the same key from the same user is
answered with the first request's status, body and Location, and creates nothing more; the
key with a different request is refused (422). The claim commits with the create
(core/once.py); web/once.py does the same for the pages' forms."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from functools import wraps

from flask import g, make_response, request
from werkzeug.wrappers import Response

from .. import clock
from ..audit.services import roll_back_all_but_audit
from ..core.errors import Conflict, DomainError, ValidationFailed
from ..core.once import RequestKey, claim_key, find_key, free_key, key_error
from ..core.policy import FULL_ACCESS
from ..extensions import db
from .context import audit, load_case

HEADER = "Idempotency-Key"
WAIT_SECONDS = 5.0
CASE_ID = re.compile(r"/api/v1/cases/(\d+)")


class KeyReused(DomainError):
    code = "sleutel-hergebruikt"
    status = 422


def idempotent(view: Callable) -> Callable:
    """Answer a repeated `Idempotency-Key` as the first time; no header, no change."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if problem := key_error(key):
            raise ValidationFailed({HEADER: problem})
        row, claimed = claim_key(db.session, g.user.id, key, _fingerprint(), clock.now())
        if not claimed:
            return _answer_again(row.fingerprint, key)
        return _remember(row.id, _run(view, *args, **kwargs))

    wrapper.idempotent = True  # type: ignore[attr-defined]  # the OpenAPI test reads it
    return wrapper


def _still_may_read(location: str | None) -> None:
    """The stored answer is repeated only while its user may still read its case in full:
    a case that became hidden answers the 404 of any hidden case, meeting access (which never
    shows what a create answers) the same."""
    ids = {int(n) for n in CASE_ID.findall(f"{request.path} {location or ''}")}
    for case_id in sorted(ids):
        _case, access = load_case(case_id)
        if access not in FULL_ACCESS:
            load_case(0)  # the 404 of a hidden case, byte for byte


def _fingerprint() -> str:
    """The request as a digest: method, path and the JSON body (key order ignored)."""
    body = request.get_json(silent=True)
    text = json.dumps(body, sort_keys=True) if body is not None else request.get_data(as_text=True)
    return hashlib.sha256(f"{request.method} {request.path}\n{text}".encode()).hexdigest()


def _run(view: Callable, *args, **kwargs) -> Response:
    try:
        return make_response(view(*args, **kwargs))
    except Exception:
        db.session.rollback()  # the claim goes with the refused change
        raise


def _remember(row_id: int, response: Response) -> Response:
    """Keep a success as the key's answer; a refusal frees the key for a corrected retry."""
    if 200 <= response.status_code < 300:
        row = db.session.get(RequestKey, row_id, populate_existing=True)
        if row is not None:
            row.status = response.status_code
            row.location = response.headers.get("Location")
            row.etag = response.headers.get("ETag")
            row.body = response.get_data(as_text=True)
        return response
    roll_back_all_but_audit(db.session)  # what the refused request read stays audited
    free_key(db.session, row_id)
    db.session.commit()  # own commit: the freed key stays free after the refusal
    return response


def _answer_again(fingerprint: str, key: str) -> Response:
    if fingerprint != _fingerprint():
        raise KeyReused(
            f"Deze {HEADER} is al gebruikt voor een ander verzoek; kies een nieuwe sleutel."
        )
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        db.session.rollback()  # see the first request's answer once it is committed
        row = find_key(db.session, g.user.id, key, clock.now())
        if row is None or row.status is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if row is None or row.status is None:
        raise Conflict("Een verzoek met deze sleutel wordt nog verwerkt; probeer het zo nog eens.")
    _still_may_read(row.location)
    # The answer may hold case data: its repeat is a read like any other.
    audit("api.request.replay", detail={"path": request.path, "status": row.status})
    response = Response(row.body, row.status, mimetype="application/json")
    for name, value in (("Location", row.location), ("ETag", row.etag)):
        if value:
            response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response
