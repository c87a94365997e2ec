"""Consultation pages (/consultaties): list, open, the conversation, invite, close, convert.

Every form works without JavaScript; static/js/consultation.js makes the conversation live.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from .. import clock
from ..core.dates import nl_datetime
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..web.edge import actor, audit, escalation_model, require_login
from ..web.once import once_per_form
from ..web.paging import page_arg
from . import forms, services
from .models import Consultation
from .queries import consultation_page, get_consultation, message_json, messages_for

bp = Blueprint("consultations", __name__)
require_login(bp)
PAGE_FILTERS = {"open": "open", "gesloten": "ended", "alle": "all"}
PER_PAGE = 25


def _mail() -> bool:
    return bool(current_app.config["SETTINGS"].smtp_url)


def _errors(exc: DomainError | None) -> dict[str, str]:
    if exc is None:
        return {}
    return exc.errors if isinstance(exc, ValidationFailed) else {"": exc.message}


@bp.route("/consultaties")
def index():
    shown = request.args.get("status", "open")
    shown = shown if shown in PAGE_FILTERS else "open"
    page = page_arg()
    items, total = consultation_page(
        db.session, actor(), status=PAGE_FILTERS[shown], page=page, per_page=PER_PAGE
    )
    audit(
        "consultation.list",
        object_type="consultation",
        detail={"status": shown, "ids": [c.id for c in items]},
    )
    return render_template(
        "consultations/index.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        shown=shown,
        may_open=services.may_open(actor()),
    )


@bp.route("/consultaties/nieuw", methods=["GET", "POST"])
@once_per_form
def new():
    user = actor()
    if request.method == "GET":
        return _render_new(forms.new_defaults(user))
    try:
        consultation = services.open_consultation(
            db.session, user, request.form, now=clock.now(), mail=_mail()
        )
    except DomainError as exc:
        db.session.rollback()
        return _render_new(request.form, exc)
    audit(
        "consultation.open", object_type="consultation", object_id=consultation.id, access="member"
    )
    flash(
        f"De consultatie is geopend; {consultation.partner_org.name} is op de hoogte gebracht.",
        "success",
    )
    return redirect(url_for(".show", consultation_id=consultation.id))


def _render_new(values, exc: DomainError | None = None):
    return render_template(
        "consultations/new.html",
        values=values,
        failed="nieuw",
        errors=_errors(exc),
        choices=forms.new_choices(db.session),
        may_open=services.may_open(actor()),
    ), exc.status if exc else 200


@bp.route("/consultaties/<int:consultation_id>")
def show(consultation_id: int):
    return render_page(get_consultation(db.session, actor(), consultation_id))


def render_page(
    c: Consultation, *, failed: str | None = None, exc: DomainError | None = None, status: int = 200
):
    """The conversation page, audited as a read; `failed` names a refused form."""
    user = actor()
    converted = c.status == "converted"
    messages = [] if converted else messages_for(db.session, c)
    shaped = [{**message_json(m), "created_at_local": nl_datetime(m.created_at)} for m in messages]
    audit("consultation.view", object_type="consultation", object_id=c.id, access="member")
    values = request.form if failed else {}
    consent_members = services.consent_members(c, user)
    return render_template(
        "consultations/show.html",
        c=c,
        messages=shaped,
        last_id=max((m.id for m in messages), default=0),
        client_id=values.get("client_id") or uuid.uuid4().hex,
        may_decide=services.may_decide(user, c),
        invitable=forms.invitable(db.session, c) if c.is_open else [],
        consent_members=consent_members,
        consent_fields=[f"consent_{org.id}" for org in consent_members],
        intake_fields=list(services.INTAKE_FIELDS),
        convert_choices=forms.convert_choices(db.session),
        convert_defaults=forms.convert_defaults(c),
        failed=failed,
        errors=_errors(exc),
        values=values,
    ), status


@bp.route("/consultaties/<int:consultation_id>/berichten", methods=["POST"])
def post_message(consultation_id: int):
    c = get_consultation(db.session, actor(), consultation_id)
    wants_json = request.is_json
    data = (request.get_json(silent=True) if wants_json else request.form) or {}
    try:
        message, created = services.post_message(db.session, actor(), c, data, now=clock.now())
        if created:
            audit(
                "consultation.message",
                object_type="consultation",
                object_id=c.id,
                access="member",
                detail={"message_id": message.id},
            )
    except DomainError as exc:
        db.session.rollback()
        if wants_json:
            return {
                "ok": False,
                "error": exc.code,
                "message": exc.message,
                "fields": _errors(exc),
            }, exc.status
        return render_page(c, failed="bericht", exc=exc, status=exc.status)
    if wants_json:
        return {
            "ok": True,
            "created": created,
            "message": message_json(message),
        }, 201 if created else 200
    flash("Bericht verstuurd.", "success")
    return redirect(url_for(".show", consultation_id=c.id) + f"#bericht-{message.id}")


@bp.route("/consultaties/<int:consultation_id>/uitnodigen", methods=["POST"])
@once_per_form
def invite(consultation_id: int):
    def run(c):
        member = services.invite(
            db.session, actor(), c, request.form, now=clock.now(), mail=_mail()
        )
        audit(
            "consultation.invite",
            object_type="consultation",
            object_id=c.id,
            access="member",
            detail={"org_id": member.org_id},
        )
        return f"{member.organisation.name} is uitgenodigd en leest nu mee.", None

    return _act(consultation_id, "uitnodigen", run)


@bp.route("/consultaties/<int:consultation_id>/sluiten", methods=["POST"])
def close(consultation_id: int):
    def run(c):
        services.close(db.session, actor(), c, now=clock.now())
        audit("consultation.close", object_type="consultation", object_id=c.id, access="member")
        return "De consultatie is gesloten.", None

    return _act(consultation_id, "sluiten", run)


@bp.route("/consultaties/<int:consultation_id>/omzetten", methods=["POST"])
def convert(consultation_id: int):
    def run(c):
        data = request.form.to_dict()
        data["consents"] = {
            key.removeprefix("consent_"): value
            for key, value in request.form.items()
            if key.startswith("consent_")
        }
        model = escalation_model()
        case = services.convert(db.session, actor(), c, data, now=clock.now(), model=model)
        audit(
            "consultation.convert",
            object_type="consultation",
            object_id=c.id,
            access="member",
            detail={"case_id": case.id},
        )
        audit(
            "case.open",
            object_type="case",
            object_id=case.id,
            access="participant",
            detail={"consultation_id": c.id},
        )
        return (
            f"Casus {case.id} is geopend; de berichten staan in de chronologie.",
            url_for("cases.show", case_id=case.id) + "#chronologie",
        )

    return _act(consultation_id, "omzetten", run)


def _act(consultation_id: int, form: str, run):
    """Run one change on a visible consultation: commit and go on, or show why not."""
    c = get_consultation(db.session, actor(), consultation_id)
    try:
        done, target = run(c)
    except DomainError as exc:
        db.session.rollback()
        c = get_consultation(db.session, actor(), consultation_id)
        return render_page(c, failed=form, exc=exc, status=exc.status)
    flash(done, "success")
    return redirect(target or url_for(".show", consultation_id=c.id))
