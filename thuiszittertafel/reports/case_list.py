"""The case table as a spreadsheet (issue 13): the page's filters and sort, every page, the
columns the user sees on the page, for a thuiszitterstafel that works from Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from .. import clock
from ..agreements.queries import next_terms
from ..auth.models import User
from ..cases import law, queries
from ..cases.filters import CaseFilters
from ..cases.models import Case
from ..cases.vocabulary import CASE_KINDS, CASE_STATUSES
from ..core import policy
from ..core.errors import ValidationFailed

MAX_ROWS = 5000
# (header, column width); the order of the page's table, with the number and dates added.
COLUMNS = (
    ("Nummer", 10),
    ("Leerling", 26),
    ("School", 28),
    ("Woongemeente", 18),
    ("Soort", 26),
    ("Status", 10),
    ("Fase", 32),
    ("Regie", 28),
    ("Casusregisseur", 22),
    ("Eerste dag zonder onderwijs", 14),
    ("Dagen thuis", 10),
    ("Thuiszitter", 11),
    ("Eerstvolgende termijn", 14),
    ("Termijn verlopen", 10),
    ("Opgeschaald", 11),
)
HEADER = tuple(header for header, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
# A case seen through a meeting shows what the meeting needs (DESIGN §3, rule 4).
MEETING_COLUMNS = {"Nummer", "Leerling", "Fase", "Eerstvolgende termijn", "Termijn verlopen"}


@dataclass
class CaseList:
    rows: list[list]
    case_ids: list[int]


def case_list(
    session: Session,
    actor: User,
    f: CaseFilters,
    now: datetime,
    *,
    prefer_org_id: int | None,
    phase_names: dict[int, str],
) -> CaseList:
    """Every row of the table with these filters, typed (dates, numbers, yes/no)."""
    today = clock.local(now).date()
    total = queries.case_count(session, actor, f, today)
    if total > MAX_ROWS:
        raise ValidationFailed(
            {
                "": f"Deze selectie heeft {total} casussen; een export kan er hoogstens"
                f" {MAX_ROWS} bevatten. Verfijn de filters."
            }
        )
    found = queries.case_rows(session, actor, f, today, prefer_org_id, page=False)
    terms = next_terms(session, [case.id for case, _ in found])
    rows = [
        _row(case, access, terms.get(case.id), now, today, phase_names) for case, access in found
    ]
    return CaseList(rows=rows, case_ids=[case.id for case, _ in found])


def _row(case: Case, access, agreement_due, now, today, phase_names) -> list:
    agreement_day = clock.local(agreement_due).date() if agreement_due else None
    terms = [d for d in (case.phase_due_on, agreement_day) if d is not None]
    overdue = case.is_open and (
        (case.phase_due_on is not None and case.phase_due_on < today)
        or (agreement_due is not None and agreement_due < now)
    )
    pupil = case.pupil
    values = dict(
        zip(
            HEADER,
            (
                case.id,
                pupil.name if policy.may_see_name(access) else pupil.initials,
                case.school.name if case.school else "Niet ingeschreven",
                pupil.municipality.name,
                CASE_KINDS[case.kind],
                CASE_STATUSES[case.status],
                f"{case.phase}. {phase_names.get(case.phase, '')}".strip(),
                case.lead_org.name if case.lead_org else "Niemand",
                case.lead_user.name if case.lead_user else None,
                case.absent_since,
                case.days_absent(today),
                law.case_is_thuiszitter(case, today),
                min(terms) if terms else None,
                overdue,
                bool(case.escalated),
            ),
            strict=True,
        )
    )
    if access not in policy.FULL_ACCESS:
        values = {k: (v if k in MEETING_COLUMNS else None) for k, v in values.items()}
    return [values[h] for h in HEADER]
