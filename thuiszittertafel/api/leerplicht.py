"""API: a case's vrijstellingen (leerplicht only) and verzuimmeldingen (DESIGN §8)."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy import select

from .. import clock
from ..cases.leerplicht import (
    add_exemption,
    end_reduced_timetable,
    enforcement_steps,
    record_absence_report,
    record_enforcement_step,
    set_reduced_timetable,
    update_exemption,
)
from ..cases.models import AbsenceReport, EnforcementStep, Exemption
from ..core import permissions, policy
from ..core.errors import NotFound
from ..extensions import db
from .context import audit as _audit
from .context import load_case as _load_case
from .once import idempotent
from .payload import MAX_INT, check_query, json_body, paging
from .routes import bp
from .schemas import leerplicht as shapes
from .schemas import read
from .schemas.leerplicht import (
    AbsenceReportCreate,
    EnforcementStepCreate,
    ExemptionCreate,
    ExemptionUpdate,
    ReducedTimetableSet,
)
from .serializers import case_json


def exemption_json(e: Exemption) -> dict:
    return exemption_shape(e).dump()


def exemption_shape(e: Exemption) -> shapes.Exemption:
    return shapes.Exemption.of(e)


def absence_report_json(r: AbsenceReport) -> dict:
    return absence_report_shape(r).dump()


def absence_report_shape(r: AbsenceReport) -> shapes.AbsenceReport:
    return shapes.AbsenceReport.of(r)


def _listed(case_id: int, model, action: str, as_shape, page_model):
    """One page of a case's records of `model`, oldest first, the read audited."""
    check_query(("page", "per_page"), ("page", "per_page"))
    page, per_page = paging(100)
    case, access = _load_case(case_id)
    if not policy.may_see_name(access):  # not what a meeting shows (DESIGN §3 rule 4)
        raise NotFound()
    rows = list(case.exemptions) if model is Exemption else _reports(case.id)
    _audit(action, object_type="case", object_id=case.id, access=access)
    shown = rows[(page - 1) * per_page : page * per_page]
    items = [as_shape(r) for r in shown]
    return page_model(items=items, total=len(rows), page=page, per_page=per_page).dump()


def _reports(case_id: int) -> list[AbsenceReport]:
    return list(
        db.session.scalars(
            select(AbsenceReport).where(AbsenceReport.case_id == case_id).order_by(AbsenceReport.id)
        )
    )


@bp.get("/cases/<int:case_id>/exemptions")
def list_exemptions(case_id: int):
    return _listed(case_id, Exemption, "api.exemptions.list", exemption_shape, shapes.ExemptionList)


@bp.post("/cases/<int:case_id>/exemptions")
@idempotent
def create_exemption(case_id: int):
    data = json_body()
    read(ExemptionCreate, data)
    case, access = _load_case(case_id)
    exemption = add_exemption(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.exemption.create", object_type="exemption", object_id=exemption.id, access=access)
    return exemption_json(exemption), 201


@bp.patch("/exemptions/<int:exemption_id>")
def patch_exemption(exemption_id: int):
    data = json_body()
    read(ExemptionUpdate, data)
    exemption = db.session.get(Exemption, exemption_id if exemption_id <= MAX_INT else 0)
    if exemption is None:
        raise NotFound()
    case, access = _load_case(exemption.case_id)  # 404 for whoever may not see the case
    update_exemption(db.session, g.user, case, access, exemption.id, data, now=clock.now())
    _audit(
        "api.exemption.update",
        object_type="exemption",
        object_id=exemption.id,
        access=access,
        detail={"fields": sorted(data)},
    )
    return exemption_json(exemption)


@bp.get("/cases/<int:case_id>/absence-reports")
def list_absence_reports(case_id: int):
    return _listed(
        case_id,
        AbsenceReport,
        "api.absence_reports.list",
        absence_report_shape,
        shapes.AbsenceReportList,
    )


@bp.post("/cases/<int:case_id>/absence-reports")
@idempotent
def create_absence_report(case_id: int):
    data = json_body()
    read(AbsenceReportCreate, data)
    case, access = _load_case(case_id)
    report = record_absence_report(
        db.session,
        g.user,
        case,
        access,
        data,
        now=clock.now(),
        mail=bool(current_app.config["SETTINGS"].smtp_url),
    )
    _audit("api.absence_report.create", object_type="case", object_id=case.id, access=access)
    return absence_report_json(report), 201


@bp.put("/cases/<int:case_id>/reduced-timetable")
def put_reduced_timetable(case_id: int):
    data = json_body()
    read(ReducedTimetableSet, data)
    case, access = _load_case(case_id)
    set_reduced_timetable(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.reduced_timetable.set", object_type="case", object_id=case.id, access=access)
    return case_json(case, access, clock.today())


@bp.delete("/cases/<int:case_id>/reduced-timetable")
def delete_reduced_timetable(case_id: int):
    case, access = _load_case(case_id)
    end_reduced_timetable(db.session, g.user, case, access, {}, now=clock.now())
    _audit("api.reduced_timetable.end", object_type="case", object_id=case.id, access=access)
    return case_json(case, access, clock.today())


def enforcement_json(e: EnforcementStep) -> dict:
    return enforcement_shape(e).dump()


def enforcement_shape(e: EnforcementStep) -> shapes.EnforcementStep:
    return shapes.EnforcementStep.of(e)


@bp.get("/cases/<int:case_id>/enforcement-steps")
def list_enforcement_steps(case_id: int):
    """Handhaving: leerplicht only (Wet politiegegevens); others get 403, never a hint."""
    check_query(("page", "per_page"), ("page", "per_page"))
    page, per_page = paging(100)
    case, access = _load_case(case_id)
    permissions.require(g.user, "enforcement", case, access)
    rows = enforcement_steps(db.session, g.user, case, access)
    _audit(
        "api.enforcement.list",
        object_type="case",
        object_id=case.id,
        access=access,
        detail={"enforcement_ids": [e.id for e in rows]},
    )
    shown = rows[(page - 1) * per_page : page * per_page]
    items = [enforcement_shape(e) for e in shown]
    return shapes.EnforcementStepList(
        items=items, total=len(rows), page=page, per_page=per_page
    ).dump()


@bp.post("/cases/<int:case_id>/enforcement-steps")
@idempotent
def create_enforcement_step(case_id: int):
    data = json_body()
    read(EnforcementStepCreate, data)
    case, access = _load_case(case_id)
    step = record_enforcement_step(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.enforcement.create", object_type="case", object_id=case.id, access=access)
    return enforcement_json(step), 201
