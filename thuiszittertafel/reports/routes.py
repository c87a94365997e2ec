"""Report pages: /rapportages (figures, charts, definitions) and its downloads."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from .. import clock
from ..audit import services as audit
from ..core.errors import ValidationFailed
from ..extensions import db, login_manager
from . import charts, exports, queries, services
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
    audit.record(
        db.session,
        key=current_app.config["SECRET_KEY"],
        actor=actor,
        action=action,
        now=clock.now(),
        detail={
            "school_year": req.year.label,
            "format": req.format,
            "publication": req.publication,
            "rows": len(report.rows),
            "cases": report.total["cases"],
        },
    )


def export_response(actor, req: services.ReportRequest, report: services.Report) -> Response:
    """The CSV or XLSX download, audited in the same transaction."""
    if req.format == "csv":
        body, mimetype = exports.to_csv(report, req.publication), exports.CSV_MIMETYPE
    else:
        body = exports.to_xlsx(
            report, req.publication, organisation=actor.organisation.name, generated_at=clock.now()
        )
        mimetype = exports.XLSX_MIMETYPE
    name = exports.filename(report, req.format, req.publication)
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/rapportages")
def index():
    user, today = _actor(), clock.today()
    services.require_report_access(user)
    context = dict(
        years=recent_years(today), keys=KEYS, columns=COLUMNS, general=GENERAL, groups=TABLE_GROUPS
    )
    try:
        req = services.parse_request(request.args, today)
    except ValidationFailed as exc:
        return render_template(
            "reports/index.html", error=exc, year=SchoolYear.of(today), **context
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
