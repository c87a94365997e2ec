"""The demo region: Regio Rivierenland (seed 000), its partners and the public demo accounts,
from demo/data/region.toml.

Municipalities are the five for which Team Leerplicht Rivierenland works (Jaarverslag
Leerplicht Regio Rivierenland 2022-2023), spelt as the official municipality names. School
and staff names are invented; no real person is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import load

_DATA = load("region")

DEMO_PASSWORD: str = _DATA["password"]
MUNICIPALITIES: tuple[str, ...] = tuple(_DATA["municipalities"])
BUREN, NEDER_BETUWE, WEST_BETUWE, WEST_MAAS_EN_WAAL, ZALTBOMMEL = MUNICIPALITIES
(ZWOLLE,) = _DATA["outside"]
REGION_HOLIDAYS: str = _DATA["holidays"]
# The leerplichtambtenaar who is vast aanspreekpunt for each municipality (seed 000).
LPA_FOR: dict[str, str] = dict(_DATA["leerplicht_contact"])


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    municipality: str | None = None  # schools: where the school is
    serves: tuple[str, ...] = ()  # partners: the municipalities they serve
    education_types: str | None = None  # schools: "po", "vo", "so,vso", "mbo"
    swv: str | None = None  # schools: key of their SWV
    school_region: str = REGION_HOLIDAYS
    sector: str | None = None  # SWVs: "po" or "vo" (a gemeente has one of each)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    name: str
    org: str  # OrgSpec.key
    roles: tuple[str, ...]
    function: str  # what the person does (shown nowhere yet; for the reader)


ORGANISATIONS: tuple[OrgSpec, ...] = tuple(
    OrgSpec(**{**o, "serves": tuple(o.get("serves", ()))}) for o in _DATA["organisations"]
)
ACCOUNTS: tuple[AccountSpec, ...] = tuple(
    AccountSpec(**{**a, "roles": tuple(a["roles"])}) for a in _DATA["accounts"]
)
