"""The demo's generated cases (demo/data/cases.toml): each spec built into a case through
the services, its steps played in time order, and agreements (demo/data/agreements.toml) on
most open cases.

The random draws happen in a fixed order (the child, the school, the birth date, the
opener, then each kind of step), so the same seed builds the same region.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..auth.models import User
from ..cases import law
from ..cases.vocabulary import RETURN_OUTCOMES
from ..organisations.models import Municipality, Organisation, OrgKind
from . import region
from .cases import SITUATIONS, Situation, Spec
from .content import load
from .script import CaseScript, Region, years_before

_BUILD = load("cases")["build"]
PHASE_REASONS: dict[int, tuple[str, ...]] = {
    int(phase): tuple(reasons) for phase, reasons in _BUILD["phase_reasons"].items()
}
THREE_MONTHS_REASON: str = _BUILD["three_months_reason"]
CONSENT_NOTE: str = _BUILD["consent_note"]
GENERIC_BLOCKER_NOTES: dict[str, str] = _BUILD["blocker_notes"]
EXEMPTION_NOTES: dict[str, str] = _BUILD["exemption_notes"]
ESCALATION_TEXTS: dict[str, str] = _BUILD["escalation"]
SCHOOLS_FOR: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _BUILD["schools"].items()}
AGES: dict[str, tuple[int, int]] = {k: (lo, hi) for k, (lo, hi) in _BUILD["ages"].items()}
OPEN_DELAY: dict[str, tuple[int, int]] = {
    k: (lo, hi) for k, (lo, hi) in _BUILD["open_delay"].items()
}
_AGREEMENTS = load("agreements")
AGREEMENT_LINES: dict[OrgKind, tuple[str, ...]] = {
    OrgKind(kind): tuple(lines) for kind, lines in _AGREEMENTS["lines"].items()
}
AGREEMENT_DUE_IN: tuple[int, ...] = tuple(_AGREEMENTS["due_in"])


def _phase_entries(r: Region, phase: int, opened_ago: int, end_ago: int) -> list[int]:
    """Days-ago on which phases 2..phase were entered, spread by the model's terms."""
    if phase <= 1:
        return []
    terms = [
        r.model.phase(min(k, max(r.model.phase_numbers))).max_days for k in range(1, phase + 1)
    ]
    weights = [t * r.rng.uniform(0.6, 1.3) for t in terms[:-1]]
    weights.append(terms[-1] * r.rng.uniform(0.3, 1.1))
    span, total, acc = opened_ago - end_ago, sum(weights), 0.0
    entries, previous = [], opened_ago
    for w in weights[:-1]:
        acc += w
        day = max(end_ago, min(previous, opened_ago - round(span * acc / total)))
        entries.append(day)
        previous = day
    return entries


def _fill(text: str, given: str, age: int, girl: bool, municipality: str) -> str:
    return text.format(
        naam=given,
        leeftijd=age,
        ze="ze" if girl else "hij",
        Ze="Ze" if girl else "Hij",
        zijn="haar" if girl else "zijn",
        gemeente=municipality,
    )


@dataclass
class Generated:
    """One generated case while it is built: the child, the days, and its steps."""

    r: Region
    spec: Spec
    situation: Situation
    girl: bool
    given: str
    family: str
    end_ago: int  # closed: the day it closed; open: today (0)
    absent_ago: int
    opened_ago: int
    school: Organisation | None = None
    municipality: Municipality = None  # type: ignore[assignment]
    birth: date = None  # type: ignore[assignment]
    age_now: int = 0
    opener: User = None  # type: ignore[assignment]
    script: CaseScript = None  # type: ignore[assignment]
    entries: list[int] = field(default_factory=list)  # days-ago of phases 2..n
    # The timeline: (days ago, order, step), played in time order.
    steps: list[tuple[int, int, Callable[[], None]]] = field(default_factory=list)

    def at(self, days_ago: int, step: Callable[[], None]) -> None:
        self.steps.append((max(days_ago, self.end_ago), len(self.steps), step))

    def fill(self, text: str) -> str:
        return _fill(text, self.given, self.age_now, self.girl, self.municipality.name)

    def play(self) -> None:
        for _, _, step in sorted(self.steps, key=lambda s: (-s[0], s[1])):
            step()


def build_spec(r: Region, spec: Spec) -> CaseScript:
    """Build one generated case from its spec; every step through the services."""
    g = _child(r, spec)
    _school_and_home(g)
    _birth(g)
    g.script = _open(g)
    for plan in PLANS:
        plan(g)
    g.play()
    _handhaving(g)
    if not spec.outcome:
        _agreements(g.script, g.opened_ago)
    return g.script


def _child(r: Region, spec: Spec) -> Generated:
    situation = SITUATIONS[spec.situation]
    girl = r.rng.random() < 0.5
    given, family = r.pick_name(girl, situation.newcomer)
    end_ago = spec.closed_ago
    absent_ago = end_ago + spec.absent
    lo, hi = OPEN_DELAY[spec.kind]
    opened_ago = max(end_ago, absent_ago - r.rng.randint(lo, hi))
    return Generated(r, spec, situation, girl, given, family, end_ago, absent_ago, opened_ago)


def _school_and_home(g: Generated) -> None:
    """The school (forced, or drawn for an enrolled pupil) and where the child lives: near
    the school mostly, for po more often than for vo."""
    r, spec = g.r, g.spec
    if spec.school:
        g.school = r.orgs[spec.school]
    elif spec.kind in ("relatief", "dreigend"):
        g.school = r.orgs[r.rng.choice(SCHOOLS_FOR[spec.edu])]
    if g.school is not None and r.rng.random() < (0.8 if spec.edu == "po" else 0.55):
        g.municipality = g.school.municipality
    else:
        g.municipality = r.munis[r.rng.choice(region.MUNICIPALITIES)]


def _birth(g: Generated) -> None:
    r, spec, rng = g.r, g.spec, g.r.rng
    age_lo, age_hi = AGES[spec.edu]
    age = spec.age if spec.age is not None else rng.randint(age_lo, age_hi)
    birth = years_before(r.today, age) - timedelta(days=rng.randint(10, 350))
    if spec.outcome == "18-jaar":
        # The 18th birthday falls between the first day at home and the closing.
        birthday = r.today - timedelta(days=g.end_ago + rng.randint(1, min(20, spec.absent - 1)))
        birth = years_before(birthday, 18)
    opened_on = r.today - timedelta(days=g.opened_ago)
    if law.birthday(birth, 18) <= opened_on:
        # Intake takes only leer- or kwalificatieplichtige pupils: 17 when the case opened.
        birth = years_before(opened_on, 18) + timedelta(days=rng.randint(5, 60))
    g.birth = birth
    g.age_now = (
        r.today.year - birth.year - ((r.today.month, r.today.day) < (birth.month, birth.day))
    )


def _opener(g: Generated) -> User:
    """The school opens a verzuim case of its own pupil (a worker or its coordinator);
    leerplicht opens the others."""
    r, school = g.r, g.school
    if (
        school is None
        or school.kind != OrgKind.school
        or school.municipality.name not in region.MUNICIPALITIES
        or g.spec.kind in ("absoluut", "vrijstelling-traject")
    ):
        return r.lpa(g.municipality)
    medewerkers = [u for u in r.users_of(school) if u.has_role("medewerker")]
    if medewerkers and r.rng.random() < 0.4:
        return r.rng.choice(medewerkers)
    return r.contact_for(school, g.municipality)


def _open(g: Generated) -> CaseScript:
    r, spec = g.r, g.spec
    summary = g.fill(g.situation.summary)
    opener = g.opener = _opener(g)
    edu_type = "so" if spec.edu in ("so", "vso") and g.age_now < 12 else spec.edu
    onderwijsnummer = f"{r.rng.randint(100000000, 999999999)}" if r.rng.random() < 0.3 else None
    return CaseScript.open(
        r,
        opener,
        g.opened_ago,
        given=g.given,
        family=g.family,
        birth=g.birth,
        municipality=g.municipality,
        kind=spec.kind,
        absent_ago=g.absent_ago,
        edu=edu_type,
        summary=summary,
        school=g.school,
        onderwijsnummer=onderwijsnummer,
        authorised=g.situation.authorised if spec.kind == "dreigend" else None,
    )


# --- the steps, planned in this order (the order of the random draws) ---------------------


def _melding_and_rooster(g: Generated) -> None:
    """The school's verzuimmelding right after opening; a verkort rooster just before."""
    spec, script, school = g.spec, g.script, g.school
    if spec.melding and school is not None and g.opener.org_id == school.id:
        reported = max(g.end_ago, g.opened_ago - 1)
        g.at(reported, lambda: script.melding(spec.melding, reported))
    if spec.rooster and school is not None:
        starts = max(g.end_ago, g.opened_ago - 3)
        g.at(starts, lambda: script.reduced_timetable(spec.rooster, starts, 10))


def _phases(g: Generated) -> None:
    g.entries = _phase_entries(g.r, g.spec.phase, g.opened_ago, g.end_ago)
    for number, entry in enumerate(g.entries, start=2):
        reason = g.r.rng.choice(PHASE_REASONS[number])
        if number == 4 and g.absent_ago - entry >= 91:
            reason = THREE_MONTHS_REASON
        g.at(
            entry, lambda number=number, entry=entry, reason=reason: _move(g, number, entry, reason)
        )


def _move(g: Generated, number: int, entry: int, reason: str) -> None:
    """A phase move: leerplicht (for verzuim) and, from phase 4, wijkteam and GGD at the
    table; in phases 3 and 4 the SWV's coordinator often takes the regie herself."""
    r, script = g.r, g.script
    if not script.case.absence_authorised:  # a sick pupil is no leerplicht task
        script.participate(r.orgs["leerplicht"], entry)
    if number >= 4:
        for kind in ("wijkteam", "ggd"):
            org = r.serving(kind, g.municipality)
            if org is not None:
                script.participate(org, entry)
    script.phase(number, reason, entry)
    swv = r.orgs["swv"]
    if number in (3, 4) and r.rng.random() < 0.6 and script.case.lead_org_id == swv.id:
        coordinator = r.users["swv.coordinator"]
        script.lead(swv, entry, user=coordinator, by=coordinator)


def _four_weeks(g: Generated) -> None:
    """The engine's four-week clock adds leerplicht for verzuim (DESIGN §5); a sick
    pupil's case is no leerplicht task."""
    four_weeks = g.absent_ago - 28
    if g.end_ago <= four_weeks < g.opened_ago and not g.situation.authorised:
        g.at(four_weeks, lambda: g.script.participate(g.r.orgs["leerplicht"], four_weeks))


def _partners(g: Generated) -> None:
    """The situation's partners join before the first phase move, half through consent."""
    r = g.r
    first_move = g.entries[0] if g.entries else g.end_ago
    for kind in g.situation.partners:
        if kind == "doorstroompunt" and g.age_now < 16:
            continue
        org = r.serving(kind, g.municipality)
        if org is None:
            continue
        day = r.rng.randint(min(first_move, g.opened_ago), g.opened_ago)
        via_consent = r.rng.random() < 0.5
        g.at(day, lambda org=org, day=day, consent=via_consent: _join(g, org, day, consent))


def _join(g: Generated, org: Organisation, day: int, via_consent: bool) -> None:
    if via_consent and not g.script.participates(org):
        g.script.consent(org, day, note=CONSENT_NOTE)
    g.script.participate(org, day)


def _blockers(g: Generated) -> None:
    rng, script = g.r.rng, g.script
    for kind in g.spec.blockers:
        since = rng.randint(max(g.end_ago, (g.opened_ago + g.end_ago) // 2), g.opened_ago)
        note = g.situation.blockers.get(kind, GENERIC_BLOCKER_NOTES[kind])
        g.at(since, lambda kind=kind, since=since, note=note: script.blocker(kind, since, note))
        if kind in g.spec.ended:
            until = rng.randint(g.end_ago, max(g.end_ago, since - 1))
            g.at(until, lambda kind=kind, until=until: script.end_blocker(kind, until))


def _exemption(g: Generated) -> None:
    """A granted vrijstelling: 5-b from the closing day, 15 long running, others from the
    first day at home until the closing (or a month from now)."""
    spec = g.spec
    if not spec.exemption:
        return
    if spec.exemption == "5-b":
        start, ends, recorded = g.end_ago, None, g.end_ago
    elif spec.exemption == "15":
        start, ends, recorded = g.absent_ago + 200, -180, g.opened_ago
    else:
        start, ends, recorded = g.absent_ago, (g.end_ago if spec.outcome else -30), g.opened_ago
        if spec.outcome == "dagbesteding":
            ends = g.end_ago - 365
    note = EXEMPTION_NOTES[spec.exemption]
    g.at(recorded, lambda: g.script.exemption(spec.exemption, start, ends, note, recorded))


def _lead(g: Generated) -> None:
    if not g.spec.lead:
        return
    r, lead_org = g.r, g.r.orgs[g.spec.lead]
    day = r.rng.randint(g.end_ago, (g.entries[-1] if g.entries else g.opened_ago))

    def take_lead() -> None:
        g.script.participate(lead_org, day)
        user = r.lpa(g.municipality) if lead_org.kind == OrgKind.leerplicht else None
        g.script.lead(lead_org, day, user=user)

    g.at(day, take_lead)


def _events(g: Generated) -> None:
    """The situation's log lines, spread evenly over the case (more in later phases)."""
    events = g.situation.events
    lines = events[: max(1, min(len(events), 1 + g.spec.phase))]
    span = g.opened_ago - g.end_ago
    for i, line in enumerate(lines, start=1):
        day = g.opened_ago - round(span * i / (len(lines) + 1))
        kind = "meeting" if line.startswith(("ZAT", "MAT", "Opnieuw besproken")) else "contact"
        text = g.fill(line)
        g.at(day, lambda kind=kind, text=text, day=day: g.script.log(kind, text, day))


def _escalation(g: Generated) -> None:
    if not g.spec.escalated:
        return
    day = g.r.rng.randint(0, min(10, g.entries[-1] if g.entries else g.opened_ago))
    text = ESCALATION_TEXTS["three_months" if g.spec.absent >= 91 else "overdue"]
    g.at(day, lambda: g.script.escalate(text, day))


def _closing(g: Generated) -> None:
    spec = g.spec
    if not spec.outcome:
        return
    closing_line = g.situation.closing.get(spec.outcome)
    resumed = None
    if spec.outcome in RETURN_OUTCOMES or spec.situation == "kliniek":
        resumed = min(g.absent_ago, g.end_ago + g.r.rng.randint(0, 4))

    def close() -> None:
        if closing_line:
            g.script.log("contact", g.fill(closing_line), g.end_ago)
        g.script.close(spec.outcome, g.end_ago, resumed)
        if spec.outcome == "startkwalificatie":
            g.script.case.pupil.has_startkwalificatie = True

    g.steps.append((g.end_ago, len(g.steps) + 1000, close))  # the last thing that day


PLANS: tuple[Callable[[Generated], None], ...] = (
    _melding_and_rooster,
    _phases,
    _four_weeks,
    _partners,
    _blockers,
    _exemption,
    _lead,
    _events,
    _escalation,
    _closing,
)


def _handhaving(g: Generated) -> None:
    """Leerplicht's handhaving, spread evenly over the case (before its closing), on dice
    of its own so that every other case of the region stays as it was."""
    steps = g.spec.handhaving
    span = g.opened_ago - g.end_ago
    with g.r.own_dice(f"handhaving-{g.script.case.id}"):
        for i, step in enumerate(steps, start=1):
            day = g.opened_ago - round(span * i / (len(steps) + 1))
            kind, _, pv_type = step.partition(":")
            g.script.enforcement(kind, pv_type or None, day)


def _agreements(script: CaseScript, opened_ago: int) -> None:
    """Most open cases get one or two agreements of organisations at the table: some due
    soon, some overdue (the engine reminds and escalates them when the demo starts). Their
    own random stream, so the cases themselves stay as they were."""
    case = script.case
    rnd = random.Random(f"afspraken-{case.id}")
    if rnd.random() < 0.2 or opened_ago < 4:
        return
    actor = script.lead_actor()
    owners = sorted(
        (
            p.organisation
            for p in case.active_participations()
            if p.organisation.kind in AGREEMENT_LINES
        ),
        key=lambda o: (o.id != case.lead_org_id, o.id),
    )
    for owner in owners[: rnd.randint(1, 2)]:
        due_in = rnd.choice(AGREEMENT_DUE_IN)
        made_ago = min(opened_ago, max(3, -due_in + rnd.randint(5, 12)))
        if made_ago + due_in <= 0:  # would have been due before it was made
            continue
        script.agreement(owner, rnd.choice(AGREEMENT_LINES[owner.kind]), made_ago, due_in, actor)
