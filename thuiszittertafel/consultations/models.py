"""Consultations: a conversation about an unnamed pupil between a few organisations.

Messages are never edited or deleted. Once converted, the messages live on as notes in
the case log and the consultation only points at the case.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..cases.vocabulary import EDUCATION_TYPES
from ..core.models import Base, UTCDateTime
from ..organisations.models import Municipality, Organisation

STATUSES = {"open": "Open", "closed": "Gesloten", "converted": "Omgezet naar casus"}
MEMBER_ROLES = {"opener": "Vraagsteller", "partner": "Gevraagd advies", "invited": "Uitgenodigd"}
# Ages of the children these partners work for: leerplicht from 5, Doorstroompunt up to 23.
MIN_AGE, MAX_AGE = 4, 23


def _one_of(column: str, values, name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        _one_of("status", STATUSES, "status"),
        _one_of("education_type", EDUCATION_TYPES, "education_type"),
        CheckConstraint(f"age >= {MIN_AGE} AND age <= {MAX_AGE}", name="age"),
        CheckConstraint("status != 'converted' OR case_id IS NOT NULL", name="converted_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_by_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # A short description of the situation; never the pupil's name.
    description: Mapped[str] = mapped_column(Text)
    age: Mapped[int] = mapped_column(Integer)
    education_type: Mapped[str] = mapped_column(String(5))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)

    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id], lazy="joined")
    opened_by_org: Mapped[Organisation] = relationship(
        foreign_keys=[opened_by_org_id], lazy="joined"
    )
    partner_org: Mapped[Organisation] = relationship(foreign_keys=[partner_org_id], lazy="joined")
    municipality: Mapped[Municipality | None] = relationship(lazy="joined")
    members: Mapped[list[ConsultationMember]] = relationship(
        back_populates="consultation",
        order_by="ConsultationMember.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    def member_org_ids(self) -> list[int]:
        return sorted(m.org_id for m in self.members)

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.status}>"


class ConsultationMember(Base):
    """An organisation in the conversation: the opener, the partner, or one invited later."""

    __tablename__ = "consultation_members"
    __table_args__ = (
        UniqueConstraint("consultation_id", "org_id", name="uq_consultation_members_org"),
        _one_of("role", MEMBER_ROLES, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship(back_populates="members")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    invited_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def role_label(self) -> str:
        return MEMBER_ROLES[self.role]

    def __repr__(self) -> str:
        return f"<ConsultationMember {self.consultation_id} org={self.org_id} {self.role}>"


class ConsultationMessage(Base):
    __tablename__ = "consultation_messages"
    __table_args__ = (
        # A resend with the same client_id must find the stored message, never add a second.
        UniqueConstraint("author_id", "client_id", name="uq_consultation_messages_author_client"),
        Index("ix_consultation_messages_consultation_id_id", "consultation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    body: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<ConsultationMessage {self.id} consultation={self.consultation_id}>"
