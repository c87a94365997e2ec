"""API: a case's agreements (GET/POST) and changing one (PATCH)."""

from __future__ import annotations

from flask import g

from .. import clock
from ..agreements.queries import agreement_json, agreement_shape, case_agreements, get_agreement
from ..agreements.services import create_agreement, update_agreement
from ..core import policy
from ..extensions import db
from .context import audit as _audit
from .context import load_case as _load_case
from .once import idempotent
from .payload import MAX_INT, check_query, if_match, json_body, paging, with_etag
from .routes import bp
from .schemas import read
from .schemas.agreements import AgreementCreate, AgreementList, AgreementUpdate


@bp.get("/cases/<int:case_id>/agreements")
def list_agreements(case_id: int):
    check_query(("page", "per_page"), ("page", "per_page"))
    page, per_page = paging(100)
    case, access = _load_case(case_id)
    items = case_agreements(db.session, case)
    if not policy.may_see_name(access):  # the meeting screen: open agreements only
        items = [a for a in items if a.is_open]
    shown = items[(page - 1) * per_page : page * per_page]
    _audit("api.agreements.list", object_type="case", object_id=case.id, access=access)
    items_shown = [agreement_shape(a) for a in shown]
    return AgreementList(items=items_shown, total=len(items), page=page, per_page=per_page).dump()


@bp.post("/cases/<int:case_id>/agreements")
@idempotent
def create(case_id: int):
    data = json_body()
    read(AgreementCreate, data)
    case, access = _load_case(case_id)
    agreement = create_agreement(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.agreement.create", object_type="agreement", object_id=agreement.id, access=access)
    return with_etag(agreement_json(agreement), 201)


@bp.patch("/agreements/<int:agreement_id>")
def patch(agreement_id: int):
    data = json_body()
    read(AgreementUpdate, data)
    agreement, case, access = get_agreement(
        db.session, g.user, agreement_id if agreement_id <= MAX_INT else 0
    )
    update_agreement(
        db.session, g.user, agreement, case, access, data, now=clock.now(), version=if_match()
    )
    _audit(
        "api.agreement.update",
        object_type="agreement",
        object_id=agreement.id,
        access=access,
        detail={"fields": sorted(data)},
    )
    return with_etag(agreement_json(agreement))
