"""The one visibility policy (DESIGN §3). Every read path asks this module.

Each rule is a SQL condition on `cases` joined with `pupils`, so the database filters:
the same conditions give the WHERE clause (may the actor see the case?) and the access
reason (why?), in the order of precedence below (the WHERE clause tests them cheapest
first: `_cheap_first`).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    any_,
    case,
    event,
    exists,
    false,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, object_session

from .. import clock
from ..auth.models import Role, User
from ..cases import law
from ..cases.models import Case, Participation, Pupil
from ..extensions import db
from ..meetings.models import AgendaItem, Meeting, meeting_attendees
from ..notes.models import Note
from ..organisations.models import Municipality, Organisation, OrgKind, organisation_municipalities

PARTICIPANT = "participant"
LEERPLICHT = "leerplicht"
SWV_COORDINATOR = "swv-coordinator"
MEETING = "meeting"
ACCESS_REASONS = (PARTICIPANT, LEERPLICHT, SWV_COORDINATOR, MEETING)

# Access through which the whole file (name, all notes in scope) may be read.
FULL_ACCESS = (PARTICIPANT, LEERPLICHT, SWV_COORDINATOR)

ACCESS_EXPLANATIONS = {
    PARTICIPANT: "Uw organisatie ({org}) is betrokken bij deze casus.",
    LEERPLICHT: "U bent leerplicht voor de woongemeente van deze leerling ({municipality}).",
    SWV_COORDINATOR: "U bent coördinator van het samenwerkingsverband van de school"
    " van deze leerling.",
    MEETING: "Deze casus staat op de agenda van een overleg dat u bijwoont; u ziet alleen"
    " wat het overleg nodig heeft.",
}


class Rule(NamedTuple):
    """One way to see a case. `condition` holds per case (for the access reason and for a
    few given cases); `lookup` is the same set of cases written so the database finds them
    by index (the ids a participation or an agenda names, the SWV's column, leerplicht's
    gemeenten) instead of testing every case. For PostgreSQL's bitmap (see `_by_index`)
    a rule also gives either `names`, the select() of the ids of the cases it names (rules
    1 and 4), or `column`, a condition on one indexed column of `cases` that holds for at
    least its cases (rules 2 and 3), and then `within`: what else `condition` asks of a
    case for which `column` holds (None: more than the case's columns can say)."""

    condition: ColumnElement[bool]
    reason: str
    lookup: ColumnElement[bool]
    names: Select | None = None
    column: ColumnElement[bool] | None = None
    within: ColumnElement[bool] | None = None


def _reasons(actor: User, *, meeting: bool = True) -> tuple[str, ...]:
    """The rules that can apply to the actor, in order of precedence: everything of the
    actor the rules depend on besides their organisation (see `_principal`). `meeting`:
    rule 4 asked for."""
    if not actor.is_active:
        return ()
    kind = actor.organisation.kind
    return (
        (PARTICIPANT,)
        + ((LEERPLICHT,) if kind == OrgKind.leerplicht else ())
        + ((SWV_COORDINATOR,) if kind == OrgKind.swv and actor.has_role(Role.coordinator) else ())
        + ((MEETING,) if meeting else ())
    )


def _rules(actor: User, *, few: bool = False, meeting: bool = True) -> list[Rule]:
    """The rules in order of precedence; only those that can apply. `meeting=False` leaves
    out rule 4 (for questions about full access); `few`: see `case_visible`."""
    org = actor.organisation
    session = _session_of(actor)
    rules = []
    for reason in _reasons(actor, meeting=meeting):
        if reason == PARTICIPANT:
            rules.append(_participant_rule(org.id))
        elif reason == LEERPLICHT:
            rules.append(_leerplicht_rule(_area_of(session, org.id)))
        elif reason == SWV_COORDINATOR:
            swv = Case.swv_org_id == org.id
            # No `within`: its lists name the SWV's column themselves (the regie
            # overview, the start page), and twice would be the same misestimate.
            rules.append(Rule(swv, SWV_COORDINATOR, swv, column=swv))
        else:
            rules.extend(_meeting_rule(session, actor, few=few))
    return rules


def _participant_rule(org_id: int) -> Rule:
    """Rule 1: the organisation takes part in the case."""
    taking_part = select(Participation.case_id).where(
        Participation.org_id == org_id, _taking_part()
    )
    condition = exists().where(
        Participation.case_id == Case.id, Participation.org_id == org_id, _taking_part()
    )
    return Rule(condition, PARTICIPANT, among(Case.id, taking_part), names=taking_part)


def _leerplicht_rule(area: _Area) -> Rule:
    """Rule 2: leerplicht's task in its area; found by the area's gemeenten."""
    condition = _leerplicht_area(area) & _leerplicht_task()
    gemeenten = Case.municipality_id.in_(sorted({*area.served, *area.carries}))
    # Without a handover of the kwalificatieplicht either way the area is the gemeenten.
    simple = not area.carries and not area.handed_over
    within = _leerplicht_task() if simple else None
    return Rule(condition, LEERPLICHT, condition, column=gemeenten, within=within)


def _taking_part() -> ColumnElement[bool]:
    """Rule 1: a participation gives access until it ends."""
    return Participation.ended_on.is_(None)


def _meeting_rule(session: Session, actor: User, *, few: bool) -> list[Rule]:
    """Rule 4, which must stay last: any full-access reason takes precedence over a meeting.

    For a set of cases the user's open meetings are values, and the rule is left out when
    there are none (most users): the database need not guess how many cases it adds
    (PostgreSQL guessed half the table). For a few given cases it stays a subquery, tested
    per case by index: no statement of its own (a bulk of notices asks per recipient)."""
    if few:  # only `condition` is read for a few cases
        tested = _on_open_agenda(meeting_ids_open_to(actor))
        return [Rule(tested, MEETING, tested)]
    meetings = _open_meetings(session, actor)
    if not meetings:
        return []
    on_agenda = select(AgendaItem.case_id).where(AgendaItem.meeting_id.in_(meetings))
    return [Rule(_on_open_agenda(meetings), MEETING, among(Case.id, on_agenda), names=on_agenda)]


def among(column, ids: Select) -> ColumnElement[bool]:
    """`column IN (select)`, uncorrelated: the list is computed once; SQLite finds each
    entry through the column's index, also beside other conditions under OR (the rules'
    lookups, SQLite only: see `case_visible`), PostgreSQL hashes it. A plain `IN`, which
    SQLAlchemy writes as a condition: a boolean function it writes as `(…) = 1` on
    SQLite, and behind that SQLite neither looks the list up nor unites the rules' indexes
    (the SWV's /casussen read every open case: 171 against 18 ms at 100k cases)."""
    return column.in_(ids.correlate(None))


def _session_of(actor: User) -> Session:
    """The session the actor was loaded in (the request's, or a job's), where the rules read
    what they remember."""
    return object_session(actor) or db.scoped()


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


class _Area(NamedTuple):
    """A leerplicht organisation's area as lists of gemeenten (small: read once per rule set)."""

    served: list[int]
    handed_over: list[int]  # served, but another organisation carries the kwalificatieplicht
    carries: list[int]  # whose kwalificatieplicht it carries (DESIGN §4a)


_REMEMBERED = "thuiszittertafel.policy"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, *_args) -> None:
    """What `_remembered` holds lives until the session writes or its transaction ends."""
    session.info.pop(_REMEMBERED, None)


def _remembered(session: Session, key: tuple, compute):
    """`compute()`, once per transaction of the session while it writes nothing: the rules
    are built several times per request (a page lists, counts and groups), and an area
    changes only through the ORM (organisations/admin.py, services.py), which flushes."""
    remembered = session.info.setdefault(_REMEMBERED, {})
    if key not in remembered:
        remembered[key] = compute()
    return remembered[key]


def _area_of(session: Session, org_id: int) -> _Area:
    """The organisation's area now (one statement over the gemeenten, once per transaction)."""
    return _remembered(session, ("area", org_id), lambda: _read_area(session, org_id))


def _read_area(session: Session, org_id: int) -> _Area:
    is_served = Municipality.id.in_(
        select(organisation_municipalities.c.municipality_id).where(
            organisation_municipalities.c.organisation_id == org_id
        )
    )
    rows = session.execute(
        select(Municipality.id, Municipality.kwalificatieplicht_org_id, is_served).where(
            is_served | Municipality.kwalificatieplicht_org_id.is_not(None)
        )
    ).all()
    return _Area(
        served=sorted(m for m, _, served in rows if served),
        handed_over=sorted(
            m for m, carrier, served in rows if served and carrier not in (None, org_id)
        ),
        carries=sorted(m for m, carrier, _ in rows if carrier == org_id),
    )


def _leerplicht_area(area: _Area) -> ColumnElement[bool]:
    """Rule 2's first half: the pupil lives in a gemeente this leerplicht serves — except a
    kwalificatieplichtige whose gemeente gives the kwalificatieplicht to another
    organisation, which sees them instead (DESIGN §4a; seed 001, Druten and Nijmegen).

    On the case's own copy of the woongemeente (`cases.municipality_id`, indexed), so the
    database reads the area's cases and needs no pupils for it. The gemeenten are values,
    not a subquery: PostgreSQL then estimates the area from the column's statistics (a
    subquery under OR it guesses at half the table, and it then reads every case where a
    page of owned agreements needs a lookup each). The age test of the kwalificatieplicht,
    rare, is a list of the pupils it concerns, computed once, and only where a handover
    exists."""
    served: ColumnElement[bool] = Case.municipality_id.in_(area.served)
    if area.handed_over:
        served &= ~(
            Case.municipality_id.in_(area.handed_over)
            & among(Case.pupil_id, _kwalificatieplichtigen(area.handed_over))
        )
    if not area.carries:
        return served
    return served | (
        Case.municipality_id.in_(area.carries)
        & among(Case.pupil_id, _kwalificatieplichtigen(area.carries))
    )


def own_gemeenten(actor: User) -> list[int]:
    """The gemeenten the actor's (leerplicht) organisation serves — the scope of its own
    work lists; whether it may see each case stays `case_visible`'s. Read once per
    transaction (`_area_of`)."""
    return _area_of(_session_of(actor), actor.org_id).served


def in_own_gemeenten(actor: User) -> ColumnElement[bool]:
    """WHERE on `cases`: the pupil lives in one of `own_gemeenten`, as values."""
    return Case.municipality_id.in_(own_gemeenten(actor))


def _kwalificatieplichtigen(municipalities: list[int]) -> Select:
    """select() of the pupils of these gemeenten who are kwalificatieplichtig today."""
    return select(Pupil.id).where(
        Pupil.municipality_id.in_(municipalities),
        law.kwalificatieplicht_condition(clock.today(), of=Pupil),
    )


def leerplicht_orgs_of(session, pupil) -> set[int]:
    """Python twin of `_leerplicht_area` seen from the pupil: the leerplicht organisations
    whose area the pupil is in today."""
    municipality = session.get(Municipality, pupil.municipality_id)
    carrier = municipality.kwalificatieplicht_org_id if municipality is not None else None
    if carrier is not None and law.kwalificatieplichtig(
        pupil.birth_date, clock.today(), pupil.has_startkwalificatie
    ):
        return {carrier}
    return set(
        session.scalars(
            select(Organisation.id)
            .join(
                organisation_municipalities,
                organisation_municipalities.c.organisation_id == Organisation.id,
            )
            .where(
                Organisation.kind == OrgKind.leerplicht,
                organisation_municipalities.c.municipality_id == pupil.municipality_id,
            )
        )
    )


def _leerplicht_task() -> ColumnElement[bool]:
    """Rule 2's second half: verzuim, a vrijstelling-traject or a case with a melding is
    leerplicht's task; authorised absence (sick with a medical reason, leave) is not, unless
    leerplicht is asked to take part (rule 1). On the case's own columns: a test of every
    melding (PostgreSQL hashed all of them for each statement: 125k at 1M cases, 12–25 ms)
    is not needed."""
    return Case.absence_authorised.is_(False) | Case.absence_reported.is_(True)


def is_leerplicht_task(case_: Case) -> bool:
    """Python twin of `_leerplicht_task` for one case."""
    return not case_.absence_authorised or case_.absence_reported


def meeting_ids_open_to(actor: User):
    """select() of the published meetings (agenda out, minutes not yet final) the actor
    chairs or attends."""
    attends = exists().where(
        meeting_attendees.c.meeting_id == Meeting.id, meeting_attendees.c.user_id == actor.id
    )
    return (
        select(Meeting.id)
        .where(_meeting_open(), or_(Meeting.chair_user_id == actor.id, attends))
        .correlate(None)
    )


def _meeting_open() -> ColumnElement[bool]:
    """Rule 4 holds while a meeting is published: agenda out, minutes not yet final."""
    return Meeting.status == "published"


def _open_meetings(session: Session, actor: User) -> list[int]:
    """The ids of `meeting_ids_open_to(actor)`, read once per transaction."""
    return _remembered(
        session, ("meetings", actor.id), lambda: list(session.scalars(meeting_ids_open_to(actor)))
    )


def in_open_meeting(actor: User) -> bool:
    """The actor chairs or attends a published meeting (rule 4 can apply)."""
    return bool(_open_meetings(_session_of(actor), actor))


def _on_open_agenda(meetings: list[int] | Select) -> ColumnElement[bool]:
    """Rule 4: the case is on the agenda of one of these meetings."""
    return exists().where(AgendaItem.case_id == Case.id, AgendaItem.meeting_id.in_(meetings))


def case_visible(actor: User, *, few: bool = False) -> ColumnElement[bool]:
    """WHERE condition: the actor may see the case (on `cases`; no join needed).

    For a set of cases (a list, a count) the database finds the actor's cases by index
    instead of testing every case: on SQLite through the rules' lookups (the ids a
    participation or an agenda names, the SWV's column, leerplicht's gemeenten on the case;
    at 100k cases over eight regions a school's /casussen 142 to 63 ms, leerplicht's
    /rapportages 1.5 to 1.0 s), on PostgreSQL through `_by_index` beside the per-case
    rules. `few=True` when the statement already names a few cases (one case, a page of
    notices): then each is tested by itself, by index."""
    return _visible(actor, few=few)


def visible_in_own_gemeenten(actor: User, *, few: bool = False) -> ColumnElement[bool]:
    """WHERE on `cases`: `case_visible` and `in_own_gemeenten` (leerplicht's own work
    lists), without writing the gemeenten twice where the visible cases are found by them
    already: PostgreSQL multiplied the column's selectivity by itself (leerplicht's 10,411
    cases at 1M estimated at 101) and chose its plans for a hundred rows. `few` as for
    `case_visible`."""
    return _visible(actor, few=few, own_gemeenten=True)


def _visible(actor: User, *, few: bool = False, own_gemeenten: bool = False):
    rules = _rules(actor, few=few)
    if not rules:
        return false()
    per_case = or_(*(rule.condition for rule in _cheap_first(rules)))
    session = _session_of(actor)
    if few:
        condition, found = per_case, None
    elif _on_sqlite(session):
        condition, found = or_(*(rule.lookup for rule in rules)), None
    else:
        # PostgreSQL: a list of ids beside other rules under OR is searched entry by entry
        # for each row (as `= ANY(ARRAY(...))`) or hashed over every case (as `IN`); the
        # SWV coordinator's /casussen went from 0.2 to 3 s at 100k cases in one region
        # (bench/pages_ab.py). There the rules stay per case, and `_by_index` names the
        # cases they can hold for.
        found = _by_index(session, actor, rules)
        condition = per_case if found is None else found & _given(found, rules, per_case)
    if own_gemeenten and not _found_in_own_area(session, actor, found, rules):
        condition &= in_own_gemeenten(actor)
    return condition


def _found_in_own_area(
    session: Session, actor: User, found: ColumnElement[bool] | None, rules: list[Rule]
) -> bool:
    """`found` is leerplicht's column alone, and that column is exactly the gemeenten it
    serves: it carries no kwalificatieplicht of another gemeente (its column holds the
    served and the carried gemeenten, `_leerplicht_rule`)."""
    return any(
        rule.reason == LEERPLICHT
        and found is rule.column
        and not _area_of(session, actor.org_id).carries
        for rule in rules
    )


def _given(found: ColumnElement[bool], rules: list[Rule], per_case: ColumnElement[bool]):
    """The per-case rules beside `found`, without repeating its column: when `found` is one
    rule's column alone (no case named beyond it), that rule asks only its `within` of the
    cases found. The same cases; but PostgreSQL multiplies the column's selectivity by
    itself when it is written twice (leerplicht's ~10,000 cases estimated at ~100 at 1M),
    and then probes a table per row where it should hash the area once."""
    by_column = [rule for rule in rules if rule.column is not None]
    if len(by_column) != 1 or found is not by_column[0].column:
        return per_case
    own, within = by_column[0], by_column[0].within
    if within is None:
        return per_case
    return or_(*(within if rule is own else rule.condition for rule in _cheap_first(rules)))


def _cheap_first(rules: list[Rule]) -> list[Rule]:
    """The rules for a yes or no, those on the case's own columns first (leerplicht's, the
    SWV's), the ones that look in another table (a participation, an agenda) after them.
    PostgreSQL tests the arms of an OR in the order written and stops at the first that
    holds: with the participation first it probed leerplicht's participations for each of
    its ~10,000 cases at 1M (45,000 buffers) where the case's own task already answered.
    Precedence (which reason an access gives) is `case_access`'s, not this order's."""
    return sorted(rules, key=lambda rule: rule.column is None)


_MANY_NAMED = 20_000  # more named cases than this: the per-case rules alone (see `_by_index`)


def _by_index(session: Session, actor: User, rules: list[Rule]) -> ColumnElement[bool] | None:
    """PostgreSQL: a superset of the actor's cases it finds by index — the rules' columns
    (leerplicht's gemeenten, the SWV's column) or the ids of the cases the rules name that
    those columns miss (a participation outside the area: few), as values read once per
    transaction. PostgreSQL unites the indexes (`BitmapOr`) and tests the per-case rules on
    those cases only, where it tested every case: at 1M cases leerplicht and an SWV
    coordinator see ~1%, and every count read all of them. The ids are one array: a
    constant PostgreSQL hashes where it tests rows, estimated small where it plans a
    prepared statement (an array from a subquery it would search entry by entry for each
    row). None (the per-case rules alone) for a single rule that names its cases (a
    school: PostgreSQL already reads its participations and then their cases) or too many
    named cases to send."""
    columns = [rule.column for rule in rules if rule.column is not None]
    named = [rule.names for rule in rules if rule.names is not None]
    if not columns and len(named) < 2:
        return None
    ids = _remembered(session, ("named", actor.id), lambda: _named_beyond(session, named, columns))
    if ids is None:
        return None
    if not ids:  # the usual case: the columns alone, which an index can answer by itself
        return columns[0] if len(columns) == 1 else or_(*columns)
    return or_(*columns, Case.id == any_(literal(ids, ARRAY(Integer))))


def _named_beyond(session: Session, named: list[Select], columns) -> list[int] | None:
    """The ids of the cases the rules name that their columns do not cover (one statement);
    None when there are more than `_MANY_NAMED`. Written as "named, and no case of the
    columns with this id": PostgreSQL then reads the columns' cases (the actor's own) and
    not every other case."""
    ids = (union(*named) if len(named) > 1 else named[0]).subquery()
    stmt = select(ids.c.case_id)
    if columns:
        stmt = stmt.where(~exists().where(Case.id == ids.c.case_id, or_(*columns)))
    found = list(session.scalars(stmt.limit(_MANY_NAMED + 1)))
    return sorted(found) if len(found) <= _MANY_NAMED else None


def case_full_access(actor: User) -> ColumnElement[bool]:
    """WHERE condition: the actor may see the whole file, name included."""
    rules = [rule.condition for rule in _rules(actor, meeting=False)]
    return or_(*rules) if rules else false()


def case_access(actor: User) -> ColumnElement[str | None]:
    """Column expression naming why the actor sees the case (NULL: they may not)."""
    rules = _rules(actor)
    if not rules:
        return literal(None)
    return case(*((rule.condition, rule.reason) for rule in rules), else_=literal(None))


def visible_cases(
    actor: User, *, few: bool = False, pupil: bool = True, own_gemeenten: bool = False
):
    """select(Case, access) of every case the actor may see, pupil joined (`few`: see
    `case_visible`). `pupil=False` for a statement that reads no pupil column: a count or
    grouping over many cases then does not join every pupil (on PostgreSQL a pass over all
    pupils). `own_gemeenten`: only those in the gemeenten the actor's organisation
    serves (leerplicht's work lists; see `visible_in_own_gemeenten`)."""
    stmt = select(Case, case_access(actor).label("access"))
    if pupil:
        stmt = stmt.join(Pupil, Pupil.id == Case.pupil_id)
    return stmt.where(_visible(actor, few=few, own_gemeenten=own_gemeenten))


def may_see_name(access: str | None) -> bool:
    return access in FULL_ACCESS


def may_change(access: str | None) -> bool:
    """Recording participations, consent and blockers: everyone with full access."""
    return access in FULL_ACCESS


def notes_listed(actor: User, access: str | None) -> ColumnElement[bool]:
    """WHERE condition on `notes`: which notes of a visible case the actor is shown.

    Medical notes are listed for everyone with full access, but only their summary line
    unless `note_body_visible` holds; a hidden note is otherwise never hinted at.
    """
    if access == MEETING:
        # Only notes of the published meetings the actor takes part in (DESIGN §8).
        return Note.meeting_id.in_(meeting_ids_open_to(actor))
    if access not in FULL_ACCESS:
        return false()
    conditions: list[ColumnElement[bool]] = [
        Note.scope.in_(("betrokkenen", "medisch")),
        (Note.scope == "organisatie") & (Note.org_id == actor.org_id),
    ]
    if actor.organisation.kind == OrgKind.leerplicht:
        conditions.append(Note.scope == "leerplicht")
    return or_(*conditions)


def note_shown_to_org(scope: str, author_org_id: int, org: Organisation) -> bool:
    """Python twin of `notes_listed` for one organisation with full access (live delivery)."""
    if scope in ("betrokkenen", "medisch"):
        return True
    if scope == "organisatie":
        return author_org_id == org.id
    return scope == "leerplicht" and org.kind == OrgKind.leerplicht


def note_body_visible(scope: str, author_org_id: int, org: Organisation) -> bool:
    """Medical notes: the full text only for the GGD organisation that wrote it."""
    return scope != "medisch" or (org.kind == OrgKind.ggd and org.id == author_org_id)


def full_access_reasons(session, actor: User, case_: Case) -> list[str]:
    """Every rule 1–3 that holds for this actor and case now (not only the first)."""
    rules = [(rule.condition, rule.reason) for rule in _rules(actor, meeting=False)]
    if not rules:
        return []
    row = session.execute(
        select(*(cond.label(reason.replace("-", "_")) for cond, reason in rules))
        .select_from(Case)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(Case.id == case_.id)
    ).first()
    return [reason for (_, reason), holds in zip(rules, row or (), strict=False) if holds]


def live_audience(session, case_: Case) -> list[tuple[Organisation, list[str]]]:
    """Who receives this case's live events now: per organisation, the access reasons that
    hold for it. Sockets join one room per (case, organisation, reason) they qualify for,
    so when a reason lapses (a participation ends) that room simply stops receiving.

    The mirror of `_rules` seen from the case.
    """
    served = leerplicht_orgs_of(session, case_.pupil) if is_leerplicht_task(case_) else set()
    participants = set(
        session.scalars(
            select(Participation.org_id).where(
                Participation.case_id == case_.id, Participation.ended_on.is_(None)
            )
        )
    )
    stmt = select(Organisation).where(
        or_(
            Organisation.id.in_(participants),
            (Organisation.kind == OrgKind.leerplicht) & Organisation.id.in_(served),
            Organisation.id == case_.swv_org_id,
        )
    )
    audience = []
    for org in session.scalars(stmt):
        reasons = [PARTICIPANT] if org.id in participants else []
        if org.kind == OrgKind.leerplicht and org.id in served:
            reasons.append(LEERPLICHT)
        if org.kind == OrgKind.swv and org.id == case_.swv_org_id:
            reasons.append(SWV_COORDINATOR)
        if reasons:
            audience.append((org, reasons))
    return audience


def explain(access: str, actor: User, case_: Case) -> str:
    """The "waarom zie ik dit" line."""
    municipality = case_.pupil.municipality
    if access == LEERPLICHT and municipality.kwalificatieplicht_org_id == actor.org_id:
        return (
            f"U voert de kwalificatieplicht uit voor jongeren uit {municipality.name}"
            " (16 en 17 jaar, zonder startkwalificatie)."
        )
    return ACCESS_EXPLANATIONS[access].format(
        org=actor.organisation.name, municipality=case_.pupil.municipality.name
    )


__all__ = [
    "ACCESS_REASONS",
    "case_access",
    "case_full_access",
    "case_visible",
    "explain",
    "full_access_reasons",
    "in_open_meeting",
    "in_own_gemeenten",
    "live_audience",
    "may_change",
    "may_see_name",
    "meeting_ids_open_to",
    "note_body_visible",
    "note_shown_to_org",
    "notes_listed",
    "own_gemeenten",
    "visible_cases",
    "visible_in_own_gemeenten",
]


def visible_pairs(session, pairs) -> set[tuple[int, int]]:
    """Of (user id, case id) pairs, those where the user may see the case now: the filter
    for notices sent in bulk (DESIGN §6: never to someone who cannot see the case).

    Users with the same `_principal` see the same cases. Most principals (a school, a
    wijkteam) have rule 1 alone: one statement over the participations serves them all.
    The others (leerplicht, an SWV's coordinators, who is in an open meeting) get one each.
    With the users and who is in an open meeting, a batch of notices costs a handful of
    statements plus one per such principal; it cost three per user (at 100k cases over 80
    regions a catch-up pass spent 213 of its 263 s here: 57,672 users in 40 batches)."""
    by_user: dict[int, set[int]] = {}
    for user_id, case_id in pairs:
        by_user.setdefault(user_id, set()).add(case_id)
    principal_of, groups = _by_principal(session, by_user)
    seen: dict[tuple, set[int]] = {principal: set() for principal in groups}
    _see_by_participation(session, groups, seen)
    for principal, (user, case_ids) in groups.items():
        if principal[1] == (PARTICIPANT,):
            continue
        rules = _rules(user, few=True, meeting=MEETING in principal[1])
        condition = or_(*(rule.condition for rule in rules))
        for ids in _chunks(sorted(case_ids)):
            seen[principal].update(
                session.scalars(select(Case.id).where(condition, Case.id.in_(ids)))
            )
    return {
        (user_id, case_id)
        for user_id, principal in principal_of.items()
        for case_id in by_user[user_id] & seen[principal]
    }


_Groups = dict[tuple, tuple[User, set[int]]]  # principal: (one of its users, their case ids)


def _by_principal(session, by_user: dict[int, set[int]]) -> tuple[dict[int, tuple], _Groups]:
    """Each active user's principal, and per principal one of its users and the case ids
    asked about for any of them (three statements per 2000 users)."""
    user_ids = sorted(by_user)
    in_meeting = {u for chunk in _chunks(user_ids) for u in _in_open_meetings(session, chunk)}
    principal_of: dict[int, tuple] = {}
    groups: _Groups = {}
    for chunk in _chunks(user_ids):
        for user in session.scalars(select(User).where(User.id.in_(chunk), User.active)):
            principal = principal_of[user.id] = _principal(user, user.id in in_meeting)
            groups.setdefault(principal, (user, set()))[1].update(by_user[user.id])
    return principal_of, groups


def _see_by_participation(session, groups: _Groups, seen: dict[tuple, set[int]]) -> None:
    """The cases of the principals with rule 1 alone, from their organisations'
    participations: one statement for all of them (per 2000 organisations and cases)."""
    alone = {principal[0]: principal for principal in groups if principal[1] == (PARTICIPANT,)}
    case_ids = sorted({c for principal in alone.values() for c in groups[principal][1]})
    for orgs in _chunks(sorted(alone)):
        for ids in _chunks(case_ids):
            taking_part = select(Participation.org_id, Participation.case_id).where(
                _taking_part(), Participation.org_id.in_(orgs), Participation.case_id.in_(ids)
            )
            for org_id, case_id in session.execute(taking_part):
                seen[alone[org_id]].add(case_id)


def _principal(actor: User, in_meeting: bool) -> tuple:
    """(organisation, rules, user if rule 4): everything of an active actor that `_rules`
    reads; whoever shares it sees the same cases."""
    reasons = _reasons(actor, meeting=in_meeting)
    return (actor.organisation.id, reasons, actor.id if MEETING in reasons else None)


def _in_open_meetings(session, user_ids: list[int]) -> set[int]:
    """Of these users, those who chair or attend a published meeting: for whom
    `meeting_ids_open_to` is not empty (one statement)."""
    published = _meeting_open()
    chairs = select(Meeting.chair_user_id).where(published, Meeting.chair_user_id.in_(user_ids))
    attendees = (
        select(meeting_attendees.c.user_id)
        .join(Meeting, Meeting.id == meeting_attendees.c.meeting_id)
        .where(published, meeting_attendees.c.user_id.in_(user_ids))
    )
    return set(session.scalars(chairs.union(attendees)))


def _chunks(ids: list[int], size: int = 2000) -> list[list[int]]:
    """Id lists short enough for every driver's parameter limit."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]
