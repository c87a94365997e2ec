"""Agreement pages: the section on the case page, "mijn afspraken", termijnbewaking, regie."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import clock
from ..auth.models import Role
from ..cases import queries as case_queries
from ..core.errors import DomainError
from ..core.versions import read_version
from ..extensions import db
from ..organisations.models import OrgKind
from ..web.case_page import render_case_page
from ..web.edge import actor, audit, require_login
from ..web.once import once_per_form
from ..web.paging import PER_PAGE, paged
from . import forms, queries, services
from .models import DAY_COUNTS, RECURRENCE_UNITS, STATUSES

bp = Blueprint("agreements", __name__)
require_login(bp)


@bp.app_template_global()
def agreements_section(case):
    """The case page's agreements: the list, their history and the form's vocabulary."""
    items = queries.case_agreements(db.session, case)
    occurrences, changes = queries.agreement_history(db.session, [a.id for a in items])
    return {
        "items": items,
        "occurrences": occurrences,
        "changes": changes,
        "statuses": STATUSES,
        "day_counts": DAY_COUNTS,
        "units": RECURRENCE_UNITS,
        "now": clock.now(),
    }


@bp.app_template_global()
def next_agreement_terms(rows) -> dict:
    """{case_id: earliest open agreement term} for a page of the case table (one query)."""
    return queries.next_terms(db.session, [case.id for case, _ in rows])


@bp.app_template_global()
def now_utc():
    return clock.now()


def _on_case(case_id: int, form: str, done: str, action):
    """Run one agreement action from the case page: commit and return, or show why not."""
    user = actor()
    case, access = case_queries.get_case(db.session, user, case_id)
    try:
        agreement = action(user, case, access)
    except DomainError as exc:
        db.session.rollback()
        return render_case_page(case_id, failed=form, exc=exc), exc.status
    audit(
        f"agreement.{form.split('-')[0]}",
        object_type="case",
        object_id=case.id,
        access=access,
        detail={"agreement_id": agreement.id if agreement else None},
    )
    flash(done, "success")
    target = request.form.get("next")
    if target == "mijn-afspraken":
        return redirect(url_for(".mine"))
    return redirect(url_for("cases.show", case_id=case_id, _anchor="afspraken"))


@bp.post("/casussen/<int:case_id>/afspraken")
@once_per_form
def create(case_id: int):
    def act(user, case, access):
        return services.create_agreement(
            db.session, user, case, access, forms.create_data(request.form), now=clock.now()
        )

    return _on_case(case_id, "afspraken", "De afspraak is vastgelegd.", act)


def _agreement_action(agreement_id: int, form: str, done: str, service, names):
    user = actor()
    agreement, case, _ = queries.get_agreement(db.session, user, agreement_id)

    def act(user, case, access):
        service(
            db.session,
            user,
            agreement,
            case,
            access,
            forms.fields(request.form, *names),
            now=clock.now(),
            # the version the page showed: a change made since then is not overwritten
            version=read_version(request.form.get("version")),
        )
        return agreement

    return _on_case(case.id, f"{form}-{agreement_id}", done, act)


@bp.post("/afspraken/<int:agreement_id>/gedaan")
def finish(agreement_id: int):
    def service(session, user, agreement, case, access, data, now, version):
        services.update_agreement(
            session,
            user,
            agreement,
            case,
            access,
            {"status": "done", "result": data["result"]},
            now=now,
            version=version,
        )

    return _agreement_action(
        agreement_id, "afspraak-gedaan", "De afspraak is afgerond.", service, ("result",)
    )


@bp.post("/afspraken/<int:agreement_id>/annuleren")
def cancel(agreement_id: int):
    def service(session, user, agreement, case, access, data, now, version):
        services.update_agreement(
            session,
            user,
            agreement,
            case,
            access,
            {"status": "cancelled", "reason": data["reason"]},
            now=now,
            version=version,
        )

    return _agreement_action(
        agreement_id, "afspraak-annuleren", "De afspraak is geannuleerd.", service, ("reason",)
    )


@bp.post("/afspraken/<int:agreement_id>/termijn")
def move_term(agreement_id: int):
    return _agreement_action(
        agreement_id,
        "afspraak-termijn",
        "De termijn is gewijzigd.",
        services.update_agreement,
        ("due_at", "reason"),
    )


@bp.post("/afspraken/<int:agreement_id>/pauzeren")
def pause(agreement_id: int):
    return _agreement_action(
        agreement_id,
        "afspraak-pauze",
        "De termijn is gepauzeerd.",
        services.pause,
        ("paused_until", "reason"),
    )


@bp.post("/casussen/<int:case_id>/opschaling")
def acknowledge(case_id: int):
    def act(user, case, access):
        services.acknowledge_escalation(
            db.session, user, case, access, forms.fields(request.form, "note"), now=clock.now()
        )

    return _on_case(case_id, "opschaling", "De opschaling is opgepakt.", act)


@bp.get("/mijn-afspraken")
def mine():
    user = actor()
    status = request.args.get("status", "open")
    if status not in ("open", "done", "cancelled", "all"):
        status = "open"
    rows, paging = paged(
        lambda offset: queries.my_agreements(
            db.session, user, status=status, offset=offset, limit=PER_PAGE
        )
    )
    audit("agreement.mine", detail={"agreement_ids": [a.id for a, *_ in rows]})
    return render_template(
        "agreements/mine.html",
        rows=rows,
        paging=paging,
        status=status,
        statuses=STATUSES,
        now=clock.now(),
    )


@bp.get("/termijnbewaking")
def term_watch():
    user = actor()
    if user.organisation.kind != OrgKind.leerplicht:
        abort(403)
    now = clock.now()
    rows, paging = paged(
        lambda offset: queries.term_watch(db.session, user, now, offset=offset, limit=PER_PAGE)
    )
    audit(
        "agreement.term_watch",
        detail={"count": paging.total, "agreement_ids": [a.id for a, *_ in rows]},
    )
    return render_template("agreements/term_watch.html", rows=rows, paging=paging, now=now)


@bp.get("/regie")
def regie():
    user = actor()
    if not (user.organisation.kind == OrgKind.swv and user.has_role(Role.coordinator)):
        abort(403)
    now = clock.now()
    rows, paging = paged(
        lambda offset: queries.regie_overview(db.session, user, now, offset=offset, limit=PER_PAGE)
    )
    audit("case.regie_overview", detail={"case_ids": [r[0].id for r in rows]})
    return render_template("agreements/regie.html", rows=rows, paging=paging, now=now)
