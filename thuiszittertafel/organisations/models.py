"""Municipalities and partner organisations."""

from __future__ import annotations

import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Base


class OrgKind(enum.StrEnum):
    school = "school"
    swv = "swv"
    wijkteam = "wijkteam"
    ggd = "ggd"
    doorstroompunt = "doorstroompunt"
    leerplicht = "leerplicht"
    gemeente = "gemeente"


ORG_KIND_LABELS = {
    OrgKind.school: "School",
    OrgKind.swv: "Samenwerkingsverband",
    OrgKind.wijkteam: "Wijkteam",
    OrgKind.ggd: "GGD",
    OrgKind.doorstroompunt: "Doorstroompunt",
    OrgKind.leerplicht: "Leerplicht",
    OrgKind.gemeente: "Gemeente",
}

# Kinds whose work is tied to the municipalities they serve.
SERVES_MUNICIPALITIES = {
    OrgKind.leerplicht,
    OrgKind.wijkteam,
    OrgKind.ggd,
    OrgKind.doorstroompunt,
    OrgKind.gemeente,
    OrgKind.swv,
}

SCHOOL_REGIONS = ("noord", "midden", "zuid")

organisation_municipalities = Table(
    "organisation_municipalities",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "municipality_id",
        ForeignKey("municipalities.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)


class Municipality(Base):
    """A gemeente, with who is told for it (DESIGN §4a, set by functioneel beheer): its vast
    aanspreekpunt leerplicht, and the organisation that carries the kwalificatieplicht for
    its 16–17 year olds when that is not its leerplicht (Druten: Bureau Leerplicht Nijmegen).
    """

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # use_alter: users and organisations refer to municipalities too (a cycle).
    leerplicht_contact_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", use_alter=True, ondelete="SET NULL")
    )
    kwalificatieplicht_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", use_alter=True, ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.name}>"


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("sector IS NULL OR sector IN ('po', 'vo')", name="sector"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(
        Enum(
            OrgKind,
            native_enum=False,
            length=20,
            validate_strings=True,
            create_constraint=True,
            name="org_kind",
        )
    )
    # A school sits in one municipality and belongs to one SWV.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    swv_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Schools: the education types taught, e.g. "vo" or "so,vso".
    education_types: Mapped[str | None] = mapped_column(String(40))
    school_region: Mapped[str] = mapped_column(String(10), default="midden")
    # An SWV serves one sector (DESIGN §4a): a gemeente has an SWV po and an SWV vo.
    sector: Mapped[str | None] = mapped_column(String(2))
    # Deactivated by functioneel beheer (it stopped, merged): kept, like its accounts, for
    # the history that points at it; its accounts are deactivated with it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))

    municipality: Mapped[Municipality | None] = relationship(
        foreign_keys=[municipality_id], lazy="joined"
    )
    swv: Mapped[Organisation | None] = relationship(remote_side=[id])
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=organisation_municipalities, order_by=Municipality.name
    )

    @property
    def kind_label(self) -> str:
        return ORG_KIND_LABELS[self.kind]

    def served_municipality_names(self) -> list[str]:
        if self.kind == OrgKind.school:
            return [self.municipality.name] if self.municipality else []
        return [m.name for m in self.municipalities]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.name!r}>"


class OrganisationContact(Base):
    """An organisation's vast aanspreekpunt for one gemeente it serves (seed 000, DESIGN §8):
    notices addressed to the organisation about a pupil of that gemeente go to this person
    rather than to its coordinators. Set by the organisation's beheerder."""

    __tablename__ = "organisation_contacts"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    def __repr__(self) -> str:
        return f"<OrganisationContact org {self.org_id} gemeente {self.municipality_id}>"
