"""A case's own facts over its life: changing them, blockers, and closing (DESIGN §5).

Closing asks what happens to every open agreement (done with a result, or cancelled with a
reason): nothing stays open in anyone's work list, and every participant is told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..agreements.models import Agreement
from ..agreements.services import cancel, finish
from ..auth.models import User
from ..core import permissions
from ..core.errors import ValidationFailed
from ..core.inputs import CASE_YEARS, Input
from ..core.versions import claim
from ..escalation.model import EscalationModel
from . import regie
from .intake import check_kind
from .models import Blocker, Case
from .participation import tell_participants
from .services import record_event, require_open
from .vocabulary import ABSENCE_REASONS, BLOCKER_KINDS, CASE_KINDS, OUTCOMES, RETURN_OUTCOMES

EDIT_FIELDS = {
    "kind",
    "absence_authorised",
    "absence_reason",
    "absent_since",
    "summary",
    "phase",
    "reason",
    "lead_org_id",
    "lead_user_id",
}


def update_case(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
    version: int | None = None,
) -> None:
    """Change kind, authorised absence, first day without education or summary; a phase
    (a recorded decision that *proposes* regie); or propose regie (`lead_org_id`).
    `version`: the case as the actor saw it (If-Match); a change on another is 409."""
    require_open(case)
    i = Input(data)
    unknown = sorted(set(i.data) - EDIT_FIELDS)
    if unknown:
        raise ValidationFailed({unknown[0]: f"Veld '{unknown[0]}' kan niet gewijzigd worden."})
    facts = {"kind", "absence_authorised", "absence_reason", "absent_since", "summary"}
    if facts & set(i.data) or not set(i.data) - {"reason"}:
        permissions.require(actor, "case.edit", case, access)
    if not set(i.data) - {"reason"}:
        return  # nothing to change (asked all the same: the refusal says who may)
    edit = _read_edit(i, case, clock.local(now).date(), model)
    if edit.phase is not None and edit.phase != case.phase:
        permissions.require(actor, "phase.propose", case, access)
    lead = {k: data.get(k) for k in ("lead_org_id", "lead_user_id", "reason") if k in data}
    if "lead_org_id" in lead:  # checked before anything changes
        regie.check_proposal(session, actor, case, access, lead)
    claim(session, case, version, by=actor, now=now, access=access)
    changes = _apply_edit(case, edit)
    if changes:
        reason = edit.reason
        text = "Gewijzigd: " + "; ".join(changes) + (f". Reden: {reason}" if reason else ".")
        record_event(session, case, actor, "updated", text, now)
    if edit.phase is not None and edit.phase != case.phase:
        case.escalated = False
        regie.move_phase(session, actor, case, edit.phase, edit.reason, now=now, model=model)
    if "lead_org_id" in lead:  # an explicit regie wins over the phase's own proposal
        regie.propose_regie(session, actor, case, access, lead, now=now)
    session.flush()


@dataclass(frozen=True)
class _CaseEdit:
    """The facts of an edit, read and checked (None: unchanged)."""

    kind: str | None
    authorised: bool
    absence_reason: str | None
    absent_since: date | None
    summary: str | None
    phase: int | None
    reason: str | None


def _read_edit(i: Input, case: Case, today: date, model: EscalationModel) -> _CaseEdit:
    kind = i.choice("kind", "de soort casus", CASE_KINDS)
    authorised = (
        i.boolean("absence_authorised", "geoorloofd afwezig")
        if i.present("absence_authorised")
        else case.absence_authorised
    )
    absence_reason = (
        i.choice("absence_reason", "de geldige reden", ABSENCE_REASONS)
        if i.present("absence_reason")
        else case.absence_reason
    )
    if not authorised:
        absence_reason = None
    check_kind(i, kind or case.kind, case.school_org_id is not None, authorised, absence_reason)
    absent_since = i.day("absent_since", "de eerste dag zonder onderwijs", years=CASE_YEARS)
    summary = i.text("summary", "de aanleiding", max_length=2000)
    phase = i.integer("phase", "de fase")
    reason = i.text("reason", "de reden", max_length=500)
    if absent_since is not None and (absent_since > today or absent_since <= case.pupil.birth_date):
        i.fail(
            "absent_since",
            "De eerste dag zonder onderwijs moet tussen de geboortedatum en vandaag liggen.",
        )
    if phase is not None and phase not in model.phase_numbers:
        i.fail("phase", f"Fase {phase} bestaat niet; kies uit {model.phase_numbers}.")
    if phase is not None and phase != case.phase and not reason:
        i.fail("reason", "Een faseovergang is een besluit: vul de reden in.")
    if absent_since is not None and absent_since != case.absent_since and not reason:
        i.fail("reason", "Vul de reden in waarom de eerste dag zonder onderwijs wijzigt.")
    i.done()
    return _CaseEdit(kind, authorised, absence_reason, absent_since, summary, phase, reason)


def _apply_edit(case: Case, edit: _CaseEdit) -> list[str]:
    """Set the facts the edit changes; the changes in words, for the case history."""
    changes = []
    if edit.kind and edit.kind != case.kind:
        changes.append(f"soort: {CASE_KINDS[case.kind]} → {CASE_KINDS[edit.kind]}")
        case.kind = edit.kind
    absence = (edit.authorised, edit.absence_reason)
    if absence != (case.absence_authorised, case.absence_reason):
        changes.append(
            f"geoorloofd afwezig ({ABSENCE_REASONS[edit.absence_reason].lower()})"
            if edit.authorised
            else "niet (meer) geoorloofd afwezig"
        )
        case.absence_authorised, case.absence_reason = absence
    if edit.absent_since and edit.absent_since != case.absent_since:
        changes.append(
            "eerste dag zonder onderwijs: "
            f"{case.absent_since:%d-%m-%Y} → {edit.absent_since:%d-%m-%Y}"
        )
        case.absent_since = edit.absent_since
    if edit.summary is not None and edit.summary != case.summary:
        changes.append("aanleiding bijgewerkt")
        case.summary = edit.summary
    return changes


def add_blocker(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Blocker:
    """Record why return stalls (a waiting list, a TLV procedure, …)."""
    permissions.require(actor, "blocker.add", case, access)
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    kind = i.choice("kind", "de belemmering", BLOCKER_KINDS, required=True)
    since = i.day("since", "de datum vanaf", years=CASE_YEARS) or today
    note = i.text("note", "de toelichting", max_length=500)
    if since > today:
        i.fail("since", "De datum vanaf ligt in de toekomst.")
    i.done()
    blocker = Blocker(case_id=case.id, kind=kind, since=since, note=note, recorded_by_id=actor.id)
    session.add(blocker)
    record_event(
        session,
        case,
        actor,
        "blocker_added",
        f"Belemmering: {BLOCKER_KINDS[kind]} (sinds {since:%d-%m-%Y}).",
        now,
    )
    session.flush()
    return blocker


def end_blocker(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    blocker_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> None:
    """Lift a blocker: who recorded it, or regie."""
    require_open(case)
    today = clock.local(now).date()
    blocker = session.get(Blocker, blocker_id)
    if blocker is None or blocker.case_id != case.id or blocker.until is not None:
        raise ValidationFailed({"blocker_id": "Deze belemmering bestaat niet of is al opgeheven."})
    permissions.require(actor, "blocker.end", case, access, blocker)
    i = Input(data)
    until = i.day("until", "de einddatum", years=CASE_YEARS) or today
    if until < blocker.since or until > today:
        i.fail("until", "De einddatum moet tussen de begindatum en vandaag liggen.")
    i.done()
    blocker.until = until
    record_event(
        session,
        case,
        actor,
        "blocker_ended",
        f"Belemmering opgeheven: {BLOCKER_KINDS[blocker.kind]}.",
        now,
    )
    session.flush()


def close_case(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    version: int | None = None,
) -> None:
    """Close with an outcome of the leerplichttelling, the date education resumed, and a
    settlement of every open agreement: `agreements` {id: {"status": "done", "result"} |
    {"status": "cancelled", "reason"}} (a form sends agreement-<id>-status/-text).
    `version`: the case as the actor saw it (the page's form, the API's If-Match)."""
    permissions.require(actor, "case.close", case, access)
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    outcome = i.choice("outcome", "de uitkomst", OUTCOMES, required=True)
    # `resumed_on` in the API (DESIGN §8), `education_resumed_on` on the page.
    resumed_field = "resumed_on" if i.present("resumed_on") else "education_resumed_on"
    resumed = i.day(resumed_field, "de datum waarop het onderwijs hervat is", years=CASE_YEARS)
    if outcome in RETURN_OUTCOMES and resumed is None and resumed_field not in i.errors:
        i.fail(resumed_field, "Vul de datum in waarop de leerling weer onderwijs volgt.")
    if resumed is not None and (resumed < case.absent_since or resumed > today):
        i.fail(
            resumed_field,
            "De hervattingsdatum moet tussen de eerste dag zonder onderwijs en vandaag liggen.",
        )
    settlement = _settlement(session, i, case, data)
    i.done()
    claim(session, case, version, by=actor, now=now, access=access)
    _settle(session, actor, case, access, settlement, now)
    case.status, case.outcome, case.closed_at = "closed", outcome, now
    case.education_resumed_on = resumed
    case.escalated = False
    if case.regie_proposal is not None:
        case.regie_proposal.status = "superseded"
        session.flush()
        session.expire(case, ["regie_proposal"])  # the open one: none now (not the old one)
    for blocker in session.scalars(
        select(Blocker).where(Blocker.case_id == case.id, Blocker.until.is_(None))
    ):
        blocker.until = today
    record_event(session, case, actor, "closed", f"Casus gesloten: {OUTCOMES[outcome]}.", now)
    session.flush()
    tell_participants(
        session,
        actor,
        case,
        kind="case_closed",
        key=f"case_closed:c{case.id}",
        text=f"Casus {case.id} ({case.pupil.initials}) is gesloten: {OUTCOMES[outcome]}.",
        now=now,
    )


def _settlement(
    session: Session, i: Input, case: Case, data: Mapping[str, Any]
) -> list[tuple[Any, str, str]]:
    """(agreement, status, text) for every open agreement; errors per agreement in `i`."""
    given = _settlement_given(data)
    if not isinstance(given, Mapping):
        i.fail("agreements", "Geef per open afspraak aan wat ermee gebeurt.")
        return []
    open_ones = list(
        session.scalars(
            select(Agreement)
            .where(Agreement.case_id == case.id, Agreement.status == "open")
            .order_by(Agreement.id)
        )
    )
    known = {str(a.id) for a in open_ones}
    for key in given:
        if str(key) not in known:
            i.fail(f"agreement-{key}", f"Afspraak {key} is geen open afspraak van deze casus.")
    out = []
    for a in open_ones:
        settled = _settled(i, a, given.get(str(a.id)) or given.get(a.id))
        if settled is not None:
            out.append((a, *settled))
    if i.errors and any(k.startswith("agreement") for k in i.errors):
        raise UnsettledAgreements(i.errors)
    return out


def _settlement_given(data: Mapping[str, Any]) -> Any:
    """What the closer said per agreement: the API's `agreements` object, or the page's
    `agreement-<id>-status` / `-text` fields."""
    given = data.get("agreements")
    if given is not None:
        return given
    return {
        key.split("-")[1]: {
            "status": data.get(key),
            "text": data.get(f"agreement-{key.split('-')[1]}-text"),
        }
        for key in data
        if key.startswith("agreement-") and key.endswith("-status")
    }


def _settled(i: Input, agreement: Any, entry: Any) -> tuple[str, str] | None:
    """(status, text) for one open agreement, or None with its error in `i`."""
    field = f"agreement-{agreement.id}"
    if not isinstance(entry, Mapping) or entry.get("status") not in ("done", "cancelled"):
        i.fail(
            field,
            f"Afspraak {agreement.id} ({agreement.description}) staat nog open: rond haar af"
            " met een resultaat of annuleer haar met een reden.",
        )
        return None
    text = entry.get("result") or entry.get("reason") or entry.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "het resultaat" if entry["status"] == "done" else "de reden van annuleren"
        i.fail(field, f"Vul bij afspraak {agreement.id} {what} in.")
        return None
    return entry["status"], text.strip()[:500]


class UnsettledAgreements(ValidationFailed):
    """Closing with agreements still open (409): every one needs a result or a reason."""

    code = "afspraken-open"
    status = 409

    def __init__(self, errors: dict[str, str]):
        super().__init__(
            errors,
            "Er staan nog afspraken open. Geef bij elke afspraak aan of ze gedaan is (met"
            " resultaat) of geannuleerd (met reden); dan sluit de casus.",
        )


def _settle(session, actor, case, access, settlement, now) -> None:
    for agreement, status, text in settlement:
        if status == "done":
            finish(session, actor, agreement, case, access, text, now=now, final=True)
        else:
            cancel(session, actor, agreement, case, access, f"Casus gesloten: {text}", now=now)
