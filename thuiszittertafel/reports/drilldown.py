"""The list behind one number of the leerplichttelling: the very members it counted, shown
as far as the actor may see them (a name only with full access, initials for publication)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.pupils import age, initials
from ..core import policy
from ..organisations.models import Municipality
from . import shapes, telling_queries
from .telling import Telling


@dataclass(frozen=True)
class ListedCase:
    id: int
    kind: str  # codes of cases/vocabulary.py
    absent_since: date
    status: str


@dataclass(frozen=True)
class Listed:
    who: str | None  # the pupil's name or initials; None for a consultation
    age: int | None  # on the peildatum
    note: str | None  # the melding or consultation counted
    cases: tuple[ListedCase, ...]
    consultation_id: int | None = None
    on: date | None = None


def listed(
    session: Session,
    actor: User,
    telling: Telling,
    municipality: Municipality,
    figure: str,
    group: str | None,
) -> list[Listed]:
    """One entry per member of the number, in a stable order."""
    members = telling.members(municipality.id, figure, group)
    ids = {case_id for m in members for case_id in m.cases}
    cases = telling_queries.cases_by_id(session, actor, ids)
    peildatum = telling.request.peildatum
    out = []
    for m in members:
        shown = [cases[i][0] for i in sorted(m.cases) if i in cases]
        who = years = None
        if m.pupil is not None:
            full = not telling.request.publication and any(
                policy.may_see_name(access) for access in m.cases.values()
            )
            p = m.pupil
            who = (
                f"{p.given_name} {p.family_name}" if full else initials(p.given_name, p.family_name)
            )
            years = age(p.birth_date, peildatum)
        out.append(
            Listed(
                who=who,
                age=years,
                note=m.note,
                cases=tuple(ListedCase(c.id, c.kind, c.absent_since, c.status) for c in shown),
                consultation_id=m.consultation_id,
                on=m.on,
            )
        )
    return sorted(
        out, key=lambda e: ((e.who or "").casefold(), e.on or date.min, e.consultation_id or 0)
    )


def listed_shape(entry: Listed) -> shapes.Listed:
    return shapes.Listed(
        pupil=entry.who,
        age=entry.age,
        note=entry.note,
        consultation_id=entry.consultation_id,
        cases=[
            shapes.ListedCase(id=c.id, kind=c.kind, absent_since=c.absent_since, status=c.status)
            for c in entry.cases
        ],
    )


def listed_json(entry: Listed) -> dict:
    return listed_shape(entry).dump()


def listed_pupils(session: Session, actor: User, members, *, publication: bool) -> list[Listed]:
    """One entry per pupil of a jaarverslag or SWV number, with the cases behind it the
    actor may see (a name only with full access to one of them and not for publication)."""
    cases = telling_queries.cases_by_id(session, actor, {i for m in members for i in m.cases})
    out = []
    for m in members:
        shown = [cases[i] for i in m.cases if i in cases]
        if not shown:
            continue
        p = m.pupil
        full = not publication and any(policy.may_see_name(access) for _, access in shown)
        out.append(
            Listed(
                who=f"{p.given_name} {p.family_name}"
                if full
                else initials(p.given_name, p.family_name),
                age=None,
                note="; ".join(m.notes) or None,
                cases=tuple(
                    ListedCase(c.id, c.kind, c.absent_since, c.status)
                    for c, _ in sorted(shown, key=lambda found: found[0].id)
                ),
            )
        )
    return sorted(out, key=lambda e: ((e.who or "").casefold(), e.cases[0].id))
