"""Functioneel beheer keeps the region's organisations of every kind (issue 15, item 1):
add, correct name, kind and the gemeenten served, deactivate. An organisation is never
deleted: cases, notes and the audit log keep pointing at it. These functions take no actor:
the page asks `require_functioneel_beheer` first, the CLI is run by the administrator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..auth.admin import deactivate_accounts
from ..cases.models import Case, Participation
from ..core.errors import Conflict, NotFound
from ..core.inputs import Input, is_small_number
from .models import SCHOOL_REGIONS, Municipality, Organisation, OrgKind

ORG_FIELDS = (
    "name",
    "kind",
    "municipality_ids",
    "municipality_id",
    "swv_id",
    "education_types",
    "sector",
    "school_region",
)
EDUCATION_TYPES = ("po", "so", "vo", "vso", "mbo")
SECTORS = ("po", "vo")


def _id_list(i: Input, data: Mapping[str, Any], name: str) -> list[int]:
    raw = data.get(name) or []
    values = [raw] if isinstance(raw, str | int) else raw
    if not isinstance(values, list | tuple) or not all(
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, str) and is_small_number(v))
        for v in values
    ):
        i.fail(name, "Kies gemeenten uit de lijst.")
        return []
    return sorted({int(v) for v in values})


def _read(session: Session, data: Mapping[str, Any], org: Organisation | None) -> dict:
    """The organisation's fields from a form or the CLI, checked, with Dutch messages."""
    i = Input(data)
    name = i.text("name", "de naam", required=True, max_length=200)
    kind = i.choice("kind", "de soort", [k.value for k in OrgKind], required=True)
    region = i.choice("school_region", "de vakantieregio", list(SCHOOL_REGIONS)) or "midden"
    out: dict[str, Any] = {"name": name, "kind": kind, "school_region": region}
    clash = session.scalar(
        select(Organisation.id).where(
            func.lower(Organisation.name) == (name or "").lower(),
            Organisation.id != (org.id if org else 0),
        )
    )
    if name and clash is not None:
        i.fail("name", f"Er is al een organisatie '{name}'; kies een andere naam.")
    if kind == OrgKind.school:
        out.update(_school(session, i, data))
    elif kind is not None:
        ids = _id_list(i, data, "municipality_ids")
        found = list(session.scalars(select(Municipality).where(Municipality.id.in_(ids))))
        if len(found) != len(ids):
            i.fail("municipality_ids", "Kies gemeenten uit de lijst.")
        elif not found:
            i.fail("municipality_ids", "Kies de gemeente(n) die deze organisatie bedient.")
        sector = i.choice("sector", "de sector", list(SECTORS)) if kind == OrgKind.swv else None
        out.update(municipalities=found, sector=sector, municipality_id=None, swv_id=None)
        out["education_types"] = None
    i.done()
    return out


def _school(session: Session, i: Input, data: Mapping[str, Any]) -> dict:
    """A school sits in one gemeente, belongs to one SWV and teaches some types."""
    muni_id = i.integer("municipality_id", "de gemeente van de school", required=True)
    swv_id = i.integer("swv_id", "het samenwerkingsverband")
    if muni_id is not None and session.get(Municipality, muni_id) is None:
        i.fail("municipality_id", "Kies de gemeente van de school uit de lijst.")
    swv = session.get(Organisation, swv_id) if swv_id is not None else None
    if swv_id is not None and (swv is None or swv.kind != OrgKind.swv):
        i.fail("swv_id", "Kies een samenwerkingsverband uit de lijst.")
    raw = data.get("education_types") or []
    types = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(types, list | tuple)
        or not types
        or any(t not in EDUCATION_TYPES for t in types)
    ):
        i.fail("education_types", f"Kies de onderwijssoorten uit: {', '.join(EDUCATION_TYPES)}.")
        types = []
    return {
        "municipality_id": muni_id,
        "swv_id": swv_id,
        "education_types": ",".join(t for t in EDUCATION_TYPES if t in types),
        "municipalities": [],
        "sector": None,
    }


def add_organisation(session: Session, data: Mapping[str, Any]) -> Organisation:
    """A new organisation of any kind."""
    fields = _read(session, data, None)
    org = Organisation(kind=OrgKind(fields.pop("kind")), **_columns(fields))
    org.municipalities = fields["municipalities"]
    session.add(org)
    session.flush()
    return org


def update_organisation(session: Session, org_id: int, data: Mapping[str, Any]) -> Organisation:
    """Correct name, kind, gemeenten served (or a school's gemeente, SWV and types)."""
    org = get_organisation(session, org_id)
    fields = _read(session, data, org)
    org.kind = OrgKind(fields.pop("kind"))
    for key, value in _columns(fields).items():
        setattr(org, key, value)
    org.municipalities = fields["municipalities"]
    session.flush()
    return org


def _columns(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k != "municipalities"}


def get_organisation(session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound("Deze organisatie bestaat niet.")
    return org


def open_involvement(session: Session, org: Organisation) -> int:
    """Open cases the organisation leads or takes part in."""
    part = select(Participation.case_id).where(
        Participation.org_id == org.id, Participation.ended_on.is_(None)
    )
    return (
        session.scalar(
            select(func.count(Case.id)).where(
                Case.status == "open", or_(Case.lead_org_id == org.id, Case.id.in_(part))
            )
        )
        or 0
    )


def set_organisation_active(
    session: Session, org_id: int, active: bool, *, now: datetime
) -> tuple[Organisation, list[int]]:
    """Deactivate (refused while it still has open cases; its accounts are deactivated with
    it, their sessions and tokens end) or reactivate (its accounts stay off until their
    beheerder turns them on). Returns the organisation and the accounts turned off."""
    org = get_organisation(session, org_id)
    if not active:
        cases = open_involvement(session, org)
        if cases:
            raise Conflict(
                f"{org.name} heeft nog regie of is betrokken bij {cases} open casus(sen);"
                " draag die eerst over of beëindig de betrokkenheid."
            )
    org.active = active
    ended = deactivate_accounts(session, org.id, now) if not active else []
    session.flush()
    return org, ended


def organisations(session: Session) -> list[Organisation]:
    return list(
        session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
    )


def serving_names(session: Session) -> dict[int, list[str]]:
    """Per gemeente the active organisations that serve it, as "name (soort, sector)"."""
    out: dict[int, list[str]] = {}
    for org in organisations(session):
        if not org.active or org.kind == OrgKind.school:
            continue
        sector = f", {org.sector}" if org.sector else ""
        for muni in org.municipalities:
            out.setdefault(muni.id, []).append(f"{org.name} ({org.kind_label.lower()}{sector})")
    return out


def add_municipality(session: Session, data: Mapping[str, Any]) -> Municipality:
    """A gemeente by its official name (DESIGN §8: written the same way everywhere)."""
    i = Input(data)
    name = i.text("name", "de naam van de gemeente", required=True, max_length=100)
    if name and session.scalar(
        select(Municipality.id).where(func.lower(Municipality.name) == name.lower())
    ):
        i.fail("name", f"De gemeente {name} bestaat al.")
    i.done()
    municipality = Municipality(name=name)
    session.add(municipality)
    session.flush()
    return municipality
