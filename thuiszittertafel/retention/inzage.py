"""Inzage (AVG art. 15): everything stored about one pupil, for the privacy officer.

A child is found by a case id or by full name and birth date; the export covers every case
of that child (each case has its own pupil row; the same name and birth date is the same
child, as the reports count it) with every row stored under those cases, every column as
stored, and who read the cases (the audit log). Nothing of another child: rows are taken by
the case ids of this child only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..audit.models import AuditEntry
from ..auth.models import User
from ..cases import pupils
from ..cases.models import Case, Pupil
from ..core.inputs import Input
from .tables import BY_CASE, BY_PARENT


@dataclass(frozen=True)
class Query:
    case_id: int | None
    name: str | None
    birth_date: date | None


def parse(args: Mapping[str, str]) -> Query:
    """The search: a case number, or full name and birth date; Dutch messages otherwise."""
    i = Input(dict(args))
    q = Query(
        case_id=i.integer("casus", "het casusnummer"),
        name=i.text("naam", "de naam", max_length=201),
        birth_date=i.day("geboortedatum", "de geboortedatum"),
    )
    if q.case_id is None and not i.errors:
        if not q.name:
            i.fail("naam", "Vul een casusnummer in, of de volledige naam en de geboortedatum.")
        elif q.birth_date is None:
            i.fail("geboortedatum", "Vul bij een naam ook de geboortedatum in (dd-mm-jjjj).")
    i.done()
    return q


def find_cases(session: Session, q: Query) -> list[Case]:
    """Every case of the child the query names (oldest first); [] when there is none."""
    if q.case_id is not None:
        case = session.get(Case, q.case_id)
        if case is None:
            return []
        p = case.pupil
        given, family, born = p.given_name, p.family_name, p.birth_date
    else:
        given, family, born = None, None, q.birth_date
    rows = session.scalars(select(Pupil).where(Pupil.birth_date == born)).all()
    if given is None:
        wanted = pupils.search_key(q.name or "")
        ids = [p.id for p in rows if p.search_name == wanted]
        if not ids:
            return []
        first = next(p for p in rows if p.id == ids[0])
        given, family = first.given_name, first.family_name
    me = pupils.identity(given, family, born)
    ids = [p.id for p in rows if pupils.identity(p.given_name, p.family_name, born) == me]
    return list(session.scalars(select(Case).where(Case.pupil_id.in_(ids)).order_by(Case.id)))


def is_anonymised(cases: list[Case]) -> bool:
    return any(c.anonymised_at is not None for c in cases)


def row(obj) -> dict:
    """Every stored column of one row, as JSON values."""
    return {a.key: _value(getattr(obj, a.key)) for a in inspect(obj).mapper.column_attrs}


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def collect(session: Session, cases: list[Case], *, now: datetime) -> dict:
    """The whole export of one child (see the module docstring)."""
    case_ids = [c.id for c in cases]
    anonymised = is_anonymised(cases)
    return {
        "inzage": {
            "gemaakt_op": now.isoformat(),
            "casussen": case_ids,
            "geanonimiseerd": anonymised,
            "toelichting": (
                "Deze leerling is na de bewaartermijn geanonimiseerd: naam, onderwijsnummer en"
                " alle vrije tekst zijn verwijderd; data, soort en uitkomst zijn bewaard."
                if anonymised
                else "Alles wat over deze leerling is opgeslagen, per casus."
            ),
        },
        "leerlingen": [row(c.pupil) for c in cases],
        "casussen": [_case(session, c) for c in cases],
        "gelezen_door": _reads(session, case_ids),
    }


def _case(session: Session, case: Case) -> dict:
    out: dict[str, Any] = {"casus": row(case)}
    for title, (model, _) in BY_CASE.items():
        stmt = select(model).where(model.case_id == case.id).order_by(model.id)
        out[title] = [row(r) for r in session.scalars(stmt)]
    for title, (model, parent, column, _) in BY_PARENT.items():
        ids = [r["id"] for r in out[parent]]
        stmt = select(model).where(getattr(model, column).in_(ids)).order_by(model.id)
        out[title] = [row(r) for r in session.scalars(stmt)] if ids else []
    return out


def _reads(session: Session, case_ids: list[int]) -> list[dict]:
    """Who opened or changed these cases, from the audit log (entries about the case)."""
    stmt = (
        select(AuditEntry, User)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.object_type == "case", AuditEntry.object_id.in_(case_ids))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        {
            "wanneer": entry.at.isoformat(),
            "casus": entry.object_id,
            "wie": user.name if user else "het systeem",
            "organisatie": user.organisation.name if user else None,
            "handeling": entry.action,
            "toegang": entry.access,
        }
        for entry, user in session.execute(stmt)
    ]


def display_name(cases: list[Case]) -> str:
    """The child's name as stored (after retention: 'Geanonimiseerd leerling <n>')."""
    return cases[0].pupil.name if cases else ""
