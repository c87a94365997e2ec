"""What the report pages and the report API share at the edge: the downloads, the audit rows
of a reading, the list behind a number of the telling, and the escalation phases' names."""

from __future__ import annotations

from flask import Response

from .. import clock
from ..extensions import db
from ..reports import drilldown, exports, services, spreadsheet, telling
from .edge import audit, escalation_model


def phase_names() -> dict[int, str]:
    return {p.number: p.name for p in escalation_model().phases}


def record_export(actor, req: services.ReportRequest, report: services.Report, action: str) -> None:
    """Audit what left the system: year, format, publication and how many rows."""
    detail = {"school_year": req.year.label, "format": req.format, "publication": req.publication}
    detail |= {"rows": len(report.rows), "cases": report.total["cases"]}
    audit(action, by=actor, detail=detail)


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def export_response(actor, req: services.ReportRequest, report: services.Report) -> Response:
    """The CSV or XLSX download, audited in the same transaction."""
    if req.format == "csv":
        body, mimetype = exports.to_csv(report, req.publication), spreadsheet.CSV_MIMETYPE
    else:
        body = exports.to_xlsx(
            report, req.publication, organisation=actor.organisation.name, generated_at=clock.now()
        )
        mimetype = spreadsheet.XLSX_MIMETYPE
    return _download(body, mimetype, exports.filename(report, req.format, req.publication))


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
    return _download(body, mimetype, name)
