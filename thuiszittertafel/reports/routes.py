"""Report pages: /rapportages (figures, charts, definitions) and its downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from .. import clock
from ..core.errors import ValidationFailed
from ..extensions import db, login_manager
from ..web.edge import audit, form_errors
from . import (
    charts,
    drilldown,
    exports,
    queries,
    services,
    spreadsheet,
    telling,
    telling_definitions,
)
from .definitions import COLUMNS, GENERAL, KEYS, TABLE_GROUPS
from .schoolyear import SchoolYear, recent_years

bp = Blueprint("reports", __name__)


@bp.before_request
def require_login():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()


def _actor():
    return current_user._get_current_object()


def record_export(actor, req: services.ReportRequest, report: services.Report, action: str) -> None:
    """Audit what left the system: year, format, publication and how many rows."""
    detail = {"school_year": req.year.label, "format": req.format, "publication": req.publication}
    detail |= {"rows": len(report.rows), "cases": report.total["cases"]}
    audit(action, by=actor, detail=detail)


def export_response(actor, req: services.ReportRequest, report: services.Report) -> Response:
    """The CSV or XLSX download, audited in the same transaction."""
    if req.format == "csv":
        body, mimetype = exports.to_csv(report, req.publication), spreadsheet.CSV_MIMETYPE
    else:
        body = exports.to_xlsx(
            report, req.publication, organisation=actor.organisation.name, generated_at=clock.now()
        )
        mimetype = spreadsheet.XLSX_MIMETYPE
    name = exports.filename(report, req.format, req.publication)
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def record_telling(actor, req: telling.TellingRequest, action: str, **detail) -> None:
    """Audit a read of the leerplichttelling: year, peildatum, gemeenten and what else."""
    audit(
        action,
        by=actor,
        detail={
            "school_year": req.year.label,
            "peildatum": req.peildatum.isoformat(),
            "municipalities": [m.name for m in req.municipalities],
            "format": req.format,
            "publication": req.publication,
            **detail,
        },
    )


def telling_list(actor, args, action: str):
    """The list behind one number (page and API alike), its reading audited with the ids
    of the cases shown: (telling, figure, group, entries)."""
    req, figure, group = telling.parse_drilldown(actor, args, clock.today())
    result = telling.leerplichttelling(db.session, actor, req)
    entries = drilldown.listed(db.session, actor, result, req.municipalities[0], figure, group)
    case_ids = sorted({c.id for e in entries for c in e.cases})
    record_telling(actor, req, action, field=figure, group=group, case_ids=case_ids)
    return result, figure, group, entries


def telling_csv_response(result: telling.Telling, organisation: str) -> Response:
    """The telling as a download in the requested format: CSV or XLSX."""
    fmt = "xlsx" if result.request.format == "xlsx" else "csv"
    name = exports.telling_filename(result, fmt)
    if fmt == "xlsx":
        body = exports.telling_xlsx(result, organisation=organisation, generated_at=clock.now())
        mimetype = spreadsheet.XLSX_MIMETYPE
    else:
        body, mimetype = exports.telling_csv(result), spreadsheet.CSV_MIMETYPE
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _telling(user, today):
    """The leerplichttelling for the page, or None for those it is not made for."""
    if not telling.may_count(user):
        return None
    req = telling.parse_telling(user, request.args, today)
    result = telling.leerplichttelling(db.session, user, req)
    record_telling(user, req, "report.telling.view")
    return result


@bp.get("/rapportages")
def index():
    user, today = _actor(), clock.today()
    services.require_report_access(user)
    context = dict(
        years=recent_years(today),
        keys=KEYS,
        columns=COLUMNS,
        general=GENERAL,
        groups=TABLE_GROUPS,
        td=telling_definitions,
        telling=None,
        may_count=telling.may_count(user),
    )
    try:
        req = services.parse_request(request.args, today)
        context["telling"] = _telling(user, today)
    except ValidationFailed as exc:
        refused = dict(failed="telling", errors=form_errors(exc), values=request.args)
        return render_template(
            "reports/index.html", error=exc, year=SchoolYear.of(today), **refused, **context
        ), 400
    report = services.thuiszitter_report(db.session, user, req.year, today)
    yc = queries.YearCases(db.session, user, req.year, today)
    chart_list = charts.report_charts(
        report,
        queries.at_home_by_month(db.session, yc, report.thuiszitter_runs),
        queries.days_at_home_buckets(db.session, yc),
    )
    record_export(user, req, report, "report.view")
    db.session.commit()
    return render_template(
        "reports/index.html", report=report, year=req.year, charts=chart_list, **context
    )


@bp.get("/rapportages/download")
def download():
    user, today = _actor(), clock.today()
    services.require_report_access(user)
    req = services.parse_request(request.args, today, default_format="csv")
    if req.format == "json":
        raise ValidationFailed({"format": "Download als csv of xlsx."})
    report = services.thuiszitter_report(db.session, user, req.year, today)
    response = export_response(user, req, report)
    record_export(user, req, report, "report.export")
    db.session.commit()
    return response


@bp.get("/rapportages/leerplichttelling/download")
def telling_download():
    user = _actor()
    req = telling.parse_telling(user, request.args, clock.today(), default_format="csv")
    if req.format not in ("csv", "xlsx"):
        raise ValidationFailed({"format": "Download de leerplichttelling als csv of xlsx."})
    result = telling.leerplichttelling(db.session, user, req)
    record_telling(user, req, "report.telling.export")
    db.session.commit()
    return telling_csv_response(result, user.organisation.name)


@bp.get("/rapportages/leerplichttelling/casussen")
def telling_cases():
    result, figure, group, entries = telling_list(_actor(), request.args, "report.telling.cases")
    db.session.commit()
    return render_template(
        "reports/telling_cases.html",
        telling=result,
        municipality=result.request.municipalities[0],
        figure=figure,
        label=telling_definitions.FIGURES[figure],
        td=telling_definitions,
        group=group,
        entries=entries,
        pupils=telling.counts_pupils(figure),
    )


# Their routes live on this blueprint.
from . import jaarverslag_routes, pupil_count_routes  # noqa: E402, F401
