"""Who hears what is addressed to an organisation about a case (DESIGN §8): its contact
person on the case, else the gemeente's vast aanspreekpunt where that person works there,
else its coordinators, else all its active users; an organisation nobody works from passes
it on to leerplicht where leerplicht takes part. One rule for the services (one case at a
time) and the escalation engine (every case of a pass, loaded in a fixed number of
statements); notifications/writer.py then keeps only those who may see the case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import Role, User, UserRole
from ..cases import law
from ..cases.models import Case, Participation, Pupil
from ..organisations.models import (
    Municipality,
    Organisation,
    OrganisationContact,
    OrgKind,
    organisation_municipalities,
)
from ..organisations.queries import coordinators_or_members

IN_LIST = 2000  # above this many ids the cases load by filter (all open), not by IN list
LEERPLICHT = OrgKind.leerplicht.value


class CaseInfo(NamedTuple):
    id: int
    lead_org_id: int | None
    lead_user_id: int | None
    school_org_id: int | None
    swv_org_id: int | None
    phase: int
    municipality_id: int
    given_name: str
    family_name: str
    birth_date: date
    has_startkwalificatie: bool
    kind: str


@dataclass
class Recipients:
    """What the rule needs to know about a set of cases and the people who may be told."""

    cases: dict[int, CaseInfo]
    contacts: dict[tuple[int, int], int | None]  # (case, org) -> active contact user
    serving: dict[tuple[str, int], int]  # (kind, municipality) -> organisation
    coordinators: dict[int, list[int]]
    members: dict[int, list[int]]
    active_users: set[int]
    emails: dict[int, str | None] = field(default_factory=dict)  # active user -> address
    # municipality -> its vast aanspreekpunt leerplicht (functioneel beheer sets it)
    municipal_contacts: dict[int, int] = field(default_factory=dict)
    # (organisation, municipality) -> the vast aanspreekpunt its beheerder named
    org_contacts: dict[tuple[int, int], int] = field(default_factory=dict)
    # municipality -> the organisation that carries its kwalificatieplicht, where set
    kwalificatieplicht: dict[int, int] = field(default_factory=dict)
    today: date | None = None

    def org(self, case_id: int, org_id: int | None) -> list[int]:
        """The organisation's contact person on this case, else its vast aanspreekpunt for
        the pupil's gemeente (the one its beheerder named, else for leerplicht the one
        functioneel beheer set), else its coordinators, else its members; else leerplicht
        (where it takes part)."""
        if org_id is None:
            return []
        contact = self.contacts.get((case_id, org_id))
        if contact is not None and contact in self.active_users:
            return [contact]
        muni = self.cases[case_id].municipality_id
        for fixed in (self.org_contacts.get((org_id, muni)), self.municipal_contacts.get(muni)):
            if fixed is not None and fixed in self.members.get(org_id, ()):  # active, its own
                return [fixed]
        people = self.coordinators.get(org_id) or self.members.get(org_id, [])
        if not people:  # nobody works from it: the next responsible, leerplicht, is told
            leerplicht = self.leerplicht(case_id)  # where it takes part (a sick child: not)
            if leerplicht not in (None, org_id) and (case_id, leerplicht) in self.contacts:
                return self.org(case_id, leerplicht)
        return people

    def person_or_org(self, case_id: int, user_id: int | None, org_id: int | None) -> list[int]:
        """The person named (while active), else the organisation."""
        if user_id is not None and user_id in self.active_users:
            return [user_id]
        return self.org(case_id, org_id)

    def leerplicht(self, case_id: int) -> int | None:
        """The leerplicht organisation responsible for the pupil (the kwalificatieplicht
        may lie elsewhere: organisations.queries.leerplicht_for_pupil)."""
        c = self.cases[case_id]
        carrier = self.kwalificatieplicht.get(c.municipality_id)
        if carrier is not None and law.kwalificatieplichtig(
            c.birth_date, self.today or clock.today(), c.has_startkwalificatie
        ):
            return carrier
        return self.serving.get((LEERPLICHT, c.municipality_id))


def load_parts(
    session: Session,
    case_ids: list[int],
    *,
    org_ids: Collection[int] | None = None,
    today: date | None = None,
    within: Sequence[ColumnElement[bool]] = (),
) -> dict[str, Any]:
    """The fields of `Recipients` for these cases, in seven statements whatever their number.

    Up to IN_LIST ids are looked up by id; more (a catch-up pass) load the open cases by
    filter, within the drivers' parameter limits. `org_ids`: load only the people of these
    organisations and of the cases' leerplicht (a service telling one organisation);
    None: every active user (an escalation pass). `within`: conditions on `Case.id` that
    bound the load by filter (an escalation pass's slice of cases).
    """
    db = session.connection()  # Core rows: the ORM's row handling costs more than the SQL
    by_id = len(case_ids) <= IN_LIST
    open_cases = select(Case.id).where(Case.status == "open", *within)
    cases = {
        # _make, not *r: SQLAlchemy types a row's first ten columns and the rest as
        # *tuple[Any, ...], which mypy cannot match to the twelve fields.
        r[0]: CaseInfo._make(r)
        for r in db.execute(
            select(
                Case.id,
                Case.lead_org_id,
                Case.lead_user_id,
                Case.school_org_id,
                Case.swv_org_id,
                Case.phase,
                Pupil.municipality_id,
                Pupil.given_name,
                Pupil.family_name,
                Pupil.birth_date,
                Pupil.has_startkwalificatie,
                Case.kind,
            )
            .join(Pupil, Pupil.id == Case.pupil_id)
            .where(*((Case.id.in_(case_ids),) if by_id else (Case.status == "open", *within)))
        ).all()
    }
    contacts = {
        (case_id, org_id): user_id
        for case_id, org_id, user_id in db.execute(
            select(
                Participation.case_id, Participation.org_id, Participation.contact_user_id
            ).where(
                Participation.case_id.in_(case_ids if by_id else open_cases),
                Participation.ended_on.is_(None),
            )
        ).all()
    }
    serving: dict[tuple[str, int], int] = {}
    for kind, muni, org_id in db.execute(
        select(
            Organisation.kind,
            organisation_municipalities.c.municipality_id,
            func.min(Organisation.id),
        )
        .join(
            organisation_municipalities,
            organisation_municipalities.c.organisation_id == Organisation.id,
        )
        .group_by(Organisation.kind, organisation_municipalities.c.municipality_id)
    ):
        serving[(str(kind.value if hasattr(kind, "value") else kind), muni)] = org_id
    municipal_contacts, kwalificatieplicht = {}, {}
    for muni, contact, carrier in db.execute(
        select(
            Municipality.id,
            Municipality.leerplicht_contact_user_id,
            Municipality.kwalificatieplicht_org_id,
        )
    ).all():
        if contact is not None:
            municipal_contacts[muni] = contact
        if carrier is not None:
            kwalificatieplicht[muni] = carrier
    contact_rows = select(
        OrganisationContact.org_id, OrganisationContact.municipality_id, OrganisationContact.user_id
    )
    if by_id:  # a service's one case: only its gemeente's contacts, not the region's
        case_munis = sorted({c.municipality_id for c in cases.values()})
        contact_rows = contact_rows.where(OrganisationContact.municipality_id.in_(case_munis))
    org_contacts = {
        (org_id, muni): user_id for org_id, muni, user_id in db.execute(contact_rows).all()
    }
    users = select(User.id, User.org_id, User.email, User.id.in_(_coordinators())).where(
        User.active.is_(True)
    )
    if org_ids is not None:
        munis = {c.municipality_id for c in cases.values()}
        leerplicht = {serving.get((LEERPLICHT, m)) for m in munis}
        leerplicht |= {kwalificatieplicht[m] for m in munis if m in kwalificatieplicht}
        users = users.where(User.org_id.in_(sorted(set(org_ids) | (leerplicht - {None}))))
    coordinators: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    active: set[int] = set()
    emails: dict[int, str | None] = {}
    for uid, org_id, email, is_coordinator in db.execute(users.order_by(User.id)):
        active.add(uid)
        emails[uid] = email
        members[org_id].append(uid)
        if is_coordinator:
            coordinators[org_id].append(uid)
    return {
        "cases": cases,
        "contacts": contacts,
        "serving": serving,
        "coordinators": dict(coordinators),
        "members": dict(members),
        "active_users": active,
        "emails": emails,
        "municipal_contacts": municipal_contacts,
        "org_contacts": org_contacts,
        "kwalificatieplicht": kwalificatieplicht,
        "today": today,
    }


def _coordinators():
    return select(UserRole.user_id).where(UserRole.role == Role.coordinator.value)


def people_to_tell(session: Session, org: Organisation, case: Case | None = None) -> list[User]:
    """Who hears what is addressed to `org` about `case` (the rule above); without a case
    its coordinators, else all its active users — never nobody while it has any."""
    if case is None:
        return coordinators_or_members(session, org)
    session.flush()  # a participation just added counts (the loader reads with Core)
    book = Recipients(**load_parts(session, [case.id], org_ids=[org.id], today=clock.today()))
    ids = book.org(case.id, org.id)
    if not ids:
        return []
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
