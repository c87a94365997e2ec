"""/rapportages/jaarverslag (page, print and PDF) and /rapportages/swv, with the list of
cases behind every number; every reading audited."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_login import current_user

from .. import clock
from ..core.errors import ValidationFailed
from ..core.inputs import Input
from ..escalation.model import load as load_model
from ..extensions import db
from . import (
    charts,
    drilldown,
    jaarverslag,
    jaarverslag_definitions,
    jaarverslag_pdf,
    jaarverslag_tables,
)
from .routes import _record, bp
from .schoolyear import SchoolYear, recent_years
from .services import parse_publication


def _phase_names() -> dict[int, str]:
    model = load_model(current_app.config["SETTINGS"].escalation_model)
    return {p.number: p.name for p in model.phases}


def _year(args) -> SchoolYear:
    return SchoolYear.parse(args.get("school_year"), clock.today())


@bp.get("/rapportages/jaarverslag")
def jaarverslag_page():
    user, today = current_user._get_current_object(), clock.today()
    jaarverslag.require_read(user)
    year = _year(request.args)
    fmt = Input(request.args).choice("format", "het formaat", ["html", "pdf"]) or "html"
    report = jaarverslag.jaarverslag(db.session, user, year, today)
    detail = {"school_year": year.label, "format": fmt}
    _record(user, "report.jaarverslag.view", {**detail, "municipalities": report.ids})
    db.session.commit()
    names = _phase_names()
    if fmt == "pdf":
        body = jaarverslag_pdf.render(report, names, user.organisation.name, clock.now())
        return Response(
            body,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="jaarverslag-{year.label}.pdf"'},
        )
    return render_template(
        "reports/jaarverslag.html",
        report=report,
        jd=jaarverslag_definitions,
        phase_names=names,
        years=recent_years(today),
        tables=jaarverslag_tables.tables(report, names),
        charts=[charts.bar_chart(*c) for c in jaarverslag_tables.charts(report)],
        may_maintain=user.has_role("functioneel-beheer"),
    )


@bp.get("/rapportages/jaarverslag/casussen")
def jaarverslag_cases():
    user, today = current_user._get_current_object(), clock.today()
    jaarverslag.require_read(user)
    year = _year(request.args)
    publication = parse_publication(request.args)
    own = jaarverslag.municipalities_of(db.session, user)
    municipality = jaarverslag.parse_municipality(own, request.args)
    figure = jaarverslag.parse_figure(request.args)
    ids = [municipality.id] if municipality else [m.id for m in own]
    if figure.startswith("regie."):
        if year != SchoolYear.of(today):
            raise ValidationFailed({"field": "Regie per fase is er alleen voor het lopende jaar."})
        figures = jaarverslag.regie_figures(db.session, user, today, ids)
    else:
        figures = jaarverslag.year_figures(db.session, user, year, today, ids, municipality_ids=ids)
    return _cases_page(
        user,
        "report.jaarverslag.cases",
        figures,
        ids,
        municipality.name if municipality else "Alle gemeenten",
        figure,
        publication,
        back=("reports.jaarverslag_page", {"school_year": year.label}),
    )


def _cases_page(user, action, figures, rows, row_name, figure, publication, back):
    members = [m for row in rows for m in figures.members(row, figure)]
    entries = drilldown.listed_cases(db.session, user, members, publication=publication)
    _record(
        user,
        action,
        {
            "school_year": figures.year.label,
            "row": row_name,
            "field": figure,
            "publication": publication,
            "case_ids": sorted({e.case.id for e in entries}),
        },
    )
    db.session.commit()
    label = jaarverslag_definitions.label(figure, _phase_names())
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
    user, today = current_user._get_current_object(), clock.today()
    jaarverslag.require_read_swv(user)
    year = _year(request.args)
    view = jaarverslag.swv_view(db.session, user, year, today)
    _record(user, "report.swv.view", {"school_year": year.label, "swvs": [s.id for s in view.swvs]})
    db.session.commit()
    return render_template(
        "reports/swv.html", view=view, jd=jaarverslag_definitions, years=recent_years(today)
    )


@bp.get("/rapportages/swv/casussen")
def swv_cases():
    user, today = current_user._get_current_object(), clock.today()
    jaarverslag.require_read_swv(user)
    year = _year(request.args)
    publication = parse_publication(request.args)
    swv, school_id, row_name = jaarverslag.parse_swv_row(db.session, user, request.args)
    figure = jaarverslag.parse_figure(request.args)
    if figure not in jaarverslag_definitions.CASE_FIGURES:
        raise ValidationFailed({"field": "Kies een getal uit de cijfers per samenwerkingsverband."})
    if school_id is None:
        figures = jaarverslag.year_figures(db.session, user, year, today, [swv.id], grouping="swv")
        rows = [swv.id]
    else:
        figures = jaarverslag.swv_school_figures(db.session, user, year, today, swv)
        rows = [school_id]
    return _cases_page(
        user,
        "report.swv.cases",
        figures,
        rows,
        row_name,
        figure,
        publication,
        back=("reports.swv_page", {"school_year": year.label}),
    )
