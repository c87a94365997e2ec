"""API: the thuiszitter report (JSON, CSV or XLSX), the leerplichttelling (JSON, CSV or XLSX)
with the list behind each of its numbers, and the jaarverslag and SWV figures (JSON, the
numbers of their pages)."""

from __future__ import annotations

from flask import g, request

from .. import clock
from ..extensions import db
from ..reports import drilldown, jaarverslag, jaarverslag_export, services, telling
from ..web.edge import audit
from ..web.report_responses import (
    export_response,
    phase_names,
    record_export,
    record_telling,
    telling_csv_response,
    telling_list,
)
from .payload import check_query, paging
from .routes import bp
from .schemas.reports import TellingCases

TELLING_PARAMETERS = ("school_year", "peildatum", "municipality", "format", "publication")


@bp.get("/reports/thuiszitters")
def thuiszitter_report():
    check_query(("school_year", "format", "publication"))
    today = clock.today()
    services.require_report_access(g.user)
    req = services.parse_request(request.args, today)
    report = services.thuiszitter_report(db.session, g.user, req.year, today)
    if req.format == "json":
        record_export(g.user, req, report, "api.report.view")
        return report.json()
    response = export_response(g.user, req, report)
    record_export(g.user, req, report, "api.report.export")
    return response


@bp.get("/reports/leerplichttelling")
def leerplichttelling():
    check_query(TELLING_PARAMETERS)
    req = telling.parse_telling(g.user, request.args, clock.today())
    result = telling.leerplichttelling(db.session, g.user, req)
    download = req.format in ("csv", "xlsx")
    record_telling(g.user, req, f"api.report.telling.{'export' if download else 'view'}")
    return telling_csv_response(result, g.user.organisation.name) if download else result.json()


@bp.get("/reports/leerplichttelling/cases")
def leerplichttelling_cases():
    check_query((*TELLING_PARAMETERS, "field", "group", "page", "per_page"), ("page", "per_page"))
    page, per_page = paging(100)
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
    result, figure, group, entries = telling_list(g.user, args, "api.report.telling.cases")
    req = result.request
    shown = entries[(page - 1) * per_page : page * per_page]
    return TellingCases(
        school_year=req.year.label,
        peildatum=req.peildatum,
        municipality=req.municipalities[0].name,
        field=figure,
        group=group,
        count=len(entries),  # kept beside `total` for older clients
        items=[drilldown.listed_shape(e) for e in shown],
        total=len(entries),
        page=page,
        per_page=per_page,
    ).dump()


PERIOD_PARAMETERS = ("school_year", "peildatum", "publication")


def _period():
    """(school year, peildatum, publication, audit detail) from the query string; Dutch 400s."""
    check_query(PERIOD_PARAMETERS)
    year, peildatum = jaarverslag.parse_period(request.args, clock.today())
    publication = services.parse_publication(request.args)
    detail = {"school_year": year.label, "peildatum": peildatum.isoformat()}
    return year, peildatum, publication, detail | {"publication": publication}


@bp.get("/reports/jaarverslag")
def jaarverslag_report():
    jaarverslag.require_figures(db.session, g.user)
    year, peildatum, publication, detail = _period()
    report = jaarverslag.jaarverslag(db.session, g.user, year, clock.today(), peildatum)
    detail["municipalities"] = report.ids
    audit("api.report.jaarverslag.view", by=g.user, detail=detail)
    return jaarverslag_export.jaarverslag_json(report, phase_names(), publication)


@bp.get("/reports/swv")
def swv_report():
    jaarverslag.require_swv_figures(db.session, g.user)
    year, peildatum, publication, detail = _period()
    view = jaarverslag.swv_view(db.session, g.user, year, clock.today(), peildatum)
    detail["swvs"] = [s.id for s in view.swvs]
    audit("api.report.swv.view", by=g.user, detail=detail)
    return jaarverslag_export.swv_json(view, publication)
