"""The demo's generated cases (demo/data/cases.toml): each spec built into a case through
the services, its steps played in time order, and agreements on most open cases."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from ..cases import law
from ..cases.vocabulary import RETURN_OUTCOMES
from ..organisations.models import Organisation, OrgKind
from . import region
from .cases import SITUATIONS, Spec
from .script import CaseScript, Region, years_before

# --------------------------------------------------------------------------- generated cases

PHASE_REASONS = {
    2: (
        "Aanpak school onvoldoende; bespreken in het zorg- en adviesteam met leerplicht.",
        "Verzuim loopt op ondanks de afspraken; ZAT met leerplicht en jeugdarts.",
    ),
    3: (
        "ZAT: school kan de benodigde ondersteuning niet bieden; consultatie samenwerkingsverband.",
        "Termijn ZAT verstreken zonder terugkeer; samenwerkingsverband gevraagd mee te denken.",
    ),
    4: (
        "Geen passend aanbod binnen de termijn; aangemeld voor de thuiszitterstafel.",
        "Termijn consultatie verstreken zonder aanbod; naar de thuiszitterstafel.",
    ),
    5: (
        "Thuiszitterstafel: termijnen verstreken zonder plaatsing; bestuurlijke opschaling."
        " Onderwijsconsulent ingeschakeld, Inspectie geïnformeerd.",
    ),
}

GENERIC_BLOCKER_NOTES = {
    "wachtlijst-zorg": "Wachtlijst jeugdhulp.",
    "wachtlijst-onderwijs": "Wachtlijst voor een onderwijsplek.",
    "wachtlijst-diagnostiek": "Wachtlijst voor diagnostisch onderzoek.",
    "tlv-procedure": "Toelaatbaarheidsverklaring aangevraagd; besluit laat op zich wachten.",
    "geen-passend-aanbod": "Geen passend onderwijsaanbod in de regio.",
    "ouders-werken-niet-mee": "Ouders houden zich niet aan de afspraken.",
    "uit-beeld": "Jongere is uit beeld.",
    "anders": "Overige belemmering.",
}

SCHOOLS_FOR = {
    "po": ("po_regenboog", "po_wegwijzer", "po_vlonder", "po_maaswiel", "po_morgenster"),
    "vo": (
        "vo_lingeborgh",
        "vo_waalcollege",
        "vo_bommelerwaard",
        "vo_lingeborgh",
        "vo_waalcollege",
        "vo_debrug",
    ),
    "vso": ("vso_lingestroom",),
    "so": ("vso_lingestroom",),
    "mbo": ("mbo_rivor",),
}
AGES = {"po": (6, 11), "so": (6, 11), "vo": (12, 16), "vso": (12, 17), "mbo": (16, 17)}
OPEN_DELAY = {
    "relatief": (3, 12),
    "dreigend": (0, 4),
    "absoluut": (3, 14),
    "vrijstelling-traject": (0, 7),
}


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


def build_spec(r: Region, spec: Spec) -> CaseScript:
    """Build one generated case from its spec; every step through the services."""
    rng, situation = r.rng, SITUATIONS[spec.situation]
    girl = rng.random() < 0.5
    given, family = r.pick_name(girl, situation.newcomer)
    end_ago = spec.closed_ago
    absent_ago = end_ago + spec.absent
    lo, hi = OPEN_DELAY[spec.kind]
    opened_ago = max(end_ago, absent_ago - rng.randint(lo, hi))

    # Who, where, how old.
    edu = spec.edu
    school: Organisation | None = None
    if spec.school:
        school = r.orgs[spec.school]
    elif spec.kind in ("relatief", "dreigend"):
        school = r.orgs[rng.choice(SCHOOLS_FOR[edu])]
    if school is not None and rng.random() < (0.8 if edu == "po" else 0.55):
        municipality = school.municipality
    else:
        municipality = r.munis[rng.choice(region.MUNICIPALITIES)]
    age_lo, age_hi = AGES[edu]
    age = spec.age if spec.age is not None else rng.randint(age_lo, age_hi)
    birth = years_before(r.today, age) - timedelta(days=rng.randint(10, 350))
    if spec.outcome == "18-jaar":
        # The 18th birthday falls between the first day at home and the closing.
        birthday = r.today - timedelta(days=end_ago + rng.randint(1, min(20, spec.absent - 1)))
        birth = years_before(birthday, 18)
    opened_on = r.today - timedelta(days=opened_ago)
    if law.birthday(birth, 18) <= opened_on:
        # Intake takes only leer- or kwalificatieplichtige pupils: 17 when the case opened.
        birth = years_before(opened_on, 18) + timedelta(days=rng.randint(5, 60))
    age_now = r.today.year - birth.year - ((r.today.month, r.today.day) < (birth.month, birth.day))
    summary = _fill(situation.summary, given, age_now, girl, municipality.name)

    if (
        school is not None
        and school.kind == OrgKind.school
        and school.municipality.name in region.MUNICIPALITIES
        and spec.kind != "absoluut"
        and spec.kind != "vrijstelling-traject"
    ):
        users = r.users_of(school)
        medewerkers = [u for u in users if u.has_role("medewerker")]
        opener = (
            rng.choice(medewerkers)
            if medewerkers and rng.random() < 0.4
            else r.contact_for(school, municipality)
        )
    else:
        opener = r.lpa(municipality)
    edu_type = "so" if edu in ("so", "vso") and age_now < 12 else edu
    script = CaseScript.open(
        r,
        opener,
        opened_ago,
        given=given,
        family=family,
        birth=birth,
        municipality=municipality,
        kind=spec.kind,
        absent_ago=absent_ago,
        edu=edu_type,
        summary=summary,
        school=school,
        onderwijsnummer=f"{rng.randint(100000000, 999999999)}" if rng.random() < 0.3 else None,
        authorised=situation.authorised if spec.kind == "dreigend" else None,
    )

    # The timeline: (days ago, order, step), played in time order.
    steps: list[tuple[int, int, Callable[[], None]]] = []

    def at(days_ago: int, step: Callable[[], None]) -> None:
        steps.append((max(days_ago, end_ago), len(steps), step))

    leerplicht = r.orgs["leerplicht"]
    if spec.melding and school is not None and opener.org_id == school.id:
        reported = max(end_ago, opened_ago - 1)
        at(reported, lambda: script.melding(spec.melding, reported))
    if spec.rooster and school is not None:
        starts = max(end_ago, opened_ago - 3)
        at(starts, lambda: script.reduced_timetable(spec.rooster, starts, 10))
    entries = _phase_entries(r, spec.phase, opened_ago, end_ago)
    for number, entry in enumerate(entries, start=2):
        reason = rng.choice(PHASE_REASONS[number])
        if number == 4 and absent_ago - entry >= 91:
            reason = (
                "Langer dan drie maanden thuis (norm thuiszitterspact): naar de thuiszitterstafel."
            )

        def move(number=number, entry=entry, reason=reason) -> None:
            if not script.case.absence_authorised:  # a sick pupil is no leerplicht task
                script.participate(leerplicht, entry)
            if number >= 4:
                for kind in ("wijkteam", "ggd"):
                    org = r.serving(kind, municipality)
                    if org is not None:
                        script.participate(org, entry)
            script.phase(number, reason, entry)
            if (
                number in (3, 4)
                and rng.random() < 0.6
                and script.case.lead_org_id == r.orgs["swv"].id
            ):
                coordinator = r.users["swv.coordinator"]
                script.lead(r.orgs["swv"], entry, user=coordinator, by=coordinator)

        at(entry, move)

    # The engine's four-week clock adds leerplicht for verzuim (DESIGN §5); a sick pupil's
    # case is no leerplicht task.
    four_weeks = absent_ago - 28
    if four_weeks < opened_ago and four_weeks >= end_ago and not situation.authorised:
        at(four_weeks, lambda: script.participate(leerplicht, four_weeks))

    first_move = entries[0] if entries else end_ago
    for kind in situation.partners:
        if kind == "doorstroompunt" and age_now < 16:
            continue
        org = r.serving(kind, municipality)
        if org is None:
            continue
        day = rng.randint(min(first_move, opened_ago), opened_ago)
        via_consent = rng.random() < 0.5

        def join(org=org, day=day, via_consent=via_consent) -> None:
            if via_consent and not script.participates(org):
                script.consent(
                    org, day, note="Besproken met ouders en jongere; schriftelijk vastgelegd."
                )
            script.participate(org, day)

        at(day, join)

    for kind in spec.blockers:
        since = rng.randint(max(end_ago, (opened_ago + end_ago) // 2), opened_ago)
        note = situation.blockers.get(kind, GENERIC_BLOCKER_NOTES[kind])
        at(since, lambda kind=kind, since=since, note=note: script.blocker(kind, since, note))
        if kind in spec.ended:
            until = rng.randint(end_ago, max(end_ago, since - 1))
            at(until, lambda kind=kind, until=until: script.end_blocker(kind, until))

    if spec.exemption:
        exemption_notes = {
            "5-a": "Advies van de jeugdarts: op dit moment niet geschikt om een school te"
            " bezoeken; vrijstelling voor een jaar.",
            "5-b": "Bedenkingen tegen de richting van alle scholen binnen redelijke afstand;"
            " verklaring binnen de termijn ingediend.",
            "5a": "De ouders leiden een trekkend bestaan (kermis); onderwijs via de"
            " Stichting Rijdende School.",
            "15": "Op andere wijze voldoende onderwijs: leerwerktraject met twee dagen school.",
        }
        if spec.exemption == "5-b":
            start, ends, recorded = end_ago, None, end_ago
        elif spec.exemption == "15":
            start, ends, recorded = absent_ago + 200, -180, opened_ago
        else:
            start, ends, recorded = absent_ago, (end_ago if spec.outcome else -30), opened_ago
            if spec.outcome == "dagbesteding":
                ends = end_ago - 365
        at(
            recorded,
            lambda: script.exemption(
                spec.exemption, start, ends, exemption_notes[spec.exemption], recorded
            ),
        )

    if spec.lead:
        lead_org = r.orgs[spec.lead]
        day = rng.randint(end_ago, (entries[-1] if entries else opened_ago))

        def take_lead(day=day) -> None:
            script.participate(lead_org, day)
            user = r.lpa(municipality) if lead_org.kind == OrgKind.leerplicht else None
            script.lead(lead_org, day, user=user)

        at(day, take_lead)

    lines = situation.events[: max(1, min(len(situation.events), 1 + spec.phase))]
    for i, line in enumerate(lines, start=1):
        day = opened_ago - round((opened_ago - end_ago) * i / (len(lines) + 1))
        kind = "meeting" if line.startswith(("ZAT", "MAT", "Opnieuw besproken")) else "contact"
        text = _fill(line, given, age_now, girl, municipality.name)
        at(day, lambda kind=kind, text=text, day=day: script.log(kind, text, day))

    if spec.escalated:
        day = rng.randint(0, min(10, entries[-1] if entries else opened_ago))
        if spec.absent >= 91:
            text = (
                "Norm thuiszitterspact overschreden: langer dan drie maanden zonder"
                " onderwijsaanbod. Coördinator samenwerkingsverband en leerplicht"
                " geïnformeerd."
            )
        else:
            text = (
                "Afspraak niet nagekomen binnen de termijn; opgeschaald naar de"
                " regiehouder van de volgende fase en leerplicht."
            )
        at(day, lambda: script.escalate(text, day))

    if spec.outcome:
        closing_line = situation.closing.get(spec.outcome)
        resumed = None
        if spec.outcome in RETURN_OUTCOMES or spec.situation == "kliniek":
            resumed = min(absent_ago, end_ago + rng.randint(0, 4))

        def close() -> None:
            if closing_line:
                script.log(
                    "contact", _fill(closing_line, given, age_now, girl, municipality.name), end_ago
                )
            script.close(spec.outcome, end_ago, resumed)
            if spec.outcome == "startkwalificatie":
                script.case.pupil.has_startkwalificatie = True

        steps.append((end_ago, len(steps) + 1000, close))

    for _, _, step in sorted(steps, key=lambda s: (-s[0], s[1])):
        step()
    if not spec.outcome:
        _agreements(script, opened_ago)
    return script


# What the organisations at the table typically take on (demo text, seed 000 and 002).
AGREEMENT_LINES = {
    OrgKind.school: (
        "Opbouwrooster afspreken met ouders en jongere",
        "Gesprek met ouders en jongere over de terugkeer naar school",
        "Lesstof thuis aanbieden en wekelijks contact houden",
    ),
    OrgKind.leerplicht: ("Huisbezoek en gesprek over de leerplicht",),
    OrgKind.swv: (
        "Passend aanbod onderzoeken met de school",
        "Aanvraag toelaatbaarheidsverklaring voorbereiden",
    ),
    OrgKind.wijkteam: ("Gezinscoach inzetten en thuissituatie in kaart brengen",),
    OrgKind.ggd: ("Belastbaarheid beoordelen (jeugdarts)",),
    OrgKind.doorstroompunt: ("Traject naar opleiding of werk uitwerken",),
}


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
        due_in = rnd.choice((-14, -8, -3, 1, 2, 5, 9, 16, 25))
        made_ago = min(opened_ago, max(3, -due_in + rnd.randint(5, 12)))
        if made_ago + due_in <= 0:  # would have been due before it was made
            continue
        script.agreement(owner, rnd.choice(AGREEMENT_LINES[owner.kind]), made_ago, due_in, actor)
