"""The calendar feed itself: `/agenda/<token>.ics`, read without a login by Outlook and
Google Calendar; the token is the only key. A revoked or unknown token is a plain 404."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, url_for

from .. import clock
from ..extensions import db
from ..web.edge import audit
from .calendar import feed_ics, feed_owner

bp = Blueprint("calendar", __name__)


@bp.get("/agenda/<token>.ics")
def feed(token: str):
    user = feed_owner(db.session, token)
    if user is None:
        abort(404)
    body = feed_ics(db.session, user, now=clock.now(), base_url=request.host_url.rstrip("/"))
    # The feed's owner reads without a login: the audit row names them, under the audit key.
    audit("calendar.feed", by=user, object_type="user", object_id=user.id)
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'inline; filename="thuiszittertafel.ics"',
            "Cache-Control": "private, max-age=900",
        },
    )


def calendar_url(token: str | None) -> str | None:
    """The feed's full address for a token (None stays None)."""
    return url_for("calendar.feed", token=token, _external=True) if token else None
