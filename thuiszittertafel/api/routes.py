"""The JSON API (DESIGN §8): thin endpoints over the case services and queries."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for

from .. import clock
from ..auth import two_factor
from ..auth.limits import MESSAGE as LOGIN_LIMIT_MESSAGE
from ..auth.limits import failed_logins
from ..auth.services import authenticate, issue_token
from ..cases.filters import KEYSET_SORTS
from ..cases.filters import parse as parse_filters
from ..cases.intake import DuplicateReport, open_case
from ..cases.lifecycle import update_case
from ..cases.queries import case_page, get_case
from ..extensions import db
from ..meetings.calendar import feed_token
from ..web.edge import audited_filters
from . import errors
from .auth import credentials, public, require_token
from .context import audit as _audit
from .context import escalation_model as _model
from .context import load_case as _load_case
from .once import idempotent
from .openapi import CASE_FILTERS, document
from .payload import check_query, if_match, json_body, with_etag
from .schemas import read
from .schemas.cases import CaseCreate, CaseList, CaseUpdate
from .schemas.users import Token
from .serializers import case_json, case_shape, me_json

bp = Blueprint("api", __name__)
bp.before_request(require_token)
errors.register(bp)

FILTER_INTEGERS = ("phase", "lead_org_id", "school_org_id", "page", "per_page", "after")


@bp.post("/tokens")
@public
def create_token():
    body = json_body()
    username, password = credentials(body)
    address = request.remote_addr or ""
    if not failed_logins.attempt(username, address):
        return errors.json_error("te-veel-pogingen", LOGIN_LIMIT_MESSAGE, 429)
    user = authenticate(db.session, username, password)
    if user is None:
        return errors.json_error(
            "inloggen-mislukt", "Gebruikersnaam of wachtwoord klopt niet.", 401
        )
    failed_logins.succeeded(username, address)
    roles = current_app.config["SETTINGS"].two_factor_roles
    refusal = two_factor.token_refusal(db.session, user, body.get("totp"), clock.now(), roles)
    if refusal:  # a wrong code counts like a wrong password
        failed_logins.attempt(username, address)
        return errors.json_error("tweestaps-code", refusal, 401)
    token, expires_at = issue_token(db.session, user, clock.now())
    _audit("api.token.issued", actor=user)
    return Token(token=token, expires_at=expires_at).dump(), 201


@bp.get("/me")
def me():
    token = feed_token(db.session, g.user, key=current_app.config["SECRET_KEY"])
    url = url_for("calendar.feed", token=token, _external=True) if token else None
    return me_json(g.user, url)


@bp.get("/cases")
def list_cases():
    check_query(CASE_FILTERS, FILTER_INTEGERS)
    filters = parse_filters(request.args, phases=_model().phase_numbers)
    today = clock.today()
    page = case_page(db.session, g.user, filters, today)
    _audit(
        "api.case.list",
        detail={
            "ids": [c.id for c, _ in page.rows],
            "filters": audited_filters(filters.query_args()),
        },
    )
    items = [case_shape(case, access, today) for case, access in page.rows]
    cursor = {}
    if filters.sort in KEYSET_SORTS:  # the cursor for the next page (None: this is the last)
        full = len(items) == filters.per_page
        cursor["next_after"] = items[-1].id if full else None
    return CaseList(
        items=items, total=page.total, page=filters.page, per_page=filters.per_page, **cursor
    ).dump()


@bp.post("/cases")
@idempotent
def create_case():
    data = json_body()
    read(CaseCreate, data)
    try:
        case = open_case(db.session, g.user, data, now=clock.now(), model=_model())
    except DuplicateReport as exc:
        _audit("api.case.duplicate_report", object_type="case", object_id=exc.existing_id)
        db.session.commit()  # own commit: the report is forwarded to leerplicht, even as a 409
        if exc.case_id is None:  # neutral: nothing said about the child
            return {"forwarded": True, "message": exc.message}, 202
        return errors.json_error(exc.code, exc.message, exc.status, case_id=exc.case_id)
    case, access = get_case(db.session, g.user, case.id)
    _audit("api.case.create", object_type="case", object_id=case.id, access=access)
    location = url_for("api.show_case", case_id=case.id)
    return case_json(case, access, clock.today()), 201, {"Location": location}


@bp.get("/cases/<int:case_id>")
def show_case(case_id: int):
    case, access = _load_case(case_id)
    _audit("api.case.view", object_type="case", object_id=case.id, access=access)
    return with_etag(case_json(case, access, clock.today()))


@bp.patch("/cases/<int:case_id>")
@idempotent
def patch_case(case_id: int):
    data = json_body()
    read(CaseUpdate, data)
    case, access = _load_case(case_id)
    update_case(
        db.session, g.user, case, access, data, now=clock.now(), model=_model(), version=if_match()
    )
    _audit(
        "api.case.update",
        object_type="case",
        object_id=case.id,
        access=access,
        detail={"fields": sorted(data)},
    )
    return with_etag(case_json(case, access, clock.today()))


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(document())


# Each module registers its endpoints on `bp`; imported last because they import `bp`.
from . import (  # noqa: E402, F401
    agreements,
    audit,
    consultations,
    leerplicht,
    meetings,
    notes,
    reports,
    responsibility,
    users,
)
