"""What is stored under a case, in one list: the inzage exports every table here and
retention clears the free text of each, so the two cannot drift apart."""

from __future__ import annotations

from ..agreements.models import Agreement, AgreementOccurrence, TermChange
from ..cases.models import (
    AbsenceReport,
    Blocker,
    CaseEvent,
    Consent,
    EnforcementStep,
    Exemption,
    Participation,
    Party,
    RegieProposal,
    RegieRecord,
)
from ..consultations.models import Consultation, ConsultationMessage
from ..escalation.models import EscalationNotice
from ..meetings.models import AgendaItem, Decision
from ..notes.models import Note
from ..notifications.models import Notification

REMOVED = "[geanonimiseerd]"

# Section of the inzage → (table with a case_id, columns retention clears: None empties,
# REMOVED replaces a text that may not be empty).
BY_CASE = {
    "deelnames": (Participation, {"end_reason": None}),
    "toestemmingen": (Consent, {"given_by": None, "withdrawn_reason": None, "note": None}),
    "vrijstellingen": (Exemption, {"note": None}),
    "verzuimmeldingen": (AbsenceReport, {"duo_reference": None}),
    "handhaving": (EnforcementStep, {"note": None}),
    "betrokkenen_cirkel_0": (Party, {"name": REMOVED, "contact": None, "note": None}),
    "regievoorstellen": (RegieProposal, {"reason": REMOVED, "answer_reason": None}),
    "regiegeschiedenis": (RegieRecord, {}),
    "belemmeringen": (Blocker, {"note": None}),
    "geschiedenis": (CaseEvent, {"description": REMOVED}),
    "notities": (Note, {"body": REMOVED, "summary": None}),
    "afspraken": (
        Agreement,
        {"description": REMOVED, "result": None, "cancel_reason": None, "pause_reason": None},
    ),
    "agendapunten": (AgendaItem, {}),
    "meldingen": (Notification, {"text": REMOVED}),
    "signaleringen": (EscalationNotice, {}),
    "consultaties": (Consultation, {"description": REMOVED}),
}

# Section → (table, its parent's section, the column naming the parent, columns cleared).
BY_PARENT = {
    "afspraak_uitvoeringen": (
        AgreementOccurrence,
        "afspraken",
        "agreement_id",
        {"result": REMOVED},
    ),
    "termijnwijzigingen": (TermChange, "afspraken", "agreement_id", {"reason": REMOVED}),
    "besluiten": (Decision, "agendapunten", "agenda_item_id", {"text": REMOVED}),
    "consultatieberichten": (
        ConsultationMessage,
        "consultaties",
        "consultation_id",
        {"body": REMOVED},
    ),
}
