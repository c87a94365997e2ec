"""The list behind one number of the thuiszitter report on /rapportages: the cases (not
pupils) it counted, by the same conditions as the report's GROUP BY (queries.py) and the
law's days (services._verzuimers); a blocker number lists each blocker with its case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases import law
from ..cases.vocabulary import CASE_KINDS, EDUCATION_TYPES, OUTCOMES
from ..core.inputs import Input
from ..organisations.models import Municipality
from . import queries, verzuim
from .definitions import BLOCKER_KEYS, COUNT_KEYS, RETURN_NORM_DAYS
from .schoolyear import SchoolYear

# Numbers that are sums of days, not things one can list.
UNLISTED = ("blocker_days", *(f"{key}_days" for key in BLOCKER_KEYS))
LISTED_KEYS = tuple(k for k in COUNT_KEYS if k not in UNLISTED)
LAW_KEYS = ("thuiszitters", "relatief_langdurig", "relatief_kort")


@dataclass(frozen=True)
class Item:
    case_id: int
    note: str | None = None  # the blocker, for a blocker number


def parse_key(session: Session, args) -> tuple[str, Municipality | None]:
    """`field` (a count of the report) and `municipality` (a name; absent: the total)."""
    i = Input(args)
    key = i.choice("field", "het getal", list(LISTED_KEYS), required=True)
    name = i.text("municipality", "de gemeente", max_length=100)
    i.done()
    assert key is not None  # required: done() raised when it was missing
    if name is None:
        return key, None
    stmt = select(Municipality).where(func.lower(Municipality.name) == name.strip().lower())
    municipality = session.scalars(stmt).first()
    if municipality is None:
        i.fail("municipality", "Kies een gemeente uit de rapportage.")
    i.done()
    return key, municipality


def _condition(yc: queries.YearCases, key: str):
    c = yc.sq.c
    closed = c.closed_in_year == 1
    if key == "cases":
        return True
    simple = {
        "carried_in": c.absent_n < yc.start_n,
        "new": c.absent_n >= yc.start_n,
        "closed": closed,
        "open_at_end": c.open_at_end == 1,
        "returned": yc.returned,
        "returned_within_3_months": and_(yc.returned, c.resumed_n - c.absent_n <= RETURN_NORM_DAYS),
        **{k.replace("-", "_"): c.kind == k for k in CASE_KINDS},
        **{f"outcome_{o.replace('-', '_')}": and_(closed, c.outcome == o) for o in OUTCOMES},
        **{f"education_{t}": c.education_type == t for t in EDUCATION_TYPES},
    }
    return simple[key]


def items(
    session: Session, actor: User, year: SchoolYear, today: date, key: str, municipality_id
) -> list[Item]:
    """The cases (or blockers) behind `key` in one gemeente (None: all), in id order."""
    yc = queries.YearCases(session, actor, year, today)
    c = yc.sq.c
    where = [c.municipality_id == municipality_id] if municipality_id is not None else []
    if key == "blockers" or key in BLOCKER_KEYS:
        wanted = set(BLOCKER_KEYS) if key == "blockers" else {key}
        kinds = {kind for k, kind in BLOCKER_KEYS.items() if k in wanted}
        in_row = set(session.scalars(select(c.case_id).where(*where)))
        return [
            Item(case_id, f"Belemmering {kind}: {days} dagen in het schooljaar")
            for _, case_id, kind, days in queries.blocker_items(session, yc)
            if kind in kinds and case_id in in_row
        ]
    if key in LAW_KEYS:
        return _law_items(session, actor, yc, key, municipality_id)
    stmt = select(c.case_id).where(_condition(yc, key), *where).order_by(c.case_id)
    return [Item(case_id) for case_id in session.scalars(stmt)]


def _law_items(session, actor, yc: queries.YearCases, key: str, municipality_id) -> list[Item]:
    """As services._verzuimers decides them (relatief kort: the row's relatief cases that
    were not langdurig)."""
    c = yc.sq.c
    first, last = yc.year.start, yc.year.reference_date(yc.today)
    where = [c.municipality_id == municipality_id] if municipality_id is not None else []
    relatief = set(session.scalars(select(c.case_id).where(c.kind == "relatief", *where)))
    langdurig: set[int] = set()
    thuiszitters: set[int] = set()
    for facts in verzuim.load(session, actor, first, last):
        s = facts.situation
        if municipality_id is not None and facts.municipality_id != municipality_id:
            continue
        if not law.thuiszitter_spans(s, first, last):
            continue
        thuiszitters.add(facts.case_id)
        if s.kind == "relatief" and law.langdurig_relatief_spans(s, first, last):
            langdurig.add(facts.case_id)
    found = {
        "thuiszitters": thuiszitters,
        "relatief_langdurig": langdurig,
        "relatief_kort": relatief - langdurig,
    }[key]
    return [Item(case_id) for case_id in sorted(found)]
