"""What the agreement forms offer and how a posted form maps onto the services' input."""

from __future__ import annotations

from collections.abc import Mapping

from .models import DAY_COUNTS, RECURRENCE_UNITS

CREATE_FORM_FIELDS = (
    "description",
    "owner_org_id",
    "owner_user_id",
    "due_at",
    "due_in_school_days",
    "day_count",
    "recurrence_every",
    "recurrence_unit",
)
FORM_LABELS = {"day_count": DAY_COUNTS, "recurrence_unit": RECURRENCE_UNITS}


def create_data(form: Mapping[str, str]) -> dict[str, str]:
    """Only the fields the create form has; empty ones are left out."""
    return {k: form[k] for k in CREATE_FORM_FIELDS if form.get(k, "").strip()}


def fields(form: Mapping[str, str], *names: str) -> dict[str, str]:
    return {k: form.get(k, "") for k in names}
