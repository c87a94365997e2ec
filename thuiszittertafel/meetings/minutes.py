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
from ..notes.models import Note
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
    decisions: list[tuple[str, list[str]]] = field(default_factory=list)


def _fmt(moment) -> str:
    return clock.local(moment).strftime("%d-%m-%Y %H:%M")


def heading(meeting: Meeting) -> str:
    return f"{meeting.kind_label}: {meeting.title}, {_fmt(meeting.starts_at)}"


def organisations(meeting: Meeting) -> list[str]:
    return sorted({u.organisation.name for u in [meeting.chair, *meeting.attendees]})


def item_minutes(session: Session, meeting: Meeting, item: AgendaItem) -> ItemMinutes:
    case = session.get(Case, item.case_id)
    part = ItemMinutes(item.id, case.id, case.pupil.initials, case.phase)
    notes = session.scalars(
        select(Note)
        .where(
            Note.case_id == case.id,
            Note.meeting_id == meeting.id,
            ~Note.client_id.like(f"meeting-{meeting.id}-minutes-%"),
        )
        .order_by(Note.id)
    )
    part.notes = [(n.organisation.name, n.body) for n in notes]
    for decision in item.decisions:
        lines = [
            f"Afspraak {a.id}: {a.description} — eigenaar {a.owner_org.name},"
            f" termijn {_fmt(a.due_at)}"
            for a in decision.agreements
        ]
        if decision.moved_to_phase is not None:
            lines.append(f"Fase naar {decision.moved_to_phase}.")
        part.decisions.append((decision.text, lines))
    return part


def case_minutes(session: Session, meeting: Meeting, item: AgendaItem) -> str:
    """This case's part of the minutes, as the text of a note in its log."""
    part = item_minutes(session, meeting, item)
    lines = [
        f"Verslag {heading(meeting)}",
        "",
        "Aanwezige organisaties: " + ", ".join(organisations(meeting)) + ".",
    ]
    if meeting.place:
        lines.append(f"Plaats: {meeting.place}.")
    lines += ["", f"Besproken: casus {part.case_id} ({part.initials})."]
    if part.notes:
        lines += ["", "Notities tijdens het overleg:"]
        lines += [f"- {org}: {text}" for org, text in part.notes]
    lines += ["", "Besluiten:" if part.decisions else "Geen besluiten."]
    for text, agreements in part.decisions:
        lines.append(f"- {text}")
        # In the case log each agreement links to its row on the case page.
        lines += ["  - " + AGREEMENT_REF.sub(AGREEMENT_LINK, line, 1) for line in agreements]
    return "\n".join(lines)


def whole(session: Session, meeting: Meeting) -> list[ItemMinutes]:
    return [item_minutes(session, meeting, item) for item in meeting.items]


def pdf(session: Session, meeting: Meeting) -> bytes:
    """The whole minutes as PDF (initials only), with the embedded DejaVu font."""
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.set_title(f"Verslag {meeting.title}")
    doc.add_font("DejaVu", "", str(FONT))
    doc.add_font("DejaVu", "B", str(FONT_BOLD))
    family = "DejaVu"
    doc.add_page()
    doc.set_font(family, "B", 14)
    doc.multi_cell(0, 8, f"Verslag {heading(meeting)}", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(family, "", 10)
    body = ["Aanwezige organisaties: " + ", ".join(organisations(meeting)) + "."]
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
        if not part.decisions:
            doc.multi_cell(0, 5, "Geen besluiten.", new_x="LMARGIN", new_y="NEXT")
        for text, agreements in part.decisions:
            doc.multi_cell(0, 5, f"Besluit: {text}", new_x="LMARGIN", new_y="NEXT")
            for line in agreements:
                doc.multi_cell(0, 5, f"   {line}", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())
