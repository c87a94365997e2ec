"""Notes: the case log (chronologie). Never edited or deleted; corrections are new notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Base, UTCDateTime
from ..organisations.models import Organisation

SCOPES = {
    "betrokkenen": "Alle betrokkenen",
    "organisatie": "Alleen mijn organisatie",
    "medisch": "Medisch (alleen GGD; anderen zien de samenvatting)",
    "leerplicht": "Leerplicht (strafrechtelijke stappen)",
}
CATEGORIES = {
    "gesprek": "Gesprek",
    "telefonisch": "Telefonisch contact",
    "besluit": "Besluit",
    "signaal": "Signaal",
    "advies": "Advies",
    "huisbezoek": "Huisbezoek",
    "visie-ouders-jongere": "Visie van ouders en jongere",
    "overig": "Overig",
}


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint(
            "scope IN ('betrokkenen', 'organisatie', 'medisch', 'leerplicht')", name="scope"
        ),
        # A resend with the same client_id must find the stored note, never add a second.
        UniqueConstraint("author_id", "client_id", name="uq_notes_author_client"),
        Index("ix_notes_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    scope: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    # Medical notes: the one line others may read ("belastbaar 3 uur per dag").
    summary: Mapped[str | None] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(64))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    # Typed during a meeting (or its minutes): meeting attendees read only these.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class CasePresence(Base):
    """Who has a case page open now: one row per socket, refreshed by the page's pings.

    Kept in the database so every web process sees the same list; rows of a crashed
    process simply expire.
    """

    __tablename__ = "case_presence"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
