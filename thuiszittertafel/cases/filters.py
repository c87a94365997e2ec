"""The case table's filters, parsed once for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..core.errors import ValidationFailed
from ..core.inputs import has_control_characters, is_small_number
from .vocabulary import CASE_KINDS

SORTS = {
    "days_absent": "Dagen thuis (meeste eerst)",
    "-days_absent": "Dagen thuis (minste eerst)",
    "name": "Naam leerling",
    "next_term": "Eerstvolgende termijn",
    "phase": "Fase (hoogste eerst)",
    "lead": "Regie",
    "municipality": "Gemeente",
    "school": "School",
    "id": "Nummer (oplopend)",
    "-id": "Nummer (nieuwste eerst)",
}
# The sorts `after` pages through: each walks an index (the primary key, absent_since+id).
KEYSET_SORTS = ("id", "-id", "days_absent", "-days_absent")
STATUSES = ("open", "closed", "all")
MAX_PER_PAGE = 100
PAGE_SIZES = (25, 50, 100)  # the table's choice; the URL and the API take any up to 100
TRUE = ("true", "1", "ja", "on")


@dataclass
class CaseFilters:
    kind: str | None = None
    phase: int | None = None
    lead_org_id: int | None = None
    municipality: str | None = None
    school_org_id: int | None = None
    mine: bool = False
    overdue: bool = False
    thuiszitter: bool = False  # the national definition (cases/law.py), as of today
    status: str = "all"
    q: str | None = None
    sort: str = "id"
    page: int = 1
    per_page: int = 25
    # Keyset paging (KEYSET_SORTS): the rows after this case in the sort, however deep.
    after: int | None = None

    def query_args(self) -> dict[str, Any]:
        """Non-default values, for links that keep the view."""
        default = CaseFilters()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }


def _int(args, name: str, label: str, errors: dict, minimum: int = 1) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not is_small_number(raw) or int(raw) < minimum:
        errors[name] = f"{label} moet een geheel getal van {minimum} of hoger zijn."
        return None
    return int(raw)


def parse(
    args, *, default_status: str = "all", default_sort: str = "id", phases: list[int] | None = None
) -> CaseFilters:
    """Parse query parameters; any bad value raises ValidationFailed with a Dutch message."""
    errors: dict[str, str] = {}
    f = CaseFilters(status=default_status, sort=default_sort)
    f.kind = _choice(args, "kind", CASE_KINDS, errors, f.kind) or None
    if "kind" in errors:
        errors["kind"] = f"Onbekende soort casus '{f.kind}'; kies uit {', '.join(CASE_KINDS)}."
    f.phase = _int(args, "phase", "Fase", errors)
    if f.phase is not None and phases and f.phase not in phases:
        errors["phase"] = f"Fase {f.phase} bestaat niet in het opschalingsmodel."
    f.lead_org_id = _int(args, "lead_org_id", "Regie-organisatie", errors)
    f.school_org_id = _int(args, "school_org_id", "School", errors)
    f.municipality = (args.get("municipality") or "").strip()[:100] or None
    f.mine, f.overdue, f.thuiszitter = (
        (args.get(name) or "").lower() in TRUE for name in ("mine", "overdue", "thuiszitter")
    )
    f.status = _choice(args, "status", STATUSES, errors, f.status)
    if "status" in errors:
        errors["status"] = "Status moet 'open', 'closed' of 'all' zijn."
    f.q = (args.get("q") or "").strip()[:100] or None
    f.sort = _choice(args, "sort", SORTS, errors, f.sort)
    if "sort" in errors:
        errors["sort"] = f"Onbekende sortering '{f.sort}'; kies uit {', '.join(SORTS)}."
    _paging(args, f, errors)
    for name in ("q", "municipality"):
        if getattr(f, name) and has_control_characters(getattr(f, name)):
            errors[name] = "De zoektekst bevat ongeldige tekens."
    if errors:
        raise ValidationFailed(errors)
    return f


def _choice(args, name: str, allowed, errors: dict[str, str], default):
    """The parameter as given (the default when absent); not one of `allowed`: an error
    under its name, for the caller to word."""
    value = (args.get(name) or "").strip()
    if not value:
        return default
    if value not in allowed:
        errors[name] = ""
    return value


def _paging(args, f: CaseFilters, errors: dict[str, str]) -> None:
    f.page = _int(args, "page", "Pagina", errors) or 1
    f.after = _int(args, "after", "Na casus", errors)
    if f.after is not None and f.sort not in KEYSET_SORTS:
        errors["after"] = "'after' kan alleen met sort=id, -id, days_absent of -days_absent."
    per_page = _int(args, "per_page", "Aantal per pagina", errors)
    if per_page is not None:
        if per_page > MAX_PER_PAGE:
            errors["per_page"] = f"Aantal per pagina mag hoogstens {MAX_PER_PAGE} zijn."
        f.per_page = per_page
