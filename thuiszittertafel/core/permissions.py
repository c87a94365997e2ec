"""Who may do what on a case (DESIGN §3a): one table, as data, beside the visibility policy.

Seeing a case (policy.py) is not changing it. Every page, API route and socket event that
changes a case asks `require` (or `may`, to decide which forms to show); the table is also
shown to users on the opschalingsmodel page ("wie mag wat"). A test generated from the URL
map and the socket events fails for any state-changing endpoint that does not ask.

The table names *who* per action as tokens; a token is a small predicate over the actor,
the case, the actor's access reason and the thing acted on (`target`). "Regie" means the
organisation with regie, acting through its coordinators, its casusregisseur or its
contact person on the case: a mentor of that school without a part in the case is not
"regie" (the cirkel van verantwoordelijkheid). Coordinators may do what their medewerkers
may.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..auth.models import Role, User
from ..organisations.models import OrgKind
from . import policy
from .errors import Forbidden

Predicate = Callable[[User, Any, str | None, Any], bool]


def _full(access: str | None) -> bool:
    return access in policy.FULL_ACCESS


def _coordinator(actor: User) -> bool:
    return actor.has_role(Role.coordinator)


def _participant(actor: User, case, access, target) -> bool:
    return _full(access) and any(
        p.org_id == actor.org_id and p.ended_on is None for p in case.participations
    )


def _regie(actor: User, case, access, target) -> bool:
    if not _full(access) or case.lead_org_id != actor.org_id:
        return False
    if _coordinator(actor) or case.lead_user_id == actor.id:
        return True
    return any(
        p.org_id == actor.org_id and p.ended_on is None and p.contact_user_id == actor.id
        for p in case.participations
    )


def _regie_lead(actor: User, case, access, target) -> bool:
    """The regie organisation's coordinator or the casusregisseur."""
    return (
        _full(access)
        and case.lead_org_id == actor.org_id
        and (_coordinator(actor) or case.lead_user_id == actor.id)
    )


def _leerplicht(actor: User, case, access, target) -> bool:
    return _full(access) and actor.organisation.kind == OrgKind.leerplicht


def _swv_coordinator(actor: User, case, access, target) -> bool:
    org = actor.organisation
    return (
        _full(access)
        and org.kind == OrgKind.swv
        and _coordinator(actor)
        and case.swv_org_id == org.id
    )


def _any_full(actor: User, case, access, target) -> bool:
    return _full(access)


def _owner_org(actor: User, case, access, target) -> bool:
    """The organisation that owns (or would own) the agreement."""
    return _full(access) and getattr(target, "owner_org_id", None) == actor.org_id


def _own_org(actor: User, case, access, target) -> bool:
    """The organisation the participation or consent is about."""
    return _full(access) and getattr(target, "org_id", None) == actor.org_id


def _author(actor: User, case, access, target) -> bool:
    return _full(access) and getattr(target, "author_id", None) == actor.id


def _author_coordinator(actor: User, case, access, target) -> bool:
    return _full(access) and _coordinator(actor) and getattr(target, "org_id", None) == actor.org_id


def _recorder(actor: User, case, access, target) -> bool:
    recorder = getattr(target, "recorded_by", None)
    return _full(access) and recorder is not None and recorder.org_id == actor.org_id


def _pupils_school(actor: User, case, access, target) -> bool:
    org = actor.organisation
    return _full(access) and org.kind == OrgKind.school and case.school_org_id == org.id


def _ggd(actor: User, case, access, target) -> bool:
    return _full(access) and actor.organisation.kind == OrgKind.ggd


def _proposed_coordinator(actor: User, case, access, target) -> bool:
    return _coordinator(actor) and getattr(target, "org_id", None) == actor.org_id


def _chair(actor: User, case, access, target) -> bool:
    return getattr(target, "chair_user_id", None) == actor.id


def _attendee(actor: User, case, access, target) -> bool:
    return _chair(actor, case, access, target) or any(
        u.id == actor.id for u in getattr(target, "attendees", ())
    )


@dataclass(frozen=True)
class Token:
    label: str  # Dutch, for the "wie mag wat" table
    holds: Predicate


TOKENS: dict[str, Token] = {
    "regie": Token("regie (coördinator, casusregisseur of contactpersoon)", _regie),
    "regie-lead": Token("coördinator van regie of de casusregisseur", _regie_lead),
    "leerplicht": Token("leerplicht", _leerplicht),
    "swv-coordinator": Token("SWV-coördinator", _swv_coordinator),
    "participant": Token("betrokken organisatie", _participant),
    "full-access": Token("iedereen met volledige toegang", _any_full),
    "owner": Token("eigenaar van de afspraak", _owner_org),
    "own-org": Token("de organisatie zelf", _own_org),
    "author": Token("de schrijver", _author),
    "author-coordinator": Token(
        "coördinator van de organisatie van de schrijver", _author_coordinator
    ),
    "recorder": Token("wie het vastlegde", _recorder),
    "pupils-school": Token("de school van de leerling", _pupils_school),
    "ggd": Token("GGD", _ggd),
    "proposed-coordinator": Token(
        "coördinatoren van de voorgestelde organisatie", _proposed_coordinator
    ),
    "chair": Token("de voorzitter", _chair),
    "attendee": Token("deelnemers", _attendee),
}


@dataclass(frozen=True)
class Action:
    label: str  # what it is, in Dutch
    who: tuple[str, ...]  # tokens; any one suffices
    refusal: str  # the Dutch 403 message, the same on page, API and socket


ACTIONS: dict[str, Action] = {
    "note.write": Action(
        "Notitie schrijven (betrokkenen of eigen organisatie)",
        ("full-access",),
        "U kunt in deze casus geen notities plaatsen.",
    ),
    "note.medisch": Action(
        "Medische notitie schrijven", ("ggd",), "Alleen de GGD schrijft medische notities."
    ),
    "note.leerplicht": Action(
        "Notitie met bereik leerplicht (strafrechtelijke stappen)",
        ("leerplicht",),
        "Alleen leerplicht schrijft notities met bereik 'leerplicht'.",
    ),
    "note.correct": Action(
        "Notitie corrigeren",
        ("author", "author-coordinator"),
        "Alleen de schrijver of een coördinator van diens organisatie corrigeert een notitie.",
    ),
    "agreement.create": Action(
        "Afspraak maken",
        ("regie", "leerplicht", "owner"),
        "Afspraken maakt wie regie heeft of leerplicht; een organisatie kan ook een afspraak"
        " voor zichzelf maken.",
    ),
    "agreement.change": Action(
        "Termijn of inhoud van een afspraak wijzigen, pauzeren",
        ("regie", "owner"),
        "Alleen wie regie heeft of de eigenaar van de afspraak wijzigt haar.",
    ),
    "agreement.cancel": Action(
        "Afspraak annuleren",
        ("regie", "owner"),
        "Alleen wie regie heeft of de eigenaar van de afspraak annuleert haar.",
    ),
    "agreement.done": Action(
        "Afspraak afronden",
        ("owner", "regie"),
        "Alleen de eigenaar van de afspraak of wie regie heeft rondt haar af.",
    ),
    "participation.add": Action(
        "Organisatie betrekken",
        ("regie", "leerplicht", "swv-coordinator"),
        "Een organisatie betrekken doet wie regie heeft, leerplicht of de SWV-coördinator.",
    ),
    "participation.end": Action(
        "Betrokkenheid beëindigen (met reden)",
        ("regie", "own-org"),
        "Een betrokkenheid beëindigt wie regie heeft of de organisatie zelf.",
    ),
    "consent.record": Action(
        "Toestemming vastleggen",
        ("regie", "own-org"),
        "Toestemming legt wie regie heeft vast, of de organisatie waarvoor ze geldt.",
    ),
    "consent.withdraw": Action(
        "Intrekking van toestemming vastleggen",
        ("regie", "own-org"),
        "Een intrekking legt wie regie heeft vast, of de organisatie waarvoor ze gold.",
    ),
    "exemption": Action(
        "Vrijstelling vastleggen of wijzigen",
        ("leerplicht",),
        "Alleen leerplicht legt vrijstellingen vast en wijzigt ze.",
    ),
    "absence_report": Action(
        "Verzuimmelding vastleggen",
        ("pupils-school", "leerplicht"),
        "Een verzuimmelding doet de school van de leerling; leerplicht kan er ook een vastleggen.",
    ),
    "enforcement": Action(
        "Handhaving vastleggen (waarschuwing, Halt, proces-verbaal, civiele route, Veilig Thuis)",
        ("leerplicht",),
        "Handhaving legt alleen leerplicht vast en alleen leerplicht ziet haar (Wet"
        " politiegegevens).",
    ),
    "reduced_timetable": Action(
        "Verkort rooster vastleggen of beëindigen",
        ("pupils-school", "regie"),
        "Een verkort rooster legt de school van de leerling vast, of wie regie heeft.",
    ),
    "party.record": Action(
        "Ouders en jongere als partij vastleggen (naam, bereikbaarheid)",
        ("regie", "leerplicht", "pupils-school"),
        "Ouders en jongere legt wie regie heeft vast, leerplicht of de school van de leerling.",
    ),
    "case.edit": Action(
        "Casusgegevens wijzigen (soort, eerste dag, geoorloofd afwezig, aanleiding)",
        ("regie", "leerplicht", "pupils-school"),
        "De casusgegevens wijzigt wie regie heeft, leerplicht of de school van de leerling.",
    ),
    "blocker.add": Action(
        "Belemmering vastleggen", ("full-access",), "U kunt deze casus inzien maar niet wijzigen."
    ),
    "blocker.end": Action(
        "Belemmering opheffen",
        ("recorder", "regie"),
        "Een belemmering heft op wie haar vastlegde, of wie regie heeft.",
    ),
    "phase.propose": Action(
        "Fase wijzigen en regie voorstellen",
        ("regie", "leerplicht", "swv-coordinator"),
        "Een faseovergang besluit wie regie heeft, leerplicht of de SWV-coördinator.",
    ),
    "regie.propose": Action(
        "Regie voorstellen aan een andere organisatie",
        ("regie", "leerplicht", "swv-coordinator"),
        "Regie voorstellen doet wie regie heeft, leerplicht of de SWV-coördinator.",
    ),
    "regie.assign": Action(
        "Casusregisseur aanwijzen binnen de regie-organisatie",
        ("regie-lead",),
        "De casusregisseur wijst de coördinator van de regie-organisatie aan.",
    ),
    "regie.answer": Action(
        "Regievoorstel aannemen of afwijzen (met reden)",
        ("proposed-coordinator",),
        "Alleen een coördinator van de voorgestelde organisatie neemt regie aan of wijst haar af.",
    ),
    "escalation.handle": Action(
        "Opschaling afhandelen",
        ("regie", "leerplicht", "swv-coordinator"),
        "Een opschaling handelt wie regie heeft af, of leerplicht of de SWV-coördinator.",
    ),
    "case.close": Action(
        "Casus sluiten met uitkomst",
        ("regie-lead", "leerplicht"),
        "Een casus sluit de coördinator van regie, de casusregisseur of leerplicht.",
    ),
    "meeting.item": Action(
        "Agendapunten en besluiten in een overleg",
        ("chair",),
        "Alleen de voorzitter van dit overleg kan dit doen.",
    ),
    "meeting.note": Action(
        "Notitie in een overleg", ("attendee",), "Alleen deelnemers aan dit overleg schrijven erin."
    ),
}


def may(actor: User, action: str, case=None, access: str | None = None, target: Any = None) -> bool:
    """Whether the actor may do `action` on `case` (seen through `access`) to `target`."""
    if not actor.is_active:
        return False
    return any(TOKENS[t].holds(actor, case, access, target) for t in ACTIONS[action].who)


def require(
    actor: User, action: str, case=None, access: str | None = None, target: Any = None
) -> None:
    """`may`, or Forbidden with the action's Dutch message."""
    if not may(actor, action, case, access, target):
        raise Forbidden(ACTIONS[action].refusal)


def allowed(actor: User, case, access: str | None) -> frozenset[str]:
    """The case-wide actions (no target) the actor may do: which forms a page shows."""
    if not case.is_open:
        return frozenset()
    return frozenset(a for a in ACTIONS if may(actor, a, case, access))


def table() -> list[tuple[str, str, list[str]]]:
    """(action, label, who in Dutch) for the "wie mag wat" page."""
    return [(name, a.label, [TOKENS[t].label for t in a.who]) for name, a in ACTIONS.items()]


__all__ = ["ACTIONS", "TOKENS", "allowed", "may", "require", "table"]
