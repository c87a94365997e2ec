"""Around the cases (demo/data/activity.toml): consultations with their messages, the
schools' ZAT meetings and the regional thuiszitterstafel series, all through the services.

Meetings are planned but not published: nobody sees more of a case than before.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ..cases.models import Case
from ..consultations import services as consultations
from ..meetings import services as meetings
from ..meetings.suggestions import suggestions
from .content import load
from .script import Region

ZAT_AGENDA = 3  # cases per ZAT


def build(r: Region) -> None:
    with r.own_dice("activiteit"):
        _build(r, load("activity"))


def _build(r: Region, data: Mapping[str, Any]) -> None:
    for spec in data["consultations"]:
        consultation(r, spec)
    for spec in data["zat"]:
        zat(r, spec)
    table(r, data["table"])


def consultation(r: Region, spec: Mapping[str, Any]) -> None:
    c = consultations.open_consultation(
        r.session,
        r.users[spec["by"]],
        {
            "partner_org_id": str(r.orgs[spec["partner"]].id),
            "description": spec["description"],
            "age": str(spec["age"]),
            "education_type": spec["education_type"],
            "municipality_id": str(r.munis[spec["municipality"]].id),
        },
        now=r.moment(spec["ago"], None),
    )
    invite = spec.get("invite")
    if invite:
        consultations.invite(
            r.session,
            r.users[invite["by"]],
            c,
            {"org_id": str(r.orgs[invite["org"]].id)},
            now=r.moment(invite["ago"], None),
        )
    at = c.created_at
    for n, message in enumerate(spec.get("messages", ()), start=1):
        at = r.moment(message["ago"], at)
        consultations.post_message(
            r.session,
            r.users[message["by"]],
            c,
            {"body": message["text"], "client_id": f"demo-c{c.id}-{n}"},
            now=at,
        )
    if "closed_ago" in spec:
        consultations.close(r.session, r.users[spec["by"]], c, now=r.moment(spec["closed_ago"], at))


def _starts(day: date, at: str) -> str:
    return f"{day.isoformat()}T{at}"


def _weekday(day: date) -> date:
    """The day itself, or the Monday after a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def zat(r: Region, spec: Mapping[str, Any]) -> None:
    """A school's ZAT: the chair, leerplicht and wijkteam of the school's gemeente, and the
    others named; on the agenda the school's open cases the chair sees."""
    school, chair = r.orgs[spec["school"]], r.users[spec["chair"]]
    people = [r.lpa(school.municipality)]
    wijkteam = r.serving("wijkteam", school.municipality)
    if wijkteam is not None:
        people += r.users_of(wijkteam)[:1]
    people += [r.users[name] for name in spec.get("also", ())]
    (meeting,) = meetings.create_meeting(
        r.session,
        chair,
        {
            "kind": "zat",
            "title": f"ZAT {school.name}",
            "starts_at": _starts(_weekday(r.today + timedelta(days=spec["in"])), spec["at"]),
            "place": spec["place"],
            "attendee_user_ids": [u.id for u in people],
        },
        now=r.now,
    )
    cases = r.session.scalars(
        select(Case)
        .where(Case.school_org_id == school.id, Case.status == "open")
        .order_by(Case.phase.desc(), Case.id)
        .limit(ZAT_AGENDA)
    )
    for case in cases:
        meetings.add_item(r.session, chair, meeting, {"case_id": case.id}, now=r.now)


def table(r: Region, spec: Mapping[str, Any]) -> None:
    """The thuiszitterstafel series, the first with its agenda from the suggestions."""
    chair = r.users[spec["chair"]]
    day = r.today + timedelta(days=spec["in"])
    day += timedelta(days=(spec["weekday"] - day.weekday()) % 7)
    first, *_ = meetings.create_meeting(
        r.session,
        chair,
        {
            "kind": "thuiszitterstafel",
            "title": spec["title"],
            "starts_at": _starts(day, spec["at"]),
            "place": spec["place"],
            "attendee_user_ids": [r.users[u].id for u in spec["attendees"]],
            "repeat_every_weeks": str(spec["every_weeks"]),
            "repeat_count": str(spec["count"]),
        },
        now=r.now,
    )
    for s in suggestions(r.session, chair, now=r.now, today=r.today, limit=spec["agenda"]):
        meetings.add_item(
            r.session, chair, first, {"case_id": s.case.id, "reasons": s.reasons}, now=r.now
        )
