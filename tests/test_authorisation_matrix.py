"""The authorisation matrix (issue 15): every endpoint × role × access kind, generated from
the URL map and the Socket.IO handlers, checked against the visibility policy (DESIGN §3)
and the permission table (§3a).

The scene (tests/authorisation_scene.py) gives each role of the demo region three cases:
F seen with full access (privacy and functioneel beheer: only through the meeting), M only
through the published meeting every role attends, H hidden. Every endpoint is called by
every role with the real ids of each case (its agreement, note, consent, meeting, agenda
item…), and the answer must be what the tables predict:
- hidden → 404, the same as for an id that does not exist; never 403, never content;
- meeting-only → only what the meeting shows (markers: no name, birth date, gemeente,
  participating organisations, summary, done or cancelled agreements, other notes);
- full access but not allowed to act → 403 with the permission table's Dutch message;
- allowed → the endpoint's success status;
- whatever the answer, a response never carries a marker its reader may not read, and a
  refused request changes nothing (every table compared row by row before and after).
A request that changed something is undone row by row, so the scene is built once per
database. An endpoint or socket event missing from `ENDPOINTS`/`SOCKET_EVENTS` fails the
test with where to add it.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy import event as sa_event

from tests.authorisation_scene import FULL, KINDS, MEETING, NONE, ROLES, Scene, build
from tests.conftest import FROZEN_NOW, PASSWORD, Browser, _wipe
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.models import Blocker, Case, Consent, Participation, RegieProposal
from thuiszittertafel.core import permissions, policy
from thuiszittertafel.extensions import db
from thuiszittertafel.models import metadata
from thuiszittertafel.notes.models import Note
from thuiszittertafel.web.edge import audit_for

OK_PAGE = (200,)
REDIRECT = (302, 303)
DONE_PAGE = (302,)
NOT_FOUND = (404,)
FORBIDDEN = (403,)

# Tables a read may write (the audit trail, logins, who is looking at a case) and tables the
# matrix itself fills (tokens): left out of "nothing changed" and never restored.
UNWATCHED = {"audit_entries", "audit_chain_head", "login_sessions", "api_tokens", "case_presence"}
# Statements that cannot change a row: after only these (and writes to UNWATCHED tables)
# the tables are as they were, and comparing them row by row is skipped.
_READS = re.compile(r"\s*(SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW)\b", re.I)
_WRITE_TO = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expect:
    statuses: tuple[int, ...]
    refusal: str | None = None  # the Dutch message a 403 must carry
    why: str = ""


@dataclass(frozen=True)
class Rule:
    """How one endpoint answers; `data`: the body an allowed caller sends (form or JSON),
    or a function of the kind's ids; `query`: appended to the URL."""

    data: Any = None
    query: Any = ""  # or a function of the kind's ids
    fresh: bool = False  # a client of its own (the request ends or changes the session)
    per_role: dict[str, tuple[int, ...]] = field(default_factory=dict)  # with the reason
    reads_all: Callable[[User], bool] = lambda user: False  # their answer may hold anything

    def expect(self, ctx: Context, role: str, kind: str | None) -> Expect:
        raise NotImplementedError

    def query_for(self, ids: dict[str, int]) -> str:
        return self.query(ids) if callable(self.query) else self.query

    def body(self, ids: dict[str, int]) -> Any:
        return self.data(ids) if callable(self.data) else self.data


@dataclass(frozen=True)
class Public(Rule):
    """No login needed; every caller gets the same answer."""

    ok: tuple[int, ...] = OK_PAGE

    def expect(self, ctx, role, kind):
        return Expect(self.ok, why="public")


@dataclass(frozen=True)
class Own(Rule):
    """One's own account, inbox, calendar or lists: every signed-in user; a list shows
    only what the policy lets its reader see (the markers check that)."""

    ok: tuple[int, ...] = OK_PAGE
    foreign: tuple[int, ...] = NOT_FOUND  # kind H: someone else's object

    def expect(self, ctx, role, kind):
        return Expect(self.foreign if kind == "H" else self.ok, why="own")


@dataclass(frozen=True)
class Roles(Rule):
    """Only some roles (by a predicate on the user); the others get `denied`."""

    who: Callable[[User], bool] = lambda user: True
    ok: tuple[int, ...] = OK_PAGE
    denied: tuple[int, ...] = FORBIDDEN
    foreign: tuple[int, ...] | None = None  # kind H, for those allowed
    everywhere: Callable[[User], bool] = lambda user: False  # H is not foreign to them

    def expect(self, ctx, role, kind):
        if not ctx.holds(role, self.who):
            return Expect(self.denied, why="role")
        if kind == "H" and self.foreign is not None and not ctx.holds(role, self.everywhere):
            return Expect(self.foreign, why="role, foreign object")
        return Expect(self.ok, why="role")


@dataclass(frozen=True)
class CaseRead(Rule):
    """Reading a case's data: full access 200, meeting access `meeting`, hidden 404.
    `who`: a further condition for full access (else `denied`)."""

    ok: tuple[int, ...] = OK_PAGE
    meeting: tuple[int, ...] = NOT_FOUND
    who: Callable[[User], bool] | None = None
    denied: tuple[int, ...] = FORBIDDEN

    def expect(self, ctx, role, kind):
        access = ctx.scene.access[role, kind]
        if access == NONE:
            return Expect(NOT_FOUND, why="hidden")
        if access == MEETING:
            return Expect(self.meeting, why="meeting access")
        if self.who is not None and not ctx.holds(role, self.who):
            return Expect(self.denied, why="full access, not this role")
        return Expect(self.ok, why="full access")


@dataclass(frozen=True)
class CaseAct(Rule):
    """A change on a case, decided by the permission table: `action` on the kind's case,
    with `target(session, ids)` as the thing acted on."""

    action: str = ""
    target: Callable[[Any, dict[str, int]], Any] | None = None
    ok: tuple[int, ...] = DONE_PAGE
    meeting: tuple[int, ...] = FORBIDDEN

    def expect(self, ctx, role, kind):
        access = ctx.scene.access[role, kind]
        if access == NONE:
            return Expect(NOT_FOUND, why="hidden")
        refusal = permissions.ACTIONS[self.action].refusal
        if access == MEETING:
            return Expect(self.meeting, refusal, why="meeting access")
        if ctx.may(role, kind, self.action, self.target):
            return Expect(self.ok, why=f"may {self.action}")
        return Expect(FORBIDDEN, refusal, why=f"may not {self.action}")


@dataclass(frozen=True)
class MeetingRead(Rule):
    """The meeting every role attends (kinds F and M) or the hidden one (H)."""

    ok: tuple[int, ...] = OK_PAGE

    def expect(self, ctx, role, kind):
        return Expect(NOT_FOUND if kind == "H" else self.ok, why="attendee")


@dataclass(frozen=True)
class MeetingAct(Rule):
    """A meeting action: the chair (`meeting.item`) or any attendee (`meeting.note`)."""

    action: str = "meeting.item"
    ok: tuple[int, ...] = DONE_PAGE
    chair_m: tuple[int, ...] | None = None  # the chair on M's item (no full access to M)

    def expect(self, ctx, role, kind):
        if kind == "H":
            return Expect(NOT_FOUND, why="not an attendee")
        chair = role == "swv-coordinator"
        if chair and kind == "M" and self.chair_m is not None:
            return Expect(self.chair_m, why="chair without full access to the case")
        if self.action == "meeting.note" or chair:
            return Expect(self.ok, why="chair" if chair else "attendee")
        return Expect(FORBIDDEN, permissions.ACTIONS[self.action].refusal, why="not the chair")


@dataclass(frozen=True)
class Consult(Rule):
    """A consultation: its members' organisations (`decide`: only the asking organisation
    and the one asked); others 404."""

    ok: tuple[int, ...] = OK_PAGE
    decide: bool = False

    def expect(self, ctx, role, kind):
        member = role in ctx.scene.consultation_members and kind != "H"
        if not member:
            return Expect(NOT_FOUND, why="not a member")
        return Expect(self.ok, why="member")


# --------------------------------------------------------------------------- the table

SWV_CO = lambda u: u.organisation.kind == "swv" and u.has_role("coordinator")  # noqa: E731
LEERPLICHT = lambda u: u.organisation.kind == "leerplicht"  # noqa: E731
PRIVACY = lambda u: u.has_role("privacy")  # noqa: E731
REGION_ADMIN = lambda u: u.has_role("functioneel-beheer")  # noqa: E731
ADMIN = lambda u: u.has_role("functioneel-beheer") or u.has_role("beheerder")  # noqa: E731
COORDINATOR = lambda u: u.has_role("coordinator")  # noqa: E731
MAY_OPEN = lambda u: u.organisation.kind not in ("gemeente",)  # noqa: E731 - cases/intake.py
MAY_ASK = lambda u: u.organisation.kind in ("school", "wijkteam", "ggd", "doorstroompunt")  # noqa: E731
REPORTS = lambda u: u.organisation.kind in ("leerplicht", "gemeente") or COORDINATOR(u)  # noqa: E731
TELLING = lambda u: u.organisation.kind in ("leerplicht", "gemeente") or SWV_CO(u)  # noqa: E731
JAARVERSLAG = lambda u: TELLING(u) or REGION_ADMIN(u)  # noqa: E731
SWV_FIGURES = lambda u: SWV_CO(u) or REGION_ADMIN(u)  # noqa: E731
BEHEERDER = lambda u: u.has_role("beheerder")  # noqa: E731 - the users API: own organisation


def _get(model):
    return lambda session, ids, key: session.get(model, ids[key])


def agreement(session, ids):
    return session.get(Agreement, ids["agreement_id"])


def participation_(session, ids):
    return session.get(Participation, ids["participation_id"])


def consent(session, ids):
    return session.get(Consent, ids["consent_id"])


def proposal(session, ids):
    return session.get(RegieProposal, ids["proposal_id"])


def blocker(session, ids):
    return session.get(Blocker, ids["blocker_id"])


def note(session, ids):
    return session.get(Note, ids["note_id"])


def owned_by_school(session, ids):
    return SimpleNamespace(owner_org_id=ids["school_org_id"])


def for_org(key):
    return lambda session, ids: SimpleNamespace(org_id=ids[key])


DAY = "2026-12-10"
SETTLE = lambda ids: {  # noqa: E731 - closing settles the open agreement
    "outcome": "verhuisd",
    f"agreement-{ids['agreement_id']}-status": "cancelled",
    f"agreement-{ids['agreement_id']}-text": "Verhuisd",
}
API_SETTLE = lambda ids: {  # noqa: E731
    "outcome": "verhuisd",
    "agreements": {str(ids["agreement_id"]): {"status": "cancelled", "reason": "Verhuisd"}},
}
SWV_ROW = lambda ids: f"?field=cases&swv={ids['new_org_id']}"  # noqa: E731
TELLING_ROW = "?school_year=2026-2027&municipality=Zaltbommel&field=absoluut_verzuimers&format=json"
# The region's own organisation (privacy, functioneel beheer) serves no gemeente: no row.
NO_GEMEENTE = {"privacy": (400,), "functioneel-beheer": (400,)}
ORDER = lambda ids: {"item_ids": [ids["second_item_id"], ids["first_item_id"]]}  # noqa: E731
CONSENT = {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}
API_OK, API_CREATED = (200,), (201,)

ENDPOINTS: dict[tuple[str, str], Rule] = {
    # Public: logging in, the API's description, static files, the demo's accounts.
    # (Every caller here is signed in: the login pages send them on to the start page.)
    ("GET", "auth.login"): Public(ok=REDIRECT),
    ("POST", "auth.login"): Public(ok=REDIRECT, fresh=True, data={"username": "x"}),
    ("GET", "auth.code_step"): Public(ok=REDIRECT, fresh=True),
    ("POST", "auth.code_step"): Public(ok=REDIRECT, fresh=True),
    ("GET", "auth.enrol_step"): Public(ok=REDIRECT, fresh=True),
    ("POST", "auth.enrol_step"): Public(ok=REDIRECT, fresh=True),
    ("POST", "api.create_token"): Public(ok=(401,), data={"username": "x", "password": "y"}),
    ("GET", "api.openapi"): Public(),
    ("GET", "static"): Public(),
    ("GET", "demo.accounts"): Public(ok=NOT_FOUND),
    ("GET", "calendar.feed"): Public(ok=NOT_FOUND),
    # One's own account and inbox.
    ("POST", "auth.logout"): Own(ok=REDIRECT, fresh=True),
    ("GET", "auth.account"): Own(),
    ("GET", "auth.enrol"): Own(),
    ("POST", "auth.enrol"): Own(ok=(400,)),
    ("POST", "auth.password"): Own(ok=(400,), fresh=True),
    ("POST", "auth.end_session"): Own(ok=REDIRECT, fresh=True),
    ("POST", "auth.revoke_token"): Own(ok=REDIRECT),
    ("GET", "home.index"): Own(),
    ("GET", "notifications.index"): Own(),
    ("POST", "notifications.read"): Own(ok=REDIRECT),
    ("GET", "api.me"): Own(),
    ("GET", "api.list_notifications"): Own(),
    ("POST", "api.read_notifications"): Own(data={"all": True}),
    ("GET", "agreements.mine"): Own(),
    ("GET", "escalation.model_page"): Own(),
    ("GET", "cases.index"): Own(),
    ("GET", "cases.export"): Own(query="?format=xlsx&status=all"),
    ("GET", "api.list_cases"): Own(query="?status=all&per_page=100"),
    ("GET", "meetings.index"): Own(),
    ("POST", "meetings.create_feed"): Own(ok=REDIRECT),
    ("POST", "meetings.revoke_feed"): Own(ok=REDIRECT),
    ("GET", "api.list_meetings"): Own(),
    ("GET", "api.meeting_list_suggestions"): Own(),
    ("GET", "consultations.index"): Own(),
    ("GET", "api.list_consultations"): Own(),
    # Reports: aggregates for who steers (reports/services.may_report, telling.may_count,
    # jaarverslag.may_read, may_read_swv); drill-downs list only visible cases.
    ("GET", "reports.index"): Roles(who=REPORTS),
    ("GET", "reports.download"): Roles(who=REPORTS, query="?format=csv"),
    ("GET", "reports.thuiszitter_cases"): Roles(who=REPORTS, query="?field=cases"),
    ("GET", "api.thuiszitter_report"): Roles(who=REPORTS),
    ("GET", "reports.jaarverslag_page"): Roles(who=JAARVERSLAG),
    ("GET", "reports.jaarverslag_cases"): Roles(who=JAARVERSLAG, query="?field=cases"),
    ("GET", "reports.swv_page"): Roles(who=SWV_FIGURES),
    # Functioneel beheer sees no cases: the figures' page says why, the cases are refused.
    ("GET", "reports.swv_cases"): Roles(who=SWV_CO, query=SWV_ROW),
    ("GET", "reports.telling_download"): Roles(who=TELLING),
    ("GET", "api.leerplichttelling"): Roles(who=TELLING),
    ("GET", "api.jaarverslag_report"): Roles(who=TELLING),
    ("GET", "api.swv_report"): Roles(who=SWV_CO),
    ("GET", "reports.telling_cases"): Roles(who=TELLING, query=TELLING_ROW, per_role=NO_GEMEENTE),
    ("GET", "api.leerplichttelling_cases"): Roles(
        who=TELLING, query=TELLING_ROW, per_role=NO_GEMEENTE
    ),
    # Opening: intake and planning, decided by their own services.
    ("GET", "cases.new"): Own(),
    ("POST", "cases.new"): Roles(who=MAY_OPEN, ok=(400,)),
    ("POST", "api.create_case"): Roles(who=MAY_OPEN, ok=(400,), data={}),
    ("POST", "meetings.index"): Roles(who=COORDINATOR, ok=(400,)),
    ("POST", "api.create_meeting"): Roles(who=COORDINATOR, ok=(400,), data={}),
    ("GET", "consultations.new"): Own(),
    ("POST", "consultations.new"): Roles(who=MAY_ASK, ok=(400,)),
    ("POST", "api.create_consultation"): Roles(who=MAY_ASK, ok=(400,), data={}),
    # Role pages.
    ("GET", "agreements.term_watch"): Roles(who=LEERPLICHT),
    ("GET", "agreements.regie"): Roles(who=SWV_CO),
    # The audit log and the region's settings do not show themselves to others: 404.
    ("GET", "audit.index"): Roles(who=PRIVACY, denied=NOT_FOUND),
    ("POST", "audit.check"): Roles(who=PRIVACY, ok=REDIRECT, denied=NOT_FOUND),
    ("GET", "api.list_audit"): Roles(who=PRIVACY, denied=NOT_FOUND),
    ("GET", "inzage.index"): Roles(who=PRIVACY),
    # Inzage: everything stored about one pupil, for the privacy officer.
    ("GET", "inzage.export"): Roles(who=PRIVACY, reads_all=PRIVACY),
    ("GET", "beheer.municipalities_page"): Roles(who=REGION_ADMIN, denied=NOT_FOUND),
    ("POST", "beheer.save"): Roles(who=REGION_ADMIN, ok=REDIRECT, denied=NOT_FOUND),
    ("GET", "reports.pupil_counts_page"): Roles(who=REGION_ADMIN),
    ("POST", "reports.pupil_counts_save"): Roles(who=REGION_ADMIN, ok=REDIRECT),
    ("POST", "reports.pupil_counts_import"): Roles(who=REGION_ADMIN, ok=(400,)),
    ("GET", "users_admin.users_page"): Roles(who=ADMIN),
    ("POST", "users_admin.add"): Roles(who=ADMIN, ok=(400,)),
    ("POST", "users_admin.active"): Roles(
        who=ADMIN, ok=REDIRECT, data={"active": "0"}, foreign=NOT_FOUND, everywhere=REGION_ADMIN
    ),
    ("POST", "users_admin.roles"): Roles(
        who=ADMIN,
        ok=REDIRECT,
        data={"roles": ["medewerker", "coordinator"]},
        foreign=NOT_FOUND,
        everywhere=REGION_ADMIN,
    ),
    ("POST", "users_admin.reset_two_factor"): Roles(
        who=ADMIN, ok=REDIRECT, foreign=NOT_FOUND, everywhere=REGION_ADMIN
    ),
    ("POST", "users_admin.require_two_factor"): Roles(
        who=ADMIN, ok=REDIRECT, data=lambda ids: {"org_id": ids["school_org_id"], "verplicht": "1"}
    ),
    # The users API (DESIGN §8): a beheerder, its own organisation; anyone else 403.
    ("GET", "api.list_users"): Roles(who=BEHEERDER),
    ("POST", "api.create_user"): Roles(who=BEHEERDER, ok=(400,), data={}),
    ("PATCH", "api.patch_user"): Roles(who=BEHEERDER, data={}, foreign=FORBIDDEN),
    ("POST", "users_admin.contact"): Roles(
        who=ADMIN, ok=(400,), foreign=NOT_FOUND, everywhere=REGION_ADMIN
    ),
    ("POST", "users_admin.details"): Roles(
        who=ADMIN, ok=(400,), foreign=NOT_FOUND, everywhere=REGION_ADMIN
    ),
    # The region's organisations, gemeenten and model: functioneel beheer; others 404.
    ("GET", "beheer.organisations_page"): Roles(who=REGION_ADMIN, denied=NOT_FOUND),
    ("POST", "beheer.add_organisation"): Roles(who=REGION_ADMIN, ok=(400,), denied=NOT_FOUND),
    ("GET", "beheer.organisation_page"): Roles(who=REGION_ADMIN, denied=NOT_FOUND),
    ("POST", "beheer.update_organisation"): Roles(who=REGION_ADMIN, ok=(400,), denied=NOT_FOUND),
    # The school has open cases: refused (409) until they are closed or handed over.
    ("POST", "beheer.organisation_active"): Roles(who=REGION_ADMIN, ok=(409,), denied=NOT_FOUND),
    ("POST", "beheer.add_municipality"): Roles(who=REGION_ADMIN, ok=(400,), denied=NOT_FOUND),
    ("GET", "escalation_admin.check_page"): Roles(who=REGION_ADMIN, denied=NOT_FOUND),
    # Single sign-on: public; a signed-in caller goes to its start page, no login under way.
    ("GET", "sso.start"): Public(ok=REDIRECT),
    ("GET", "sso.callback"): Public(ok=(400,)),
    # The case page and its reads.
    ("GET", "cases.show"): CaseRead(meeting=OK_PAGE),
    ("GET", "cases.parts"): CaseRead(meeting=OK_PAGE, query="?wat=casus"),
    ("GET", "api.show_case"): CaseRead(meeting=API_OK),
    ("GET", "api.list_notes"): CaseRead(meeting=API_OK),
    ("GET", "api.list_agreements"): CaseRead(meeting=API_OK),
    ("GET", "api.list_parties"): CaseRead(),
    ("GET", "api.list_exemptions"): CaseRead(),
    ("GET", "api.list_absence_reports"): CaseRead(),
    ("GET", "api.list_enforcement_steps"): CaseRead(who=LEERPLICHT, meeting=FORBIDDEN),
    # Changes on a case (the permission table).
    ("POST", "notes.create"): CaseAct(action="note.write", data={"body": "Nieuwe notitie"}),
    ("POST", "api.create_note"): CaseAct(
        action="note.write", ok=API_CREATED, data={"body": "Nieuwe notitie"}
    ),
    ("POST", "agreements.create"): CaseAct(
        action="agreement.create",
        target=owned_by_school,
        data=lambda ids: {
            "description": "Nieuwe afspraak",
            "owner_org_id": ids["school_org_id"],
            "due_at": "10-12-2026",
        },
    ),
    ("POST", "api.create"): CaseAct(
        action="agreement.create",
        target=owned_by_school,
        ok=API_CREATED,
        data=lambda ids: {
            "description": "Nieuwe afspraak",
            "owner_org_id": ids["school_org_id"],
            "due_at": DAY,
        },
    ),
    ("POST", "agreements.finish"): CaseAct(
        action="agreement.done", target=agreement, data={"result": "Gedaan"}
    ),
    ("POST", "agreements.cancel"): CaseAct(
        action="agreement.cancel", target=agreement, data={"reason": "Niet nodig"}
    ),
    ("POST", "agreements.move_term"): CaseAct(
        action="agreement.change",
        target=agreement,
        data={"due_at": "11-12-2026", "reason": "Later"},
    ),
    ("POST", "agreements.pause"): CaseAct(
        action="agreement.change",
        target=agreement,
        data={"paused_until": "08-12-2026", "reason": "Ziek"},
    ),
    ("PATCH", "api.patch"): CaseAct(
        action="agreement.done",
        target=agreement,
        ok=API_OK,
        data={"status": "done", "result": "Gedaan"},
    ),
    ("POST", "agreements.acknowledge"): CaseAct(
        action="escalation.handle", data={"note": "Opgepakt"}
    ),
    ("POST", "cases.add_participation"): CaseAct(
        action="participation.add", data=lambda ids: {"org_id": ids["new_org_id"], **CONSENT}
    ),
    ("POST", "api.add_participation"): CaseAct(
        action="participation.add",
        ok=API_CREATED,
        data=lambda ids: {"org_id": ids["new_org_id"], **CONSENT},
    ),
    ("POST", "cases.end_participation"): CaseAct(
        action="participation.end", target=participation_, data={"reason": "Klaar"}
    ),
    ("POST", "api.end_participation"): CaseAct(
        action="participation.end", target=participation_, ok=API_OK, data={"reason": "Klaar"}
    ),
    ("POST", "cases.record_consent"): CaseAct(
        action="consent.record",
        target=for_org("new_org_id"),
        data=lambda ids: {
            "org_id": ids["new_org_id"],
            "basis": "toestemming-ouders-en-jongere",
            "given_by": "ouders",
        },
    ),
    ("POST", "api.record_consent"): CaseAct(
        action="consent.record",
        target=for_org("new_org_id"),
        ok=API_CREATED,
        data=lambda ids: {
            "org_id": ids["new_org_id"],
            "basis": "toestemming-ouders-en-jongere",
            "given_by": "ouders",
        },
    ),
    ("POST", "cases.withdraw_consent"): CaseAct(
        action="consent.withdraw", target=consent, data={"reason": "Ouders willen het niet"}
    ),
    ("POST", "api.withdraw_consent"): CaseAct(
        action="consent.withdraw", target=consent, ok=API_OK, data={"reason": "Ouders niet"}
    ),
    ("POST", "cases.set_lead"): CaseAct(
        action="regie.propose",
        data=lambda ids: {"lead_org_id": ids["leerplicht_org_id"], "reason": "Verzuim"},
    ),
    ("POST", "cases.accept_regie"): CaseAct(action="regie.answer", target=proposal, data=CONSENT),
    ("POST", "api.accept_regie"): CaseAct(
        action="regie.answer", target=proposal, ok=API_OK, data=CONSENT
    ),
    ("POST", "cases.decline_regie"): CaseAct(
        action="regie.answer", target=proposal, data={"reason": "Geen plek"}
    ),
    ("POST", "api.decline_regie"): CaseAct(
        action="regie.answer", target=proposal, ok=API_OK, data={"reason": "Geen plek"}
    ),
    ("POST", "cases.move_phase"): CaseAct(
        action="phase.propose", data={"phase": "2", "reason": "ZAT nodig"}
    ),
    ("PATCH", "api.patch_case"): CaseAct(
        action="phase.propose", ok=API_OK, data={"phase": 2, "reason": "ZAT nodig"}
    ),
    ("POST", "cases.add_exemption"): CaseAct(
        action="exemption", data={"article": "5-a", "requested_on": "21-11-2026"}
    ),
    ("POST", "api.create_exemption"): CaseAct(
        action="exemption", ok=API_CREATED, data={"article": "5-a", "requested_on": "2026-11-21"}
    ),
    ("POST", "cases.update_exemption"): CaseAct(
        action="exemption", data={"article": "15", "requested_on": "20-11-2026"}
    ),
    ("PATCH", "api.patch_exemption"): CaseAct(
        action="exemption", ok=API_OK, data={"advice_on": "2026-11-22"}
    ),
    ("POST", "cases.record_absence_report"): CaseAct(
        action="absence_report", data={"type": "signaal", "reported_on": "24-11-2026"}
    ),
    ("POST", "api.create_absence_report"): CaseAct(
        action="absence_report",
        ok=API_CREATED,
        data={"type": "signaal", "reported_on": "2026-11-24"},
    ),
    ("POST", "cases.record_enforcement_step"): CaseAct(
        action="enforcement", data={"step": "waarschuwing", "taken_on": "24-11-2026"}
    ),
    ("POST", "api.create_enforcement_step"): CaseAct(
        action="enforcement",
        ok=API_CREATED,
        data={"step": "waarschuwing", "taken_on": "2026-11-24"},
    ),
    ("POST", "cases.set_reduced_timetable"): CaseAct(
        action="reduced_timetable",
        data={"hours": "10", "starts_on": "25-11-2026", "ends_on": "18-12-2026"},
    ),
    ("PUT", "api.put_reduced_timetable"): CaseAct(
        action="reduced_timetable",
        ok=API_OK,
        data={"hours": 10, "starts_on": "2026-11-25", "ends_on": "2026-12-18"},
    ),
    ("POST", "cases.end_reduced_timetable"): CaseAct(action="reduced_timetable"),
    ("DELETE", "api.delete_reduced_timetable"): CaseAct(action="reduced_timetable", ok=API_OK),
    ("POST", "cases.add_party"): CaseAct(
        action="party.record", data={"role": "ouder", "name": "Vader"}
    ),
    ("POST", "api.add_party"): CaseAct(
        action="party.record", ok=API_CREATED, data={"role": "ouder", "name": "Vader"}
    ),
    ("POST", "cases.end_party"): CaseAct(action="party.record", data={"reason": "Verhuisd"}),
    ("POST", "cases.add_blocker"): CaseAct(
        action="blocker.add", data={"kind": "geen-passend-aanbod"}
    ),
    ("POST", "cases.end_blocker"): CaseAct(action="blocker.end", target=blocker),
    ("POST", "cases.close_case"): CaseAct(action="case.close", data=SETTLE),
    ("POST", "api.close_case"): CaseAct(action="case.close", ok=API_OK, data=API_SETTLE),
    # Meetings: the one every role attends (F, M) and the hidden one (H).
    ("GET", "meetings.show"): MeetingRead(),
    ("GET", "meetings.agenda_fragment"): MeetingRead(),
    ("GET", "meetings.case_list_page"): MeetingRead(),
    ("GET", "meetings.minutes_page"): MeetingRead(ok=(303,)),
    ("GET", "api.show_meeting"): MeetingRead(),
    ("GET", "api.meeting_minutes_pdf"): MeetingRead(ok=(409,)),
    ("POST", "meetings.add_item"): MeetingAct(data=lambda ids: {"case_id": ids["other_case_id"]}),
    ("POST", "api.meeting_add_item"): MeetingAct(
        ok=API_CREATED, data=lambda ids: {"case_id": ids["other_case_id"]}
    ),
    ("POST", "meetings.remove_item"): MeetingAct(),
    ("DELETE", "api.meeting_remove_item"): MeetingAct(ok=API_OK),
    ("POST", "meetings.move_item"): MeetingAct(
        data=lambda ids: {
            "richting": "later" if ids["item_id"] == ids["first_item_id"] else "eerder"
        }
    ),
    ("POST", "meetings.cirkel_0"): MeetingAct(data={"parents_informed": "1"}),
    ("POST", "meetings.publish"): MeetingAct(ok=(409,)),
    ("POST", "api.meeting_publish"): MeetingAct(ok=(409,)),
    ("POST", "meetings.open_item"): MeetingAct(),
    ("POST", "api.meeting_open_item"): MeetingAct(ok=API_OK),
    ("POST", "meetings.add_note"): MeetingAct(action="meeting.note", data={"body": "Punt"}),
    ("POST", "api.meeting_create_note"): MeetingAct(
        action="meeting.note", ok=API_CREATED, data={"body": "Punt"}
    ),
    # A decision needs full access to the case (it makes agreements, moves the phase).
    ("POST", "meetings.decide"): MeetingAct(data={"text": "Besluit"}, chair_m=FORBIDDEN),
    ("POST", "api.meeting_decide"): MeetingAct(
        ok=API_CREATED, data={"text": "Besluit"}, chair_m=FORBIDDEN
    ),
    ("POST", "meetings.order_items"): MeetingAct(data=ORDER),
    ("POST", "api.meeting_order_items"): MeetingAct(ok=API_OK, data=ORDER),
    ("POST", "meetings.next_item"): MeetingAct(),
    ("POST", "api.meeting_next_item"): MeetingAct(ok=API_OK),
    ("POST", "meetings.not_discussed"): MeetingAct(data={"reason": "Geen tijd"}),
    ("POST", "api.meeting_not_discussed"): MeetingAct(ok=API_OK, data={"reason": "Geen tijd"}),
    ("POST", "meetings.discussed"): MeetingAct(),
    ("DELETE", "api.meeting_discussed"): MeetingAct(ok=API_OK),
    ("POST", "meetings.add_attendees"): MeetingAct(
        data=lambda ids: {"attendee_user_ids": [ids["invitee_id"]]}
    ),
    ("POST", "api.meeting_add_attendees"): MeetingAct(
        ok=API_OK, data=lambda ids: {"attendee_user_ids": [ids["invitee_id"]]}
    ),
    ("POST", "meetings.remove_attendee"): MeetingAct(),
    ("DELETE", "api.meeting_remove_attendee"): MeetingAct(ok=API_OK),
    ("POST", "meetings.presence"): MeetingAct(data=lambda ids: {"present_user_ids": []}),
    ("PUT", "api.meeting_presence"): MeetingAct(ok=API_OK, data={"present_user_ids": []}),
    ("POST", "meetings.finalize"): MeetingAct(ok=(409,)),
    ("POST", "api.meeting_finalize"): MeetingAct(ok=(409,)),
    # Consultations: membership.
    ("GET", "consultations.show"): Consult(),
    ("POST", "consultations.post_message"): Consult(ok=DONE_PAGE, data={"body": "Antwoord"}),
    ("POST", "consultations.invite"): Consult(
        ok=DONE_PAGE, data=lambda ids: {"org_id": ids["leerplicht_org_id"]}
    ),
    ("POST", "consultations.close"): Consult(ok=DONE_PAGE),
    ("POST", "consultations.convert"): Consult(ok=(400,)),
    ("GET", "api.show_consultation"): Consult(),
    ("GET", "api.list_consultation_messages"): Consult(),
    ("POST", "api.create_consultation_message"): Consult(ok=API_CREATED, data={"body": "Antwoord"}),
    ("POST", "api.add_consultation_member"): Consult(
        ok=API_CREATED, data=lambda ids: {"org_id": ids["leerplicht_org_id"]}
    ),
    ("POST", "api.close_consultation"): Consult(ok=API_OK),
    ("POST", "api.convert_consultation"): Consult(ok=(400,), data={}),
}


# --------------------------------------------------------------------------- the stage


class Snapshot:
    """Every watched table's rows by primary key; `restore` undoes a request row by row.

    `maybe_changed` says whether any statement since the tables were last as in `rows`
    could have changed one: every engine of the process is watched (SQLAlchemy's event on
    the Engine class), and a statement other than a read or a write to an unwatched table
    sets it. Reading every table after each of the matrix's ~10,000 requests was most of
    its time; a request that wrote is still compared row by row."""

    def __init__(self, engine):
        # One connection for the whole module: SQLite checkpoints its WAL when the last
        # connection closes, which would make every request's own close slow.
        self.conn = engine.connect()
        self.tables = [t for t in metadata.sorted_tables if t.name not in UNWATCHED]
        self.rows = self.read()
        self.maybe_changed = False
        sa_event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement: str, *_args) -> None:
        if self.maybe_changed:
            return
        target = _WRITE_TO.match(statement)
        if target is not None:
            self.maybe_changed = target.group(1) not in UNWATCHED
        elif not _READS.match(statement):
            self.maybe_changed = True  # WITH … INSERT, DDL, anything unknown

    def close(self) -> None:
        sa_event.remove(Engine, "before_cursor_execute", self._seen)
        self.conn.close()

    def read(self) -> dict[str, dict[tuple, tuple]]:
        out = {}
        for t in self.tables:
            pk = [c.name for c in t.primary_key.columns]
            names = [c.name for c in t.columns]
            out[t.name] = {
                tuple(r[n] for n in pk): tuple(r[n] for n in names)
                for r in self.conn.execute(select(t)).mappings()
            }
        self.conn.rollback()
        return out

    def changes(self, now: dict) -> list[str]:
        out = []
        for name, rows in now.items():
            before = self.rows[name]
            if rows != before:
                added = len(rows.keys() - before.keys())
                removed = len(before.keys() - rows.keys())
                changed = sum(1 for k in rows.keys() & before.keys() if rows[k] != before[k])
                out.append(f"{name}: +{added} -{removed} ~{changed}")
        return out

    def restore(self, now: dict) -> None:
        """New rows out (dependants first), removed rows back, changed rows as they were."""
        with self.conn.begin():
            conn = self.conn
            for t in reversed(self.tables):
                pk = list(t.primary_key.columns)
                for k in now[t.name].keys() - self.rows[t.name].keys():
                    conn.execute(t.delete().where(*[c == v for c, v in zip(pk, k, strict=True)]))
            for t in self.tables:
                names = [c.name for c in t.columns]
                before, after = self.rows[t.name], now[t.name]
                gone = [dict(zip(names, before[k], strict=True)) for k in before.keys() - after]
                if gone:
                    conn.execute(t.insert(), gone)
                pk = list(t.primary_key.columns)
                for k in before.keys() & after.keys():
                    if before[k] != after[k]:
                        where = [c == v for c, v in zip(pk, k, strict=True)]
                        values = dict(zip(names, before[k], strict=True))
                        conn.execute(t.update().where(*where).values(values))


@dataclass
class Context:
    app: Any
    scene: Scene
    snapshot: Snapshot
    pages: dict[str, Browser] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    _may: dict = field(default_factory=dict)
    _holds: dict = field(default_factory=dict)

    def user(self, session, role: str) -> User:
        return session.get(User, self.scene.users[role])

    def holds(self, role: str, who) -> bool:
        key = (role, who)
        if key not in self._holds:
            with self.app.app_context():
                self._holds[key] = bool(who(self.user(db.session, role)))
                db.session.remove()
        return self._holds[key]

    def may(self, role: str, kind: str, action: str, target) -> bool:
        key = (role, kind, action, target)
        if key not in self._may:
            with self.app.app_context():
                s = db.session
                user = self.user(s, role)
                case = s.get(Case, self.scene.ids[kind]["case_id"])
                access = s.scalar(
                    select(policy.case_access(user))
                    .select_from(Case)
                    .join(Case.pupil)
                    .where(Case.id == case.id)
                )
                thing = target(s, self.scene.ids[kind]) if target else None
                self._may[key] = permissions.may(user, action, case, access, thing)
                db.session.remove()
        return self._may[key]


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _login_page(app, username: str) -> Browser:
    browser = Browser(app.test_client())
    page = browser.client.get("/inloggen")
    token = CSRF_RE.search(page.get_data(as_text=True)).group(1)
    response = browser.client.post(
        "/inloggen", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, (username, response.status_code)
    browser.csrf_token = token
    return browser


def _login_api(app, username: str) -> str:
    response = app.test_client().post(
        "/api/v1/tokens", json={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


@pytest.fixture(scope="module")
def stage(app):
    """The scene, built once per database, with every role signed in (page and API)."""
    clock.freeze(FROZEN_NOW)  # module fixtures run before the autouse frozen clock
    with app.app_context():
        _wipe(db.engine)
        scene = build(db.session)
        usernames = {r: db.session.get(User, uid).username for r, uid in scene.users.items()}
        db.session.remove()
        ctx = Context(app, scene, Snapshot(db.engine))
    for role, username in usernames.items():
        ctx.pages[role] = _login_page(app, username)
        ctx.tokens[role] = _login_api(app, username)
    ctx.usernames = usernames  # type: ignore[attr-defined]
    yield ctx
    ctx.snapshot.close()
    clock.freeze(None)
    with app.app_context():
        _wipe(db.engine)


# --------------------------------------------------------------------------- the checks

PLACEHOLDER = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?(\w+)>")
# provider_id: the scene has no single sign-on provider, so every caller gets its 404.
FIXED = {"filename": "css/app.css", "fmt": "json", "token": "0" * 43, "provider_id": 2**31 - 1}


CONTAINERS = {"case_id", "meeting_id", "consultation_id"}


def _kinds(rule) -> tuple[str | None, ...]:
    """F, M and H for a URL with ids; X too where a URL names a case (meeting,
    consultation) and a thing in it: F's case with H's things."""
    names = set(PLACEHOLDER.findall(rule.rule)) - set(FIXED)
    if not names:
        return (None,)
    return (*KINDS, "X") if names & CONTAINERS and names - CONTAINERS else KINDS


def _url(rule, ids: dict[str, int], query: str) -> str:
    def value(m):
        name = m.group(1)
        return str(FIXED[name] if name in FIXED else ids[name])

    return PLACEHOLDER.sub(value, rule.rule) + query


def _text(response) -> str:
    """What a reader gets, as text: the page, the JSON, the cells of a spreadsheet."""
    data = response.get_data()
    if data[:2] == b"PK":  # XLSX
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    text = data.decode("utf-8", errors="replace")
    if response.is_json:
        text = json.dumps(response.get_json(), ensure_ascii=False)
    return html.unescape(text)


def _leaks(ctx: Context, role: str, text: str) -> list[str]:
    return [m for m, allowed in ctx.scene.markers.items() if role not in allowed and m in text]


def _send(ctx: Context, role: str, method: str, url: str, data, fresh: bool):
    app = ctx.app
    if url.startswith("/api/"):
        token = _login_api(app, ctx.usernames[role]) if fresh else ctx.tokens[role]
        return app.test_client().open(
            url,
            method=method,
            json=data if data is not None else ({} if method not in ("GET", "DELETE") else None),
            headers={"Authorization": f"Bearer {token}"},
        )
    page = _login_page(app, ctx.usernames[role]) if fresh else ctx.pages[role]
    if method == "GET":
        return page.client.get(url)
    form = dict(data or {})
    form.setdefault("csrf_token", page.csrf_token)
    return page.client.open(url, method=method, data=form)


def _own_ids(ctx: Context, role: str, kind: str | None, ids: dict) -> dict:
    """The ids of one's own login session and API token (kind F) or someone else's (H)."""
    from thuiszittertafel.auth.models import ApiToken, LoginSession

    who = ctx.scene.users[role] if kind != "H" else ctx.scene.extra["heiland_swv"]
    with ctx.app.app_context():
        s = db.session
        session_id = s.scalar(
            select(LoginSession.id)
            .where(LoginSession.user_id == who, LoginSession.ended_at.is_(None))
            .order_by(LoginSession.id.desc())
        )
        token_id = s.scalar(
            select(ApiToken.id).where(ApiToken.user_id == who).order_by(ApiToken.id.desc())
        )
        db.session.remove()
    return {**ids, "session_id": session_id or 0, "token_id": token_id or 0}


def _check(ctx, role, method, rule, classified, kind, problems) -> None:
    ids = ctx.scene.ids[kind if kind in KINDS else "F"]
    if kind == "X":
        hidden = ctx.scene.ids["H"]
        ids = {**hidden, **{k: v for k, v in ids.items() if k in CONTAINERS}}
    if rule.endpoint in ("auth.end_session", "auth.revoke_token"):
        if kind == "H":
            # someone else's: make sure one exists
            _login_api(ctx.app, "distel.swv")
            _login_page(ctx.app, "distel.swv")
        elif rule.endpoint == "auth.revoke_token":
            _login_api(ctx.app, ctx.usernames[role])
        ids = _own_ids(ctx, role, kind, ids)
    if kind == "X":  # another case's object through this one: as if it did not exist
        absent = {k: v if k in CONTAINERS else 999_999 for k, v in ids.items()}
        url = _url(rule, absent, classified.query_for(absent))
        probe = _send(ctx, role, method, url, classified.body(absent), classified.fresh)
        expected = Expect((probe.status_code,), why="the answer for an id that does not exist")
        _undo(ctx)
    else:
        expected = classified.expect(ctx, role, kind)
    if role in classified.per_role:
        expected = Expect(classified.per_role[role], why="this role (see ENDPOINTS)")
    url = _url(rule, ids, classified.query_for(ids))
    if rule.endpoint == "auth.end_session" and kind != "H":
        page = _login_page(ctx.app, ctx.usernames[role])  # the session it ends is its own
        ids = _own_ids(ctx, role, kind, ids)
        url = _url(rule, ids, classified.query_for(ids))
        response = page.client.post(url, data={"csrf_token": page.csrf_token})
    else:
        response = _send(ctx, role, method, url, classified.body(ids), classified.fresh)
    where = f"{method} {url} ({rule.endpoint}) as {role} [{kind or '-'}]"
    status = response.status_code
    if status not in expected.statuses:
        problems.append(f"{where}: {status}, expected {expected.statuses} ({expected.why})")
    elif status == 403 and expected.refusal:
        text = _text(response)
        if expected.refusal not in text:
            problems.append(f"{where}: 403 without the table's message {expected.refusal!r}")
    leaked = [] if ctx.holds(role, classified.reads_all) else _leaks(ctx, role, _text(response))
    if leaked:
        problems.append(f"{where}: {status} shows {leaked}")
    changed = _undo(ctx)
    if changed and status >= 400:
        problems.append(f"{where}: refused with {status} but changed {changed}")


def _undo(ctx: Context) -> list[str]:
    """Put back whatever the last request changed; say what that was."""
    snapshot = ctx.snapshot
    if not snapshot.maybe_changed:
        return []
    now = snapshot.read()
    changed = snapshot.changes(now)
    if changed:
        snapshot.restore(now)
    snapshot.maybe_changed = False  # as in `rows` again (restore's own writes included)
    return changed


def _classified(app) -> tuple[list, list[str]]:
    pairs, missing = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            classified = ENDPOINTS.get((method, rule.endpoint))
            if classified is None:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
            else:
                pairs.append((rule, method, classified))
    return pairs, missing


def test_every_endpoint_is_classified(app):
    pairs, missing = _classified(app)
    assert missing == [], (
        "Classify these endpoints in ENDPOINTS of tests/test_authorisation_matrix.py (who may"
        " call them, per the policy and the permission table)"
    )
    stale = set(ENDPOINTS) - {(m, r.endpoint) for r, m, _ in pairs}
    assert stale == set(), "ENDPOINTS names endpoints that no longer exist"


def test_a_write_is_noticed_and_undone_and_a_read_is_not_compared(app, stage):
    """The shortcut of `_undo` cannot hide a change: a write to a watched table through any
    engine (here the app's own session) is found and put back; the audit trail alone is
    not compared."""
    case_id = stage.scene.ids["F"]["case_id"]
    with app.app_context():
        db.session.get(Case, case_id)
        assert not stage.snapshot.maybe_changed
        audit_for(None, "test.read")
        db.session.commit()
        assert not stage.snapshot.maybe_changed
        summary = db.session.get(Case, case_id).summary
        db.session.get(Case, case_id).summary = "Gewijzigd door de test"
        db.session.commit()
        assert stage.snapshot.maybe_changed
        db.session.remove()
    assert _undo(stage) == ["cases: +0 -0 ~1"]
    assert not stage.snapshot.maybe_changed
    with app.app_context():
        assert db.session.get(Case, case_id).summary == summary
        db.session.remove()


def test_every_endpoint_answers_every_role_as_the_tables_say(app, stage):
    pairs, _ = _classified(app)
    problems: list[str] = []
    for rule, method, classified in pairs:
        for kind in _kinds(rule):
            for role in ROLES:
                _check(stage, role, method, rule, classified, kind, problems)
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- Socket.IO


@dataclass(frozen=True)
class Event:
    """A client event: its payload from the kind's ids and who gets `{"ok": true}`."""

    payload: Callable[[dict[str, int]], dict]
    ok: Callable[[Context, str, str], bool]


def _sees_fully(ctx, role, kind):
    return ctx.scene.access[role, kind] == FULL


def _sees(ctx, role, kind):
    return ctx.scene.access[role, kind] != NONE


def _attends(ctx, role, kind):
    return kind != "H"


def _member(ctx, role, kind):
    return kind != "H" and role in ctx.scene.consultation_members


SOCKET_EVENTS: dict[str, Event | None] = {
    "connect": None,  # the handshake: authenticated by token or cookie (tests/auth)
    "disconnect": None,
    # Following a case live is for full access: a meeting shows its own screen.
    "join_case": Event(lambda ids: {"case_id": ids["case_id"]}, _sees_fully),
    "leave_case": Event(lambda ids: {"case_id": ids["case_id"]}, lambda *a: True),
    "still_here": Event(lambda ids: {"case_id": ids["case_id"]}, _sees),
    "post_note": Event(
        lambda ids: {"case_id": ids["case_id"], "body": "Live notitie"}, _sees_fully
    ),
    "join_meeting": Event(lambda ids: {"meeting_id": ids["meeting_id"]}, _attends),
    "leave_meeting": Event(lambda ids: {"meeting_id": ids["meeting_id"]}, lambda *a: True),
    "join_consultation": Event(lambda ids: {"consultation_id": ids["consultation_id"]}, _member),
    "leave_consultation": Event(
        lambda ids: {"consultation_id": ids["consultation_id"]}, lambda *a: True
    ),
    "post_consultation_message": Event(
        lambda ids: {"consultation_id": ids["consultation_id"], "body": "Live"}, _member
    ),
}


def test_every_socket_event_answers_every_role_as_the_tables_say(app, stage):
    from thuiszittertafel.extensions import socketio

    handled = set(socketio.server.handlers["/"])
    assert handled <= set(SOCKET_EVENTS), (
        f"Classify {sorted(handled - set(SOCKET_EVENTS))} in SOCKET_EVENTS of"
        " tests/test_authorisation_matrix.py (who gets {'ok': true})"
    )
    problems: list[str] = []
    for role in ROLES:
        client = socketio.test_client(app, auth={"token": stage.tokens[role]})
        assert client.is_connected(), role
        for name, event in SOCKET_EVENTS.items():
            if event is None:
                continue
            for kind in KINDS:
                ack = client.emit(name, event.payload(stage.scene.ids[kind]), callback=True)
                where = f"{name} [{kind}] as {role}"
                if not isinstance(ack, dict) or ack.get("ok") != event.ok(stage, role, kind):
                    problems.append(f"{where}: {ack!r}")
                elif kind == "H" and ack.get("ok") is False and ack.get("error") == "verboden":
                    problems.append(f"{where}: a hidden case answered 'verboden' (403)")
                received = json.dumps([ack, client.get_received()], ensure_ascii=False)
                leaked = _leaks(stage, role, received)
                if leaked:
                    problems.append(f"{where}: shows {leaked}")
                changed = _undo(stage)
                if changed and not ack.get("ok"):
                    problems.append(f"{where}: refused but changed {changed}")
        client.disconnect()
    assert problems == [], "\n".join(problems)


def test_meeting_access_gets_the_meetings_view_in_the_api(app, stage):
    """Finding 1 of issue 15, in the fields the markers cannot see: under meeting access a
    case has no school, SWV, casusregisseur, participants, regie proposal or gemeente, and
    its agreements are the open ones."""
    ids = stage.scene.ids["M"]
    for role in ROLES:
        headers = {"Authorization": f"Bearer {stage.tokens[role]}"}
        client = app.test_client()
        case = client.get(f"/api/v1/cases/{ids['case_id']}", headers=headers).get_json()
        assert case["access"] == "meeting", role
        assert case["pupil"] == {
            "initials": "M.M.",
            "name": None,
            "birth_date": None,
            "municipality": None,
        }, role
        hidden = ("school_org_id", "swv_org_id", "lead_user_id", "regie_proposal", "summary")
        assert {k: case[k] for k in hidden} == dict.fromkeys(hidden), role
        assert case["participant_org_ids"] == [], role
        listed = client.get(f"/api/v1/cases/{ids['case_id']}/agreements", headers=headers)
        assert [a["id"] for a in listed.get_json()["items"]] == [ids["agreement_id"]], role
    assert _undo(stage) == []
