"""Meeting pages: /overleggen (plan, list) and /overleggen/<id> (agenda, decisions, minutes).

The live screen (the chair moving through the agenda on every attendee's screen) builds on
these pages; without it, each action here is a plain form post that reloads the page.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import clock
from ..audit import services as audit
from ..auth.models import Role, User
from ..core.errors import DomainError
from ..escalation.model import load as load_model
from ..extensions import db
from ..organisations.models import Organisation
from . import services
from .delivery import emit_state
from .models import KINDS
from .queries import meeting_state
from .suggestions import suggestions

bp = Blueprint("meetings", __name__)


@bp.before_request
@login_required
def require_login():
    return None


def _audit(action: str, meeting_id: int) -> None:
    audit.record(db.session, key=current_app.config["SECRET_KEY"], actor=current_user,
                 action=action, now=clock.now(), object_type="meeting", object_id=meeting_id)


@bp.route("/overleggen", methods=["GET", "POST"])
def index():
    may_plan = current_user.has_role(Role.coordinator)
    errors, values = {}, {}
    if request.method == "POST":
        data = request.form.to_dict()
        data["attendee_user_ids"] = request.form.getlist("attendee_user_ids")
        try:
            created = services.create_meeting(db.session, current_user, data,
                                              now=clock.now())
            _audit("meeting.create", created[0].id)
            db.session.commit()
            flash("Het overleg is gepland." if len(created) == 1 else
                  f"{len(created)} overleggen zijn gepland.", "success")
            return redirect(url_for(".show", meeting_id=created[0].id))
        except DomainError as exc:
            db.session.rollback()
            errors, values = getattr(exc, "errors", {"": exc.message}), request.form
            status = exc.status
    people = list(db.session.scalars(select(User).join(Organisation).where(User.active)
                                     .order_by(Organisation.name, User.name))) \
        if may_plan else []
    page = render_template("meetings/index.html",
                           meetings=services.my_meetings(db.session, current_user),
                           may_plan=may_plan, people=people, kinds=KINDS, errors=errors,
                           values=values)
    return (page, status) if errors else page


@bp.route("/overleggen/<int:meeting_id>")
def show(meeting_id: int):
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    chair = meeting.chair_user_id == current_user.id
    _audit("meeting.view", meeting.id)
    db.session.commit()
    proposed = []
    if chair and meeting.status == "draft":
        proposed = suggestions(db.session, current_user, now=clock.now(),
                               today=clock.today(), exclude_meeting_id=meeting.id, limit=30)
    model = load_model(current_app.config["SETTINGS"].escalation_model)
    return render_template("meetings/show.html", meeting=meeting, chair=chair,
                           state=meeting_state(db.session, meeting, chair=chair,
                                               today=clock.today()),
                           proposed=proposed, phases=model.phases)


def _act(meeting_id: int, done: str, action, *args, **kwargs):
    """Run one meeting service as the current user: commit and go back, or say why not."""
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    try:
        action(db.session, current_user, meeting, *args, now=clock.now(), **kwargs)
        _audit(f"meeting.{action.__name__}", meeting.id)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".show", meeting_id=meeting_id)), 303
    emit_state(db.session, meeting)
    flash(done, "success")
    return redirect(url_for(".show", meeting_id=meeting_id))


@bp.post("/overleggen/<int:meeting_id>/agenda")
def add_item(meeting_id: int):
    return _act(meeting_id, "De casus staat op de agenda.", services.add_item,
                {"case_id": request.form.get("case_id", "")})


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/verwijderen")
def remove_item(meeting_id: int, item_id: int):
    meeting = services.get_meeting(db.session, current_user, meeting_id)
    try:
        services.remove_item(db.session, current_user, meeting, item_id)
        db.session.commit()
        flash("Het agendapunt is verwijderd.", "success")
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for(".show", meeting_id=meeting_id))


@bp.post("/overleggen/<int:meeting_id>/publiceren")
def publish(meeting_id: int):
    return _act(meeting_id, "De agenda is gepubliceerd.", services.publish)


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/openen")
def open_item(meeting_id: int, item_id: int):
    return _act(meeting_id, "Dit agendapunt is nu aan de orde.", services.open_item, item_id)


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/notities")
def add_note(meeting_id: int, item_id: int):
    return _act(meeting_id, "De notitie is geplaatst.", services.post_meeting_note, item_id,
                {"body": request.form.get("body", "")})


@bp.post("/overleggen/<int:meeting_id>/agenda/<int:item_id>/besluiten")
def decide(meeting_id: int, item_id: int):
    """One decision with at most one agreement from the page form (the API takes more)."""
    form = request.form
    data = {"text": form.get("text", "")}
    if form.get("phase"):
        data["move_to_phase"] = form["phase"]
    if any(form.get(k) for k in ("description", "owner_org_id", "due_at")):
        data["agreements"] = [{k: form.get(k, "") for k in
                               ("description", "owner_org_id", "due_at")}]
    model = load_model(current_app.config["SETTINGS"].escalation_model)
    return _act(meeting_id, "Het besluit is vastgelegd.", services.decide, item_id, data,
                model=model)


@bp.post("/overleggen/<int:meeting_id>/vaststellen")
def finalize(meeting_id: int):
    return _act(meeting_id, "Het verslag is definitief en staat in elke casus.",
                services.finalize, mail=bool(current_app.config["SETTINGS"].smtp_url))
