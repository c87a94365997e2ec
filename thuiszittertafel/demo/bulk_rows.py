"""The rows of `demo-data`: one case and what hangs off it, as plain tuples per table.

No database here: `Region` holds what the loader read from the seeded demo region, and
`Batch` turns a random generator into rows with explicit ids, so the same seed gives the
same rows (ids included) on SQLite and PostgreSQL. What a case gets follows the rules the
services apply (DESIGN §3, §4a, §5), so every page and count finds consistent data:
- kinds as the leerplichttelling sees them: relatief verzuim, dreigend (a third of them
  geoorloofd afwezig, mostly sick with a medical reason), absoluut verzuim (no school) and
  vrijstelling-trajecten (a vrijstelling granted under one of the articles of seed 003);
- phase, regie, phase term and the partners that must take part follow the escalation
  model; a geoorloofd afwezig child is no leerplicht task, so leerplicht takes part only
  after a verzuimmelding (rule 2);
- notes (more as the case gets older, in every scope), four open agreements, consent for
  the partners that need it, verzuimmeldingen, blockers and the case history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from .. import clock
from ..cases.law import school_year_end
from ..cases.participation import NEEDS_CONSENT, consent_basis_for_age
from ..cases.pupils import age, search_name, sort_name
from ..cases.vocabulary import ADVICE_ARTICLES, BLOCKER_KINDS, YEARLY_ARTICLES
from ..escalation.model import EscalationModel
from ..notes.models import CATEGORIES
from .cases import BOYS, FAMILY_NAMES, GIRLS

# The columns each table gets, in the order of the tuples below; tables in foreign-key order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "pupils": (
        "id",
        "given_name",
        "family_name",
        "birth_date",
        "municipality_id",
        "school_org_id",
        "education_type",
        "has_startkwalificatie",
        "search_name",
        "sort_name",
    ),
    "cases": (
        "id",
        "pupil_id",
        "municipality_id",
        "search_name",
        "sort_name",
        "birth_date",
        "has_startkwalificatie",
        "has_exemption",
        "kind",
        "status",
        "absent_since",
        "absence_authorised",
        "absence_reason",
        "absence_reported",
        "school_org_id",
        "swv_org_id",
        "phase",
        "phase_since",
        "phase_due_on",
        "lead_org_id",
        "lead_user_id",
        "escalated",
        "reported_by",
        "summary",
        "opened_at",
        "created_by_id",
    ),
    "participations": ("id", "case_id", "org_id", "contact_user_id", "started_on"),
    "consents": ("id", "case_id", "org_id", "basis", "given_on", "recorded_by_id"),
    "exemptions": (
        "id",
        "case_id",
        "article",
        "requested_on",
        "advice_on",
        "decided_on",
        "decision",
        "starts_on",
        "ends_on",
        "recorded_by_id",
    ),
    "absence_reports": (
        "id",
        "case_id",
        "reported_on",
        "type",
        "hours",
        "duo_reference",
        "reporter_org_id",
        "recorded_by_id",
        "recorded_at",
    ),
    "blockers": ("id", "case_id", "kind", "since", "until", "recorded_by_id"),
    "notes": (
        "id",
        "case_id",
        "author_id",
        "org_id",
        "scope",
        "category",
        "body",
        "summary",
        "client_id",
        "created_at",
    ),
    "agreements": (
        "id",
        "case_id",
        "municipality_id",
        "description",
        "owner_org_id",
        "owner_user_id",
        "due_at",
        "day_count",
        "recurrence_every",
        "recurrence_unit",
        "occurrence",
        "term_version",
        "status",
        "created_by_id",
        "created_at",
    ),
    "case_events": ("id", "case_id", "at", "actor_id", "kind", "description"),
}

KINDS = ("relatief", "dreigend", "absoluut", "vrijstelling-traject")
KIND_WEIGHTS = (55, 30, 8, 7)
AUTHORISED_SHARE = 0.35  # of dreigend: geoorloofd afwezig
REASONS = ("ziek-medisch", "verlof", "anders")
REASON_WEIGHTS = (75, 15, 10)
ARTICLES = ("5-a", "5-b", "5-c", "5a", "15")
ARTICLE_WEIGHTS = (40, 10, 20, 5, 25)
AGES = {"po": (5, 12), "so": (5, 12), "vo": (12, 17), "vso": (12, 17), "mbo": (16, 17)}
SUMMARIES = {
    "relatief": "Ongeoorloofd afwezig sinds enkele weken; ouders moeilijk bereikbaar.",
    "dreigend": "Verkort rooster; aanwezigheid loopt terug.",
    "absoluut": "Niet ingeschreven na verhuizing; geen school bereid tot plaatsing.",
    "vrijstelling-traject": "Vrijgesteld; traject naar passend onderwijs.",
}
SICK_SUMMARY = "Ziek met een medische reden; school volgt de opbouw met de jeugdarts."
AGREEMENTS = (
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
)
NOTES = (
    "Ouders gebeld; afspraak gemaakt voor volgende week.",
    "Leerling was twee ochtenden op school, daarna weer ziek gemeld.",
    "Zorgaanbieder heeft een wachtlijst van zes weken.",
    "Besproken in het ZAT; leerplicht sluit aan bij het volgende gesprek.",
    "Jeugdarts adviseert een opbouw van drie uur per dag.",
    "Huisbezoek afgelegd; leerling lag nog in bed.",
    "Mentor heeft contact met de leerling via de app; het gaat iets beter.",
    "Aanmelding bij de nieuwe school loopt; kennismaking volgende week.",
)
MEDICAL = (
    "Gesprek met de jeugdarts over de klachten en de behandeling.",
    "Belastbaar 2 uur per dag",
)
LEERPLICHT_NOTE = "Leerling en ouders opgeroepen voor een verzuimgesprek (Halt overwogen)."
CATEGORY_CODES = (None, *CATEGORIES)


@dataclass
class Region:
    """What the demo region offers, read by the loader from the database."""

    schools: list[tuple[int, int, int | None, str]]  # id, municipality, SWV, education types
    serving: dict[tuple[str, int], int]  # (org kind, municipality) -> organisation
    contacts: dict[tuple[int, int], int]  # (organisation, municipality) -> vast aanspreekpunt
    kinds: dict[int, str]  # organisation -> its kind
    fallback_user: int


@dataclass
class Batch:
    """The rows for a run of consecutive cases; `next_ids` is advanced as rows are made."""

    region: Region
    model: EscalationModel
    rnd: random.Random
    now: datetime
    seed: int
    next_ids: dict[str, int]
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def __post_init__(self) -> None:
        self.today = clock.local(self.now).date()
        # Agreement terms at 17:00 local time, from 30 days ago to 60 days ahead.
        self.due = {
            d: datetime.combine(
                self.today + timedelta(days=d), time(17), clock.LOCAL_TZ
            ).astimezone(UTC)
            for d in range(-30, 61)
        }
        self.top_phase = max(self.model.phase_numbers)

    def _add(self, table: str, *values) -> int:
        ident = self.next_ids[table]
        self.next_ids[table] = ident + 1
        self.rows[table].append((ident, *values))
        return ident

    def _moment(self, days_ago: int) -> datetime:
        """A moment within the working day `days_ago` days before now."""
        return self.now - timedelta(days=days_ago, minutes=self.rnd.randint(0, 480))

    def case(self) -> None:
        """One pupil, their case and everything that hangs off it."""
        rnd, region, today = self.rnd, self.region, self.today
        school, muni, swv, types = rnd.choice(region.schools)
        kind = rnd.choices(KINDS, KIND_WEIGHTS)[0]
        authorised = kind == "dreigend" and rnd.random() < AUTHORISED_SHARE
        reason = rnd.choices(REASONS, REASON_WEIGHTS)[0] if authorised else None
        if kind == "absoluut" or (kind == "vrijstelling-traject" and rnd.random() < 0.5):
            school = None  # not enrolled anywhere
        pupil, birth, names = self._pupil(types, muni, school)
        absent = rnd.randint(3, 200)
        phase = min(self.top_phase, 1 + absent // 30 + rnd.randint(0, 1))
        if authorised:
            phase = min(phase, 2)
        phase_since = today - timedelta(days=min(absent, rnd.randint(1, 60)))
        opened = self._moment(absent)
        reported = self._report_type(kind, authorised)
        orgs = self._partners(kind, phase, school, swv, muni, authorised, reported)
        lead = self._regie(kind, phase, school, swv, muni)
        orgs.setdefault(lead, phase_since)
        absent_since = today - timedelta(days=absent)
        orgs = {org: max(started, absent_since) for org, started in orgs.items()}
        author = region.contacts.get((school or lead, muni), region.fallback_user)
        lead_user = region.contacts.get((lead, muni)) if rnd.random() < 0.6 else None
        case = self._add(
            "cases",
            pupil,
            muni,
            *names,
            birth,
            False,
            kind == "vrijstelling-traject",  # `_exemption` below adds one
            kind,
            "open",
            absent_since,
            authorised,
            reason,
            bool(reported),
            school,
            swv,
            phase,
            phase_since,
            phase_since + timedelta(days=self.model.phase(phase, kind).max_days),
            lead,
            lead_user,
            False,
            "school" if school else "leerplicht",
            SICK_SUMMARY if reason == "ziek-medisch" else SUMMARIES[kind],
            opened,
            author,
        )
        self._add("case_events", case, opened, author, "opened", "Casus geopend (demo-data).")
        self._participations(case, orgs, muni, birth, author)
        if reported:
            self._absence_report(case, reported, school, muni, absent, author)
        if kind == "vrijstelling-traject":
            self._exemption(case, muni, absent)
        if phase >= 2 and rnd.random() < 0.3:
            self._blocker(case, phase_since, author)
        self._notes(case, list(orgs), muni, absent)
        self._agreements(case, muni, list(orgs), author, absent)

    def _pupil(
        self, types: str, muni: int, school: int | None
    ) -> tuple[int, date, tuple[str, str]]:
        """The pupil's row: an education type of the school, an age that fits it, a name;
        returned with the birth date and the name as search compares and a list sorts it."""
        rnd = self.rnd
        education = rnd.choice(types.split(","))
        low, high = AGES[education]
        birth = self.today - timedelta(days=rnd.randint(low * 365 + 60, high * 365 + 300))
        given, family = rnd.choice(GIRLS if rnd.random() < 0.5 else BOYS), rnd.choice(FAMILY_NAMES)
        names = (search_name(given, family), sort_name(given, family))
        pupil = self._add("pupils", given, family, birth, muni, school, education, False, *names)
        return pupil, birth, names

    def _participations(
        self, case: int, orgs: dict[int, date], muni: int, birth: date, author: int
    ) -> None:
        """Each organisation at the table with its contact; consent where it needs one."""
        for org, started in orgs.items():
            contact = self.region.contacts.get((org, muni))
            self._add("participations", case, org, contact, started)
            if self.region.kinds[org] in NEEDS_CONSENT:
                basis = consent_basis_for_age(age(birth, started))
                self._add("consents", case, org, basis, started, author)

    def _blocker(self, case: int, phase_since: date, author: int) -> None:
        rnd, today = self.rnd, self.today
        since = phase_since + timedelta(days=rnd.randint(0, 14))
        until = since + timedelta(days=rnd.randint(7, 60)) if rnd.random() < 0.3 else None
        self._add(
            "blockers",
            case,
            rnd.choice(list(BLOCKER_KINDS)),
            min(since, today),
            until if until and until <= today else None,
            author,
        )

    def _report_type(self, kind: str, authorised: bool) -> str | None:
        """A verzuimmelding: the legal one for a fifth of relatief verzuim, a signal for a
        few others (then leerplicht follows the geoorloofd afwezig child too)."""
        share = {"relatief": 0.2, "dreigend": 0.05}.get(kind, 0)
        if self.rnd.random() >= share:
            return None
        return "wettelijk" if kind == "relatief" and not authorised else "signaal"

    def _partners(self, kind, phase, school, swv, muni, authorised, reported) -> dict[int, date]:
        """Organisation -> since when it takes part: those the model's phases so far ask
        for, the advised ones now and then; leerplicht only where it is its task."""
        today = self.today
        orgs: dict[int, date] = {}
        if school:
            orgs[school] = today - timedelta(days=self.rnd.randint(phase * 20, phase * 30))
        for number in range(1, phase + 1):
            p = self.model.phase(number, kind)
            kinds = list(p.must_participate) + [k for k in p.advised if self.rnd.random() < 0.5]
            for org_kind in kinds:
                org = self._org(org_kind, school, swv, muni)
                if org and org not in orgs:
                    orgs[org] = today - timedelta(days=(phase - number) * 25 + 3)
        leerplicht = self.region.serving.get(("leerplicht", muni))
        if authorised and not reported:
            orgs.pop(leerplicht, None)
        elif leerplicht and leerplicht not in orgs and (kind != "dreigend" or reported):
            orgs[leerplicht] = today - timedelta(days=self.rnd.randint(1, 30))
        if authorised and self.rnd.random() < 0.8:
            ggd = self.region.serving.get(("ggd", muni))
            if ggd:
                orgs.setdefault(ggd, today - timedelta(days=self.rnd.randint(1, 30)))
        return orgs

    def _org(self, kind: str, school, swv, muni) -> int | None:
        if kind == "school":
            return school
        if kind == "swv":
            return swv
        return self.region.serving.get((kind, muni))

    def _regie(self, kind: str, phase: int, school, swv, muni) -> int:
        """Regie as the model says for the kind and phase; without a school: leerplicht."""
        regie = self._org(self.model.phase(phase, kind).regie, school, swv, muni)
        return regie or self.region.serving.get(("leerplicht", muni)) or swv

    def _absence_report(self, case, kind, school, muni, absent, author) -> None:
        reporter = school or self.region.serving[("leerplicht", muni)]
        days_ago = self.rnd.randint(0, min(absent, 40))
        hours = self.rnd.randint(16, 60) if kind == "wettelijk" else None
        at = self._moment(days_ago)
        self._add(
            "absence_reports",
            case,
            self.today - timedelta(days=days_ago),
            kind,
            hours,
            f"DUO-{self.seed}-{case}",
            reporter,
            author,
            at,
        )
        self._add("case_events", case, at, author, "absence_report", "Verzuimmelding.")

    def _exemption(self, case, muni, absent) -> None:
        """A vrijstelling granted by leerplicht: a decision, for art. 5 onder a on the
        jeugdarts' advice and for a year; 5-b and 5-c end with the school year."""
        article = self.rnd.choices(ARTICLES, ARTICLE_WEIGHTS)[0]
        requested = self.today - timedelta(days=self.rnd.randint(0, absent))
        advice = requested + timedelta(days=14) if article in ADVICE_ARTICLES else None
        decided = min(requested + timedelta(days=28), self.today)
        ends = school_year_end(decided) if article in YEARLY_ARTICLES else None
        if article in ADVICE_ARTICLES:
            ends = decided + timedelta(days=364)  # for a year, then the jeugdarts again
        officer = self.region.contacts.get(
            (self.region.serving.get(("leerplicht", muni)), muni), self.region.fallback_user
        )
        self._add(
            "exemptions",
            case,
            article,
            requested,
            min(advice, decided) if advice else None,
            decided,
            "toegekend",
            decided,
            ends,
            officer,
        )
        at = self._moment((self.today - decided).days)
        self._add("case_events", case, at, officer, "exemption_added", "Vrijstelling.")

    def _notes(self, case: int, orgs: list[int], muni: int, absent: int) -> None:
        """More notes as the case gets older, oldest first (ids follow time)."""
        rnd, region = self.rnd, self.region
        count = 1 + absent // 30 + rnd.randint(0, 2)
        moments = sorted(self._moment(rnd.randint(0, absent)) for _ in range(count))
        for n, at in enumerate(moments):
            org = rnd.choice(orgs)
            org_kind = region.kinds[org]
            body, summary, scope = rnd.choice(NOTES), None, "betrokkenen"
            if org_kind == "ggd" and rnd.random() < 0.6:
                body, summary = MEDICAL
                scope = "medisch"
            elif org_kind == "leerplicht" and rnd.random() < 0.1:
                body, scope = LEERPLICHT_NOTE, "leerplicht"
            elif rnd.random() < 0.1:
                scope = "organisatie"
            self._add(
                "notes",
                case,
                region.contacts.get((org, muni), region.fallback_user),
                org,
                scope,
                rnd.choice(CATEGORY_CODES),
                body,
                summary,
                f"bulk-{self.seed}-{case}-{n}",
                at,
            )

    def _agreements(self, case: int, muni: int, orgs: list[int], author: int, absent: int) -> None:
        """Four open agreements, terms from a month ago to two months ahead, 10% recurring."""
        rnd = self.rnd
        for _ in range(4):
            owner = rnd.choice(orgs)
            recurring = rnd.random() < 0.1
            self._add(
                "agreements",
                case,
                muni,
                rnd.choice(AGREEMENTS),
                owner,
                None,
                self.due[rnd.randint(-30, 60)],
                "school",
                4 if recurring else None,
                "weeks" if recurring else None,
                1,
                1,
                "open",
                author,
                self.now - timedelta(days=rnd.randint(0, min(30, absent))),
            )
