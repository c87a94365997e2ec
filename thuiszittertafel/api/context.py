"""What every API module shares: the token's user as actor, the audit row in the request's
transaction, the escalation model and a case loaded under the visibility policy."""

from __future__ import annotations

from flask import g

from ..cases.queries import get_case
from ..extensions import db
from ..web import edge
from ..web.edge import escalation_model
from .payload import MAX_INT

__all__ = ["audit", "escalation_model", "load_case"]


def audit(action: str, actor=None, **fields) -> None:
    """An audit row for the token's user (or `actor`) in the request's transaction."""
    edge.audit(action, by=actor or g.user, **fields)


def load_case(case_id: int):
    """(case, access) for the token's user; hidden and absent answer the same 404. An id
    past the integer range cannot exist: ask for one that cannot either, so the answer is
    byte for byte the 404 of a hidden case."""
    return get_case(db.session, g.user, case_id if case_id <= MAX_INT else 0)
