"""API: consultations (consultatie en advies), their messages, members and conversion."""

from __future__ import annotations

from flask import current_app, g, request, url_for

from .. import clock
from ..consultations import services
from ..consultations.queries import (
    consultation_json,
    consultation_page,
    consultation_shape,
    get_consultation,
    message_json,
    message_page,
    message_shape,
    require_readable_messages,
)
from ..core.errors import ValidationFailed
from ..core.inputs import Input
from ..extensions import db
from .context import audit as _audit
from .context import escalation_model as _model
from .once import idempotent
from .openapi import CONSULTATION_STATUSES
from .payload import check_query, json_body, paging
from .routes import bp
from .schemas import read
from .schemas.consultations import (
    ConsultationConvert,
    ConsultationConverted,
    ConsultationCreate,
    ConsultationList,
    ConsultationMemberCreate,
    ConsultationMessageCreate,
    ConsultationMessageList,
)


def _mail() -> bool:
    return bool(current_app.config["SETTINGS"].smtp_url)


def _load(consultation_id: int):
    return get_consultation(db.session, g.user, consultation_id)


def _audited(action: str, consultation_id: int, **kw) -> None:
    _audit(action, object_type="consultation", object_id=consultation_id, access="member", **kw)


@bp.get("/consultations")
def list_consultations():
    check_query(("status", "page", "per_page"), ("page", "per_page"))
    status = request.args.get("status") or "all"
    if status not in CONSULTATION_STATUSES:
        raise ValidationFailed(
            {"status": "Onbekende status; kies uit: " + ", ".join(CONSULTATION_STATUSES) + "."}
        )
    page, per_page = paging()
    items, total = consultation_page(
        db.session, g.user, status=status, page=page, per_page=per_page
    )
    _audit("api.consultation.list", detail={"ids": [c.id for c in items], "status": status})
    shown = [consultation_shape(c) for c in items]
    return ConsultationList(items=shown, total=total, page=page, per_page=per_page).dump()


@bp.post("/consultations")
@idempotent
def create_consultation():
    data = json_body()
    read(ConsultationCreate, data)
    consultation = services.open_consultation(
        db.session, g.user, data, now=clock.now(), mail=_mail()
    )
    _audited("api.consultation.create", consultation.id)
    location = url_for("api.show_consultation", consultation_id=consultation.id)
    return consultation_json(consultation), 201, {"Location": location}


@bp.get("/consultations/<int:consultation_id>")
def show_consultation(consultation_id: int):
    consultation = _load(consultation_id)
    _audited("api.consultation.view", consultation.id)
    return consultation_json(consultation)


@bp.get("/consultations/<int:consultation_id>/messages")
def list_consultation_messages(consultation_id: int):
    check_query(("after_id", "page", "per_page"), ("after_id", "page", "per_page"))
    consultation = _load(consultation_id)
    require_readable_messages(consultation)
    i = Input(request.args)
    after_id = i.integer("after_id", "after_id")
    i.done()
    page, per_page = paging(100)
    messages, total = message_page(
        db.session, consultation, after_id=after_id, page=page, per_page=per_page
    )
    _audited(
        "api.consultation.messages",
        consultation.id,
        detail={"message_ids": [m.id for m in messages]},
    )
    shown = [message_shape(m) for m in messages]
    return ConsultationMessageList(items=shown, total=total, page=page, per_page=per_page).dump()


@bp.post("/consultations/<int:consultation_id>/messages")
def create_consultation_message(consultation_id: int):
    data = json_body()
    read(ConsultationMessageCreate, data)
    consultation = _load(consultation_id)
    message, created = services.post_message(
        db.session, g.user, consultation, data, now=clock.now()
    )
    if created:
        _audited("api.consultation.message", consultation.id, detail={"message_id": message.id})
    return message_json(message), 201 if created else 200


@bp.post("/consultations/<int:consultation_id>/members")
@idempotent
def add_consultation_member(consultation_id: int):
    data = json_body()
    read(ConsultationMemberCreate, data)
    consultation = _load(consultation_id)
    member = services.invite(db.session, g.user, consultation, data, now=clock.now(), mail=_mail())
    _audited("api.consultation.invite", consultation.id, detail={"org_id": member.org_id})
    return consultation_json(consultation), 201


@bp.post("/consultations/<int:consultation_id>/close")
def close_consultation(consultation_id: int):
    consultation = _load(consultation_id)
    services.close(db.session, g.user, consultation, now=clock.now())
    _audited("api.consultation.close", consultation.id)
    return consultation_json(consultation)


@bp.post("/consultations/<int:consultation_id>/convert")
def convert_consultation(consultation_id: int):
    data = json_body()
    read(ConsultationConvert, data)
    consultation = _load(consultation_id)
    case = services.convert(db.session, g.user, consultation, data, now=clock.now(), model=_model())
    _audited("api.consultation.convert", consultation.id, detail={"case_id": case.id})
    _audit(
        "api.case.create",
        object_type="case",
        object_id=case.id,
        access="participant",
        detail={"consultation_id": consultation.id},
    )
    return (
        ConsultationConverted(
            case_id=case.id, consultation=consultation_shape(consultation)
        ).dump(),
        201,
        {"Location": url_for("api.show_case", case_id=case.id)},
    )
