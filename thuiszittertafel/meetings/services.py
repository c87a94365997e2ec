"""Rules for meetings: plan (with a series), build and publish the agenda, run it live,
record decisions as agreements and phase moves, and finalise the minutes into each case.

Services flush and queue the meeting room's live signal (delivery.queue_state); the edge
audits and commits, and the signal goes out after the commit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..agreements.models import Agreement
from ..agreements.services import cancel, create_agreement, read_moment
from ..auth.models import Role, User
from ..cases.models import Case
from ..cases.queries import get_case
from ..cases.regie import change_phase
from ..core import permissions, policy
from ..core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..core.inputs import Input, is_small_number
from ..core.versions import claim
from ..escalation.model import EscalationModel
from ..notes.services import post_note
from ..notifications.services import notify
from .carryover import carry_over, waiting
from .delivery import queue_state
from .minutes import case_minutes
from .models import AgendaItem, Decision, Meeting, meeting_attendees
from .suggestions import REASONS
from .titles import day_label, with_date

KIND_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
MAX_SERIES = 20
MAX_ATTENDEES = 60


# --- loading ------------------------------------------------------------------------------


def get_meeting(session: Session, actor: User, meeting_id: int) -> Meeting:
    """The meeting if the actor chairs or attends it; NotFound otherwise."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or not meeting.takes_part(actor):
        raise NotFound()
    return meeting


def my_meetings(session: Session, actor: User) -> list[Meeting]:
    """Meetings the actor chairs or attends, soonest first."""
    attends = select(meeting_attendees.c.meeting_id).where(meeting_attendees.c.user_id == actor.id)
    return list(
        session.scalars(
            select(Meeting)
            .where((Meeting.chair_user_id == actor.id) | Meeting.id.in_(attends))
            .order_by(Meeting.starts_at, Meeting.id)
        ).unique()
    )


def _require_chair(actor: User, meeting: Meeting) -> None:
    permissions.require(actor, "meeting.item", target=meeting)


def _require_not_final(meeting: Meeting) -> None:
    if meeting.status == "final":
        raise Conflict("Het verslag van dit overleg is definitief; wijzigen kan niet meer.")


def _chair_acts(session: Session, actor: User, meeting: Meeting, *, live: bool = False) -> None:
    """The chair changes the meeting: until the minutes are final, or (`live`) only while
    it runs. Its room hears the new state once the change commits."""
    _require_chair(actor, meeting)
    if live:
        _require_live(meeting)
    else:
        _require_not_final(meeting)
    claim(session, meeting, by=actor)  # of two changes at once, one wins; the other is 409
    queue_state(session, meeting)


def _chair_item(
    session: Session, actor: User, meeting: Meeting, item_id: int | None, *, live: bool = False
) -> AgendaItem:
    """The agenda item the chair acts on (see `_chair_acts`)."""
    _chair_acts(session, actor, meeting, live=live)
    return _item(meeting, item_id)


def _item(meeting: Meeting, item_id: int | None) -> AgendaItem:
    item = next((i for i in meeting.items if i.id == item_id), None)
    if item is None:
        raise ValidationFailed(
            {"item_id": "Dit agendapunt staat niet op de agenda van dit overleg."}
        )
    return item


# --- planning -----------------------------------------------------------------------------


def create_meeting(
    session: Session, actor: User, data: Mapping[str, Any], *, now: datetime
) -> list[Meeting]:
    """Plan a meeting (the actor chairs it), or a series every N weeks; returns them all."""
    if not actor.has_role(Role.coordinator):
        raise Forbidden("Alleen coördinatoren plannen een overleg.")
    i = Input(data)
    unknown = sorted(
        set(i.data)
        - {
            "kind",
            "title",
            "starts_at",
            "place",
            "attendee_user_ids",
            "repeat_every_weeks",
            "repeat_count",
            "csrf_token",
        }
    )
    if unknown:
        raise ValidationFailed({unknown[0][:50]: f"Onbekend veld '{unknown[0][:50]}'."})
    kind = i.text("kind", "de soort overleg", required=True, max_length=40)
    if kind and not KIND_SLUG.match(kind):
        i.fail(
            "kind",
            "De soort overleg is 'zat', 'thuiszitterstafel' of een eigen soort"
            " van de regio (kleine letters, cijfers en -).",
        )
    title = i.text("title", "de titel", required=True, max_length=200)
    place = i.text("place", "de plaats of link", max_length=300)
    starts_at = _moment(i, "starts_at", "het begin")
    if starts_at is not None and starts_at <= now:
        i.fail("starts_at", "Het begin ligt in het verleden; kies een moment na nu.")
    attendees = _attendees(session, i, actor)
    every = i.integer("repeat_every_weeks", "het aantal weken tussen de overleggen")
    count = i.integer("repeat_count", "het aantal overleggen in de reeks")
    if (
        (every is None) != (count is None)
        and "repeat_every_weeks" not in i.errors
        and "repeat_count" not in i.errors
    ):
        i.fail(
            "repeat_count",
            "Vul voor een reeks zowel het aantal weken als het aantal overleggen in.",
        )
    elif every is not None and count is not None:
        if not 1 <= every <= 26:
            i.fail("repeat_every_weeks", "Een reeks herhaalt elke 1 tot 26 weken.")
        if not 2 <= count <= MAX_SERIES:
            i.fail("repeat_count", f"Een reeks heeft 2 tot {MAX_SERIES} overleggen.")
    i.done()
    meetings: list[Meeting] = []
    for n in range(count or 1):
        # The same local wall-clock time, also across a change to or from summer time.
        local = clock.local(starts_at).replace(tzinfo=None) + timedelta(weeks=(every or 0) * n)
        moment = local.replace(tzinfo=clock.LOCAL_TZ).astimezone(UTC)
        meeting = Meeting(
            kind=kind,
            title=with_date(title, moment),
            host_org_id=actor.org_id,
            starts_at=moment,
            place=place,
            chair_user_id=actor.id,
            status="draft",
            created_by_id=actor.id,
            created_at=now,
        )
        meeting.attendees = list(attendees)
        session.add(meeting)
        session.flush()
        meeting.series_id = meetings[0].id if meetings else (meeting.id if count else None)
        meetings.append(meeting)
    session.flush()
    return meetings


def _moment(i: Input, name: str, label: str) -> datetime | None:
    return read_moment(i, name, label, required=True)


def _attendees(session: Session, i: Input, actor: User) -> list[User]:
    raw = i.data.get("attendee_user_ids", [])
    if isinstance(raw, str):  # a form field: "3,4,5"
        raw = [p for p in raw.replace(" ", "").split(",") if p]
    if not isinstance(raw, list) or len(raw) > MAX_ATTENDEES:
        i.fail(
            "attendee_user_ids",
            f"Geef de deelnemers als lijst van hoogstens {MAX_ATTENDEES} gebruikers-id's.",
        )
        return []
    ids = []
    for value in raw:
        if isinstance(value, str) and is_small_number(value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
            i.fail("attendee_user_ids", "Een deelnemer is geen geldig gebruikers-id.")
            return []
        ids.append(value)
    ids = [x for x in dict.fromkeys(ids) if x != actor.id]
    users = list(session.scalars(select(User).where(User.id.in_(ids), User.active))) if ids else []
    if len(users) != len(ids):
        i.fail("attendee_user_ids", "Een of meer deelnemers bestaan niet of zijn niet actief.")
    return users


# --- the agenda ---------------------------------------------------------------------------


def add_item(
    session: Session, actor: User, meeting: Meeting, data: Mapping[str, Any], *, now: datetime
) -> AgendaItem:
    """Put a case the chair may see (with full access) on the agenda."""
    _chair_acts(session, actor, meeting)
    i = Input(data)
    case_id = i.integer("case_id", "de casus", required=True)
    reasons = data.get("reasons")
    if reasons is not None and not (
        # a reason is a name from the list: {} or [] would not even hash
        isinstance(reasons, list) and all(isinstance(r, str) and r in REASONS for r in reasons)
    ):
        i.fail("reasons", "Onbekende reden; kies uit: " + ", ".join(REASONS) + ".")
    i.done()
    case = session.scalar(
        policy.visible_cases(actor, few=True)
        .with_only_columns(Case)
        .where(Case.id == case_id, policy.case_full_access(actor))
    )
    if case is None:
        raise ValidationFailed(
            {
                "case_id": "Deze casus bestaat niet of u mag hem niet zien;"
                " alleen casussen die u als voorzitter kunt inzien"
                " kunnen op de agenda."
            }
        )
    if not case.is_open:
        raise ValidationFailed({"case_id": "Deze casus is gesloten."})
    if any(item.case_id == case.id for item in meeting.items):
        raise Conflict("Deze casus staat al op de agenda.")
    item = AgendaItem(
        meeting_id=meeting.id,
        case_id=case.id,
        position=max((x.position for x in meeting.items), default=0) + 1,
        reasons=json.dumps(reasons) if reasons else None,
        added_by_id=actor.id,
        # Not discussed at an earlier meeting: the agenda says so, with the reason.
        carried_from_id=next((x.id for x in waiting(session, actor) if x.case_id == case.id), None),
    )
    session.add(item)
    session.flush()
    session.refresh(meeting, ["items"])
    return item


def remove_item(
    session: Session, actor: User, meeting: Meeting, item_id: int, *, now: datetime | None = None
) -> None:
    item = _chair_item(session, actor, meeting, item_id)
    if item.decisions:
        raise Conflict("Over dit agendapunt is al besloten; het kan niet meer van de agenda.")
    if meeting.current_item_id == item.id:
        meeting.current_item_id = None
    session.delete(item)
    session.flush()
    session.refresh(meeting, ["items"])
    _renumber(meeting.items)


def order_items(
    session: Session,
    actor: User,
    meeting: Meeting,
    data: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """{"item_ids": [...]}: the whole agenda in its new order."""
    _chair_acts(session, actor, meeting)
    ids = data.get("item_ids")
    if not isinstance(ids, list) or sorted(map(str, ids)) != sorted(
        str(x.id) for x in meeting.items
    ):
        raise ValidationFailed(
            {
                "item_ids": "Geef alle agendapunten van dit overleg precies"
                " één keer, in de nieuwe volgorde."
            }
        )
    by_id = {str(x.id): x for x in meeting.items}
    _renumber([by_id[str(x)] for x in ids])
    session.flush()
    session.refresh(meeting, ["items"])


def move_item(
    session: Session, actor: User, meeting: Meeting, item_id: int, step: int, *, now: datetime
) -> None:
    """Move one item a place earlier (-1) or later (+1) on the agenda."""
    item = _chair_item(session, actor, meeting, item_id)
    if step not in (-1, 1):
        raise ValidationFailed({"richting": "Kies of het punt eerder of later moet."})
    items = list(meeting.items)
    at = items.index(item)
    if not 0 <= at + step < len(items):
        raise ValidationFailed(
            {
                "richting": "Dit punt staat al eerst."
                if step < 0
                else "Dit punt staat al als laatste."
            }
        )
    items[at], items[at + step] = items[at + step], items[at]
    _renumber(items)
    session.flush()
    session.refresh(meeting, ["items"])


def set_cirkel_0(
    session: Session,
    actor: User,
    meeting: Meeting,
    item_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> AgendaItem:
    """The chair records, per item, whether the parents were told the case is discussed and
    who of parents and pupil were there (DESIGN §4: parents and pupil are parties)."""
    item = _chair_item(session, actor, meeting, item_id)
    i = Input(data)
    item.parents_informed = i.boolean("parents_informed", "ouders geïnformeerd")
    item.parents_present = i.boolean("parents_present", "ouders aanwezig")
    item.pupil_present = i.boolean("pupil_present", "jongere aanwezig")
    i.done()
    session.flush()
    return item


def _renumber(items: list[AgendaItem]) -> None:
    for n, item in enumerate(items, start=1):
        item.position = n


def tell_agenda(session: Session, meeting: Meeting, users: Iterable[User], *, now, mail=False):
    """The notice of a published agenda: from now on the meeting shows its cases."""
    for user in users:
        notify(
            session,
            user,
            kind="meeting_agenda",
            key=f"meeting_agenda:{meeting.id}:{user.id}",
            now=now,
            mail=mail,
            text=f"De agenda van {meeting.kind_label} '{meeting.dated_title}' is gepubliceerd;"
            " u kunt de casussen op de agenda inzien tot het verslag definitief is.",
        )


def publish(
    session: Session, actor: User, meeting: Meeting, *, now: datetime, mail: bool = False
) -> None:
    """Send out the agenda: from now on attendees see what the meeting needs of each case,
    and each of them is told."""
    _require_chair(actor, meeting)
    if meeting.status != "draft":
        raise Conflict("De agenda van dit overleg is al gepubliceerd.")
    if not meeting.items:
        raise ValidationFailed({"agenda": "Zet eerst minstens één casus op de agenda."})
    claim(session, meeting, by=actor, now=now)  # published once, whatever the clicks
    meeting.status, meeting.published_at = "published", now
    queue_state(session, meeting)
    session.flush()
    tell_agenda(session, meeting, meeting.attendees, now=now, mail=mail)


# --- the live meeting ---------------------------------------------------------------------


def _require_live(meeting: Meeting) -> None:
    if meeting.status != "published":
        raise Conflict(
            "Dit overleg loopt niet: publiceer eerst de agenda."
            if meeting.status == "draft"
            else "Het verslag van dit overleg is definitief; wijzigen kan niet meer."
        )


def open_item(
    session: Session, actor: User, meeting: Meeting, item_id: int, *, now: datetime
) -> AgendaItem:
    """The chair moves to an agenda item; every attendee's screen follows."""
    item = _chair_item(session, actor, meeting, item_id, live=True)
    for other in meeting.items:
        if other.id == meeting.current_item_id and other.id != item.id:
            other.ended_at = now
    if item.started_at is None:
        item.started_at = now
    item.ended_at = None
    meeting.current_item_id = item.id
    session.flush()
    return item


def post_meeting_note(
    session: Session,
    actor: User,
    meeting: Meeting,
    item_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
):
    """A note typed during an agenda item: in the case log, readable by every attendee."""
    if not meeting.takes_part(actor):
        raise NotFound()
    permissions.require(actor, "meeting.note", target=meeting)
    _require_live(meeting)
    item = _item(meeting, item_id)
    queue_state(session, meeting)
    case, access = get_case(session, actor, item.case_id)
    return post_note(
        session,
        actor,
        case,
        access,
        {k: v for k, v in data.items() if k in ("body", "client_id", "category")},
        now=now,
        meeting_id=meeting.id,
    )


def decide(
    session: Session,
    actor: User,
    meeting: Meeting,
    item_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
) -> tuple[Decision, bool]:
    """One decision: its agreements (owner and term each) and any phase move, all or none.
    With a `client_id` a repeat (a retry after a lost answer) returns the decision made the
    first time and makes nothing. Returns (decision, created)."""
    item = _chair_item(session, actor, meeting, item_id, live=True)
    _require_discussed(item)
    i = Input(data)
    _refuse_unknown_fields(i)
    client_id = i.client_id()
    earlier = _earlier_decision(session, item, client_id)
    if earlier is not None:
        return earlier, False
    text, phase, agreements = _read_decision(i, data)
    case, access = get_case(session, actor, item.case_id)
    if not policy.may_change(access):
        raise Forbidden(
            "U kunt deze casus niet meer inzien als betrokkene; besluiten vastleggen kan niet."
        )
    decision = Decision(
        agenda_item_id=item.id,
        client_id=client_id,
        text=text,
        moved_to_phase=phase,
        created_by_id=actor.id,
        created_at=now,
    )
    try:
        with session.begin_nested():  # nothing half-done: every part or none
            _record_decision(
                session, actor, meeting, case, access, decision, agreements, now=now, model=model
            )
    except ValidationFailed:
        session.expire_all()
        raise
    except IntegrityError:  # the same client_id, posted twice at the same moment
        earlier = _earlier_decision(session, item, client_id)
        if earlier is None:
            raise
        return earlier, False
    return decision, True


DECISION_FIELDS = {"text", "agreements", "move_to_phase", "client_id", "csrf_token"}


def _require_discussed(item: AgendaItem) -> None:
    """Refuse a decision on an item marked as not discussed."""
    if item.not_discussed_reason is not None:
        raise Conflict(
            "Dit punt staat als niet besproken; kies eerst 'Toch bespreken' om een besluit"
            " vast te leggen."
        )


def _refuse_unknown_fields(i: Input) -> None:
    """Refuse a decision that names a field we do not know (before anything else is read)."""
    unknown = sorted(set(i.data) - DECISION_FIELDS)
    if unknown:
        raise ValidationFailed({unknown[0][:50]: f"Onbekend veld '{unknown[0][:50]}'."})


def _earlier_decision(session: Session, item: AgendaItem, client_id: str | None) -> Decision | None:
    """The decision this item already has under `client_id` (a retry), if any."""
    if not client_id:
        return None
    return session.scalar(
        select(Decision).where(Decision.agenda_item_id == item.id, Decision.client_id == client_id)
    )


def _read_decision(
    i: Input, data: Mapping[str, Any]
) -> tuple[str, int | None, list[Mapping[str, Any]]]:
    """The decision's text, the phase to move to and its agreements, checked."""
    text = i.text("text", "het besluit", required=True, max_length=2000)
    phase = i.integer("move_to_phase", "de nieuwe fase")
    agreements = data.get("agreements") or []
    if (
        not isinstance(agreements, list)
        or len(agreements) > 20
        or not all(isinstance(a, Mapping) for a in agreements)
    ):
        i.fail("agreements", "Geef de afspraken als lijst van hoogstens 20 objecten.")
        agreements = []
    i.done()
    assert text is not None  # required: i.done() refused an empty one
    return text, phase, agreements


def _record_decision(
    session: Session,
    actor: User,
    meeting: Meeting,
    case: Case,
    access: str | None,
    decision: Decision,
    agreements: list[Mapping[str, Any]],
    *,
    now: datetime,
    model: EscalationModel,
) -> None:
    """Add the decision, its agreements and its phase move; refuse all of it on any error."""
    session.add(decision)
    session.flush()
    errors: dict[str, str] = {}
    made = _decision_agreements(session, actor, meeting, case, access, agreements, errors, now=now)
    if decision.moved_to_phase is not None and not errors:
        _decision_moves_phase(session, actor, meeting, case, access, decision, errors, now, model)
    if errors:
        raise ValidationFailed(errors)
    decision.agreements = made
    session.flush()


def _decision_moves_phase(
    session: Session,
    actor: User,
    meeting: Meeting,
    case: Case,
    access: str | None,
    decision: Decision,
    errors: dict[str, str],
    now: datetime,
    model: EscalationModel,
) -> None:
    """Move the case to the decision's phase; a refusal goes into `errors`."""
    try:
        change_phase(
            session,
            actor,
            case,
            access,
            {
                "phase": decision.moved_to_phase,
                "reason": f"Besluit {meeting.kind_label} {meeting.title}: {decision.text}",
            },
            now=now,
            model=model,
            decided_in=meeting,
        )
    except ValidationFailed as exc:
        errors["move_to_phase"] = "; ".join(exc.errors.values())


AGREEMENT_FIELDS = ("description", "owner_org_id", "owner_user_id", "due_at", "due_in_school_days")


def _decision_agreements(
    session: Session,
    actor: User,
    meeting: Meeting,
    case: Case,
    access: str | None,
    agreements: list[Mapping[str, Any]],
    errors: dict[str, str],
    *,
    now: datetime,
) -> list:
    """The agreements a decision makes; one may replace an open agreement of the case
    (`replaces_id`), which is then cancelled with the decision as its reason. Errors per
    agreement go into `errors` (the caller refuses the whole decision)."""
    made: list = []
    replaced: set[int] = set()
    for n, raw in enumerate(agreements, start=1):
        fields = {k: raw.get(k) for k in AGREEMENT_FIELDS if k in raw}
        extra = set(raw) - set(fields) - {"replaces_id"}
        if extra:
            errors[f"agreements.{n}"] = f"Afspraak {n}: onbekend veld '{sorted(extra)[0][:50]}'."
            continue
        old = _replaced(session, case, raw.get("replaces_id"), replaced)
        if old is False:
            errors[f"agreements.{n}.replaces_id"] = (
                f"Afspraak {n}: de afspraak die zij zou vervangen staat niet (meer) open in"
                " deze casus, of wordt al door een andere afspraak vervangen."
            )
            continue
        try:
            agreement = create_agreement(
                session,
                actor,
                case,
                access,
                {**fields, "meeting_id": meeting.id},
                now=now,
                decided_in=meeting,
            )
        except ValidationFailed as exc:
            for field, message in exc.errors.items():
                errors.setdefault(f"agreements.{n}.{field}", f"Afspraak {n}: {message}")
            continue
        made.append(agreement)
        if old is not None:
            cancel(
                session,
                actor,
                old,
                case,
                access,
                f"Vervangen door afspraak {agreement.id} (besluit {meeting.kind_label}"
                f" {meeting.title}).",
                now=now,
            )
    return made


def _replaced(session: Session, case: Case, raw_id: Any, taken: set[int]):
    """The open agreement of `case` a new one replaces: None when none is named, False when
    the id is not an open agreement of this case (or replaced twice in one decision)."""
    if raw_id in (None, ""):
        return None
    text = str(raw_id)
    if not is_small_number(text):
        return False
    old = session.get(Agreement, int(text))
    if old is None or old.case_id != case.id or not old.is_open or old.id in taken:
        return False
    taken.add(old.id)
    return old


def finalize(
    session: Session, actor: User, meeting: Meeting, *, now: datetime, mail: bool = False
) -> list:
    """Make the minutes final: each case's part becomes a note in its log, items not
    discussed go to the next meeting of the series, attendees are told, and meeting access
    ends. Returns the minutes notes."""
    refuse_finalize(actor, meeting, now=now)
    claim(
        session, meeting, by=actor, now=now
    )  # two tabs finalising at once: one writes the minutes
    queue_state(session, meeting)
    notes = []
    for item in meeting.items:
        case, access = get_case(session, actor, item.case_id)
        if not case.is_open:
            continue
        note, _ = post_note(
            session,
            actor,
            case,
            access,
            {
                "body": case_minutes(session, meeting, item),
                "category": "besluit",
                "client_id": f"meeting-{meeting.id}-minutes-{item.id}",
            },
            now=now,
            meeting_id=meeting.id,
        )
        notes.append(note)
    if meeting.current_item_id is not None:
        for item in meeting.items:
            if item.id == meeting.current_item_id and item.ended_at is None:
                item.ended_at = now
    carry_over(session, actor, meeting, now=now)
    meeting.status, meeting.finalized_at, meeting.current_item_id = "final", now, None
    for user in [meeting.chair, *meeting.attendees]:
        notify(
            session,
            user,
            kind="meeting_minutes",
            key=f"meeting_minutes:{meeting.id}:{user.id}",
            now=now,
            mail=mail,
            text=f"Het verslag van {meeting.kind_label} '{meeting.dated_title}' is definitief.",
        )
    session.flush()
    return notes


def refuse_finalize(actor: User, meeting: Meeting, *, now: datetime) -> None:
    """Why the minutes cannot be made final now (raises), or nothing: only the chair, only
    once, and only from the meeting's start (a meeting is final after it was held)."""
    _require_chair(actor, meeting)
    if meeting.status == "final":
        raise Conflict("Het verslag van dit overleg is al definitief.")
    if meeting.status == "draft":
        raise Conflict("Dit overleg is nog niet gehouden: publiceer eerst de agenda.")
    if now < meeting.starts_at:
        raise Conflict(
            f"Dit overleg begint pas op {day_label(meeting.starts_at)} om"
            f" {clock.local(meeting.starts_at):%H:%M}; het verslag definitief maken kan pas"
            " vanaf het begin van het overleg."
        )
