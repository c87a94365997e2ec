"""The audit log in words a privacy officer (FG) reads: what happened and why it was allowed,
instead of action codes and access keys. The code stays beside it for the technical reader.

Exact phrases for the actions people ask about; any other code is read as <object>.<verb>
(e.g. `api.exemption.update`: "wijzigde een vrijstelling (via de API)"), so a new action
never shows up as nothing.
"""

from __future__ import annotations

from ..core import policy

PHRASES = {
    "case.view": "bekeek de casus",
    "case.list": "bekeek de casuslijst",
    "case.open": "meldde een casus aan",
    "case.duplicate_report": "meldde een leerling aan voor wie al een casus loopt",
    "case.edit": "wijzigde de casus",
    "case.close": "sloot de casus",
    "case.export": "downloadde de casuslijst",
    "case.follow": "volgde de casus live",
    "case.regie_overview": "bekeek het regie-overzicht",
    "note.create": "schreef een notitie",
    "note.correct": "corrigeerde een notitie",
    "note.medisch": "las een medische notitie",
    "note.leerplicht": "las een leerplichtnotitie",
    "agreement.create": "maakte een afspraak",
    "agreement.change": "wijzigde een afspraak",
    "agreement.done": "zette een afspraak op gedaan",
    "agreement.cancel": "verviel een afspraak",
    "agreement.mine": "bekeek de eigen afspraken",
    "agreement.term_watch": "bekeek de termijnbewaking",
    "meeting.view": "bekeek een overleg",
    "meeting.create": "plande een overleg",
    "meeting.minutes": "bekeek of maakte het verslag van een overleg",
    "meeting.note": "schreef een notitie in een overleg",
    "meeting.case_list": "bekeek de casussen van een overleg",
    "consultation.open": "vroeg een consultatie aan",
    "consultation.view": "bekeek een consultatie",
    "consultation.message": "schreef in een consultatie",
    "notification.inbox": "las de eigen berichten",
    "audit.view": "las het auditlog",
    "audit.verify": "controleerde de zegels van het auditlog",
    "inzage.search": "zocht een leerling voor inzage",
    "inzage.export": "maakte een inzage-export van een leerling",
    "auth.login": "logde in",
    "auth.sso.login": "logde in via de inlogdienst van de organisatie",
    "auth.sso.refused": "werd geweigerd bij inloggen via de inlogdienst",
    "auth.password.changed": "wijzigde het eigen wachtwoord",
    "auth.two_factor.enabled": "zette tweestapsverificatie aan",
    "api.token.issued": "kreeg een API-token",
    "request.replay": "kreeg het antwoord op een eerder verzoek met dezelfde sleutel nog eens",
    "retention.run": "anonimiseerde casussen na de bewaartermijn",
    "retention.dry_run": "bekeek welke casussen de bewaartermijn bereikten",
    "escalation.pass": "deed een escalatieronde",
    "consultation.follow": "volgde een consultatie live",
    "consultation.list": "bekeek de consultaties",
    "meeting.follow": "volgde een overleg live",
    "meeting.list": "bekeek de eigen overleggen",
    "home.view": "bekeek de startpagina",
    "denied.not_found": "vroeg iets op dat verborgen is of niet bestaat (404)",
    "denied.follow": "wilde iets live volgen dat verborgen is, niet bestaat of niet live te"
    " volgen is (geweigerd)",
    "region.municipality": "wijzigde de instellingen van een gemeente",
    "user.list": "bekeek de accounts van de eigen organisatie",
    "users.list": "bekeek de accounts van de eigen organisatie",
    "users.contact": "koos een vast aanspreekpunt",
    "agreements.list": "bekeek de afspraken van een casus",
    "notes.list": "bekeek de notities van een casus",
}

OBJECTS = {
    "case": "een casus",
    "cases": "casussen",
    "note": "een notitie",
    "notes": "notities",
    "agreement": "een afspraak",
    "agreements": "afspraken",
    "meeting": "een overleg",
    "consultation": "een consultatie",
    "exemption": "een vrijstelling",
    "exemptions": "vrijstellingen",
    "absence_report": "een verzuimmelding",
    "absence_reports": "verzuimmeldingen",
    "enforcement": "een handhavingsstap",
    "consent": "een toestemming",
    "participation": "een deelname",
    "party": "een partij",
    "parties": "de partijen",
    "regie": "een regievoorstel",
    "reduced_timetable": "een verkort rooster",
    "report": "een rapportage",
    "user": "een account",
    "users": "een account",
    "organisation": "een organisatie",
    "municipality": "een gemeente",
    "model": "het opschalingsmodel",
    "provider": "een inlogdienst",
    "calendar": "een agenda-abonnement",
    "two_factor": "tweestapsverificatie",
    "pupil_counts": "leerlingaantallen",
    "jaarverslag": "het jaarverslag",
    "telling": "de leerplichttelling",
    "swv": "de SWV-cijfers",
}

VERBS = {
    "view": "bekeek",
    "list": "bekeek",
    "show": "bekeek",
    "cases": "bekeek de casussen achter",
    "messages": "las",
    "create": "maakte",
    "add": "voegde toe:",
    "record": "legde vast:",
    "update": "wijzigde",
    "edit": "wijzigde",
    "set": "stelde in:",
    "save": "sloeg op:",
    "import": "importeerde",
    "end": "beëindigde",
    "close": "sloot",
    "withdraw": "trok in:",
    "accept": "aanvaardde",
    "decline": "wees af:",
    "export": "downloadde",
    "activate": "zette aan:",
    "deactivate": "zette uit:",
    "roles": "wijzigde de rollen van",
    "details": "wijzigde de gegevens van",
    "contact": "koos het vaste aanspreekpunt van",
    "reset": "zette terug:",
    "required": "maakte verplicht:",
    "optional": "maakte vrijwillig:",
    "linked": "koppelde",
    "check": "controleerde",
    "revoke": "trok in:",
    "feed": "haalde op:",
    "invite": "nodigde uit voor",
    "convert": "zette om naar een casus:",
    "message": "schreef in",
    "note": "schreef een notitie bij",
    "minutes": "bekeek het verslag van",
    "suggestions": "bekeek de voorstellen voor",
}


def phrase(action: str) -> str:
    """What the entry's actor did, in Dutch."""
    via_api = action.startswith("api.")
    code = action.removeprefix("api.")
    text = PHRASES.get(code) or PHRASES.get(action) or _composed(code)
    return f"{text} (via de API)" if via_api else text


def _composed(code: str) -> str:
    parts = code.split(".")
    verb = VERBS.get(parts[-1])
    thing = next((OBJECTS[p] for p in reversed(parts[:-1]) if p in OBJECTS), None)
    if verb and thing:
        return f"{verb} {thing}"
    if thing:
        return f"handeling op {thing}"
    return "handeling"


WHY = {
    policy.PARTICIPANT: "de organisatie is betrokken bij de casus",
    policy.LEERPLICHT: "leerplicht van de woongemeente van de leerling",
    policy.SWV_COORDINATOR: "coördinator van het samenwerkingsverband van de school",
    policy.MEETING: "deelnemer aan een overleg met deze casus op de agenda (alleen wat het"
    " overleg toont)",
}


def why(access: str | None) -> str:
    """Why the read was allowed (the access reason of DESIGN §3), in Dutch; '—' for none."""
    if not access:
        return "—"
    return WHY.get(access, access)
