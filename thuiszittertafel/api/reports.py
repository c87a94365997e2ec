"""API: the thuiszitter report as JSON, CSV or XLSX."""

from __future__ import annotations

from flask import g, request

from .. import clock
from ..extensions import db
from ..reports import services
from ..reports.routes import export_response, record_export
from .payload import check_query
from .routes import bp


@bp.get("/reports/thuiszitters")
def thuiszitter_report():
    check_query(("school_year", "format", "publication"))
    today = clock.today()
    services.require_report_access(g.user)
    req = services.parse_request(request.args, today)
    report = services.thuiszitter_report(db.session, g.user, req.year, today)
    if req.format == "json":
        record_export(g.user, req, report, "api.report.view")
        db.session.commit()
        return report.json()
    response = export_response(g.user, req, report)
    record_export(g.user, req, report, "api.report.export")
    db.session.commit()
    return response
