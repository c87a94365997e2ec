"""/inzage: the privacy officer exports everything stored about one pupil (JSON, PDF)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from .. import clock
from ..auth.models import Role
from ..core.errors import ValidationFailed
from ..extensions import db
from ..web.edge import audit
from . import inzage, pdf

bp = Blueprint("inzage", __name__)


@bp.before_request
@login_required
def require_privacy():
    if not current_user.has_role(Role.privacy):
        abort(403)


def _record(action: str, cases, detail: dict) -> None:
    for case in cases or [None]:
        audit(
            action,
            object_type="case" if case else None,
            object_id=case.id if case else None,
            access="privacy",
            detail=detail,
        )


@bp.get("/inzage")
def index():
    """The search form; with a query, the child found and its export links (audited)."""
    if not request.args:
        return render_template("retention/inzage.html", cases=[], q=None, errors={}, values={})
    try:
        q = inzage.parse(request.args)
    except ValidationFailed as exc:
        values = request.args
        return render_template(
            "retention/inzage.html", cases=[], q=None, errors=exc.errors, values=values
        ), 400
    cases = inzage.find_cases(db.session, q)
    _record("inzage.search", cases, {"case_ids": [c.id for c in cases]})
    return render_template(
        "retention/inzage.html",
        cases=cases,
        q=q,
        name=inzage.display_name(cases),
        anonymised=inzage.is_anonymised(cases),
        errors={},
        values=request.args,
    )


@bp.get("/inzage/<int:case_id>.<any(json, pdf):fmt>")
def export(case_id: int, fmt: str):
    """Everything stored about the child of this case, as JSON or PDF (audited)."""
    cases = inzage.find_cases(db.session, inzage.Query(case_id, None, None))
    if not cases:
        abort(404)
    data = inzage.collect(db.session, cases, now=clock.now())
    _record("inzage.export", cases, {"format": fmt, "case_ids": [c.id for c in cases]})
    body: str | bytes
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        mimetype = "application/json"
    else:
        body = pdf.render(data, inzage.display_name(cases))
        mimetype = "application/pdf"
    name = f"inzage-casus-{case_id}.{fmt}"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
