"""Meetings (ZAT, thuiszitterstafel): attendees, agenda, decisions and minutes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..agreements.models import Agreement
from ..auth.models import User
from ..core.models import Base, UTCDateTime
from ..organisations.models import Organisation
from .titles import with_date

# A region may add its own kinds (any short slug); these two have a Dutch label.
KINDS = {"zat": "Zorg- en adviesteam (ZAT)", "thuiszitterstafel": "Thuiszitterstafel"}
STATUSES = {
    "draft": "In voorbereiding",
    "published": "Agenda gepubliceerd",
    "final": "Verslag definitief",
}

meeting_attendees = Table(
    "meeting_attendees",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# Who of the chair and the attendees was there (the chair ticks them during the meeting).
meeting_presence = Table(
    "meeting_presence",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# Which agreements a decision created (Agreement.meeting_id only names the meeting).
decision_agreements = Table(
    "decision_agreements",
    Base.metadata,
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("status IN ('draft', 'published', 'final')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    host_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str | None] = mapped_column(String(300))
    chair_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Meetings of one recurring series share a series id (the first meeting's id).
    series_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    # Bumped by every change the chair makes (core/versions.py): of two at once, one wins.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # The live screen: which agenda item the chair has open.
    current_item_id: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    host_org: Mapped[Organisation] = relationship(lazy="joined")
    chair: Mapped[User] = relationship(foreign_keys=[chair_user_id], lazy="joined")
    attendees: Mapped[list[User]] = relationship(secondary=meeting_attendees, order_by=User.name)
    present: Mapped[list[User]] = relationship(secondary=meeting_presence, order_by=User.name)
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def dated_title(self) -> str:
        """The title with the meeting's date, so meetings of a series differ."""
        return with_date(self.title, self.starts_at)

    def takes_part(self, user: User) -> bool:
        return user.id == self.chair_user_id or any(a.id == user.id for a in self.attendees)


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "case_id"),
        # Rule 4 of the visibility policy looks items up by case.
        Index("ix_agenda_items_case_meeting", "case_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # Why it is on the agenda (suggestion reasons, JSON list of codes); null when added
    # by hand.
    reasons: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cirkel 0 at the table: were parents told the case is discussed, and who was there.
    parents_informed: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    parents_present: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    pupil_present: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Set when the chair marks the item not discussed (why); it is then carried to the
    # next meeting of the series when the minutes are made final.
    not_discussed_reason: Mapped[str | None] = mapped_column(String(500))
    # The item of an earlier meeting this one was carried over from (not discussed there).
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    carried_from: Mapped[AgendaItem | None] = relationship(remote_side=[id], lazy="joined")
    decisions: Mapped[list[Decision]] = relationship(order_by="Decision.id", back_populates="item")


class Decision(Base):
    __tablename__ = "decisions"
    # A repeated post of the same decision form (a retry after a lost answer) finds the
    # decision it already made instead of making it twice.
    __table_args__ = (UniqueConstraint("agenda_item_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    moved_to_phase: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    item: Mapped[AgendaItem] = relationship(back_populates="decisions")
    agreements = relationship(Agreement, secondary=decision_agreements, order_by=Agreement.id)


class CalendarFeed(Base):
    """A user's private calendar feed (/agenda/<token>.ics): meetings and agreement terms.

    Only a digest of the token is stored; the token itself is derived from the app's secret
    key and `salt`, so the owner can be shown the address again while a copy of the
    database alone opens no feed. Revoking deletes the row; a new feed gets a new salt."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
