"""Meeting pages: /overleggen (plan, list) and /overleggen/<id> (agenda, decisions, minutes).

Every action is a plain form post that reloads the page; the live screen
(static/js/meeting.js) posts the same forms with `Accept: application/json`, and every
screen in the meeting's room refetches the agenda fragment when the state changes.
"""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..auth.models import Role, User
from ..core import permissions
from ..core.errors import DomainError, NotFound, ValidationFailed
from ..core.inputs import Input
from ..core.versions import expect, read_version
from ..extensions import db
from ..organisations.models import Organisation
from ..web.edge import audit, escalation_model, require_login
from ..web.once import FIELD as FORM_KEY
from ..web.once import once_per_form
from . import calendar, carryover, minutes, services, table
from .calendar_routes import calendar_url
from .models import KINDS
from .queries import meeting_state, viewed
from .suggestions import suggestions

bp = Blueprint("meetings", __name__)
require_login(bp)
DECISION_AGREEMENTS = 3  # agreement rows in the page's decision form (the API takes 20)


@bp.route("/overleggen", methods=["GET", "POST"])
@once_per_form
def index():
    may_plan = current_user.has_role(Role.coordinator)
    errors, values = {}, {}
    if request.method == "POST":
        data = request.form.to_dict()
        data.pop(FORM_KEY, None)  # the request's, not the meeting's (web/once.py)
        data["attendee_user_ids"] = request.form.getlist("attendee_user_ids")
        try:
            data = _with_start(data)
            created = services.create_meeting(db.session, current_user, data, now=clock.now())
            audit("meeting.create", object_type="meeting", object_id=created[0].id)
            flash(
                "Het overleg is gepland."
                if len(created) == 1
                else f"{len(created)} overleggen zijn gepland.",
                "success",
            )
            return redirect(url_for(".show", meeting_id=created[0].id))
        except DomainError as exc:
            db.session.rollback()
            errors, values = getattr(exc, "errors", {"": exc.message}), request.form
            status = exc.status
    token = calendar.feed_token(db.session, current_user, key=current_app.config["SECRET_KEY"])
    page = render_template(
        "meetings/index.html",
        feed_url=calendar_url(token),
        meetings=services.my_meetings(db.session, current_user),
        waiting=carryover.waiting(db.session, current_user) if may_plan else [],
        may_plan=may_plan,
        people=_people() if may_plan else [],
        kinds=KINDS,
        errors=errors,
        values=values,
    )
    return (page, status) if errors else page


def _with_start(data: dict) -> dict:
    """The plan form's date (dd-mm-jjjj) and time (uu:mm) as the one moment the service
    takes (`starts_at`, as the API sends it)."""
    day, at = data.pop("starts_on", "").strip(), data.pop("starts_time", "").strip()
    if "starts_at" in data or not day:
        return data
    if not re.fullmatch(r"\d{1,2}[:.]\d{2}", at):
        raise ValidationFailed(
            {"starts_time": "Vul de begintijd in als uu:mm, bijvoorbeeld 14:00."}
        )
    parsed = Input({"day": day}).day("day", "de datum")
    hours, minutes_ = (int(x) for x in re.split(r"[:.]", at))
    if hours > 23 or minutes_ > 59:
        raise ValidationFailed({"starts_time": "Deze begintijd bestaat niet; gebruik uu:mm."})
    return {
        **data,
        "starts_at": f"{parsed.isoformat()}T{hours:02d}:{minutes_:02d}" if parsed else day,
    }


def record_view(meeting, action: str = "meeting.view", *, minutes: bool = False) -> None:
    for fields in viewed(meeting, current_user, minutes=minutes):
        audit(action, **fields)


def _people(meeting=None) -> list:
    """Active users to invite (the plan form; the chair's attendee form)."""
    taken = {meeting.chair_user_id, *(u.id for u in meeting.attendees)} if meeting else set()
    return [
        u
        for u in db.session.scalars(
            select(User)
            .join(Organisation)
            .where(User.active)
            .order_by(Organisation.name, User.name)
        )
        if u.id not in taken
    ]


def _page_context(meeting) -> dict:
    chair = meeting.chair_user_id == current_user.id
    model = escalation_model()
    return {
        "meeting": meeting,
        "chair": chair,
        "present_ids": {u.id for u in meeting.present},
        "phases": model.phases,
        "DECISION_AGREEMENTS": DECISION_AGREEMENTS,
        "refused": None,
        "state": meeting_state(db.session, meeting, current_user, today=clock.today()),
    }


@bp.route("/overleggen/<int:meeting_id>")
def show(meeting_id: int):
    return _show(services.get_meeting(db.session, current_user, meeting_id))


def _show(meeting, refused: dict | None = None):
    """The meeting page; `refused`: the form that was refused, with what was typed."""
    record_view(meeting)
    context = _page_context(meeting)
    proposed = []
    if context["chair"] and meeting.status == "draft":
        proposed = suggestions(
            db.session,
            current_user,
            now=clock.now(),
            today=clock.today(),
            exclude_meeting_id=meeting.id,
            limit=30,
        )
    chairs_open = context["chair"] and meeting.status != "final"
    return render_template(
        "meetings/show.html",
        proposed=proposed,
        people=_people(meeting) if chairs_open else [],
        waiting=carryover.waiting(db.session, current_user) if context["chair"] else [],
        **{**context, "refused": refused},
    )


@bp.get("/overleggen/<int:meeting_id>/agenda")
def agenda_fragment(meeting_id: int):
    """The agenda alone, as the live screen fetches it after every change."""
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    record_view(meeting)
    return render_template("meetings/_agenda.html", **_page_context(meeting))


@bp.get("/overleggen/<int:meeting_id>/lijst")
def case_list_page(meeting_id: int):
    """The thuiszitterstafel list, printable: one row per child on the agenda (wie, wat,
    wanneer, stand van zaken, open afspraken), as the viewer may see each case: initials,
    never names; only while the agenda is open to the viewer."""
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    record_view(meeting, "meeting.case_list")
    return render_template(
        "meetings/case_list.html",
        meeting=meeting,
        state=meeting_state(db.session, meeting, current_user, today=clock.today()),
    )


@bp.get("/overleggen/<int:meeting_id>/verslag")
def minutes_page(meeting_id: int):
    """The whole minutes, printable: initials and organisations only."""
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    if meeting.status != "final":
        flash("Het verslag is er pas als de voorzitter het definitief heeft gemaakt.", "error")
        return redirect(url_for(".show", meeting_id=meeting.id)), 303
    record_view(meeting, "meeting.minutes", minutes=True)
    return render_template(
        "meetings/minutes.html",
        meeting=meeting,
        heading=minutes.heading(meeting),
        presence=minutes.presence(meeting),
        parts=minutes.whole(db.session, meeting),
    )


def _wants_json() -> bool:
    """The live screen posts the same forms with `Accept: application/json`."""
    return request.accept_mimetypes.best == "application/json"


def _refuse(meeting_id: int, exc: DomainError):
    """Say why not and change nothing: JSON for the live screen; without it, the page again
    with the message in the refused form and everything typed still in it."""
    if _wants_json():
        return {
            "ok": False,
            "error": exc.code,
            "message": exc.message,
            "fields": getattr(exc, "errors", {}),
        }, exc.status
    if isinstance(exc, NotFound):
        raise exc
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    errors = getattr(exc, "errors", None) or {"": exc.message}
    refused = {
        "action": request.path,
        "form": request.form,
        "messages": list(dict.fromkeys(errors.values())),
    }
    return _show(meeting, refused), exc.status


def _act(meeting_id: int, done, action, *args, seen: bool = False, **kwargs):
    """Run one meeting service as the current user and commit (the room hears the new
    state after the commit) and go back (or answer in JSON), or say why not and change
    nothing. `done`: the message, or a function of the result that gives it. `seen`: the
    form carries the meeting's version it was shown with (hidden `version`, kept current
    by the live screen); a change since is refused with what changed, before anything is
    done."""
    try:
        meeting = services.get_meeting(db.session, current_user, meeting_id)
        if seen:  # the chair's forms only; anyone else learns nothing of the changes
            permissions.require(current_user, "meeting.item", target=meeting)
            expect(db.session, meeting, read_version(request.form.get("version")))
        result = action(db.session, current_user, meeting, *args, now=clock.now(), **kwargs)
        audit(f"meeting.{action.__name__}", object_type="meeting", object_id=meeting.id)
        version = meeting.version  # the claimed one; after the commit it would be read again
    except DomainError as exc:
        db.session.rollback()
        return _refuse(meeting_id, exc)
    message = done(result) if callable(done) else done
    if _wants_json():
        return {"ok": True, "message": message, "version": version}
    flash(message, "success")
    return redirect(url_for(".show", meeting_id=meeting_id))


@bp.post("/overleggen/<int:meeting_id>/agenda")
@once_per_form
def add_item(meeting_id: int):
    return _act(
        meeting_id,
        "De casus staat op de agenda.",
        services.add_item,
        {"case_id": request.form.get("case_id", "")},
        seen=True,
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/verwijderen")
def remove_item(meeting_id: int, item_id: int):
    return _act(
        meeting_id, "Het agendapunt is verwijderd.", services.remove_item, item_id, seen=True
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/verplaatsen")
def move_item(meeting_id: int, item_id: int):
    """One place earlier or later on the agenda (richting=eerder|later)."""
    step = {"eerder": -1, "later": 1}.get(request.form.get("richting", ""), 0)
    return _act(
        meeting_id,
        "De volgorde van de agenda is aangepast.",
        services.move_item,
        item_id,
        step,
        seen=True,
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/cirkel-0")
def cirkel_0(meeting_id: int, item_id: int):
    """Parents informed, parents and pupil present (checkboxes: absent means no)."""
    data = {
        k: request.form.get(k, "") for k in ("parents_informed", "parents_present", "pupil_present")
    }
    return _act(meeting_id, "Vastgelegd.", services.set_cirkel_0, item_id, data)


@bp.post("/overleggen/<int:meeting_id>/publiceren")
def publish(meeting_id: int):
    return _act(meeting_id, "De agenda is gepubliceerd.", services.publish, seen=True)


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/openen")
def open_item(meeting_id: int, item_id: int):
    return _act(meeting_id, "Dit agendapunt is nu aan de orde.", services.open_item, item_id)


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/notities")
def add_note(meeting_id: int, item_id: int):
    data = {k: request.form[k] for k in ("body", "client_id") if request.form.get(k)}
    return _act(
        meeting_id,
        lambda r: "De notitie is geplaatst." if r[1] else "Deze notitie was al geplaatst.",
        services.post_meeting_note,
        item_id,
        {"body": "", **data},
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/besluiten")
def decide(meeting_id: int, item_id: int):
    """One decision from the page form: its agreements (the filled-in rows of the form's
    agreement fieldsets) and any phase move, all at once or nothing."""
    form = request.form
    data = {"text": form.get("text", "")}
    if form.get("phase"):
        data["move_to_phase"] = form["phase"]
    columns = [form.getlist(k) for k in ("description", "owner_org_id", "due_at")]
    # "Vervangt" is optional: a form (or client) without it replaces nothing.
    replaces = form.getlist("replaces_id") or [""] * len(columns[0])
    columns.append(replaces)
    if len({len(c) for c in columns}) > 1:
        return _refuse(
            meeting_id,
            ValidationFailed(
                {
                    "agreements": (
                        "Elke afspraak heeft een omschrijving, een eigenaar en een termijn;"
                        " vernieuw de pagina en vul het formulier opnieuw in."
                    )
                }
            ),
        )
    agreements = [
        {"description": d, "owner_org_id": o, "due_at": t, "replaces_id": r}
        for d, o, t, r in zip(*columns, strict=True)
        if d.strip() or o or t or r
    ]
    if agreements:
        data["agreements"] = agreements
    model = escalation_model()
    if form.get("client_id"):
        data["client_id"] = form["client_id"]
    return _act(
        meeting_id,
        lambda r: "Het besluit is vastgelegd." if r[1] else "Dit besluit was al vastgelegd.",
        services.decide,
        item_id,
        data,
        model=model,
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/volgorde")
def order_items(meeting_id: int):
    """The whole agenda in a new order (drag and drop on the live screen)."""
    return _act(
        meeting_id,
        "De volgorde van de agenda is aangepast.",
        services.order_items,
        {"item_ids": request.form.getlist("item_ids")},
        seen=True,
    )


@bp.post("/overleggen/<int:meeting_id>/volgende")
def next_item(meeting_id: int):
    return _act(meeting_id, "Het volgende punt is aan de orde.", table.next_item)


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/niet-besproken")
def not_discussed(meeting_id: int, item_id: int):
    return _act(
        meeting_id,
        "Het punt is niet besproken; het gaat mee naar het volgende overleg.",
        table.mark_not_discussed,
        item_id,
        {"reason": request.form.get("reason", "")},
    )


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/toch-bespreken")
def discussed(meeting_id: int, item_id: int):
    return _act(meeting_id, "Het punt staat weer ter bespreking.", table.mark_discussed, item_id)


@bp.post("/overleggen/<int:meeting_id>/deelnemers")
@once_per_form
def add_attendees(meeting_id: int):
    return _act(
        meeting_id,
        lambda new: "Uitgenodigd: " + ", ".join(u.name for u in new) + ".",
        table.add_attendees,
        {"attendee_user_ids": request.form.getlist("attendee_user_ids")},
        mail=bool(current_app.config["SETTINGS"].smtp_url),
    )


@bp.post("/overleggen/<int:meeting_id>/deelnemers/<int:user_id>/verwijderen")
def remove_attendee(meeting_id: int, user_id: int):
    return _act(
        meeting_id,
        lambda user: f"{user.name} is geen deelnemer meer.",
        table.remove_attendee,
        user_id,
    )


@bp.post("/overleggen/<int:meeting_id>/aanwezig")
def presence(meeting_id: int):
    return _act(
        meeting_id,
        "De aanwezigheid is vastgelegd.",
        table.set_presence,
        {"present_user_ids": request.form.getlist("present_user_ids")},
    )


@bp.post("/overleggen/<int:meeting_id>/vaststellen")
def finalize(meeting_id: int):
    """Without `confirm=ja`: a page that says what finalising does, to confirm it."""
    if request.form.get("confirm") != "ja":
        meeting = services.get_meeting(db.session, current_user, meeting_id)
        try:
            services.refuse_finalize(current_user, meeting, now=clock.now())
        except DomainError as exc:
            return _refuse(meeting_id, exc)
        record_view(meeting)
        return render_template(
            "meetings/finalize.html",
            meeting=meeting,
            state=meeting_state(db.session, meeting, current_user, today=clock.today()),
            later=carryover.next_in_series(db.session, meeting),
        )
    return _act(
        meeting_id,
        "Het verslag is definitief en staat in elke casus.",
        services.finalize,
        mail=bool(current_app.config["SETTINGS"].smtp_url),
        seen=True,
    )


@bp.post("/overleggen/agenda-feed")
def create_feed():
    """A (new) private calendar address; an earlier one stops working."""
    calendar.create_feed(
        db.session, current_user, key=current_app.config["SECRET_KEY"], now=clock.now()
    )
    audit("calendar.create", object_type="user", object_id=current_user.id)
    flash("Uw agenda-adres is klaar; een eerder adres werkt niet meer.", "success")
    return redirect(url_for(".index", _anchor="agenda-feed"))


@bp.post("/overleggen/agenda-feed/intrekken")
def revoke_feed():
    if calendar.revoke_feed(db.session, current_user):
        audit("calendar.revoke", object_type="user", object_id=current_user.id)
        flash(
            "Uw agenda-adres is ingetrokken; agenda's die het volgden, krijgen niets meer.",
            "success",
        )
    else:
        flash("U had geen agenda-adres.", "error")
    return redirect(url_for(".index", _anchor="agenda-feed"))
