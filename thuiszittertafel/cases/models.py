"""Pupils, cases and what hangs off a case: participations, consent, exemptions, blockers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from .. import clock
from ..auth.models import User
from ..core.models import Base, UTCDateTime
from ..organisations.models import Municipality, Organisation
from . import law, pupils
from .vocabulary import (
    ABSENCE_REASONS,
    ABSENCE_REPORT_TYPES,
    BLOCKER_KINDS,
    CASE_KINDS,
    CASE_STATUSES,
    CONSENT_BASES,
    EDUCATION_TYPES,
    ENFORCEMENT_STEPS,
    EXEMPTION_ARTICLES,
    EXEMPTION_DECISIONS,
    OUTCOMES,
    PARTY_ROLES,
    PROPOSAL_STATUSES,
    PV_TYPES,
)

# The columns of a case the lists count, group and filter on beside leerplicht's or an
# SWV's column (visibility, status, the filters, the clocks, the join to the pupil): the
# covering indexes below carry them (migration 0040 holds the same list). Leerplicht's is
# the key of the agreements' copy of the gemeente (fk_agreements_municipality_id_cases):
# a migration that rebuilds it drops that foreign key first and makes it again after
# (PostgreSQL refuses to drop an index a constraint depends on).
AREA_COUNTED = (
    "status",
    "absence_authorised",
    "absence_reported",
    "kind",
    "phase",
    "phase_due_on",
    "absent_since",
    "next_due_at",
    "escalated",
    "pupil_id",
    "school_org_id",
    "lead_org_id",
    "lead_user_id",
    "search_name",
    "birth_date",
    "has_startkwalificatie",
    "has_exemption",
    "open_agreements",
    "sort_name",
)


def _one_of(column: str, values, name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Pupil(Base):
    __tablename__ = "pupils"
    __table_args__ = (_one_of("education_type", EDUCATION_TYPES, "education_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    school_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    education_type: Mapped[str] = mapped_column(String(5))
    onderwijsnummer: Mapped[str | None] = mapped_column(String(20))
    has_startkwalificatie: Mapped[bool] = mapped_column(Boolean, default=False)
    # The full name as search compares it (pupils.search_key), filled on every write: the
    # same accent- and case-insensitive search on SQLite and PostgreSQL.
    search_name: Mapped[str] = mapped_column(String(201), server_default=text("''"))
    # The name as a list sorts it (pupils.sort_name: by family name without tussenvoegsels),
    # filled on every write like `search_name`.
    sort_name: Mapped[str] = mapped_column(String(201), server_default=text("''"))

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    school: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def initials(self) -> str:
        return pupils.initials(self.given_name, self.family_name)

    def age(self, on: date) -> int:
        return pupils.age(self.birth_date, on)

    def leerplichtig(self, on: date) -> bool:
        return law.leerplichtig(self.birth_date, on)

    def kwalificatieplichtig(self, on: date) -> bool:
        return law.kwalificatieplichtig(self.birth_date, on, self.has_startkwalificatie)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        _one_of("kind", CASE_KINDS, "kind"),
        _one_of("status", CASE_STATUSES, "status"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN (" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")",
            name="outcome",
        ),
        # One open case per child at a time.
        Index(
            "uq_cases_open_pupil",
            "pupil_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_cases_status_absent_since", "status", "absent_since"),
        # The case table sorted by days at home (either way): a page is
        # read from the index instead of sorting every visible case.
        Index("ix_cases_absent_since_id", "absent_since", "id"),
        # The "termijn verlopen" filter and the sort on the next term read the precomputed
        # term instead of the agreements of every visible case.
        Index("ix_cases_next_due_at_id", "next_due_at", "id"),
        # Leerplicht's area and an SWV's cases by column, with the id: which cases a
        # participation names beyond them is read from the index alone (core/policy.py).
        # On PostgreSQL they carry the columns the lists count, group and filter on, so a
        # count over an area reads the index and not a heap page per case (a region's cases
        # lie scattered over the table: ~10,000 pages for leerplicht's at 1M cases).
        # Unique (the id is): agreements copy the gemeente by a foreign key to it.
        Index(
            "ix_cases_municipality_id_id",
            "municipality_id",
            "id",
            unique=True,
            postgresql_include=[*AREA_COUNTED, "swv_org_id"],
        ),
        Index(
            "ix_cases_swv_org_id_id",
            "swv_org_id",
            "id",
            postgresql_include=[*AREA_COUNTED, "municipality_id"],
        ),
        CheckConstraint(
            "absence_reason IS NULL OR absence_reason IN ("
            + ", ".join(f"'{r}'" for r in ABSENCE_REASONS)
            + ")",
            name="absence_reason",
        ),
        # Absent with a valid reason is never verzuim (DESIGN §4a): that case is dreigend.
        CheckConstraint(
            "NOT (absence_authorised AND kind IN ('absoluut', 'relatief'))",
            name="authorised_not_verzuim",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    # The woongemeente of the case's pupil record, copied when the case opens (a pupil
    # record belongs to one case and its woongemeente is never rewritten): leerplicht's area
    # (DESIGN §3 rule 2) and the gemeente filters are found by index on the case itself.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    # The pupil's `search_name`, copied when the case is written (`_case_takes_the_pupils_copies`;
    # rewritten with the pupil's name, `_case_follows_the_pupil`; anonymised by retention;
    # demo-data writes it itself): the name search reads the case row (and on PostgreSQL
    # leerplicht's and the SWV's index) instead of one pupil per visible case.
    search_name: Mapped[str] = mapped_column(String(201), server_default=text("''"))
    # The pupil's `sort_name`, copied and kept like `search_name`: the table sorted by name
    # reads the case row (and on PostgreSQL the area indexes), not one pupil per case.
    sort_name: Mapped[str] = mapped_column(String(201), server_default=text("''"))
    # The pupil's birth date and startkwalificatie, copied and kept like `search_name`: the
    # law's age test (leer- or kwalificatieplichtig, so a thuiszitter or not; which clock
    # runs) reads the case row, and on PostgreSQL leerplicht's and the SWV's index, instead
    # of one pupil per visible case. Python asks the pupil (`law.situation`).
    birth_date: Mapped[date] = mapped_column(Date)
    has_startkwalificatie: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # A vrijstelling was recorded for the case (any decision; set when one is added,
    # `_case_has_an_exemption` below; a vrijstelling is never removed): the law's test of
    # one in force (`law.exempt_condition`) looks it up only for these cases, where it
    # probed the vrijstellingen of every case counted.
    has_exemption: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    kind: Mapped[str] = mapped_column(String(25))
    status: Mapped[str] = mapped_column(String(10), default="open")
    absent_since: Mapped[date] = mapped_column(Date)
    # Geoorloofd afwezig (sick with a medical reason, leave): followed, never verzuim.
    absence_authorised: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    absence_reason: Mapped[str | None] = mapped_column(String(20))
    # A verzuimmelding was recorded for the case (set when one is added, `_case_has_a_melding`
    # below; a melding is never removed, only its free text cleared): makes a geoorloofd
    # case leerplicht's task (DESIGN §3 rule 2), read from the case instead of every melding.
    absence_reported: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # A verkort rooster (reduced timetable) of a dreigend case: hours a week, from, until,
    # and the day leerplicht was informed (DESIGN §4a: an attribute, not an exemption).
    reduced_hours: Mapped[int | None] = mapped_column(Integer)
    reduced_from: Mapped[date | None] = mapped_column(Date)
    reduced_until: Mapped[date | None] = mapped_column(Date)
    reduced_informed_on: Mapped[date | None] = mapped_column(Date)
    school_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    swv_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    phase: Mapped[int] = mapped_column(Integer, default=1)
    phase_since: Mapped[date] = mapped_column(Date)
    phase_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    lead_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    lead_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The earliest term of the case's open agreements (paused ones too: it is the term, not
    # the alarm), NULL without any; kept by agreements/next_term.py, never set by hand.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many open agreements the case has (paused ones too), kept with next_due_at: a
    # count of an area's terms adds these up instead of reading every agreement.
    open_agreements: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    reported_by: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(30))
    education_resumed_on: Mapped[date | None] = mapped_column(Date)
    # Bumped by every change (core/versions.py): a change made on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when retention anonymised the case (retention/services.py); also its claim.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    pupil: Mapped[Pupil] = relationship(lazy="joined")
    school: Mapped[Organisation | None] = relationship(foreign_keys=[school_org_id])
    swv: Mapped[Organisation | None] = relationship(foreign_keys=[swv_org_id])
    lead_org: Mapped[Organisation | None] = relationship(foreign_keys=[lead_org_id])
    lead_user: Mapped[User | None] = relationship(foreign_keys=[lead_user_id])
    participations: Mapped[list[Participation]] = relationship(
        back_populates="case", order_by="Participation.id"
    )
    # Loaded with the case (one statement per batch of cases): the law asks for them.
    exemptions: Mapped[list[Exemption]] = relationship(
        order_by="Exemption.id", lazy="selectin", viewonly=True
    )
    parties: Mapped[list[Party]] = relationship(order_by="Party.id", viewonly=True)
    # The open regie proposal, if any (DESIGN §8: a case's `regie_proposal`).
    regie_proposal: Mapped[RegieProposal | None] = relationship(
        primaryjoin="and_(RegieProposal.case_id == Case.id, RegieProposal.status == 'open')",
        viewonly=True,
        uselist=False,
    )

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def days_absent(self, today: date) -> int:
        """Days without education: up to today while open, up to the return when closed."""
        end = (
            today
            if self.is_open
            else (self.education_resumed_on or (self.closed_at.date() if self.closed_at else today))
        )
        return max(0, (end - self.absent_since).days)

    def active_participations(self) -> list[Participation]:
        return [p for p in self.participations if p.ended_on is None]

    def participant_org_ids(self) -> list[int]:
        return sorted(p.org_id for p in self.active_participations())


class Participation(Base):
    __tablename__ = "participations"
    __table_args__ = (
        Index(
            "uq_participations_active",
            "case_id",
            "org_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        Index(
            "ix_participations_org_active",
            "org_id",
            "case_id",
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(300))

    case: Mapped[Case] = relationship(back_populates="participations")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    contact_user: Mapped[User | None] = relationship(lazy="joined")


class Consent(Base):
    """Consent (or a recorded legal ground) for one organisation to take part (DESIGN §4)."""

    __tablename__ = "consents"
    __table_args__ = (_one_of("basis", CONSENT_BASES, "basis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    basis: Mapped[str] = mapped_column(String(30))
    given_on: Mapped[date] = mapped_column(Date)
    given_by: Mapped[str | None] = mapped_column(String(200))  # who gave it (names)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Exemption(Base):
    """A vrijstelling (DESIGN §4a) and its procedure: asked for, advised, decided, in force.

    It counts for the law only once granted (law.GRANTED) and from `starts_on`."""

    __tablename__ = "exemptions"
    __table_args__ = (
        _one_of("article", EXEMPTION_ARTICLES, "article"),
        CheckConstraint(
            "decision IS NULL OR decision IN ("
            + ", ".join(f"'{d}'" for d in EXEMPTION_DECISIONS)
            + ")",
            name="decision",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    article: Mapped[str] = mapped_column(String(10))
    requested_on: Mapped[date | None] = mapped_column(Date)  # the parents' request received
    advice_on: Mapped[date | None] = mapped_column(Date)  # the jeugdarts' advice (5-a)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))  # None: not yet decided
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class AbsenceReport(Base):
    """A verzuimmelding: the school's report of absence to leerplicht (DESIGN §4a)."""

    __tablename__ = "absence_reports"
    __table_args__ = (_one_of("type", ABSENCE_REPORT_TYPES, "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(20))
    hours: Mapped[int | None] = mapped_column(Integer)  # unauthorised hours reported
    duo_reference: Mapped[str | None] = mapped_column(String(60))
    reporter_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    reporter: Mapped[Organisation] = relationship(lazy="joined")


class EnforcementStep(Base):
    """A leerplicht step of handhaving on a case (waarschuwing, Halt, proces-verbaal with its
    type, civiele route, melding Veilig Thuis): dated, read and written by leerplicht only
    (Wet politiegegevens), never in the case's shared history."""

    __tablename__ = "enforcement_steps"
    __table_args__ = (
        _one_of("step", ENFORCEMENT_STEPS, "step"),
        CheckConstraint(
            "(step = 'proces-verbaal') = (pv_type IS NOT NULL)", name="pv_type_with_pv"
        ),
        CheckConstraint(
            "pv_type IS NULL OR pv_type IN (" + ", ".join(f"'{t}'" for t in PV_TYPES) + ")",
            name="pv_type",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    pv_type: Mapped[str | None] = mapped_column(String(10))
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(String(500))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Party(Base):
    """A parent, carer or the pupil (cirkel 0): a party to the case, never regie (DESIGN §4).
    Minimal: a name and how to reach them; their own view goes in the log as a note."""

    __tablename__ = "parties"
    __table_args__ = (_one_of("role", PARTY_ROLES, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))  # phone or e-mail
    note: Mapped[str | None] = mapped_column(String(500))
    ended_on: Mapped[date | None] = mapped_column(Date)  # no longer a party (e.g. custody)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RegieProposal(Base):
    """Regie asked of an organisation (DESIGN §6): regie is agreed, never moved by a phase
    change. Until the proposed organisation's coordinator accepts, regie and the
    casusregisseur stay where they are."""

    __tablename__ = "regie_proposals"
    __table_args__ = (
        _one_of("status", PROPOSAL_STATUSES, "status"),
        # One open proposal per case: a new one supersedes the old.
        Index(
            "uq_regie_proposals_open",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    phase: Mapped[int | None] = mapped_column(Integer)  # the phase that asks for it
    reason: Mapped[str] = mapped_column(String(500))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="open")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_reason: Mapped[str | None] = mapped_column(String(500))

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id], lazy="joined")


class Blocker(Base):
    __tablename__ = "blockers"
    __table_args__ = (_one_of("kind", BLOCKER_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User] = relationship(lazy="joined")


class CaseEvent(Base):
    """One recorded change to a case: the history shown on the case page."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(Pupil, "before_insert")
@event.listens_for(Pupil, "before_update")
def _fill_search_name(_mapper, _connection, pupil: Pupil) -> None:
    pupil.search_name = pupils.search_name(pupil.given_name, pupil.family_name)
    pupil.sort_name = pupils.sort_name(pupil.given_name, pupil.family_name)


# The pupil's columns a case carries a copy of (see Case): taken when the case is written,
# followed when the pupil changes.
PUPIL_COPIES = (
    "municipality_id",
    "search_name",
    "sort_name",
    "birth_date",
    "has_startkwalificatie",
)
# What a new case copies from its pupil itself (the woongemeente is the opener's to give).
_COPIED_AT_OPENING = tuple(c for c in PUPIL_COPIES if c != "municipality_id")


@event.listens_for(Case, "before_insert")
def _case_takes_the_pupils_copies(_mapper, connection, case: Case) -> None:
    # Whoever opens a case through the ORM (the pupil's row is written first: the case
    # refers to it); `_case_follows_the_pupil` below keeps the copies, retention anonymises
    # the name. The woongemeente is the opener's to give (intake copies it; a test may not).
    row = connection.execute(
        select(*(getattr(Pupil, c) for c in _COPIED_AT_OPENING)).where(Pupil.id == case.pupil_id)
    ).one()
    for column, value in zip(_COPIED_AT_OPENING, row, strict=True):
        setattr(case, column, value)


class RegieRecord(Base):
    """A case's phase and regie organisation from a moment on: one row when the case opens
    and one each time either changes, so a report can say who held regie in which phase
    during a year (the case itself keeps only the present)."""

    __tablename__ = "case_regie_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    phase: Mapped[int] = mapped_column(Integer)
    lead_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))


def _record_regie(connection, case: Case) -> None:
    connection.execute(
        insert(RegieRecord).values(
            case_id=case.id, since=clock.now(), phase=case.phase, lead_org_id=case.lead_org_id
        )
    )


@event.listens_for(Case, "after_insert")
def _regie_at_opening(_mapper, connection, case: Case) -> None:
    _record_regie(connection, case)


@event.listens_for(Case, "after_update")
def _regie_changed(_mapper, connection, case: Case) -> None:
    # Every way a phase or regie changes (phase decision, accepted proposal, withdrawn
    # consent, the demo) goes through the ORM, so it is recorded here, once.
    attrs = inspect(case).attrs
    if attrs.phase.history.has_changes() or attrs.lead_org_id.history.has_changes():
        _record_regie(connection, case)


@event.listens_for(Pupil, "after_update")
def _case_follows_the_pupil(_mapper, connection, pupil: Pupil) -> None:
    # `cases.municipality_id` copies the pupil record's woongemeente, which decides who
    # may see the case (DESIGN §3 rule 2), `cases.search_name` and `sort_name` its name as
    # search compares and a list sorts it, the birth date and startkwalificatie whether the
    # law counts the child. When the pupil changes through the ORM (a startkwalificatie
    # obtained; a correction), its cases follow in the same flush, and so do the cases
    # loaded in the session. The cases' agreements follow the gemeente in the database
    # (their foreign key cascades).
    attrs = inspect(pupil).attrs
    changed = {
        column: getattr(pupil, column)
        for column in PUPIL_COPIES
        if getattr(attrs, column).history.has_changes()
    }
    if not changed:
        return
    connection.execute(update(Case).where(Case.pupil_id == pupil.id).values(**changed))
    session = object_session(pupil)
    for loaded in session.identity_map.values() if session else ():
        # The loaded values only: an expired case must not be read back inside the flush.
        if isinstance(loaded, Case) and inspect(loaded).dict.get("pupil_id") == pupil.id:
            for column, value in changed.items():
                set_committed_value(loaded, column, value)


def _mark_case(connection, added, column: str) -> None:
    """Set the case's flag `column` for a row just added to it, in the same flush, and on
    the case as loaded in the session too (the live audience reads it before any commit)."""
    flag = getattr(Case, column)
    connection.execute(
        update(Case).where(Case.id == added.case_id, flag.is_(False)).values({column: True})
    )
    session = object_session(added)
    loaded = session.identity_map.get(identity_key(Case, added.case_id)) if session else None
    if loaded is not None:
        set_committed_value(loaded, column, True)


@event.listens_for(AbsenceReport, "after_insert")
def _case_has_a_melding(_mapper, connection, report: AbsenceReport) -> None:
    # `cases.absence_reported` says a melding exists, which makes a geoorloofd case
    # leerplicht's task (DESIGN §3 rule 2). Whoever adds a melding through the ORM marks
    # its case; a melding is never removed, so the mark stays.
    _mark_case(connection, report, "absence_reported")


@event.listens_for(Exemption, "after_insert")
def _case_has_an_exemption(_mapper, connection, exemption: Exemption) -> None:
    # `cases.has_exemption` says a vrijstelling exists: only then does the law look one up
    # (law.exempt_condition). Never removed, so the mark stays.
    _mark_case(connection, exemption, "has_exemption")
