"""The leerplichttelling (issue 13): per woongemeente and school year, distinct pupils, from
the law (cases/law.py) over the cases the actor may see. Every number keeps its members,
so the list behind it (the drill-down) is the number itself, not a second query."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..cases import law
from ..cases.models import Case
from ..cases.pupils import age, identity
from ..cases.vocabulary import ABSENCE_REPORT_TYPES, EXEMPTION_ARTICLES
from ..core import policy
from ..core.collector import collector_paused
from ..core.errors import Forbidden, ValidationFailed
from ..core.inputs import Input
from ..organisations.models import Municipality, OrgKind
from . import shapes, suppression, telling_queries, verzuim
from .schoolyear import SchoolYear, peildatum_in
from .services import parse_publication, parse_request
from .telling_definitions import (
    AGE_BANDS,
    FIELDS,
    FIGURES,
    GROUPS,
    HANDHAVING,
    HANDHAVING_BY_STEP,
    HANDHAVING_FIGURES,
    ITEM_FIGURES,
    PLICHTEN,
    UNGROUPED,
    VRIJSTELLING_STATES,
    definitions,
)
from .verzuim import CaseFacts, PupilFacts, pupil_facts

TELLING_FORMATS = ("json", "csv", "xlsx")


def may_count(actor: User) -> bool:
    """Leerplicht and the gemeente for their gemeenten; the SWV coordinator for the region."""
    kind = actor.organisation.kind
    return kind in (OrgKind.leerplicht, OrgKind.gemeente) or (
        kind == OrgKind.swv and actor.has_role(Role.coordinator)
    )


def require_telling_access(actor: User) -> None:
    if not may_count(actor):
        raise Forbidden(
            "De leerplichttelling is er voor leerplicht, de gemeente en de coördinator van het"
            " samenwerkingsverband."
        )


# Privacy first, as the jaarverslag: who sees no case gets no figures that look real.
NO_FIGURES = (
    "U ziet geen casussen: uw organisatie neemt aan geen enkele casus deel. Daarom staan"
    " hieronder alleen nullen, en die zijn geen echte telling: de leerlingen van uw"
    " gemeenten kunnen wel verzuimen, alleen niet in casussen die u mag inzien. De"
    " leerplichttelling van uw gemeenten maakt leerplicht (en de coördinator van het"
    " samenwerkingsverband voor de regio); vraag het hun."
)


def sees_cases(session: Session, actor: User) -> bool:
    """Does the visibility policy show the actor any case at all?"""
    stmt = policy.visible_cases(actor, pupil=False).with_only_columns(Case.id).limit(1)
    return session.scalar(stmt) is not None


@dataclass(frozen=True)
class TellingRequest:
    year: SchoolYear
    peildatum: date
    municipalities: tuple[Municipality, ...]  # the rows, by name
    format: str = "json"
    publication: bool = False
    handhaving: bool = False  # leerplicht only (Wet politiegegevens)


def parse_telling(actor: User, args, today: date, *, default_format="json") -> TellingRequest:
    """school_year, peildatum, municipality, format and publication, with Dutch 400s."""
    require_telling_access(actor)
    base = parse_request(args, today, default_format=default_format, formats=TELLING_FORMATS)
    year = base.year
    i = Input(args)
    name = i.text("municipality", "de gemeente", max_length=100)
    i.done()
    peildatum = peildatum_in(i, year, today)
    own = sorted(actor.organisation.municipalities, key=lambda m: m.name.lower())
    if name is not None:
        own = [m for m in own if m.name.casefold() == name.casefold()]
        if not own:
            listed = ", ".join(m.name for m in actor.organisation.municipalities) or "geen"
            i.fail("municipality", f"Kies een gemeente van uw organisatie: {listed}.")
    i.done()
    return TellingRequest(
        year,
        peildatum,
        tuple(own),
        base.format,
        base.publication,
        handhaving=actor.organisation.kind == OrgKind.leerplicht,
    )


@dataclass(slots=True)
class Member:
    """What one number counts once: a pupil (with the cases behind it), a melding or a
    consultation."""

    pupil: PupilFacts | None
    cases: dict[int, str] = field(default_factory=dict)  # case id → access reason
    note: str | None = None
    consultation_id: int | None = None
    on: date | None = None  # the melding's date


@dataclass
class Telling:
    request: TellingRequest
    cells: dict[tuple[int, str], dict[Hashable, Member]]
    groups: dict[tuple, tuple[str | None, str | None]]  # pupil key → (age band, plicht)
    no_figures: str | None = None  # why every number is 0: the actor sees no case
    # (municipality, figure) → members per group, counted once per cell when first asked
    _per_group: dict[tuple[int, str], Counter] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def members(self, municipality_id: int, figure: str, group: str | None = None):
        found = self.cells.get((municipality_id, figure), {})
        if group is None:
            return list(found.values())
        return [m for m in found.values() if m.pupil and group in self.groups[m.pupil.key]]

    def count(self, municipality_id: int, figure: str, group: str | None = None) -> int:
        if group is None:
            return len(self.cells.get((municipality_id, figure), {}))
        return self._group_counts(municipality_id, figure)[group]

    def _group_counts(self, municipality_id: int, figure: str) -> Counter:
        """How many members of a cell are in each group. The page asks every figure for
        every group: filtering the cell per group walked it once per group (1 s of the
        leerplicht telling at 100k cases)."""
        key = (municipality_id, figure)
        counts = self._per_group.get(key)
        if counts is None:
            counts = self._per_group[key] = Counter(
                group
                for member in self.cells.get(key, {}).values()
                if member.pupil
                for group in set(self.groups[member.pupil.key])
                if group is not None
            )
        return counts

    def flat(self, municipality_id: int, group: str | None = None) -> dict[str, int]:
        """Every figure by its path (the CSV and the page)."""
        return {
            figure: self.count(municipality_id, figure, group)
            for figure in FIGURES
            if (group is None or figure not in UNGROUPED)
            and (self.request.handhaving or figure not in HANDHAVING_FIGURES)
        }

    def figures(self, municipality_id: int, group: str | None = None) -> dict:
        counts = self.flat(municipality_id, group)
        return {
            **{key: counts[key] for key in FIELDS},
            "vrijstellingen": {
                article: {s: counts[f"vrijstellingen.{article}.{s}"] for s in VRIJSTELLING_STATES}
                for article in EXEMPTION_ARTICLES
            },
            "meldingen": {kind: counts[f"meldingen.{kind}"] for kind in ABSENCE_REPORT_TYPES},
            **(
                {"handhaving": {key: counts[f"handhaving.{key}"] for key in HANDHAVING}}
                if self.request.handhaving
                else {}
            ),
        }

    def rows(self) -> list[dict]:
        return [
            {
                "municipality": m.name,
                **self.figures(m.id),
                "consultaties": self.count(m.id, "consultaties"),
                "by_age": {band: self.figures(m.id, band) for band in AGE_BANDS},
                **{plicht: self.figures(m.id, plicht) for plicht in PLICHTEN},
            }
            for m in self.request.municipalities
        ]

    def shape(self) -> shapes.Leerplichttelling:
        return shapes.Leerplichttelling(
            school_year=self.request.year.label,
            peildatum=self.request.peildatum,
            definitions=definitions(),
            rows=[shapes.TellingRow(**row) for row in self.rows()],
            **({"no_figures": self.no_figures} if self.no_figures else {}),
        )

    def json(self) -> dict:
        """The telling as the API returns it."""
        return self.shape().dump()


def duration_bucket(days: int) -> str | None:
    if days >= law.THREE_MONTHS_DAYS:
        return "3m_plus"
    return "4w_3m" if days >= law.LONG_TERM_DAYS else None


class _Count:
    """Collects the members of every number."""

    def __init__(self):
        self.cells: dict[tuple[int, str], dict[Hashable, Member]] = defaultdict(dict)
        self.pupils: dict[tuple, PupilFacts] = {}
        # (figure prefix, municipality, pupil) → longest days and the cases behind them
        self.longest: dict[tuple, list] = {}  # [days, {case id: access}, first PupilFacts]

    def add(self, municipality_id, figure, pupil, case_id, access, key=None, note=None, on=None):
        self.pupil(pupil)
        self._add(municipality_id, figure, pupil, case_id, access, key, note, on)

    def _add(self, municipality_id, figure, pupil, case_id, access, key=None, note=None, on=None):
        cell = self.cells[(municipality_id, figure)]
        key = pupil.key if key is None else key
        member = cell.get(key)
        if member is None:  # one Member per key, not one per call (100k calls a telling)
            member = cell[key] = Member(pupil, note=note, on=on)
        member.cases[case_id] = access

    def pupil(self, pupil: PupilFacts) -> PupilFacts:
        """The pupil of its key (with a startkwalificatie if any of its cases has one)."""
        known = self.pupils.get(pupil.key)
        if known is None or pupil.has_startkwalificatie and not known.has_startkwalificatie:
            self.pupils[pupil.key] = known = pupil
        return known

    def case_pupil(self, facts: CaseFacts) -> PupilFacts:
        """`pupil` for a case's facts, built once per child rather than once per case."""
        s = facts.situation
        key = identity(facts.given_name, facts.family_name, s.birth_date)
        known = self.pupils.get(key)
        if known is None or s.has_startkwalificatie and not known.has_startkwalificatie:
            known = self.pupils[key] = PupilFacts(
                key, facts.given_name, facts.family_name, s.birth_date, s.has_startkwalificatie
            )
        return known

    def case(self, facts: CaseFacts, pupil: PupilFacts, figure: str) -> None:
        self._add(facts.municipality_id, figure, pupil, facts.case_id, facts.access)

    def duration(self, prefix: str, facts: CaseFacts, pupil: PupilFacts, days: int) -> None:
        key = (prefix, facts.municipality_id, pupil.key)
        found = self.longest.get(key)
        if found is None:
            self.longest[key] = [days, {facts.case_id: facts.access}, pupil]
            return
        found[0] = max(found[0], days)
        found[1][facts.case_id] = facts.access

    def finish(self, first: date, last: date) -> tuple[dict, dict]:
        for (prefix, municipality_id, _), (days, cases, pupil) in self.longest.items():
            bucket = duration_bucket(days)
            if bucket is None:
                continue
            figure = f"{prefix}_{bucket}"
            for case_id, access in cases.items():
                self._add(municipality_id, figure, pupil, case_id, access)
        # Tens of thousands of pupils share a few thousand birth dates: the group depends
        # on the birth date and the startkwalificatie only.
        by_birth: dict[tuple[date, bool], tuple[str | None, str | None]] = {}
        groups = {}
        for key, pupil in self.pupils.items():
            facts = (pupil.birth_date, pupil.has_startkwalificatie)
            group = by_birth.get(facts)
            if group is None:
                group = by_birth[facts] = _group(*facts, first, last)
            groups[key] = group
        return dict(self.cells), groups


def _group(birth_date: date, startkwalificatie: bool, first: date, last: date):
    """(age band on `last`, plicht in [first, last]) of a pupil."""
    years = age(birth_date, last)
    band = next((b for b, (low, high) in AGE_BANDS.items() if low <= years <= high), None)
    return band, law.plicht_in(birth_date, startkwalificatie, first, last)


def _count_cases(count: _Count, facts: CaseFacts, first: date, last: date) -> None:
    s = facts.situation
    # A case is verzuim of one kind only (enrolled or not): ask the law about that kind.
    if s.enrolled:
        runs = law.langdurig_relatief_spans(s, first, last)
        if not runs:
            return
        holds = {
            "langdurig_relatief_verzuimers": True,
            "langdurig_relatief_teruggeleid": law.langdurig_relatief_teruggeleid(
                s, first, last, runs
            ),
        }
    else:
        runs = law.absoluut_verzuimer_spans(s, first, last)
        if not runs:
            return
        holds = {
            "absoluut_verzuimers": True,
            "absoluut_opgelost": law.absoluut_opgelost(s, first, last, runs),
            # The runs are sorted and lie in [first, last]: only the last can hold on `last`.
            "absoluut_op_peildatum": runs[-1][1] == last,
        }
    pupil = count.case_pupil(facts)
    for figure, held in holds.items():
        if held:
            count.case(facts, pupil, figure)
    # `runs`: the days the law made the pupil a thuiszitter (one kind of verzuim only)
    if runs[-1][1] == last:
        count.duration("thuiszitters", facts, pupil, law.days_without_education(s, last))
    days = law.days_without_education(s, runs[-1][1])
    count.duration("thuiszitters_jaar", facts, pupil, days)


def leerplichttelling(
    session: Session, actor: User, req: TellingRequest, load=verzuim.load
) -> Telling:
    """The telling over the cases the actor may see, for the requested gemeenten (`load`:
    `verzuim.load`, or a `verzuim.SharedLoads` of a page that counts the period twice)."""
    require_telling_access(actor)
    with collector_paused():  # the pass holds ~5 objects per case; none are garbage
        result = _telling(session, actor, req, load)
    if not any(result.cells.values()) and not sees_cases(session, actor):
        result.no_figures = NO_FIGURES
    return result


def _telling(session: Session, actor: User, req: TellingRequest, load) -> Telling:
    first, last = req.year.start, req.peildatum
    ids = [m.id for m in req.municipalities]
    count = _Count()
    for facts in load(session, actor, first, last, ids):
        _count_cases(count, facts, first, last)
    for e in telling_queries.exemptions(session, actor, first, last, ids):
        pupil, m = pupil_facts(e), e.municipality_id
        if first <= e.starts_on <= last:
            count.add(m, f"vrijstellingen.{e.article}.new", pupil, e.case_id, e.access)
        if law.in_force(e.starts_on, e.ends_on, e.decision, last):
            count.add(m, f"vrijstellingen.{e.article}.active", pupil, e.case_id, e.access)
    for r in telling_queries.absence_reports(session, actor, first, last, ids):
        pupil, m = pupil_facts(r), r.municipality_id
        note = f"Melding {r.type} van {r.reported_on:%d-%m-%Y}"
        key = ("melding", r.id)
        count.add(m, f"meldingen.{r.type}", pupil, r.case_id, r.access, key, note, r.reported_on)
        count.add(m, "meldingen_leerlingen", pupil, r.case_id, r.access)
    if req.handhaving:
        for e in telling_queries.enforcement_steps(session, actor, first, last, ids):
            key = HANDHAVING_BY_STEP.get((e.step, e.pv_type))
            if key is None:
                continue
            note = f"{FIGURES[f'handhaving.{key}']} van {e.taken_on:%d-%m-%Y}"
            count.add(
                e.municipality_id,
                f"handhaving.{key}",
                pupil_facts(e),
                e.case_id,
                e.access,
                ("handhaving", e.id),
                note,
                e.taken_on,
            )
    cells, groups = count.finish(first, last)
    for c in telling_queries.consultations(session, actor, first, last, ids):
        note = f"Consultatie over een leerling van {c.age} jaar ({c.education_type})"
        member = Member(None, note=note, consultation_id=c.id)
        cells.setdefault((c.municipality_id, "consultaties"), {})[("consultatie", c.id)] = member
    return Telling(req, cells, groups)


def published(telling: Telling, municipality_id: int) -> dict[str | None, dict[str, int | str]]:
    """One gemeente's figures per group (None: totaal) as the publication variant shows
    them: '<5' for 1–4 and 'x' where a hidden number could be recovered by subtraction
    (totaal = leerplichtig + kwalificatieplichtig = the age bands; suppression.py)."""
    flats = {group: telling.flat(municipality_id, group) for group in (None, *GROUPS)}
    values = {(group, f): n for group, counts in flats.items() for f, n in counts.items()}
    additive = []
    for f in flats[GROUPS[0]]:
        additive.append([(None, f), *((p, f) for p in PLICHTEN)])
        additive.append([(None, f), *((band, f) for band in AGE_BANDS)])
    hidden = suppression.secondary(values, additive)
    return {
        group: {f: suppression.shown(n, (group, f) in hidden) for f, n in counts.items()}
        for group, counts in flats.items()
    }


def parse_figure(args) -> tuple[str, str | None]:
    """field and group of a drill-down, with Dutch 400s."""
    i = Input(args)
    figure = i.choice("field", "het getal", list(FIGURES), required=True)
    group = i.choice("group", "de groep", list(GROUPS))
    i.done()
    if group is not None and figure in UNGROUPED:
        i.fail("group", "Dit getal is niet gesplitst naar leeftijd of leerplicht.")
    i.done()
    return figure, group


def counts_pupils(figure: str) -> bool:
    return figure not in ITEM_FIGURES


def parse_drilldown(actor: User, args, today: date) -> tuple[TellingRequest, str, str | None]:
    """A telling request for exactly one gemeente, and the figure and group asked for. The
    list is a page or JSON; `publication` shows initials only."""
    publication = parse_publication(args)
    req = parse_telling(actor, {k: v for k, v in args.items() if k != "publication"}, today)
    if req.format != "json":
        raise ValidationFailed({"format": "De lijst achter een getal is er als json."})
    if not (args.get("municipality") or "").strip():
        raise ValidationFailed({"municipality": "Kies de gemeente van het getal."})
    figure, group = parse_figure(args)
    return replace(req, publication=publication), figure, group
