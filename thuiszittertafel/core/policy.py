"""The one visibility policy (DESIGN §3). Every read path asks this module.

Each rule is a SQL condition on `cases` joined with `pupils`, so the database filters:
the same conditions give the WHERE clause (may the actor see the case?) and the access
reason (why?), in the order of precedence below.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, exists, false, literal, or_, select

from ..auth.models import Role, User
from ..cases.models import Case, Participation, Pupil
from ..organisations.models import OrgKind, organisation_municipalities

PARTICIPANT = "participant"
LEERPLICHT = "leerplicht"
SWV_COORDINATOR = "swv-coordinator"
MEETING = "meeting"
ACCESS_REASONS = (PARTICIPANT, LEERPLICHT, SWV_COORDINATOR, MEETING)

# Access through which the whole file (name, all notes in scope) may be read.
FULL_ACCESS = (PARTICIPANT, LEERPLICHT, SWV_COORDINATOR)

ACCESS_EXPLANATIONS = {
    PARTICIPANT: "Uw organisatie ({org}) is betrokken bij deze casus.",
    LEERPLICHT: "U bent leerplicht voor de woongemeente van deze leerling ({municipality}).",
    SWV_COORDINATOR: "U bent coördinator van het samenwerkingsverband van de school"
                     " van deze leerling.",
    MEETING: "Deze casus staat op de agenda van een overleg dat u bijwoont; u ziet alleen"
             " wat het overleg nodig heeft.",
}


def _rules(actor: User) -> list[tuple[ColumnElement[bool], str]]:
    """(condition, reason) pairs in order of precedence; only the rules that can apply."""
    if not actor.is_active:
        return []
    org = actor.organisation
    rules: list[tuple[ColumnElement[bool], str]] = [(
        exists().where(
            Participation.case_id == Case.id,
            Participation.org_id == org.id,
            Participation.ended_on.is_(None),
        ),
        PARTICIPANT,
    )]
    if org.kind == OrgKind.leerplicht:
        served = select(organisation_municipalities.c.municipality_id).where(
            organisation_municipalities.c.organisation_id == org.id
        )
        rules.append((Pupil.municipality_id.in_(served), LEERPLICHT))
    if org.kind == OrgKind.swv and actor.has_role(Role.coordinator):
        rules.append((Case.swv_org_id == org.id, SWV_COORDINATOR))
    # Rule 4 (meeting access) joins here once meetings exist; it must stay last.
    return rules


def case_visible(actor: User) -> ColumnElement[bool]:
    """WHERE condition: the actor may see the case. Needs `pupils` joined to `cases`."""
    rules = _rules(actor)
    return or_(*(cond for cond, _ in rules)) if rules else false()


def case_full_access(actor: User) -> ColumnElement[bool]:
    """WHERE condition: the actor may see the whole file, name included."""
    rules = [cond for cond, reason in _rules(actor) if reason in FULL_ACCESS]
    return or_(*rules) if rules else false()


def case_access(actor: User) -> ColumnElement[str | None]:
    """Column expression naming why the actor sees the case (NULL: they may not)."""
    rules = _rules(actor)
    if not rules:
        return literal(None)
    return case(*rules, else_=literal(None))


def visible_cases(actor: User):
    """select(Case, access) of every case the actor may see, pupil joined."""
    return (
        select(Case, case_access(actor).label("access"))
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(case_visible(actor))
    )


def may_see_name(access: str | None) -> bool:
    return access in FULL_ACCESS


def may_change(access: str | None) -> bool:
    """Recording participations, consent and blockers: everyone with full access."""
    return access in FULL_ACCESS


def may_lead(actor: User, case_: Case, access: str | None) -> bool:
    """Setting regie, moving phase and closing: the regie holder, leerplicht, SWV coordinator."""
    if access in (LEERPLICHT, SWV_COORDINATOR):
        return True
    return access == PARTICIPANT and case_.lead_org_id == actor.org_id


def explain(access: str, actor: User, case_: Case) -> str:
    """The "waarom zie ik dit" line."""
    return ACCESS_EXPLANATIONS[access].format(
        org=actor.organisation.name, municipality=case_.pupil.municipality.name
    )


__all__ = [
    "ACCESS_REASONS", "case_access", "case_full_access", "case_visible", "explain",
    "may_change", "may_lead", "may_see_name", "visible_cases",
]
