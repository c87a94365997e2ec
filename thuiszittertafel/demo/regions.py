"""More regions beside the demo region, for `demo-data --regions N` (issue 16).

A large region has some 2,500 attendance cases a year (seed 000: Regio Rivierenland, 2,445
in 2022-2023), so a database of 100,000 cases serves several regions, not one: with every
bulk case in the one demo region, its leerplicht saw 82% of a national database. Each copy
gets its own municipalities, organisations (leerplicht, SWVs, schools, partners), who
serves which municipality, and accounts, named as the demo region's with " (regio k)"
added; the bulk cases are then spread over the schools of every region, and each region's
leerplicht, SWVs and schools see their own region's share.

Rows are copied with Core statements and explicit ids (max + 1), as the bulk rows are; the
copied accounts keep the demo password.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, func, insert, select, update

from ..auth.models import User, UserRole
from ..organisations.models import Municipality, Organisation, organisation_municipalities

_MARK = " (regio {k})"
_COPY = re.compile(r" \(regio (\d+)\)$")
_USER_COPY = re.compile(r"\.r\d+$")


def region_of(name: str) -> int:
    """The region a municipality or organisation belongs to, by its name (1: the demo's)."""
    found = _COPY.search(name)
    return int(found.group(1)) if found else 1


def home_name(name: str) -> str:
    """The demo region's name of a copied municipality, organisation or account."""
    return _USER_COPY.sub("", _COPY.sub("", name))


def add_regions(conn: Connection, total: int) -> dict[str, int]:
    """Make the database hold `total` regions (the demo region and copies of it); returns
    the next free id of each table written, for the caller to move sequences past."""
    munis = [dict(r) for r in conn.execute(select(Municipality.__table__)).mappings()]
    orgs = [dict(r) for r in conn.execute(select(Organisation.__table__)).mappings()]
    have = max((region_of(o["name"]) for o in orgs), default=1)
    template_munis = [m for m in munis if region_of(m["name"]) == 1]
    template_orgs = [o for o in orgs if region_of(o["name"]) == 1]
    org_ids = {o["id"] for o in template_orgs}
    users = [
        dict(r)
        for r in conn.execute(select(User.__table__).where(User.org_id.in_(org_ids))).mappings()
    ]
    roles = conn.execute(
        select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(u["id"] for u in users))
    ).all()
    serving = conn.execute(
        select(organisation_municipalities).where(
            organisation_municipalities.c.organisation_id.in_(org_ids)
        )
    ).all()
    next_ids = {
        model.__tablename__: (conn.scalar(select(func.max(model.id))) or 0) + 1
        for model in (Municipality, Organisation, User)
    }
    for k in range(have + 1, total + 1):
        copy = _Copy(k, next_ids)
        copy.municipalities(conn, template_munis)
        copy.organisations(conn, template_orgs)
        copy.users(conn, users, roles)
        copy.serving(conn, serving)
        copy.contacts(conn, template_munis)
    return next_ids


class _Copy:
    """One copy of the demo region: old id -> new id per table, names marked with k."""

    def __init__(self, k: int, next_ids: dict[str, int]):
        self.k, self.next_ids = k, next_ids
        self.muni: dict[int, int] = {}
        self.org: dict[int, int] = {}
        self.user: dict[int, int] = {}

    def _id(self, table: str, old: int, ids: dict[int, int]) -> int:
        ids[old] = self.next_ids[table]
        self.next_ids[table] += 1
        return ids[old]

    def municipalities(self, conn: Connection, rows: list[dict]) -> None:
        """Who is told for each municipality is set once the accounts exist (contacts)."""
        conn.execute(
            insert(Municipality),
            [
                {
                    **m,
                    "id": self._id("municipalities", m["id"], self.muni),
                    "name": m["name"] + _MARK.format(k=self.k),
                    "leerplicht_contact_user_id": None,
                    "kwalificatieplicht_org_id": None,
                }
                for m in rows
            ],
        )

    def organisations(self, conn: Connection, rows: list[dict]) -> None:
        for o in rows:
            self._id("organisations", o["id"], self.org)
        conn.execute(
            insert(Organisation),
            [
                {
                    **o,
                    "id": self.org[o["id"]],
                    "name": o["name"] + _MARK.format(k=self.k),
                    "municipality_id": self.muni.get(o["municipality_id"]),
                    "swv_id": self.org.get(o["swv_id"]),
                }
                for o in rows
            ],
        )

    def users(self, conn: Connection, rows: list[dict], roles) -> None:
        if not rows:
            return
        conn.execute(
            insert(User),
            [
                {
                    **u,
                    "id": self._id("users", u["id"], self.user),
                    "username": f"{u['username']}.r{self.k}",
                    "email": None,
                    "org_id": self.org[u["org_id"]],
                    "totp_secret": None,
                    "totp_last_step": None,
                    "totp_enabled_at": None,
                    "oidc_issuer": None,
                    "oidc_subject": None,
                }
                for u in rows
            ],
        )
        if roles:
            conn.execute(
                insert(UserRole), [{"user_id": self.user[u], "role": role} for u, role in roles]
            )

    def serving(self, conn: Connection, rows) -> None:
        if rows:
            conn.execute(
                insert(organisation_municipalities),
                [
                    {"organisation_id": self.org[o], "municipality_id": self.muni[m]}
                    for o, m in rows
                    if m in self.muni
                ],
            )

    def contacts(self, conn: Connection, rows: list[dict]) -> None:
        for m in rows:
            values = {
                "leerplicht_contact_user_id": self.user.get(m["leerplicht_contact_user_id"]),
                "kwalificatieplicht_org_id": self.org.get(m["kwalificatieplicht_org_id"]),
            }
            if any(v is not None for v in values.values()):
                conn.execute(
                    update(Municipality)
                    .where(Municipality.id == self.muni[m["id"]])
                    .values(**values)
                )
