"""API: the audit log for the privacy officer (issue 15 item 7); anyone else gets 404, as on
the /audit page — the log does not show itself to others. Reading it is itself logged."""

from __future__ import annotations

import json
from typing import Any

from flask import g, request

from ..audit import queries
from ..audit.models import AuditEntry
from ..auth.models import User
from ..extensions import db
from .context import audit as _audit
from .payload import check_query, paging
from .routes import bp
from .schemas import audit as schema

PARAMETERS = ("case_id", "user_id", "from", "to", "page", "per_page")


def entry_json(entry: AuditEntry, user: User | None) -> dict[str, Any]:
    return entry_shape(entry, user).dump()


def entry_shape(entry: AuditEntry, user: User | None) -> schema.AuditEntry:
    return schema.AuditEntry(
        id=entry.id,
        at=entry.at,
        user_id=entry.user_id,
        username=user.username if user else None,
        organisation=user.organisation.name if user else None,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        access=entry.access,
        detail=_detail(entry.detail),
    )


def _detail(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


@bp.get("/audit")
def list_audit():
    queries.require_privacy(g.user)
    check_query(PARAMETERS, ("case_id", "user_id", "page", "per_page"))
    page, per_page = paging(queries.PER_PAGE)
    f = queries.parse_api(request.args, page, per_page)
    rows, total = queries.entries(db.session, f)
    asked = {k: v for k, v in request.args.items() if k in PARAMETERS and v}
    _audit("audit.view", detail={"via": "api", **asked})  # reading the log is logged too
    items = [entry_shape(e, u) for e, u in rows]
    return schema.AuditPage(items=items, total=total, page=page, per_page=per_page).dump()
