"""Jinja filters and globals: Dutch dates (core/dates.py), labels and the clock."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from flask import Flask, request

from .. import clock
from ..auth.models import ROLE_LABELS
from ..cases import law
from ..cases import vocabulary as voc
from ..core import policy
from ..core.dates import nl_date, nl_datetime, nl_time
from ..notes.models import CATEGORIES as NOTE_CATEGORIES
from ..notes.models import SCOPES as NOTE_SCOPES
from ..notifications.models import KINDS as NOTIFICATION_KINDS
from ..organisations.models import ORG_KIND_LABELS, OrgKind
from .once import form_key


def new_client_id() -> str:
    """A fresh idempotency key for a form that posts a note (a resend creates nothing)."""
    return uuid.uuid4().hex


def url_with(**changes) -> str:
    """The current URL's query string with some parameters replaced (None removes)."""
    args = request.args.to_dict(flat=True)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return request.path + ("?" + urlencode(args) if args else "")


def org_groups(organisations, only: int | None = None) -> list[tuple[str, list]]:
    """Organisations as (kind label, organisations) in the order of the kinds' names, each
    group in the given order; with `only`, just the organisation of that id. In Python, not
    with Jinja's groupby: a country's ~2,000 organisations cost a pick list ~15 ms there."""
    groups: dict[OrgKind, list] = {}
    for org in organisations:
        if only is None or org.id == only:
            groups.setdefault(org.kind, []).append(org)
    return [(ORG_KIND_LABELS[kind], groups[kind]) for kind in sorted(groups)]


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        nl_date=nl_date, nl_datetime=nl_datetime, nl_time=nl_time, org_groups=org_groups
    )

    app.jinja_env.globals.update(
        # Name the pupil or only give initials: the access reason decides (DESIGN §3).
        may_see_name=policy.may_see_name,
        url_with=url_with,
        new_client_id=new_client_id,
        form_key=form_key,
        today=clock.today,
        CASE_KINDS=voc.CASE_KINDS,
        CASE_KIND_HINTS=voc.CASE_KIND_HINTS,
        ABSENCE_REASONS=voc.ABSENCE_REASONS,
        PARTY_ROLES=voc.PARTY_ROLES,
        PARTY_OWNERS=voc.PARTY_OWNERS,
        ABSENCE_REPORT_TYPES=voc.ABSENCE_REPORT_TYPES,
        ENFORCEMENT_STEPS=voc.ENFORCEMENT_STEPS,
        PV_TYPES=voc.PV_TYPES,
        EXEMPTION_DECISIONS=voc.EXEMPTION_DECISIONS,
        case_clock=law.clock_badge,
        is_thuiszitter=law.case_is_thuiszitter,
        OUTCOMES=voc.OUTCOMES,
        BLOCKER_KINDS=voc.BLOCKER_KINDS,
        EXEMPTION_ARTICLES=voc.EXEMPTION_ARTICLES,
        CONSENT_BASES=voc.CONSENT_BASES,
        ORG_KIND_LABELS=ORG_KIND_LABELS,
        NOTE_SCOPES=NOTE_SCOPES,
        NOTE_CATEGORIES=NOTE_CATEGORIES,
        NOTIFICATION_KINDS=NOTIFICATION_KINDS,
        ROLE_LABELS=ROLE_LABELS,
        FOUR_WEEKS_DAYS=voc.FOUR_WEEKS_DAYS,
        THREE_MONTHS_DAYS=voc.THREE_MONTHS_DAYS,
    )
