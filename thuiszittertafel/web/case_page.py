"""The case page, rendered in one place: the whole page (cases, notes and agreements routes
show it, with a refused form's errors and typed text kept) and the parts an open page swaps
in after `case_updated` (cases/live.py). Every rendering is audited as a read."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from types import SimpleNamespace

from flask import render_template, request

from .. import clock
from ..agreements import queries as agreement_queries
from ..agreements.models import Agreement
from ..auth.models import User
from ..cases import forms, law, leerplicht, queries, regie
from ..cases.models import Case
from ..core import permissions, policy
from ..core.dates import nl_datetime
from ..core.errors import DomainError
from ..extensions import db
from ..notes import mentions
from ..notes.models import SCOPES
from ..notes.queries import note_json, notes_for
from ..notes.services import may_write_scope
from .edge import actor, audit, escalation_model, form_errors

# The parts of the case page (templates/cases/_case.html, [data-case-part]) that show what
# a `case_updated` names (cases/live.py). Regie, participants and closing change who may
# do what on the page: every part.
ALL_PARTS = (
    "kop",
    "overzicht",
    "afspraken",
    "betrokkenen",
    "partijen",
    "toestemming",
    "vrijstellingen",
    "verzuimmeldingen",
    "belemmeringen",
    "sluiten",
    "geschiedenis",
)
PARTS_FOR = {
    "afspraken": ("kop", "overzicht", "afspraken", "sluiten", "geschiedenis"),
    "fase": ("kop", "overzicht", "afspraken", "geschiedenis"),
    "vrijstellingen": ("kop", "overzicht", "vrijstellingen", "geschiedenis"),
    "verzuimmeldingen": ("kop", "overzicht", "verzuimmeldingen", "geschiedenis"),
    "belemmeringen": ("belemmeringen", "geschiedenis"),
    "partijen": ("afspraken", "partijen", "geschiedenis"),
    "toestemming": ("overzicht", "betrokkenen", "toestemming", "geschiedenis"),
    "regie": ALL_PARTS,
    "betrokkenen": ALL_PARTS,
    "afsluiting": ALL_PARTS,
    "casus": ALL_PARTS,
}


def render_case_page(
    case_id: int,
    *,
    failed: str | None = None,
    exc: DomainError | None = None,
    note_draft: dict | None = None,
    note_errors: dict | None = None,
) -> str:
    """The case page (404 if hidden), audited as a read; `failed` names a refused form."""
    user = actor()
    case, access = queries.get_case(db.session, user, case_id)
    full = policy.may_see_name(access)
    log = log_context(case, access, note_draft, note_errors) if full else None
    enforcement = leerplicht.enforcement_steps(db.session, user, case, access)
    detail = {"note_ids": [n["id"] for n in log["notes"]]} if log else {}
    detail.update(_enforcement_read(enforcement))
    audit("case.view", object_type="case", object_id=case.id, access=access, detail=detail or None)
    return render_template(
        "cases/show.html",
        **_page_context(user, case, access, enforcement=enforcement),
        log=log,
        failed=failed,
        errors=form_errors(exc),
        values=request.form if failed else {},
    )


def _enforcement_read(steps) -> dict:
    """Handhaving is read by leerplicht only: each reading names the steps it showed."""
    return {"enforcement_ids": [e.id for e in steps]} if steps else {}


def render_parts(case_id: int, whats: list[str]) -> str:
    """The parts of the case page that show what `whats` name (known names, checked by the
    route), access checked again, audited as a read."""
    user = actor()
    case, access = queries.get_case(db.session, user, case_id)
    wanted = {p for w in whats for p in PARTS_FOR[w]}
    enforcement = (
        leerplicht.enforcement_steps(db.session, user, case, access)
        if "verzuimmeldingen" in wanted
        else []
    )
    detail = {"parts": sorted(wanted), **_enforcement_read(enforcement)}
    audit("case.view", object_type="case", object_id=case.id, access=access, detail=detail)
    context = _page_context(user, case, access, parts=wanted, enforcement=enforcement)
    return render_template(
        "cases/parts.html", **context, log=None, failed=None, errors={}, values={}
    )


def _page_context(
    user: User, case, access: str, parts: set[str] | None = None, enforcement: list | tuple = ()
) -> dict:
    today, model = clock.today(), escalation_model()
    full = policy.may_see_name(access)
    heads = parts is None or "kop" in parts
    return dict(
        case=case,
        access=access,
        model=model,
        full=full,
        parts=parts,
        shows=lambda name: parts is None or name in parts,
        next_term=_next_term(case, full, today) if heads else None,
        file=queries.case_file(db.session, case),
        enforcement=list(enforcement),
        choices=forms.case_choices(db.session, case),
        why=policy.explain(access, user, case),
        milestones=_milestones(case, today),
        may=_may_on(user, case, access),
        own=SimpleNamespace(org_id=user.org_id, owner_org_id=user.org_id),
        missing=regie.missing_participants(db.session, case, model) if case.is_open else [],
    )


def _may_on(user: User, case, access: str | None):
    """`may(action, target=None)` for the template: the permission table, nothing else."""

    def may(action: str, target=None) -> bool:
        return case.is_open and permissions.may(user, action, case, access, target)

    return may


def _next_term(case, full: bool, today) -> SimpleNamespace | None:
    """The summary's next term: the phase term or the first open agreement's (not paused),
    whichever comes first, with what it is and whether it passed. Agreements only for who
    sees the case in full (the case page shows them only there)."""
    if not case.is_open:
        return None
    now = clock.now()
    terms: list[tuple[date, int, Agreement | None, bool]] = []
    if case.phase_due_on:
        terms.append((case.phase_due_on, 1, None, case.phase_due_on < today))
    if full:
        for a in agreement_queries.case_agreements(db.session, case):
            if a.status == "open" and not (a.paused_until and a.paused_until >= today):
                terms.append((clock.local(a.due_at).date(), 0, a, a.due_at < now))
    if not terms:
        return None
    day, _, agreement, overdue = min(terms, key=lambda t: t[:2])
    return SimpleNamespace(day=day, agreement=agreement, overdue=overdue)


def _milestones(case, today) -> list[tuple[str, object, bool]]:
    """The four-week and three-month dates, and whether the case reached them; named by
    the law (cases/law.py) only where the case is verzuim."""
    end = case.absent_since + timedelta(days=case.days_absent(today))
    if law.is_verzuim(law.situation(case)):
        four = "4 weken (langdurig relatief verzuim)" if case.school_org_id else "4 weken"
        three = "3 maanden (norm Thuiszitterspact)"
    else:
        four, three = "4 weken zonder onderwijs", "3 maanden zonder onderwijs"
    dates = [
        (four, case.absent_since + timedelta(days=law.LONG_TERM_DAYS)),
        (three, case.absent_since + timedelta(days=law.THREE_MONTHS_DAYS)),
    ]
    return [(label, day, day <= end) for label, day in dates]


def log_context(
    case: Case, access: str, draft: dict | None = None, errors: dict | None = None
) -> dict:
    """What templates/notes/_log.html needs, for the case page."""
    notes = notes_for(db.session, actor(), case, access)
    shaped = []
    for note in reversed(notes):  # newest first on the page
        item = note_json(note, actor().organisation)
        item["created_at_local"] = nl_datetime(note.created_at)
        shaped.append(item)
    may_post = case.is_open and permissions.may(actor(), "note.write", case, access)
    draft = dict(draft or {})
    draft.setdefault("client_id", uuid.uuid4().hex)
    if "corrects_id" not in draft and request.args.get("corrigeer", "").isdigit():
        draft["corrects_id"] = request.args["corrigeer"]
    return {
        "notes": shaped,
        "last_id": max((n.id for n in notes), default=0),
        "corrected_by": {n.corrects_id: n.id for n in notes if n.corrects_id},
        "may_post": may_post,
        "may_correct": lambda n: (
            may_post
            and permissions.may(
                actor(),
                "note.correct",
                case,
                access,
                SimpleNamespace(author_id=n["author_id"], org_id=n["org_id"]),
            )
        ),
        # The same rule for notes that arrive live (static/js/case-log.js).
        "correct_rule": {
            "user": actor().id,
            "org": actor().org_id if actor().has_role("coordinator") else None,
        },
        "mentionable": mentions.candidates(db.session, case) if may_post else [],
        "scopes": [s for s in SCOPES if may_write_scope(actor(), s, case, access)],
        "draft": draft,
        "errors": errors or {},
    }
