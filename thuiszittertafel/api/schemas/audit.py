"""The audit log's entry as the API returns it (api.audit.entry_json)."""

from __future__ import annotations

from typing import Any

from . import LooseShape, required
from .fields import DATETIME, ID, TEXT, nullable


class AuditEntry(LooseShape):
    """One line of the audit log; the privacy role reads it."""

    id: Any = required(ID)
    at: Any = required(DATETIME)
    user_id: Any = required(nullable(ID))
    username: Any = required(nullable(TEXT))
    organisation: Any = required(nullable(TEXT))
    action: Any = required(TEXT, description="Wat er gebeurde, bijvoorbeeld case.view.")
    object_type: Any = required(nullable(TEXT))
    object_id: Any = required(nullable({"type": "integer"}))
    access: Any = required(nullable(TEXT), description="Waarom het mocht (de toegangsgrond).")
    detail: Any = required(nullable({"type": "object"}))
