"""Reading the audit log: only for the privacy role (DESIGN §3), filtered and paged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import Role, User
from ..core.errors import NotFound
from ..core.inputs import Input
from .models import AuditEntry

PER_PAGE = 50
OBJECT_TYPES = {
    "case": "Casus",
    "note": "Notitie",
    "meeting": "Overleg",
    "agreement": "Afspraak",
    "consultation": "Consultatie",
    "report": "Rapportage",
    "notification": "Bericht",
    "user": "Gebruiker",
}


@dataclass
class AuditFilter:
    username: str | None = None
    object_type: str | None = None
    object_id: int | None = None
    action: str | None = None
    since: Any = None
    until: Any = None
    page: int = 1
    user_id: int | None = None
    per_page: int = PER_PAGE

    def query_args(self) -> dict[str, str]:
        """The filter as query parameters (for the next page's link)."""
        out = {
            "gebruiker": self.username,
            "soort": self.object_type,
            "nummer": self.object_id,
            "actie": self.action,
            "van": self.since.isoformat() if self.since else None,
            "tot": self.until.isoformat() if self.until else None,
        }
        return {k: str(v) for k, v in out.items() if v not in (None, "")}


def require_privacy(actor: User) -> None:
    """The audit log exists for the privacy officer only; others find no such page."""
    if not actor.has_role(Role.privacy):
        raise NotFound()


def parse(args: Mapping[str, str]) -> AuditFilter:
    """The filter from the page's query string; Dutch messages for bad values."""
    i = Input(dict(args))
    f = AuditFilter(
        username=i.text("gebruiker", "de gebruikersnaam", max_length=80),
        object_type=i.choice("soort", "de soort", OBJECT_TYPES),
        object_id=i.integer("nummer", "het nummer"),
        action=i.text("actie", "de handeling", max_length=60),
        since=i.day("van", "de begindatum"),
        until=i.day("tot", "de einddatum"),
        page=i.integer("pagina", "de pagina") or 1,
    )
    _check_period(i, f, "van", "tot")
    if f.username:
        f.username = f.username.lower()  # usernames are stored in lower case
    if f.object_id is not None and f.object_type is None:
        i.fail("soort", "Kies bij een nummer ook de soort (bijvoorbeeld casus).")
    i.done()
    return f


def parse_api(args: Mapping[str, str], page: int, per_page: int) -> AuditFilter:
    """The API's filter (`case_id`, `user_id`, `from`, `to`); Dutch messages."""
    i = Input(dict(args))
    case_id = i.integer("case_id", "het casusnummer")
    f = AuditFilter(
        object_type="case" if case_id is not None else None,
        object_id=case_id,
        user_id=i.integer("user_id", "het gebruikersnummer"),
        since=i.day("from", "de begindatum"),
        until=i.day("to", "de einddatum"),
        page=page,
        per_page=per_page,
    )
    _check_period(i, f, "from", "to")
    i.done()
    return f


def _check_period(i: Input, f: AuditFilter, since: str, until: str) -> None:
    for name, day in ((since, f.since), (until, f.until)):
        if day is not None and not 2000 <= day.year <= 2999:
            i.fail(name, "Kies een datum tussen 2000 en 2999.")
    if f.since and f.until and f.until < f.since:
        i.fail(until, "De einddatum ligt voor de begindatum.")


def entries(session: Session, f: AuditFilter) -> tuple[list[tuple[AuditEntry, User | None]], int]:
    """One page of matching entries, newest first, with who did it; and the total."""
    stmt = select(AuditEntry, User).outerjoin(User, User.id == AuditEntry.user_id)
    if f.username:
        stmt = stmt.where(User.username == f.username)
    if f.user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == f.user_id)
    if f.object_type:
        stmt = stmt.where(AuditEntry.object_type == f.object_type)
    if f.object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == f.object_id)
    if f.action:
        stmt = stmt.where(AuditEntry.action.startswith(f.action, autoescape=True))
    if f.since:
        stmt = stmt.where(AuditEntry.at >= _start(f.since))
    if f.until:
        stmt = stmt.where(AuditEntry.at < _start(f.until + timedelta(days=1)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.execute(
        stmt.order_by(AuditEntry.id.desc()).limit(f.per_page).offset((f.page - 1) * f.per_page)
    ).all()
    return [tuple(r) for r in rows], total


def _start(day) -> datetime:
    """Midnight in Europe/Amsterdam, as a moment."""
    return datetime.combine(day, time(0), tzinfo=clock.LOCAL_TZ)
