"""/rapportages/jaarverslag (page, print, CSV and PDF) and /rapportages/swv (page and CSV),
with the pupils behind every number; every reading audited. Those who may open a page but
see no cases get the reason instead of figures."""

from __future__ import annotations

from flask import Response, render_template, request

from .. import clock
from ..core.errors import ValidationFailed
from ..core.inputs import Input
from ..extensions import db
from ..web.edge import actor, audit
from ..web.report_responses import phase_names
from . import (
    charts,
    drilldown,
    jaarverslag,
    jaarverslag_definitions,
    jaarverslag_export,
    jaarverslag_pdf,
    jaarverslag_tables,
    spreadsheet,
)
from .routes import bp
from .schoolyear import recent_years
from .services import parse_publication

FORMATS = ["html", "pdf", "csv"]


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _format(formats: list[str]) -> str:
    i = Input(request.args)
    fmt = i.choice("format", "het formaat", formats)
    i.done()
    return fmt or "html"


def _no_figures(title: str, reason: str, user):
    return render_template(
        "reports/no_figures.html",
        title=title,
        reason=reason,
        may_maintain=user.has_role("functioneel-beheer"),
    )


@bp.get("/rapportages/jaarverslag")
def jaarverslag_page():
    user = actor()
    jaarverslag.require_read(user)
    reason = jaarverslag.no_figures_reason(db.session, user)
    if reason:
        return _no_figures("Jaarverslag", reason, user)
    year, peildatum = jaarverslag.parse_period(request.args, clock.today())
    fmt = _format(FORMATS)
    publication = parse_publication(request.args)
    report = jaarverslag.jaarverslag(db.session, user, year, clock.today(), peildatum)
    detail = {"school_year": year.label, "peildatum": peildatum.isoformat(), "format": fmt}
    detail |= {"publication": publication, "municipalities": report.ids}
    audit("report.jaarverslag.view", detail=detail)
    names = phase_names()
    if fmt == "csv":
        body = jaarverslag_export.jaarverslag_csv(report, publication)
        name = jaarverslag_export.filename("jaarverslag", year, "csv", publication)
        return _download(body, spreadsheet.CSV_MIMETYPE, name)
    if fmt == "pdf":
        body = jaarverslag_pdf.render(
            report, names, user.organisation.name, clock.now(), publication=publication
        )
        name = jaarverslag_export.filename("jaarverslag", year, "pdf", publication)
        return _download(body, "application/pdf", name)
    return render_template(
        "reports/jaarverslag.html",
        report=report,
        jd=jaarverslag_definitions,
        years=recent_years(clock.today()),
        publication=publication,
        tables=jaarverslag_tables.tables(report, names, publication),
        charts=[]
        if publication
        else [charts.bar_chart(*c) for c in jaarverslag_tables.charts(report)],
    )


@bp.get("/rapportages/jaarverslag/casussen")
def jaarverslag_cases():
    user = actor()
    jaarverslag.require_figures(db.session, user)
    year, peildatum = jaarverslag.parse_period(request.args, clock.today())
    publication = parse_publication(request.args)
    own = jaarverslag.municipalities_of(user)
    municipality = jaarverslag.parse_municipality(own, request.args)
    figure = jaarverslag.parse_figure(request.args)
    jaarverslag.require_figure_readable(user, figure)
    ids = [municipality.id] if municipality else [m.id for m in own]
    figures = jaarverslag.year_figures(db.session, user, year, peildatum, ids, municipality_ids=ids)
    return _cases_page(
        user,
        "report.jaarverslag.cases",
        figures.members(ids, figure),
        figures,
        municipality.name if municipality else "Alle gemeenten",
        figure,
        publication,
        back=("reports.jaarverslag_page", {"school_year": year.label}),
    )


def _cases_page(user, action, members, figures, row_name, figure, publication, back):
    entries = drilldown.listed_pupils(db.session, user, members, publication=publication)
    detail = {
        "school_year": figures.year.label,
        "peildatum": figures.peildatum.isoformat(),
        "row": row_name,
        "field": figure,
        "publication": publication,
        "case_ids": sorted({c.id for e in entries for c in e.cases}),
    }
    audit(action, detail=detail)
    label = jaarverslag_definitions.label(figure, phase_names())
    definition = jaarverslag_definitions.FIGURES.get(figure, jaarverslag_definitions.REGIE)[1]
    return render_template(
        "reports/jaarverslag_cases.html",
        entries=entries,
        label=label,
        definition=definition,
        row_name=row_name,
        figures=figures,
        publication=publication,
        back=back,
    )


@bp.get("/rapportages/swv")
def swv_page():
    user = actor()
    jaarverslag.require_read_swv(user)
    reason = jaarverslag.no_swv_figures_reason(db.session, user)
    if reason:
        return _no_figures("Thuiszitters per samenwerkingsverband", reason, user)
    year, peildatum = jaarverslag.parse_period(request.args, clock.today())
    fmt = _format(["html", "csv"])
    publication = parse_publication(request.args)
    view = jaarverslag.swv_view(db.session, user, year, clock.today(), peildatum)
    detail = {"school_year": year.label, "peildatum": peildatum.isoformat(), "format": fmt}
    detail |= {"publication": publication, "swvs": [s.id for s in view.swvs]}
    audit("report.swv.view", detail=detail)
    if fmt == "csv":
        name = jaarverslag_export.filename("swv", year, "csv", publication)
        body = jaarverslag_export.swv_csv(view, publication)
        return _download(body, spreadsheet.CSV_MIMETYPE, name)
    return render_template(
        "reports/swv.html",
        view=view,
        jd=jaarverslag_definitions,
        years=recent_years(clock.today()),
        publication=publication,
        count_text=jaarverslag_tables.swv_count_text,
        legend=jaarverslag_tables.LEGEND,
    )


@bp.get("/rapportages/swv/casussen")
def swv_cases():
    user = actor()
    jaarverslag.require_swv_figures(db.session, user)
    year, peildatum = jaarverslag.parse_period(request.args, clock.today())
    publication = parse_publication(request.args)
    swv, school_id, row_name = jaarverslag.parse_swv_row(db.session, user, request.args)
    figure = jaarverslag.parse_figure(request.args)
    if figure not in jaarverslag_definitions.CASE_FIGURES:
        raise ValidationFailed({"field": "Kies een getal uit de cijfers per samenwerkingsverband."})
    if school_id is None:
        figures = jaarverslag.year_figures(
            db.session, user, year, peildatum, [swv.id], grouping="swv"
        )
        rows = [swv.id]
    else:
        figures = jaarverslag.swv_school_figures(db.session, user, year, peildatum, swv)
        rows = [school_id]
    return _cases_page(
        user,
        "report.swv.cases",
        figures.members(rows, figure),
        figures,
        row_name,
        figure,
        publication,
        back=("reports.swv_page", {"school_year": year.label}),
    )
