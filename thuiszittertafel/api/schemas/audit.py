"""The audit log's entry as the API returns it (api.audit.entry_json)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from ...shapes import Id, Moment, Shape
from . import Page

# What the entry recorded, as a JSON object of its own keys (documented as just an object).
Detail = Annotated[dict[str, Any], WithJsonSchema({"type": "object"})]


class AuditEntry(Shape):
    """One line of the audit log; the privacy role reads it."""

    id: Id
    at: Moment
    user_id: Id | None
    username: str | None
    organisation: str | None
    action: str = Field(description="Wat er gebeurde, bijvoorbeeld case.view.")
    object_type: str | None
    object_id: int | None
    access: str | None = Field(description="Waarom het mocht (de toegangsgrond).")
    detail: Detail | None


class AuditPage(Page[AuditEntry]):
    """What GET /audit returns: one page of the log, newest first."""
