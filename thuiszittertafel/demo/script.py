"""The demo's building blocks: the Region (municipalities, organisations, accounts, the
shared clock and dice) and a CaseScript that changes one case step by step through the
services, each step at its own day. Used by stories.py, generated.py and activity.py.

Only three things are set directly, because no service exists for them (yet):
- `Case.escalated` plus an "escalated" CaseEvent (the escalation engine's job);
- `Participation.contact_user_id` for participations a service creates implicitly
  (opening, phase moves), so each partner has its "vast aanspreekpunt";
- `Pupil.has_startkwalificatie` for the pupil who obtained one (generated.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..agreements.services import create_agreement
from ..auth import services as auth
from ..auth.models import User
from ..auth.services import create_user
from ..cases import intake, law, leerplicht, lifecycle, participation, regie, services
from ..cases.models import Blocker, Case, Pupil
from ..cases.vocabulary import ADVICE_ARTICLES, YEARLY_ARTICLES
from ..core import policy
from ..escalation.model import EscalationModel
from ..notes.services import post_note
from ..organisations.models import Municipality, Organisation, OrgKind
from ..organisations.queries import serving_organisation
from . import region
from .cases import BOYS, FAMILY_NAMES, GIRLS, NEWCOMER_BOYS, NEWCOMER_FAMILY_NAMES, NEWCOMER_GIRLS

CONSENT_KINDS = participation.NEEDS_CONSENT
GIVEN_BY = {
    "toestemming-ouders": "de ouders",
    "toestemming-ouders-en-jongere": "de ouders en de jongere",
    "toestemming-jongere": "de jongere",
}


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --------------------------------------------------------------------------- the region


@contextmanager
def _one_hash() -> Iterator[None]:
    """Every demo account has the same public password: hash it once, not once per account
    (Argon2 takes half a second, which made two thirds of the demo's start-up)."""
    original = auth.hash_password
    auth.hash_password = cache(original)
    try:
        yield
    finally:
        auth.hash_password = original


class Region:
    """The seeded municipalities, organisations and users, and the shared clock and dice."""

    def __init__(
        self, session: Session, *, model: EscalationModel, now: datetime, rng: random.Random
    ):
        self.session, self.model, self.now, self.rng = session, model, now, rng
        self.today = clock.local(now).date()
        self.munis: dict[str, Municipality] = {}
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.used_names: set[tuple[str, str]] = set()  # never drawn again for another child

    def build(self) -> None:
        for name in (*region.MUNICIPALITIES, region.ZWOLLE):
            m = Municipality(name=name)
            self.session.add(m)
            self.munis[name] = m
        self.session.flush()
        for spec in region.ORGANISATIONS:
            org = Organisation(
                name=spec.name,
                kind=OrgKind(spec.kind),
                municipality=self.munis[spec.municipality] if spec.municipality else None,
                swv=self.orgs[spec.swv] if spec.swv else None,
                education_types=spec.education_types,
                school_region=spec.school_region,
                sector=spec.sector,
            )
            org.municipalities = [self.munis[n] for n in spec.serves]
            self.session.add(org)
            self.session.flush()
            self.orgs[spec.key] = org
        created = self.now - timedelta(days=500)
        with _one_hash():
            self._create_users(created)
        # Per gemeente its vast aanspreekpunt leerplicht (seed 000), set as functioneel
        # beheer would (/beheer/gemeenten).
        for name in region.MUNICIPALITIES:
            self.munis[name].leerplicht_contact_user_id = self.users[region.LPA_FOR[name]].id
        self.session.flush()

    def _create_users(self, created: datetime) -> None:
        for a in region.ACCOUNTS:
            self.users[a.username] = create_user(
                self.session,
                username=a.username,
                name=a.name,
                password=region.DEMO_PASSWORD,
                organisation=self.orgs[a.org],
                roles=list(a.roles),
                now=created,
                email=f"{a.username}@demo.thuiszittertafel.test",
            )

    # -- look-ups

    def users_of(self, org: Organisation) -> list[User]:
        return [u for u in self.users.values() if u.org_id == org.id]

    def lpa(self, municipality: Municipality) -> User:
        return self.users[region.LPA_FOR[municipality.name]]

    def serving(self, kind: str, municipality: Municipality) -> Organisation | None:
        return serving_organisation(self.session, OrgKind(kind), municipality.id)

    def contact_for(self, org: Organisation, municipality: Municipality) -> User | None:
        """Who an organisation puts forward for a pupil of this municipality."""
        if org.kind == OrgKind.leerplicht:
            return self.lpa(municipality)
        users = self.users_of(org)
        if org.kind == OrgKind.swv:
            preferred = [u for u in users if u.username == "swv.consulent"]
            users = preferred or users
        workers = [u for u in users if u.has_role("medewerker") or u.has_role("coordinator")]
        coordinators = [u for u in workers if u.has_role("coordinator")]
        return (coordinators or workers or [None])[0]

    # -- time

    def moment(self, days_ago: int, after: datetime | None) -> datetime:
        """A moment in office hours `days_ago` days before today, after `after`, not after now."""
        day = self.today - timedelta(days=days_ago)
        day_start = datetime.combine(day, time(0, 0), tzinfo=clock.LOCAL_TZ).astimezone(UTC)
        jitter = self.rng.randint(5, 150)
        if after is not None and clock.local(after).date() == day:
            at = after + timedelta(minutes=jitter // 4 + 5)
        else:
            at = datetime.combine(day, time(8, 30), tzinfo=clock.LOCAL_TZ).astimezone(
                UTC
            ) + timedelta(minutes=jitter)
        at = min(at, self.now - timedelta(minutes=2))
        floor = max(day_start, after + timedelta(seconds=30)) if after else day_start
        return min(max(at, floor), self.now - timedelta(seconds=1))  # never in the future

    def day(self, days_ago: int) -> str:
        return (self.today - timedelta(days=days_ago)).isoformat()

    @contextmanager
    def own_dice(self, name: str) -> Iterator[None]:
        """Draw from a stream of its own inside the block, so content added there (a story's
        notes, a meeting) does not move what is drawn for the other cases."""
        shared, self.rng = self.rng, random.Random(name)
        try:
            yield
        finally:
            self.rng = shared

    def pick_name(self, girl: bool, newcomer: bool = False) -> tuple[str, str]:
        given_pool = (
            (NEWCOMER_GIRLS if girl else NEWCOMER_BOYS) if newcomer else (GIRLS if girl else BOYS)
        )
        family_pool = NEWCOMER_FAMILY_NAMES if newcomer else FAMILY_NAMES
        while True:
            name = (self.rng.choice(given_pool), self.rng.choice(family_pool))
            if name not in self.used_names:
                self.used_names.add(name)
                return name


# --------------------------------------------------------------------------- one case


class CaseScript:
    """One case, changed step by step through the services, each step at its own day."""

    def __init__(self, r: Region, case: Case, at: datetime):
        self.r, self.case, self.last = r, case, at
        self.blockers: dict[str, Blocker] = {}
        self.consented: set[int] = set()
        self.notes = 0
        self.fill_contacts()

    @classmethod
    def open(
        cls,
        r: Region,
        actor: User,
        days_ago: int,
        *,
        given: str,
        family: str,
        birth: date,
        municipality: Municipality,
        kind: str,
        absent_ago: int,
        edu: str,
        summary: str,
        school: Organisation | None = None,
        onderwijsnummer: str | None = None,
        authorised: str | None = None,
    ) -> CaseScript:
        at = r.moment(days_ago, None)
        data = {
            "given_name": given,
            "family_name": family,
            "birth_date": birth.isoformat(),
            "municipality_id": str(municipality.id),
            "education_type": edu,
            "kind": kind,
            "absent_since": r.day(absent_ago),
            "summary": summary,
        }
        if school is not None:
            data["school_org_id"] = str(school.id)
        if onderwijsnummer:
            data["onderwijsnummer"] = onderwijsnummer
        if authorised:
            data["absence_authorised"], data["absence_reason"] = "true", authorised
        case = intake.open_case(r.session, actor, data, now=at, model=r.model)
        return cls(r, case, at)

    # -- helpers

    @property
    def municipality(self) -> Municipality:
        return self.case.pupil.municipality

    def at(self, days_ago: int) -> datetime:
        self.last = self.r.moment(days_ago, self.last)
        return self.last

    def access(self, actor: User) -> str | None:
        """Why the actor sees the case, as the policy says (the permission table asks what
        the actor's organisation is, not which access reason came first)."""
        stmt = (
            select(policy.case_access(actor))
            .select_from(Case)
            .join(Pupil, Pupil.id == Case.pupil_id)
            .where(Case.id == self.case.id)
        )
        return self.r.session.scalar(stmt)

    def lead_actor(self) -> User:
        """Someone who may act for the regie holder; leerplicht when it has no users here."""
        org = self.case.lead_org
        if org is not None and org.kind == OrgKind.leerplicht:
            return self.r.lpa(self.municipality)
        if self.case.lead_user is not None:
            return self.case.lead_user
        if org is not None:
            contact = self.r.contact_for(org, self.municipality)
            if contact is not None:
                return contact
        return self.r.lpa(self.municipality)

    def participates(self, org: Organisation) -> bool:
        return any(p.org_id == org.id for p in self.case.active_participations())

    def fill_contacts(self) -> None:
        """Give participations a service created implicitly their vast aanspreekpunt."""
        for p in self.case.active_participations():
            if p.contact_user_id is None:
                contact = self.r.contact_for(p.organisation, self.municipality)
                if contact is not None:
                    p.contact_user_id, p.contact_user = contact.id, contact

    def consent_basis(self, days_ago: int) -> str:
        """Who gives consent at the pupil's age then (DESIGN §4)."""
        age = self.case.pupil.age(self.r.today - timedelta(days=days_ago))
        return participation.consent_basis_for_age(age)

    # -- steps

    def participate(
        self, org: Organisation, days_ago: int, *, basis: str | None = None, by: User | None = None
    ) -> None:
        if self.participates(org):
            return
        actor = by or self.lead_actor()
        data = {"org_id": str(org.id)}
        if org.kind in CONSENT_KINDS and basis is None and org.id not in self.consented:
            basis = self.consent_basis(days_ago)
        if basis:
            data["consent_basis"] = basis
            data["consent_given_by"] = GIVEN_BY.get(basis, "")
            self.consented.add(org.id)
        contact = self.r.contact_for(org, self.municipality)
        if contact is not None:
            data["contact_user_id"] = str(contact.id)
        participation.add_participation(
            self.r.session, actor, self.case, self.access(actor), data, now=self.at(days_ago)
        )

    def consent(
        self,
        org: Organisation,
        days_ago: int,
        basis: str | None = None,
        note: str | None = None,
        by: User | None = None,
    ) -> None:
        actor = by or self.lead_actor()
        data = {
            "org_id": str(org.id),
            "basis": basis or self.consent_basis(days_ago),
            "given_on": self.r.day(days_ago),
        }
        data["given_by"] = GIVEN_BY.get(data["basis"], "")
        if note:
            data["note"] = note
        participation.record_consent(
            self.r.session, actor, self.case, self.access(actor), data, now=self.at(days_ago)
        )
        self.consented.add(org.id)

    def lead(
        self, org: Organisation, days_ago: int, user: User | None = None, by: User | None = None
    ) -> None:
        """Regie agreed (DESIGN §6): asked of `org`, accepted by its coordinator (who names
        `user`, or themselves, casusregisseur); within the regie organisation: assigned."""
        actor = by or self.lead_actor()
        at = self.at(days_ago)
        session = self.r.session
        if org.id == self.case.lead_org_id:
            if user is not None:
                regie.assign_casusregisseur(
                    session, actor, self.case, self.access(actor), user.id, now=at
                )
            return
        if org.kind in CONSENT_KINDS and not self.participates(org):
            self.participate(org, days_ago)
        proposal = regie.propose_regie(
            session,
            actor,
            self.case,
            self.access(actor),
            {"lead_org_id": str(org.id), "reason": "Regie gevraagd"},
            now=at,
        )
        coordinators = [u for u in self.r.users_of(org) if u.has_role("coordinator")]
        accepter = coordinators[0] if coordinators else actor
        regie.accept_regie(
            session,
            accepter,
            self.case,
            self.access(accepter),
            proposal.id,
            {"lead_user_id": str((user or accepter).id)},
            now=at,
        )

    def phase(
        self, number: int, reason: str, days_ago: int, by: User | None = None, answer: bool = True
    ) -> None:
        """A phase decision; regie is asked of the phase's organisation, which (`answer`)
        takes it the same day."""
        number = min(number, max(self.r.model.phase_numbers))
        if number == self.case.phase:
            return
        actor = by or self.lead_actor()
        lifecycle.update_case(
            self.r.session,
            actor,
            self.case,
            self.access(actor),
            {"phase": str(number), "reason": reason},
            now=self.at(days_ago),
            model=self.r.model,
        )
        self.fill_contacts()
        if answer and self.case.regie_proposal is not None:
            self.answer_regie(days_ago)

    def answer_regie(self, days_ago: int) -> None:
        """The proposed organisation's coordinator takes the regie (with consent where
        needed: asked of the pupil or parents at the same time)."""
        proposal = self.case.regie_proposal
        org = proposal.organisation
        coordinators = [u for u in self.r.users_of(org) if u.has_role("coordinator")]
        if not coordinators:
            return  # nobody to answer: the proposal stays open, regie stays where it is
        accepter = coordinators[0]
        data = {"lead_user_id": str(accepter.id)}
        if org.kind in CONSENT_KINDS and org.id not in self.consented:
            data["consent_basis"] = self.consent_basis(days_ago)
            data["consent_given_by"] = GIVEN_BY[data["consent_basis"]]
            self.consented.add(org.id)
        regie.accept_regie(
            self.r.session,
            accepter,
            self.case,
            self.access(accepter),
            proposal.id,
            data,
            now=self.at(days_ago),
        )

    def update(self, data: dict, days_ago: int, by: User | None = None) -> None:
        actor = by or self.lead_actor()
        lifecycle.update_case(
            self.r.session,
            actor,
            self.case,
            self.access(actor),
            data,
            now=self.at(days_ago),
            model=self.r.model,
        )

    def blocker(
        self,
        kind: str,
        since_ago: int,
        note: str,
        days_ago: int | None = None,
        by: User | None = None,
    ) -> Blocker:
        actor = by or self.lead_actor()
        b = lifecycle.add_blocker(
            self.r.session,
            actor,
            self.case,
            self.access(actor),
            {"kind": kind, "since": self.r.day(since_ago), "note": note},
            now=self.at(since_ago if days_ago is None else days_ago),
        )
        self.blockers[kind] = b
        return b

    def end_blocker(
        self, kind: str, until_ago: int, days_ago: int | None = None, by: User | None = None
    ) -> None:
        actor = by or self.lead_actor()
        lifecycle.end_blocker(
            self.r.session,
            actor,
            self.case,
            self.access(actor),
            self.blockers[kind].id,
            {"until": self.r.day(until_ago)},
            now=self.at(until_ago if days_ago is None else days_ago),
        )

    def exemption(
        self,
        article: str,
        starts_ago: int,
        ends_ago: int | None,
        note: str,
        days_ago: int,
        by: User | None = None,
    ) -> None:
        """A granted vrijstelling with its procedure: asked three weeks before, the jeugdarts'
        advice (5-a) a week before, decided on the first day; a yearly one (5-b, 5-c) ends
        with its school year."""
        actor = by or self.r.lpa(self.municipality)  # leerplicht grants exemptions
        starts = self.r.day(starts_ago)
        data = {
            "article": article,
            "requested_on": self.r.day(starts_ago + 21),
            "decision": "toegekend",
            "decided_on": starts,
            "starts_on": starts,
            "note": note,
        }
        if article in ADVICE_ARTICLES:
            data["advice_on"] = self.r.day(starts_ago + 7)
        ends = self.r.day(ends_ago) if ends_ago is not None else None
        if article in YEARLY_ARTICLES:
            year_end = law.school_year_end(date.fromisoformat(starts))
            ends = (
                min(date.fromisoformat(ends), year_end).isoformat()
                if ends
                else year_end.isoformat()
            )
        if ends is not None:
            data["ends_on"] = ends
        leerplicht.add_exemption(
            self.r.session, actor, self.case, self.access(actor), data, now=self.at(days_ago)
        )

    def enforcement(self, step: str, pv_type: str | None, days_ago: int) -> None:
        """A step of handhaving by the gemeente's leerplichtambtenaar (leerplicht only)."""
        actor = self.r.lpa(self.municipality)
        data = {"step": step, "taken_on": self.r.day(days_ago)}
        if pv_type:
            data["pv_type"] = pv_type
        leerplicht.record_enforcement_step(
            self.r.session,
            actor,
            self.case,
            self.access(actor),
            data,
            now=self.r.moment(days_ago, None),
        )

    def melding(self, kind: str, days_ago: int) -> None:
        """The school's verzuimmelding (with hours for the legal one); leerplicht is told."""
        school = self.case.school
        reporter = self.r.contact_for(school, self.municipality) or self.lead_actor()
        data = {"type": kind, "reported_on": self.r.day(days_ago)}
        if kind == "wettelijk":
            data["hours"] = "18"
        data["duo_reference"] = f"VZM-{self.case.id:05d}"
        leerplicht.record_absence_report(
            self.r.session, reporter, self.case, self.access(reporter), data, now=self.at(days_ago)
        )

    def reduced_timetable(self, hours: int, starts_ago: int, ends_in: int) -> None:
        """The school's verkort rooster, leerplicht informed the same day; it ends `ends_in`
        days from today, so the engine's reminder comes during the demo."""
        school = self.case.school
        actor = self.r.contact_for(school, self.municipality) or self.lead_actor()
        data = {
            "hours": str(hours),
            "starts_on": self.r.day(starts_ago),
            "ends_on": self.r.day(-ends_in),
            "informed_on": self.r.day(starts_ago),
        }
        leerplicht.set_reduced_timetable(
            self.r.session, actor, self.case, self.access(actor), data, now=self.at(starts_ago)
        )

    def agreement(
        self, owner: Organisation, text: str, made_ago: int, due_in: int, by: User
    ) -> None:
        """An agreement made `made_ago` days ago, due `due_in` days from today (negative:
        overdue), in calendar days; through the service, so its owner is told."""
        data = {
            "description": text,
            "owner_org_id": str(owner.id),
            "due_at": self.r.day(-due_in),
            "day_count": "calendar",
        }
        create_agreement(
            self.r.session, by, self.case, self.access(by), data, now=self.r.moment(made_ago, None)
        )

    def note(
        self,
        category: str,
        text: str,
        days_ago: int,
        *,
        by: User | None = None,
        scope: str = "betrokkenen",
        summary: str | None = None,
    ) -> None:
        """A note in the case's chronologie, written by `by` (through the notes service, so
        the permission table decides who may write it)."""
        actor = by or self.lead_actor()
        self.notes += 1
        data = {
            "body": text,
            "category": category,
            "scope": scope,
            "client_id": f"demo-{self.case.id}-{self.notes}",
        }
        if summary:
            data["summary"] = summary
        post_note(self.r.session, actor, self.case, self.access(actor), data, now=self.at(days_ago))

    def log(self, kind: str, text: str, days_ago: int, by: User | None = None) -> None:
        """A narrative line in the case history (contact, overleg): what happened."""
        actor = by or self.lead_actor()
        services.record_event(self.r.session, self.case, actor, kind, text, self.at(days_ago))
        self.r.session.flush()

    def escalate(self, text: str, days_ago: int) -> None:
        """What the escalation engine does on a breached term: flag the case, record it."""
        self.case.escalated = True
        services.record_event(self.r.session, self.case, None, "escalated", text, self.at(days_ago))
        self.r.session.flush()

    def close(
        self, outcome: str, days_ago: int, resumed_ago: int | None = None, by: User | None = None
    ) -> None:
        actor = by or self.lead_actor()
        data = {"outcome": outcome}
        if resumed_ago is not None:
            data["education_resumed_on"] = self.r.day(resumed_ago)
        lifecycle.close_case(
            self.r.session, actor, self.case, self.access(actor), data, now=self.at(days_ago)
        )
