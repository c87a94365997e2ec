"""Case pages: the table, the case file, intake and the small actions on a case."""

from __future__ import annotations

from dataclasses import asdict

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from .. import clock
from ..auth.models import Role, User
from ..core import policy
from ..core.errors import DomainError, ValidationFailed
from ..core.versions import read_version
from ..extensions import db
from ..organisations.models import OrgKind
from ..reports import case_list, spreadsheet
from ..web import case_page
from ..web.case_page import render_case_page
from ..web.edge import actor, audit, audited_filters, escalation_model, form_errors, require_login
from ..web.once import once_per_form
from . import forms, intake, leerplicht, lifecycle, participation, parties, queries, regie
from .filters import PAGE_SIZES, SORTS, parse

bp = Blueprint("cases", __name__)
require_login(bp)


def _table_defaults(user: User) -> tuple[str, int | None]:
    """Default sort and preferred school when the URL names none, by role."""
    if user.organisation.kind == OrgKind.school:
        return "days_absent", user.org_id
    if user.organisation.kind == OrgKind.swv and user.has_role(Role.coordinator):
        return "lead", None
    return "days_absent", None


def _table_filters(user: User, model):
    """The table's filters from the URL with the role's defaults, and the preferred school."""
    sort, prefer_org_id = _table_defaults(user)
    if request.args.get("sort"):
        prefer_org_id = None  # an explicit sort means exactly that order
    f = parse(request.args, default_status="open", default_sort=sort, phases=model.phase_numbers)
    return f, prefer_org_id


@bp.route("/casussen")
def index():
    user, model = actor(), escalation_model()
    sort, _ = _table_defaults(user)
    kept = {
        k: v for k, v in request.args.to_dict().items() if k not in ("page", "per_page", "format")
    }
    context = dict(
        sorts=SORTS,
        page_sizes=PAGE_SIZES,
        may_see_name=policy.may_see_name,
        phase_names={p.number: p.name for p in model.phases},
        values={"status": "open", "sort": sort, **request.args.to_dict()},
        export_args=kept,
    )
    today = clock.today()
    try:
        f, prefer_org_id = _table_filters(user, model)
        choices, total = queries.filter_choices(db.session, user, f, today)
        page = queries.case_page(
            db.session, user, f, today, prefer_org_id=prefer_org_id, total=total
        )
    except ValidationFailed as exc:  # a filter, or an `after` case the user does not see
        choices, _ = queries.filter_choices(db.session, user)
        return render_template("cases/index.html", error=exc, choices=choices, **context), 400
    audit(
        "case.list",
        detail={
            "filters": audited_filters(asdict(f)),
            "case_ids": [case.id for case, _ in page.rows],
        },
    )
    return render_template("cases/index.html", page=page, f=f, choices=choices, **context)


@bp.route("/casussen/export")
def export():
    """The table with its filters and sort, every page, as CSV or XLSX; audited."""
    user, model = actor(), escalation_model()
    f, prefer_org_id = _table_filters(user, model)
    fmt = (request.args.get("format") or "csv").strip().lower()
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed({"format": "Kies als formaat csv of xlsx."})
    listed = case_list.case_list(
        db.session,
        user,
        f,
        clock.now(),
        prefer_org_id=prefer_org_id,
        phase_names={p.number: p.name for p in model.phases},
    )
    audit(
        "case.export",
        detail={"filters": audited_filters(asdict(f)), "format": fmt, "case_ids": listed.case_ids},
    )
    if fmt == "csv":
        body = spreadsheet.csv_bytes(case_list.HEADER, listed.rows)
        mimetype = spreadsheet.CSV_MIMETYPE
    else:
        body = spreadsheet.xlsx_bytes("Casussen", case_list.HEADER, listed.rows, case_list.WIDTHS)
        mimetype = spreadsheet.XLSX_MIMETYPE
    name = f"casussen-{clock.today().isoformat()}.{fmt}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/casussen/nieuw", methods=["GET", "POST"])
@once_per_form
def new():
    user = actor()
    if request.method == "GET":
        return _render_intake(forms.intake_defaults(user))
    try:
        case = intake.open_case(
            db.session, user, request.form, now=clock.now(), model=escalation_model()
        )
    except intake.DuplicateReport as exc:
        audit("case.duplicate_report", object_type="case", object_id=exc.existing_id)
        flash(exc.message, "info")
        return redirect(url_for(".index"))
    except DomainError as exc:
        db.session.rollback()
        return _render_intake(request.form, exc)
    audit("case.open", object_type="case", object_id=case.id, access=policy.PARTICIPANT)
    flash(f"De casus voor {case.pupil.name} is geopend.", "success")
    for other in intake.seen_duplicates(db.session, user, case):
        flash(
            f"Let op: {other.pupil.name} (casus {other.id}) heeft dezelfde geboortedatum en"
            " woongemeente en bijna dezelfde naam. Gaat het om hetzelfde kind, sluit dan"
            " één van beide casussen.",
            "info",
        )
    return redirect(url_for(".show", case_id=case.id))


def _render_intake(values, exc: DomainError | None = None):
    return render_template(
        "cases/new.html",
        values=values,
        failed="nieuw",
        errors=form_errors(exc),
        choices=forms.intake_choices(db.session),
    ), exc.status if exc else 200


@bp.route("/casussen/<int:case_id>")
def show(case_id: int):
    return render_case_page(case_id)


@bp.route("/casussen/<int:case_id>/delen")
def parts(case_id: int):
    """The parts of the case page that show `?wat=` (names from `case_updated`, comma
    separated), for an open page to swap in; access checked again, audited as a read."""
    whats = [w for w in request.args.get("wat", "").split(",") if w]
    if not whats or any(w not in case_page.PARTS_FOR for w in whats):
        return Response("Onbekend onderdeel van de casuspagina.", 400, mimetype="text/plain")
    return case_page.render_parts(case_id, whats)


def _act(case_id: int, form: str, done: str, service, *args, **kwargs):
    """Run one service on a visible case: commit and go back, or show why not (no change).

    `form` names the form on the case page (its errors show there); the part before the
    first '-' is the section to return to.
    """
    user = actor()
    case, access = queries.get_case(db.session, user, case_id)
    try:
        service(db.session, user, case, access, *args, now=clock.now(), **kwargs)
    except DomainError as exc:
        db.session.rollback()
        return render_case_page(case_id, failed=form, exc=exc), exc.status
    audit(f"case.{service.__name__}", object_type="case", object_id=case.id, access=access)
    flash(done, "success")
    return redirect(url_for(".show", case_id=case_id, _anchor=form.split("-")[0]))


@bp.post("/casussen/<int:case_id>/betrokkenen")
@once_per_form
def add_participation(case_id: int):
    return _act(
        case_id,
        "betrokkenen",
        "De organisatie is betrokken bij de casus.",
        participation.add_participation,
        request.form,
    )


@bp.post("/casussen/<int:case_id>/betrokkenen/<int:participation_id>/beeindigen")
def end_participation(case_id: int, participation_id: int):
    reason = request.form.get("reason", "").strip() or None
    return _act(
        case_id,
        f"betrokkenen-{participation_id}",
        "De betrokkenheid is beëindigd.",
        participation.end_participation,
        participation_id,
        reason,
    )


@bp.post("/casussen/<int:case_id>/regie")
@once_per_form
def set_lead(case_id: int):
    return _act(
        case_id,
        "regie",
        "Vastgelegd. Een andere organisatie krijgt de regie pas als haar coördinator"
        " akkoord geeft.",
        regie.propose_regie,
        _form("lead_org_id", "lead_user_id", "reason"),
        version=read_version(request.form.get("version")),
    )


@bp.post("/casussen/<int:case_id>/regievoorstel/<int:proposal_id>/aannemen")
def accept_regie(case_id: int, proposal_id: int):
    return _act(
        case_id,
        "regievoorstel",
        "U heeft de regie aangenomen.",
        regie.accept_regie,
        proposal_id,
        _form("lead_user_id", "consent_basis", "consent_given_by"),
    )


@bp.post("/casussen/<int:case_id>/regievoorstel/<int:proposal_id>/afwijzen")
def decline_regie(case_id: int, proposal_id: int):
    return _act(
        case_id,
        "regievoorstel-afwijzen",
        "U heeft het regievoorstel afgewezen; de regie blijft waar ze was.",
        regie.decline_regie,
        proposal_id,
        _form("reason"),
    )


@bp.post("/casussen/<int:case_id>/fase")
def move_phase(case_id: int):
    data = {name: request.form.get(name, "") for name in ("phase", "reason")}
    return _act(
        case_id,
        "fase",
        "De fase is gewijzigd.",
        regie.change_phase,
        data,
        model=escalation_model(),
        version=read_version(request.form.get("version")),
    )


@bp.post("/casussen/<int:case_id>/toestemming")
@once_per_form
def record_consent(case_id: int):
    return _act(
        case_id,
        "toestemming",
        "De toestemming is vastgelegd.",
        participation.record_consent,
        request.form,
    )


@bp.post("/casussen/<int:case_id>/toestemming/<int:consent_id>/intrekken")
def withdraw_consent(case_id: int, consent_id: int):
    return _act(
        case_id,
        f"toestemming-{consent_id}",
        "De intrekking is vastgelegd.",
        participation.withdraw_consent,
        consent_id,
        _form("withdrawn_on", "reason"),
    )


def _form(*names: str) -> dict[str, str]:
    """The named fields of the posted form (nothing else reaches the service)."""
    return {name: request.form[name] for name in names if name in request.form}


@bp.post("/casussen/<int:case_id>/vrijstellingen")
@once_per_form
def add_exemption(case_id: int):
    return _act(
        case_id,
        "vrijstellingen",
        "De vrijstelling is vastgelegd.",
        leerplicht.add_exemption,
        _form(*leerplicht.EXEMPTION_FIELDS),
    )


@bp.post("/casussen/<int:case_id>/vrijstellingen/<int:exemption_id>")
def update_exemption(case_id: int, exemption_id: int):
    return _act(
        case_id,
        f"vrijstellingen-{exemption_id}",
        "De vrijstelling is bijgewerkt.",
        leerplicht.update_exemption,
        exemption_id,
        _form(*leerplicht.EXEMPTION_FIELDS),
    )


@bp.post("/casussen/<int:case_id>/verzuimmeldingen")
@once_per_form
def record_absence_report(case_id: int):
    return _act(
        case_id,
        "verzuimmeldingen",
        "De verzuimmelding is vastgelegd; leerplicht is bericht.",
        leerplicht.record_absence_report,
        _form(*leerplicht.REPORT_FIELDS),
        mail=bool(current_app.config["SETTINGS"].smtp_url),
    )


@bp.post("/casussen/<int:case_id>/handhaving")
@once_per_form
def record_enforcement_step(case_id: int):
    return _act(
        case_id,
        "handhaving",
        "De stap is vastgelegd; alleen leerplicht ziet haar.",
        leerplicht.record_enforcement_step,
        _form(*leerplicht.ENFORCEMENT_FIELDS),
    )


@bp.post("/casussen/<int:case_id>/verkort-rooster")
def set_reduced_timetable(case_id: int):
    return _act(
        case_id,
        "rooster",
        "Het verkort rooster is vastgelegd.",
        leerplicht.set_reduced_timetable,
        _form(*leerplicht.TIMETABLE_FIELDS),
    )


@bp.post("/casussen/<int:case_id>/verkort-rooster/beeindigen")
def end_reduced_timetable(case_id: int):
    return _act(
        case_id,
        "rooster-einde",
        "Het verkort rooster is beëindigd.",
        leerplicht.end_reduced_timetable,
        {},
    )


@bp.post("/casussen/<int:case_id>/partijen")
@once_per_form
def add_party(case_id: int):
    return _act(case_id, "partijen", "Vastgelegd.", parties.add_party, _form(*parties.PARTY_FIELDS))


@bp.post("/casussen/<int:case_id>/partijen/<int:party_id>/beeindigen")
def end_party(case_id: int, party_id: int):
    return _act(
        case_id, f"partijen-{party_id}", "Vastgelegd.", parties.end_party, party_id, _form("reason")
    )


@bp.post("/casussen/<int:case_id>/belemmeringen")
@once_per_form
def add_blocker(case_id: int):
    return _act(
        case_id,
        "belemmeringen",
        "De belemmering is vastgelegd.",
        lifecycle.add_blocker,
        request.form,
    )


@bp.post("/casussen/<int:case_id>/belemmeringen/<int:blocker_id>/opheffen")
def end_blocker(case_id: int, blocker_id: int):
    return _act(
        case_id,
        f"belemmeringen-{blocker_id}",
        "De belemmering is opgeheven.",
        lifecycle.end_blocker,
        blocker_id,
        request.form,
    )


@bp.post("/casussen/<int:case_id>/sluiten")
def close_case(case_id: int):
    return _act(
        case_id,
        "sluiten",
        "De casus is gesloten.",
        lifecycle.close_case,
        request.form,
        version=read_version(request.form.get("version")),
    )
