"""`thuiszittertafel demo-data --cases N [--seed S]`: many realistic cases for benchmarks.

On top of the demo region (seeded first when the database is empty): pupils spread over
its municipalities and schools, open cases at every phase and clock, participations with
their vast aanspreekpunt, notes and agreements (about four per case, a few recurring, some
past their term). The same seed gives the same data. Rows go in with bulk INSERTs.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .. import clock
from ..agreements.models import Agreement
from ..auth.models import User
from ..cases.models import Case, CaseEvent, Participation, Pupil
from ..config import Settings
from ..extensions import make_engine
from ..notes.models import Note
from ..organisations.models import Organisation, OrgKind, organisation_municipalities
from .seed import seed_if_empty

GIVEN = [
    "Daan",
    "Sem",
    "Noah",
    "Lucas",
    "Finn",
    "Emma",
    "Julia",
    "Mila",
    "Sara",
    "Tess",
    "Yara",
    "Adam",
    "Mohammed",
    "Zoë",
    "Liam",
    "Nina",
    "Jesse",
    "Lotte",
    "Ilias",
    "Fenna",
]
FAMILY = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "de Boer",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "van Leeuwen",
    "Yilmaz",
    "El Amrani",
    "Kok",
    "Brouwer",
]
AGREEMENTS = [
    "Gesprek met ouders en leerling plannen",
    "Aanmelding bij het wijkteam doen",
    "Advies jeugdarts over belastbaarheid",
    "Onderwijsconsulent inschakelen",
    "Handelingsplan opstellen",
    "Maatwerkrooster uitwerken",
    "TLV-aanvraag indienen",
    "Huisbezoek leerplicht",
    "Terugkoppeling in het ZAT",
    "Intake bij de zorgaanbieder regelen",
    "Proefplaatsing op andere school",
]
NOTES = [
    "Ouders gebeld; afspraak gemaakt voor volgende week.",
    "Leerling was twee ochtenden op school, daarna weer ziek gemeld.",
    "Zorgaanbieder heeft een wachtlijst van zes weken.",
    "Besproken in het ZAT; leerplicht sluit aan bij het volgende gesprek.",
    "Jeugdarts adviseert een opbouw van drie uur per dag.",
]
CHUNK = 5000


def _chunks(session: Session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def generate(settings: Settings, *, cases: int, seed: int = 1) -> dict:
    """Add `cases` open cases with notes and agreements; returns what was added."""
    seed_if_empty(settings)
    rnd = random.Random(seed)
    now = clock.now()
    today = clock.local(now).date()
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        schools = list(
            session.execute(
                select(Organisation.id, Organisation.municipality_id, Organisation.swv_id).where(
                    Organisation.kind == OrgKind.school, Organisation.municipality_id.is_not(None)
                )
            )
        )
        leerplicht = dict(
            session.execute(
                select(organisation_municipalities.c.municipality_id, func.min(Organisation.id))
                .join(
                    Organisation, Organisation.id == organisation_municipalities.c.organisation_id
                )
                .where(Organisation.kind == OrgKind.leerplicht)
                .group_by(organisation_municipalities.c.municipality_id)
            ).all()
        )
        staff: dict[int, list[int]] = {}
        for uid, org_id in session.execute(select(User.id, User.org_id).where(User.active)):
            staff.setdefault(org_id, []).append(uid)
        fallback = min(uid for uids in staff.values() for uid in uids)
        first_pupil = (session.scalar(select(func.max(Pupil.id))) or 0) + 1
        first_case = (session.scalar(select(func.max(Case.id))) or 0) + 1
        pupils, case_rows, parts, notes, agreements, events = [], [], [], [], [], []
        for i in range(cases):
            pid, cid = first_pupil + i, first_case + i
            school_id, muni_id, swv_id = rnd.choice(schools)
            absent = rnd.randint(3, 200)
            phase = min(5, 1 + absent // 30 + rnd.randint(0, 1))
            since = today - timedelta(days=min(absent, rnd.randint(1, 60)))
            birth = today - timedelta(days=rnd.randint(6 * 365, 17 * 365))
            pupils.append(
                {
                    "id": pid,
                    "given_name": rnd.choice(GIVEN),
                    "family_name": rnd.choice(FAMILY),
                    "birth_date": birth,
                    "municipality_id": muni_id,
                    "school_org_id": school_id,
                    "education_type": "vo" if birth.year < today.year - 12 else "po",
                    "has_startkwalificatie": False,
                }
            )
            lead = swv_id if phase >= 3 and swv_id else school_id
            teacher = rnd.choice(staff.get(school_id) or [fallback])
            case_rows.append(
                {
                    "id": cid,
                    "pupil_id": pid,
                    "kind": rnd.choice(["relatief", "dreigend"]),
                    "status": "open",
                    "absent_since": today - timedelta(days=absent),
                    "school_org_id": school_id,
                    "swv_org_id": swv_id,
                    "phase": phase,
                    "phase_since": since,
                    "phase_due_on": since + timedelta(weeks=4),
                    "lead_org_id": lead,
                    "lead_user_id": None,
                    "escalated": False,
                    "reported_by": "school",
                    "summary": "Langdurig verzuim na ziekte.",
                    "opened_at": now - timedelta(days=absent),
                    "created_by_id": teacher,
                }
            )
            orgs = [school_id] + ([leerplicht[muni_id]] if muni_id in leerplicht else [])
            if lead not in orgs:
                orgs.append(lead)
            for org_id in orgs:
                parts.append(
                    {
                        "case_id": cid,
                        "org_id": org_id,
                        "started_on": since,
                        "contact_user_id": (staff.get(org_id) or [None])[0],
                    }
                )
            for n in range(2):
                author_org = rnd.choice(orgs)
                notes.append(
                    {
                        "case_id": cid,
                        "author_id": (staff.get(author_org) or [fallback])[0],
                        "org_id": author_org,
                        "scope": "betrokkenen",
                        "category": None,
                        "body": rnd.choice(NOTES),
                        "summary": None,
                        "client_id": f"bulk-{seed}-{cid}-{n}",
                        "corrects_id": None,
                        "created_at": now - timedelta(days=rnd.randint(0, absent)),
                    }
                )
            for _ in range(4):
                owner = rnd.choice(orgs)
                due_day = today + timedelta(days=rnd.randint(-30, 60))
                due = (
                    datetime.combine(due_day, time(17))
                    .replace(tzinfo=clock.LOCAL_TZ)
                    .astimezone(UTC)
                )
                recurring = rnd.random() < 0.1
                agreements.append(
                    {
                        "case_id": cid,
                        "description": rnd.choice(AGREEMENTS),
                        "owner_org_id": owner,
                        "owner_user_id": None,
                        "due_at": due,
                        "day_count": "school",
                        "recurrence_every": 4 if recurring else None,
                        "recurrence_unit": "weeks" if recurring else None,
                        "occurrence": 1,
                        "term_version": 1,
                        "status": "open",
                        "created_by_id": teacher,
                        "created_at": now - timedelta(days=rnd.randint(1, 30)),
                    }
                )
            events.append(
                {
                    "case_id": cid,
                    "at": now - timedelta(days=absent),
                    "actor_id": teacher,
                    "kind": "opened",
                    "description": "Casus geopend (demo-data).",
                }
            )
        for model, rows in (
            (Pupil, pupils),
            (Case, case_rows),
            (Participation, parts),
            (Note, notes),
            (Agreement, agreements),
            (CaseEvent, events),
        ):
            _chunks(session, model, rows)
        session.commit()
    engine.dispose()
    return {
        "cases": cases,
        "notes": len(notes),
        "agreements": len(agreements),
        "participations": len(parts),
        "seed": seed,
    }
