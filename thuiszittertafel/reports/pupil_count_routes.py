"""/beheer/leerlingaantallen: functioneel beheer keeps the pupil totals per gemeente and school
year, on the page or by CSV import (refused for everyone else with a 403)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import clock
from ..core.errors import ValidationFailed
from ..extensions import db
from ..web.edge import audit
from . import pupil_counts
from .routes import bp
from .schoolyear import SchoolYear, recent_years


def _page(year: SchoolYear, *, errors=None, failed=None, status=200):
    pupil_counts.require_maintainer(current_user)
    found = pupil_counts.counts(db.session, [year.first])
    return render_template(
        "beheer/leerlingaantallen.html",
        year=year,
        years=recent_years(clock.today(), 10),
        rows=[(m, found.get((m.id, year.first))) for m in pupil_counts.municipalities(db.session)],
        errors=errors or {},
        failed=failed,
        values=request.form if failed == "form" else {},
        headers=pupil_counts.CSV_HEADERS,
    ), status


@bp.get("/beheer/leerlingaantallen")
def pupil_counts_page():
    pupil_counts.require_maintainer(current_user)
    return _page(SchoolYear.parse(request.args.get("school_year"), clock.today()))


@bp.post("/beheer/leerlingaantallen")
def pupil_counts_save():
    pupil_counts.require_maintainer(current_user)
    year = SchoolYear.parse(request.form.get("school_year"), clock.today())
    try:
        changed = pupil_counts.save_year(
            db.session, current_user, year, request.form, now=clock.now()
        )
    except ValidationFailed as exc:
        db.session.rollback()
        return _page(year, errors=exc.errors, failed="form", status=400)
    audit("report.pupil_counts.save", detail={"school_year": year.label, "changed": changed})
    flash(
        f"Leerlingaantallen {year.label} opgeslagen ({changed} gemeente(n) gewijzigd).", "success"
    )
    return redirect(url_for(".pupil_counts_page", school_year=year.label))


@bp.post("/beheer/leerlingaantallen/import")
def pupil_counts_import():
    pupil_counts.require_maintainer(current_user)
    year = SchoolYear.parse(request.form.get("school_year"), clock.today())
    upload = request.files.get("bestand")
    try:
        if upload is None or not upload.filename:
            raise ValidationFailed({"bestand": "Kies een CSV-bestand."})
        raw = upload.stream.read(pupil_counts.MAX_IMPORT_BYTES + 1)
        n = pupil_counts.import_csv(db.session, current_user, raw, clock.today(), now=clock.now())
    except ValidationFailed as exc:
        db.session.rollback()
        return _page(year, errors=exc.errors, failed="import", status=400)
    audit("report.pupil_counts.import", detail={"rows": n})
    flash(f"{n} regel(s) met leerlingaantallen geïmporteerd.", "success")
    return redirect(url_for(".pupil_counts_page", school_year=year.label))
