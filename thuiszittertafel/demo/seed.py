"""Seed the demo region (Regio Rivierenland) into an empty database.

`seed_if_empty(settings)` builds municipalities, partner organisations, the public demo
accounts and some sixty cases — every case through the services in cases/services.py, with
`now` set to the day each step happened, so events, participations, phases and terms are
consistent with the rules — then consultations, ZAT meetings and the thuiszitterstafel
series (activity.py) and the pupil totals per gemeente (pupils.py), and runs the
escalation engine's first pass. The content is data: demo/data/*.toml (region, stories,
activity, pupils). Dates are relative to clock.today(), so the
demo always looks current; names and choices come from a fixed-seed random generator.

Only three things are set directly, because no service exists for them (yet):
- `Case.escalated` plus an "escalated" CaseEvent (the escalation engine's job);
- `Participation.contact_user_id` for participations a service creates implicitly
  (opening, phase moves), so each partner has its "vast aanspreekpunt";
- `Pupil.has_startkwalificatie` for the pupil who obtained one.
"""

import random
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..config import Settings
from ..escalation.jobs import run_escalations
from ..escalation.model import EscalationModel
from ..escalation.model import load as load_model
from ..extensions import make_engine
from ..organisations.models import Organisation
from . import activity, pupils, region, stories
from .cases import SPECS
from .generated import build_spec
from .script import CaseScript, Region, years_before

__all__ = ["CaseScript", "Region", "demo_accounts", "seed", "seed_if_empty", "years_before"]

RANDOM_SEED = 20222023  # the school year of the Jaarverslag Leerplicht Regio Rivierenland


def demo_accounts() -> list[dict]:
    """The public demo accounts, from the constants (the same whether seeded now or before)."""
    orgs = {o.key: o for o in region.ORGANISATIONS}
    return [
        {
            "username": a.username,
            "password": region.DEMO_PASSWORD,
            "organisation": orgs[a.org].name,
            "org_kind": orgs[a.org].kind,
            "roles": sorted(a.roles),
        }
        for a in region.ACCOUNTS
    ]


def seed_if_empty(settings: Settings) -> list[dict]:
    """Seed the demo region if the database has no organisations; return the accounts."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            empty = session.scalar(select(Organisation.id).limit(1)) is None
            if empty:
                seed(session, model=load_model(settings.escalation_model), now=clock.now())
                session.commit()
        if empty:
            # The engine's first pass, as the running demo would make it: overdue agreements
            # are escalated, reminders and clocks noticed, before anyone logs in.
            run_escalations(engine, settings, live=False)
    finally:
        engine.dispose()
    return demo_accounts()


def seed(session: Session, *, model: EscalationModel, now: datetime) -> None:
    """Build the whole region in `session` (not committed)."""
    rng = random.Random(RANDOM_SEED)
    r = Region(session, model=model, now=now, rng=rng)
    r.used_names.update(stories.STORY_PUPILS)
    r.build()
    stories.build(r)
    for spec in SPECS:
        build_spec(r, spec)
    session.flush()
    activity.build(r)
    pupils.build(r)
