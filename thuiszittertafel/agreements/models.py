"""Agreements (afspraken): who does what by when, their occurrences and term changes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..cases.models import Case
from ..core.models import Base, UTCDateTime
from ..organisations.models import Organisation

STATUSES = {"open": "Open", "done": "Gedaan", "cancelled": "Geannuleerd"}
RECURRENCE_UNITS = {"days": "dagen", "weeks": "weken", "months": "maanden"}
DAY_COUNTS = {"school": "schooldagen", "calendar": "kalenderdagen"}


_UNSETTLED = (
    "status = 'open' AND (notices_done_occurrence {op} occurrence"
    " OR notices_done_term_version {op} term_version)"
)
UNSETTLED_SQLITE = _UNSETTLED.format(op="IS NOT")
UNSETTLED_POSTGRESQL = _UNSETTLED.format(op="IS DISTINCT FROM")
# The open agreements of an organisation that name no person (queries.owned_agreement_keys).
OWNED_BY_ORG = "status = 'open' AND owner_user_id IS NULL"


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        CheckConstraint(
            "recurrence_unit IS NULL OR recurrence_unit IN ('days', 'weeks', 'months')",
            name="recurrence_unit",
        ),
        CheckConstraint("day_count IN ('school', 'calendar')", name="day_count"),
        CheckConstraint(
            "owner_party IS NULL OR owner_party IN ('ouders', 'jongere')", name="owner_party"
        ),
        # The escalation pass and the "termijn verlopen" filter read open agreements by term.
        Index(
            "ix_agreements_open_due",
            "due_at",
            "case_id",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        # The agreements whose current term still has a notice to come: all the escalation
        # pass reads (escalation/notices.pending_agreements, same conditions).
        Index(
            "ix_agreements_unsettled",
            "case_id",
            "due_at",
            sqlite_where=text(UNSETTLED_SQLITE),
            postgresql_where=text(UNSETTLED_POSTGRESQL),
        ),
        # A case's next term (next_term.derived_next_due: the earliest open term per case) is
        # one probe here; through the index above it was a scan of every open agreement.
        # On PostgreSQL it carries the pause, so the regie overview counts each case's
        # overdue terms from the index (queries.past_due).
        Index(
            "ix_agreements_open_case_due",
            "case_id",
            "due_at",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
            postgresql_include=["paused_until"],
        ),
        # An organisation's open agreements without a named owner, by term: the start
        # page's "mijn termijnen" (due before next week, not every one it owns: leerplicht's
        # at 100k cases 4,071 of 10,088) and /mijn-afspraken, read from the index alone
        # (queries.owned_agreement_keys; leerplicht's 10,250 at 1M cases were read from
        # 7,639 table pages).
        Index(
            "ix_agreements_owner_org_open_due",
            "owner_org_id",
            "due_at",
            "case_id",
            "paused_until",
            sqlite_where=text(OWNED_BY_ORG),
            postgresql_where=text(OWNED_BY_ORG),
            postgresql_include=["id"],
        ),
        # "Termijn verlopen" asks whether a case has an agreement paused today: few have
        # (agreements/queries.agreement_past_due_exists).
        Index(
            "ix_agreements_open_paused",
            "case_id",
            sqlite_where=text("status = 'open' AND paused_until IS NOT NULL"),
            postgresql_where=text("status = 'open' AND paused_until IS NOT NULL"),
        ),
        # Leerplicht's termijnbewaking: a gemeente's open terms in order, so a page is read
        # from the front of each gemeente's range instead of every term of its cases
        # (agreements/queries.term_watch).
        Index(
            "ix_agreements_open_municipality_due",
            "municipality_id",
            "due_at",
            "id",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        # The case's woongemeente, copied: the database keeps the copy (ON UPDATE CASCADE
        # when the case's gemeente changes) and refuses one that differs.
        ForeignKeyConstraint(
            ["municipality_id", "case_id"],
            ["cases.municipality_id", "cases.id"],
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        # The termijnbewaking's terms paused today (queries.term_watch): few, by the day
        # their pause ends.
        Index(
            "ix_agreements_open_paused_until",
            "paused_until",
            sqlite_where=text("status = 'open' AND paused_until IS NOT NULL"),
            postgresql_where=text("status = 'open' AND paused_until IS NOT NULL"),
        ),
        # "Mine": most agreements name only an organisation. Over every row SQLite's
        # statistics took `owner_user_id = ?` for all of them (one NULL group) and scanned
        # every agreement instead of the two owner indexes (a school's start page at 100k
        # cases: 63 against 3 ms for its agreements); the NULLs are left out.
        Index(
            "ix_agreements_owner_user_id",
            "owner_user_id",
            sqlite_where=text("owner_user_id IS NOT NULL"),
            postgresql_where=text("owner_user_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # The case's woongemeente (see the foreign key above); filled when the agreement is
    # written (`_takes_the_cases_gemeente`), never set by hand.
    municipality_id: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Owned by the parents or the pupil (DESIGN §4); owner_org/owner_user then check it.
    owner_party: Mapped[str | None] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Reminder and escalation offsets count school days (holidays and weekends pause them)
    # or calendar days.
    day_count: Mapped[str] = mapped_column(String(10), default="school")
    recurrence_every: Mapped[int | None] = mapped_column(Integer)
    recurrence_unit: Mapped[str | None] = mapped_column(String(10))
    # Which occurrence is open now (1 for a one-off) and how often its term changed:
    # both are part of every notice key, so a new term or occurrence gets its own notices.
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    term_version: Mapped[int] = mapped_column(Integer, default=1)
    # The occurrence and term version whose notices are all recorded (reminder, overdue,
    # escalated: escalation/notices.settle). While they are the current ones the escalation
    # pass skips the agreement; a new term or occurrence makes it count again by itself.
    notices_done_occurrence: Mapped[int | None] = mapped_column(Integer)
    notices_done_term_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    result: Mapped[str | None] = mapped_column(String(500))
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paused_until: Mapped[date | None] = mapped_column(Date)
    pause_reason: Mapped[str | None] = mapped_column(String(500))
    paused_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The meeting whose decision made this agreement (decision_agreements names the
    # decision itself).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Bumped by every change (core/versions.py): a change made on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    owner_org: Mapped[Organisation] = relationship(lazy="joined")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id], lazy="joined")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    paused_by: Mapped[User | None] = relationship(foreign_keys=[paused_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def recurs(self) -> bool:
        return self.recurrence_every is not None

    def paused_on(self, today: date) -> bool:
        return self.paused_until is not None and self.paused_until >= today


@event.listens_for(Agreement, "before_insert")
def _takes_the_cases_gemeente(_mapper, connection, agreement: Agreement) -> None:
    # Whoever writes an agreement through the ORM; COPY (demo-data) gives it itself. The
    # case's key is held (PostgreSQL: FOR KEY SHARE) until the agreement is committed: a
    # pupil's move committed in between would make the foreign key refuse the insert.
    agreement.municipality_id = connection.scalar(
        select(Case.municipality_id)
        .where(Case.id == agreement.case_id)
        .with_for_update(read=True, key_share=True)
    )


class AgreementOccurrence(Base):
    """A finished occurrence of a recurring agreement (each one is tracked)."""

    __tablename__ = "agreement_occurrences"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    result: Mapped[str] = mapped_column(String(500))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    done_by: Mapped[User] = relationship(lazy="joined")


class TermChange(Base):
    """A recorded change of an agreement's term: a new date or a pause, with the reason."""

    __tablename__ = "agreement_term_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "term" or "pause"
    old_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paused_until: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    changed_by: Mapped[User] = relationship(lazy="joined")
