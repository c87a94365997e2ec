"""Report pages: /rapportages (figures, charts, definitions) and its downloads."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import clock
from ..cases.pupils import initials
from ..core.errors import ValidationFailed
from ..core.policy import may_see_name
from ..extensions import db
from ..web.edge import actor, audit, form_errors, require_login
from ..web.report_responses import (
    export_response,
    record_export,
    record_telling,
    telling_csv_response,
    telling_list,
)
from . import (
    charts,
    queries,
    report_cases,
    services,
    telling,
    telling_definitions,
    telling_queries,
    verzuim,
)
from .definitions import COLUMNS, GENERAL, KEYS, TABLE_GROUPS
from .schoolyear import SchoolYear, recent_years

bp = require_login(Blueprint("reports", __name__))


def _telling(user, today, report_year: SchoolYear, load):
    """The leerplichttelling for the page, or None for those it is not made for. It shares
    `load` with the thuiszitter report only when both count the same days (the report's
    school year up to its reference date); a telling for another peildatum reads only its
    own gemeenten."""
    if not telling.may_count(user):
        return None
    req = telling.parse_telling(user, request.args, today)
    same_days = (req.year.start, req.peildatum) == (
        report_year.start,
        report_year.reference_date(today),
    )
    result = telling.leerplichttelling(db.session, user, req, load if same_days else verzuim.load)
    record_telling(user, req, "report.telling.view")
    return result


@bp.get("/rapportages")
def index():
    user, today = actor(), clock.today()
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
        listed_keys=report_cases.LISTED_KEYS,
    )
    load = verzuim.SharedLoads()
    try:
        req = services.parse_request(request.args, today)
        context["telling"] = _telling(user, today, req.year, load)
    except ValidationFailed as exc:
        refused = dict(failed="telling", errors=form_errors(exc), values=request.args)
        return render_template(
            "reports/index.html", error=exc, year=SchoolYear.of(today), **refused, **context
        ), 400
    yc = queries.YearCases(db.session, user, req.year, today)  # read once, for all figures
    report = services.thuiszitter_report(db.session, user, req.year, today, load, yc=yc)
    chart_list = charts.report_charts(
        report,
        queries.at_home_by_month(db.session, yc, report.thuiszitter_runs),
        queries.days_at_home_buckets(db.session, yc),
    )
    record_export(user, req, report, "report.view")
    return render_template(
        "reports/index.html", report=report, year=req.year, charts=chart_list, **context
    )


@bp.get("/rapportages/thuiszitters/casussen")
def thuiszitter_cases():
    """The cases behind one number of the thuiszitter report, audited."""
    user, today = actor(), clock.today()
    services.require_report_access(user)
    year = SchoolYear.parse(request.args.get("school_year"), today)
    key, municipality = report_cases.parse_key(db.session, request.args)
    municipality_id = municipality.id if municipality else None
    found = report_cases.items(db.session, user, year, today, key, municipality_id)
    cases = telling_queries.cases_by_id(db.session, user, {i.case_id for i in found})
    rows = [(_who(*cases[i.case_id]), cases[i.case_id][0], i.note) for i in found]
    detail = {"school_year": year.label, "field": key, "municipality_id": municipality_id}
    audit("report.cases", by=user, detail=detail | {"case_ids": sorted(cases)})
    return render_template(
        "reports/report_cases.html",
        rows=rows,
        year=year,
        label=COLUMNS[key][0],
        definition=COLUMNS[key][1],
        row_name=municipality.name if municipality else "Alle gemeenten",
    )


def _who(case, access) -> str:
    p = case.pupil
    return (
        f"{p.given_name} {p.family_name}"
        if may_see_name(access)
        else initials(p.given_name, p.family_name)
    )


@bp.get("/rapportages/download")
def download():
    user, today = actor(), clock.today()
    services.require_report_access(user)
    req = services.parse_request(request.args, today, default_format="csv")
    if req.format == "json":
        raise ValidationFailed({"format": "Download als csv of xlsx."})
    report = services.thuiszitter_report(db.session, user, req.year, today)
    response = export_response(user, req, report)
    record_export(user, req, report, "report.export")
    return response


@bp.get("/rapportages/leerplichttelling/download")
def telling_download():
    user = actor()
    req = telling.parse_telling(user, request.args, clock.today(), default_format="csv")
    if req.format not in ("csv", "xlsx"):
        raise ValidationFailed({"format": "Download de leerplichttelling als csv of xlsx."})
    result = telling.leerplichttelling(db.session, user, req)
    record_telling(user, req, "report.telling.export")
    return telling_csv_response(result, user.organisation.name)


@bp.get("/rapportages/leerplichttelling/casussen")
def telling_cases():
    result, figure, group, entries = telling_list(actor(), request.args, "report.telling.cases")
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
