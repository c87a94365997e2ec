"""API: meetings (ZAT, thuiszitterstafel): plan, agenda, decisions, minutes."""

from __future__ import annotations

from flask import Response, current_app, g, request

from .. import clock
from ..agreements.queries import agreement_shape
from ..core import permissions
from ..core.inputs import Input
from ..core.versions import expect
from ..extensions import db
from ..meetings import minutes, services, table
from ..meetings.queries import item_json, meeting_json, meeting_shape, viewed
from ..meetings.suggestions import suggestions
from ..notes.queries import note_json
from . import payload
from .context import audit as _audit
from .context import escalation_model as _model
from .errors import json_error
from .once import idempotent
from .payload import MAX_INT, check_query, json_body, paging
from .routes import bp
from .schemas import meetings as bodies
from .schemas import read
from .schemas.meetings import Decision, MeetingList, MeetingSuggestions, Suggestion


def _meeting(meeting_id: int):
    return services.get_meeting(db.session, g.user, meeting_id if meeting_id <= MAX_INT else 0)


def _changing(meeting_id: int):
    """The meeting a change is asked of, as the client saw it (If-Match): someone who is not
    its chair is refused first (403, learning nothing of what changed, as on the page); a
    stale version is 409 with what changed since, before anything is done. A change racing
    past this check still meets the service's own claim of the version read here."""
    meeting = _meeting(meeting_id)
    permissions.require(g.user, "meeting.item", target=meeting)
    expect(db.session, meeting, payload.if_match())
    return meeting


def _done(meeting, action: str, status: int = 200, **detail):
    """Audit a change to the meeting, committed with the request (its room hears the new
    state after the commit: the service queued it); the answer carries the new version as
    its ETag."""
    _audited(meeting, action, **detail)
    return meeting_json(meeting, g.user), status, {"ETag": f'"{meeting.version}"'}


def _audited(meeting, action: str, **detail) -> None:
    _audit(
        f"api.meeting.{action}", object_type="meeting", object_id=meeting.id, detail=detail or None
    )


@bp.get("/meetings")
def list_meetings():
    check_query(("page", "per_page"), ("page", "per_page"))
    page, per_page = paging(100)
    mine = services.my_meetings(db.session, g.user)
    shown = mine[(page - 1) * per_page : page * per_page]
    _audit("api.meeting.list", detail={"ids": [m.id for m in shown]})
    items = [meeting_shape(m, g.user) for m in shown]
    return MeetingList(items=items, total=len(mine), page=page, per_page=per_page).dump()


@bp.post("/meetings")
@idempotent
def create_meeting():
    data = json_body()
    read(bodies.MeetingCreate, data)
    series = services.create_meeting(db.session, g.user, data, now=clock.now())
    _audited(series[0], "create", series_ids=[m.id for m in series])
    return meeting_shape(series[0], g.user, series=series).dump(), 201


@bp.get("/meetings/<int:meeting_id>")
def show_meeting(meeting_id: int):
    return _done(_meeting(meeting_id), "view")


@bp.get("/meetings/suggestions")
def meeting_list_suggestions():
    check_query(("meeting_id",), ("meeting_id",))
    meeting_id = Input(request.args).integer("meeting_id", "het overleg")
    if meeting_id is not None:
        services.get_meeting(db.session, g.user, meeting_id)
    found = suggestions(
        db.session, g.user, now=clock.now(), today=clock.today(), exclude_meeting_id=meeting_id
    )
    _audit("api.meeting.suggestions", detail={"case_ids": [s.case.id for s in found]})
    items = [
        Suggestion(
            case_id=s.case.id,
            initials=s.case.pupil.initials,
            reasons=s.reasons,
            reason_labels=s.reason_labels,
            times_discussed=s.times_discussed,
        )
        for s in found
    ]
    return MeetingSuggestions(items=items).dump()


@bp.post("/meetings/<int:meeting_id>/agenda")
@idempotent
def meeting_add_item(meeting_id: int):
    data = json_body()
    read(bodies.AgendaItemCreate, data)
    meeting = _changing(meeting_id)
    item = services.add_item(db.session, g.user, meeting, data, now=clock.now())
    _, _, etag = _done(meeting, "agenda.add", case_id=item.case_id)
    return item_json(item), 201, etag


@bp.post("/meetings/<int:meeting_id>/agenda/order")
def meeting_order_items(meeting_id: int):
    data = json_body()
    read(bodies.AgendaOrder, data)
    meeting = _changing(meeting_id)
    services.order_items(db.session, g.user, meeting, data)
    return _done(meeting, "agenda.order")


@bp.delete("/meetings/<int:meeting_id>/agenda/<int:item_id>")
def meeting_remove_item(meeting_id: int, item_id: int):
    meeting = _changing(meeting_id)
    services.remove_item(db.session, g.user, meeting, item_id)
    return _done(meeting, "agenda.remove", item_id=item_id)


@bp.post("/meetings/<int:meeting_id>/publish")
def meeting_publish(meeting_id: int):
    meeting = _changing(meeting_id)
    services.publish(db.session, g.user, meeting, now=clock.now())
    return _done(meeting, "publish")


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/open")
def meeting_open_item(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id)
    services.open_item(db.session, g.user, meeting, item_id, now=clock.now())
    return _done(meeting, "agenda.open", item_id=item_id)


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/notes")
def meeting_create_note(meeting_id: int, item_id: int):
    data = json_body()
    read(bodies.MeetingNoteCreate, data)
    meeting = _meeting(meeting_id)
    note, created = services.post_meeting_note(
        db.session, g.user, meeting, item_id, data, now=clock.now()
    )
    _audit("api.meeting.note", object_type="note", object_id=note.id, access="meeting")
    return note_json(note, g.user.organisation), 201 if created else 200


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/decisions")
def meeting_decide(meeting_id: int, item_id: int):
    data = json_body()
    read(bodies.DecisionCreate, data)
    meeting = _meeting(meeting_id)
    decision, created = services.decide(
        db.session, g.user, meeting, item_id, data, now=clock.now(), model=_model()
    )
    agreements = list(decision.agreements)
    if created:
        _audited(
            meeting, "decision", decision_id=decision.id, agreement_ids=[a.id for a in agreements]
        )
    return Decision(
        id=decision.id,
        agenda_item_id=decision.agenda_item_id,
        client_id=decision.client_id,
        text=decision.text,
        moved_to_phase=decision.moved_to_phase,
        agreements=[agreement_shape(a) for a in agreements],
    ).dump(), 201 if created else 200


@bp.post("/meetings/<int:meeting_id>/attendees")
@idempotent
def meeting_add_attendees(meeting_id: int):
    data = json_body()
    read(bodies.MeetingAttendeesAdd, data)
    meeting = _meeting(meeting_id)
    mail = bool(current_app.config["SETTINGS"].smtp_url)
    new = table.add_attendees(db.session, g.user, meeting, data, now=clock.now(), mail=mail)
    return _done(meeting, "attendees.add", user_ids=[u.id for u in new])


@bp.delete("/meetings/<int:meeting_id>/attendees/<int:user_id>")
def meeting_remove_attendee(meeting_id: int, user_id: int):
    meeting = _meeting(meeting_id)
    table.remove_attendee(db.session, g.user, meeting, user_id, now=clock.now())
    return _done(meeting, "attendees.remove", user_id=user_id)


@bp.put("/meetings/<int:meeting_id>/presence")
def meeting_presence(meeting_id: int):
    data = json_body()
    read(bodies.MeetingPresence, data)
    meeting = _meeting(meeting_id)
    table.set_presence(db.session, g.user, meeting, data, now=clock.now())
    return _done(meeting, "presence")


@bp.post("/meetings/<int:meeting_id>/next")
def meeting_next_item(meeting_id: int):
    meeting = _changing(meeting_id)
    item = table.next_item(db.session, g.user, meeting, now=clock.now())
    return _done(meeting, "agenda.next", item_id=item.id)


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/not-discussed")
def meeting_not_discussed(meeting_id: int, item_id: int):
    data = json_body()
    read(bodies.AgendaItemNotDiscussed, data)
    meeting = _changing(meeting_id)
    table.mark_not_discussed(db.session, g.user, meeting, item_id, data, now=clock.now())
    return _done(meeting, "agenda.not_discussed", item_id=item_id)


@bp.delete("/meetings/<int:meeting_id>/agenda/<int:item_id>/not-discussed")
def meeting_discussed(meeting_id: int, item_id: int):
    meeting = _changing(meeting_id)
    table.mark_discussed(db.session, g.user, meeting, item_id, now=clock.now())
    return _done(meeting, "agenda.discussed", item_id=item_id)


@bp.post("/meetings/<int:meeting_id>/finalize")
def meeting_finalize(meeting_id: int):
    meeting = _changing(meeting_id)
    mail = bool(current_app.config["SETTINGS"].smtp_url)
    notes = services.finalize(db.session, g.user, meeting, now=clock.now(), mail=mail)
    return _done(meeting, "finalize", note_ids=[n.id for n in notes])


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def meeting_minutes_pdf(meeting_id: int):
    meeting = _meeting(meeting_id)
    if meeting.status != "final":
        return _not_final()
    data = minutes.pdf(db.session, meeting)
    for fields in viewed(meeting, g.user, minutes=True):
        _audit("api.meeting.minutes", **fields)
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="verslag-overleg-{meeting.id}.pdf"'},
    )


def _not_final():
    return json_error("conflict", "Het verslag is nog niet definitief.", 409)
