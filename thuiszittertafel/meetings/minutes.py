"""The minutes: per case (into its log) and whole (printable HTML and PDF).

Minutes carry pupil initials and organisation names only: no pupil names, no person
names, and a case's part holds nothing of another case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..cases.models import Case
from ..cases.pupils import masked
from ..notes.models import Note
from ..notes.services import MAX_BODY
from .models import AgendaItem, Meeting

AGREEMENT_REF = re.compile(r"^Afspraak (\d+)")
AGREEMENT_LINK = r"[Afspraak \1](#afspraak-\1)"
# DejaVu Sans ships with the package (fonts/LICENSE): every character of a Dutch text
# (ë, ö, —, →) prints the same on any machine.
FONT = Path(__file__).with_name("fonts") / "DejaVuSans.ttf"
FONT_BOLD = Path(__file__).with_name("fonts") / "DejaVuSans-Bold.ttf"


@dataclass
class ItemMinutes:
    item_id: int
    case_id: int
    initials: str
    phase: int
    notes: list[tuple[str, str]] = field(default_factory=list)  # (organisation, text)
    note_ids: list[int] = field(default_factory=list)  # the same notes' ids, in order
    decisions: list[tuple[str, list[str]]] = field(default_factory=list)
    not_discussed: str | None = None  # why, when the chair marked it not discussed

    @property
    def outcome(self) -> str | None:
        """The line instead of the decisions: "Niet besproken" (with why) or none made."""
        if self.not_discussed is not None:
            return (
                f"Niet besproken: {self.not_discussed}. Het punt gaat mee naar een volgend overleg."
            )
        return None if self.decisions else "Geen besluiten."


def _fmt(moment) -> str:
    return clock.local(moment).strftime("%d-%m-%Y %H:%M")


def heading(meeting: Meeting) -> str:
    return f"{meeting.kind_label}: {meeting.dated_title}, {_fmt(meeting.starts_at)}"


def organisations(meeting: Meeting) -> list[str]:
    return sorted({u.organisation.name for u in [meeting.chair, *meeting.attendees]})


def presence(meeting: Meeting) -> list[str]:
    """Who was there, by organisation (minutes name no persons): the invited organisations
    until the chair records presence."""
    if not meeting.present:
        return ["Aanwezige organisaties: " + ", ".join(organisations(meeting)) + "."]
    invited = [meeting.chair, *meeting.attendees]
    away = [u for u in invited if u not in meeting.present]
    lines = [
        "Aanwezig: "
        + ", ".join(sorted({u.organisation.name for u in meeting.present}))
        + f" ({len(meeting.present)} van {len(invited)} genodigden)."
    ]
    if away:
        lines.append("Afwezig: " + ", ".join(sorted({u.organisation.name for u in away})) + ".")
    return lines


def item_minutes(session: Session, meeting: Meeting, item: AgendaItem) -> ItemMinutes:
    case = session.get_one(Case, item.case_id)
    part = ItemMinutes(item.id, case.id, case.pupil.initials, case.phase)
    part.not_discussed = item.not_discussed_reason
    notes = list(
        session.scalars(
            select(Note)
            .where(
                Note.case_id == case.id,
                Note.meeting_id == meeting.id,
                ~Note.client_id.like(f"meeting-{meeting.id}-minutes-%"),
            )
            .order_by(Note.id)
        )
    )

    def mask(text: str) -> str:  # free text may name the pupil; minutes show initials
        return masked(text, case.pupil.given_name, case.pupil.family_name)

    part.notes = [(n.organisation.name, mask(n.body)) for n in notes]
    part.note_ids = [n.id for n in notes]
    for decision in item.decisions:
        lines = [
            f"Afspraak {a.id}: {mask(a.description)} — eigenaar {a.owner_org.name},"
            f" termijn {_fmt(a.due_at)}"
            for a in decision.agreements
        ]
        if decision.moved_to_phase is not None:
            lines.append(f"Fase naar {decision.moved_to_phase}.")
        part.decisions.append((mask(decision.text), lines))
    return part


def case_minutes(session: Session, meeting: Meeting, item: AgendaItem) -> str:
    """This case's part of the minutes, as the text of a note in its log: never longer
    than a note may be (the meeting's notes are in the log already; what does not fit is
    pointed to), so finalising always succeeds and meeting access always ends."""
    part = item_minutes(session, meeting, item)
    head = [f"Verslag {heading(meeting)}", "", *presence(meeting)]
    if meeting.place:
        head.append(f"Plaats: {meeting.place}.")
    head += ["", f"Besproken: casus {part.case_id} ({part.initials})."]
    if part.notes:
        head += ["", "Notities tijdens het overleg:"]
    tail = ["", part.outcome or "Besluiten:"]
    for text, agreements in part.decisions:
        tail.append(f"- {text}")
        # In the case log each agreement links to its row on the case page.
        tail += ["  - " + AGREEMENT_REF.sub(AGREEMENT_LINK, line, 1) for line in agreements]
    budget = MAX_BODY - len("\n".join(head + tail)) - 1
    text = "\n".join(head + _note_lines(part, budget) + tail)
    if len(text) > MAX_BODY:  # only with hundreds of notes or decisions
        text = text[: MAX_BODY - len(CUT)] + CUT
    return text


CUT = "\n… (ingekort: het volledige verslag staat bij het overleg, de notities in de chronologie)"
EXCERPT = 300


def _note_lines(part: ItemMinutes, budget: int) -> list[str]:
    """One line per meeting note: the whole note while the budget lasts, then an excerpt,
    then only where to read it (the note itself is in the case log)."""
    lines = [f"- {org}: zie notitie {nid} in de chronologie." for (org, _), nid in _notes(part)]
    used = sum(len(line) + 1 for line in lines)
    for n, ((org, text), nid) in enumerate(_notes(part)):
        excerpt = text[:EXCERPT].rstrip() + f"… (verder in notitie {nid} in de chronologie)"
        for candidate in (f"- {org}: {text}", f"- {org}: {excerpt}"):
            extra = len(candidate) - len(lines[n])
            if used + extra <= budget:
                lines[n], used = candidate, used + extra
                break
    return lines


def _notes(part: ItemMinutes):
    return zip(part.notes, part.note_ids, strict=True)


def whole(session: Session, meeting: Meeting) -> list[ItemMinutes]:
    return [item_minutes(session, meeting, item) for item in meeting.items]


def pdf(session: Session, meeting: Meeting) -> bytes:
    """The whole minutes as PDF (initials only), with the embedded DejaVu font."""
    from fpdf import FPDF  # not at start-up: fpdf takes half a second to import

    doc = FPDF(format="A4")
    doc.set_title(f"Verslag {meeting.title}")
    doc.add_font("DejaVu", "", str(FONT))
    doc.add_font("DejaVu", "B", str(FONT_BOLD))
    family = "DejaVu"
    doc.add_page()
    doc.set_font(family, "B", 14)
    doc.multi_cell(0, 8, f"Verslag {heading(meeting)}", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(family, "", 10)
    body = presence(meeting)
    if meeting.place:
        body.append(f"Plaats: {meeting.place}.")
    for line in body:
        doc.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for n, part in enumerate(whole(session, meeting), start=1):
        doc.ln(3)
        doc.set_font(family, "B", 12)
        doc.multi_cell(
            0,
            7,
            f"{n}. Casus {part.case_id} ({part.initials}), fase {part.phase}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        doc.set_font(family, "", 10)
        for org, text in part.notes:
            doc.multi_cell(0, 5, f"{org}: {text}", new_x="LMARGIN", new_y="NEXT")
        if part.outcome:
            doc.multi_cell(0, 5, part.outcome, new_x="LMARGIN", new_y="NEXT")
        for text, agreements in part.decisions:
            doc.multi_cell(0, 5, f"Besluit: {text}", new_x="LMARGIN", new_y="NEXT")
            for line in agreements:
                doc.multi_cell(0, 5, f"   {line}", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())
