"""The scene of the authorisation matrix: one region, the roles of the demo region, and three
cases each role sees in its own way.

- F, Fenna Fluitekruid at Lingeborgh: seen with full access by every organisation of the
  region that takes part (school, the other school she may move to, leerplicht, wijkteam,
  GGD, the gemeente) and the SWV coordinator; privacy and functioneel beheer only attend
  the meeting that discusses her.
- M, Mirte Meidoorn from Meerdorp, another region: on the agenda of the published meeting
  every role attends, so every role sees only what that meeting needs.
- H, Hidde Hondsdraf from Heidorp, a third region: hidden from every role, with one of
  every object (agreement, note, consent, meeting, consultation…) for ids to probe.

Every text is a marker: a word that only those who may read it may ever receive (`MARKERS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tests.conftest import PASSWORD_HASH
from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement, update_agreement
from thuiszittertafel.auth.models import User, UserRole
from thuiszittertafel.cases import leerplicht, lifecycle, participation, parties, regie
from thuiszittertafel.cases.intake import open_case
from thuiszittertafel.cases.models import Consent
from thuiszittertafel.consultations import services as consultations
from thuiszittertafel.core.dates import MONTHS
from thuiszittertafel.escalation.model import load as load_model
from thuiszittertafel.meetings import services as meetings
from thuiszittertafel.meetings.models import AgendaItem
from thuiszittertafel.notes.services import post_note
from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind

# The roles of the demo region (thuiszittertafel/demo/data/region.toml), one user each.
ROLES = (
    "leerplicht",
    "swv-coordinator",
    "zorgco-school",
    "zorgco-other-school",
    "wijkteam",
    "ggd",
    "gemeente",
    "functioneel-beheer",
    "privacy",
    "beheerder",
)
FULL, MEETING, NONE = "full", "meeting", "none"
KINDS = ("F", "M", "H")

BIRTH = {"F": date(2011, 6, 13), "M": date(2012, 3, 17), "H": date(2011, 8, 29)}


def date_markers(day: date) -> tuple[str, ...]:
    """A birth date as the pages, exports and the API may write it."""
    return (
        day.isoformat(),
        day.strftime("%d-%m-%Y"),
        f"{day.day} {MONTHS[day.month - 1]} {day.year}",
    )


@dataclass
class Scene:
    users: dict[str, int] = field(default_factory=dict)  # role → user id
    extra: dict[str, int] = field(default_factory=dict)  # helpers' user ids
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → placeholder → id
    access: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, kind) → access
    consultation_members: set[str] = field(default_factory=set)
    markers: dict[str, set[str]] = field(default_factory=dict)  # marker → roles allowed


def _user(session, org, username, *roles, name=None) -> User:
    user = User(
        username=username,
        name=name or username.replace(".", " ").title(),
        org_id=org.id,
        password_hash=PASSWORD_HASH,
        active=True,
        created_at=clock.now(),
        email=f"{username}@example.test",
    )
    user.organisation = org
    user.role_rows = [UserRole(role=r) for r in roles]
    session.add(user)
    session.flush()
    return user


def _org(session, kind, name, *, municipality=None, swv=None, serves=()) -> Organisation:
    org = Organisation(
        name=name,
        kind=OrgKind(kind),
        municipality=municipality,
        swv=swv,
        education_types="vo" if kind == "school" else None,
        school_region="zuid",
    )
    org.municipalities = list(serves)
    session.add(org)
    session.flush()
    return org


def _municipality(session, name) -> Municipality:
    m = Municipality(name=name)
    session.add(m)
    session.flush()
    return m


class _Region:
    """A region of its own: gemeente, SWV, school, leerplicht, wijkteam and their people."""

    def __init__(self, session, town, swv, school, lp, wijk, prefix):
        self.town = _municipality(session, town)
        self.swv = _org(session, "swv", swv, serves=[self.town])
        self.school = _org(session, "school", school, municipality=self.town, swv=self.swv)
        self.leerplicht = _org(session, "leerplicht", lp, serves=[self.town])
        self.wijkteam = _org(session, "wijkteam", wijk, serves=[self.town])
        self.swv_co = _user(session, self.swv, f"{prefix}.swv", "coordinator")
        self.school_co = _user(session, self.school, f"{prefix}.zorgco", "coordinator")
        self.lp_co = _user(session, self.leerplicht, f"{prefix}.lpa", "coordinator")


def build(session) -> Scene:
    """Build the scene through the services (as users would), commit and describe it."""
    now, model = clock.now(), load_model()
    scene = Scene()
    zaltbommel = _municipality(session, "Zaltbommel")
    swv = _org(session, "swv", "SWV Rivierenland", serves=[zaltbommel])
    school = _org(session, "school", "Lingeborgh", municipality=zaltbommel, swv=swv)
    school2 = _org(session, "school", "RSG Lingecollege", municipality=zaltbommel, swv=swv)
    lp = _org(session, "leerplicht", "Team Leerplicht Rivierenland", serves=[zaltbommel])
    wijk = _org(session, "wijkteam", "Wijkteam Bommelerwaard", serves=[zaltbommel])
    ggd = _org(session, "ggd", "GGD Gelderland-Zuid", serves=[zaltbommel])
    gemeente = _org(session, "gemeente", "Gemeente Zaltbommel", serves=[zaltbommel])
    regio = _org(session, "gemeente", "Regio Rivierenland")
    users = {
        "leerplicht": _user(session, lp, "lpa.zaltbommel", "medewerker"),
        "swv-coordinator": _user(session, swv, "swv.coordinator", "coordinator"),
        "zorgco-school": _user(session, school, "zorgco.lingeborgh", "coordinator"),
        "zorgco-other-school": _user(session, school2, "zorgco.lingecollege", "coordinator"),
        "wijkteam": _user(session, wijk, "wijkteam.bommelerwaard", "medewerker"),
        "ggd": _user(session, ggd, "jeugdarts", "medewerker"),
        "gemeente": _user(session, gemeente, "gemeente.zaltbommel", "medewerker", "coordinator"),
        "functioneel-beheer": _user(session, regio, "functioneel.beheer", "functioneel-beheer"),
        "privacy": _user(session, regio, "privacy", "privacy"),
        "beheerder": _user(session, school, "beheer.lingeborgh", "beheerder"),
    }
    # Someone for a beheerder to (de)activate and a meeting chair to invite or remove:
    # never one of the roles, whose sessions the matrix keeps using.
    mentor = _user(session, school, "mentor.lingeborgh", "medewerker")
    meerland = _Region(
        session,
        "Meerdorp",
        "SWV Meerland",
        "Esdoorncollege",
        "Leerplicht Meerland",
        "Wijkteam Meerdorp",
        "meerland",
    )
    heiland = _Region(
        session,
        "Heidorp",
        "SWV Heiland",
        "Distelschool",
        "Leerplicht Heiland",
        "Wijkteam Heidorp",
        "distel",
    )
    u = users

    def case_of(actor, given, family, birth, town, school_org, summary, kind="relatief"):
        return open_case(
            session,
            actor,
            {
                "given_name": given,
                "family_name": family,
                "birth_date": birth.isoformat(),
                "municipality_id": str(town.id),
                "education_type": "vo",
                "kind": kind,
                "absent_since": "2026-09-07",
                "school_org_id": str(school_org.id),
                "summary": summary,
            },
            now=now,
            model=model,
        )

    # F: full access for the region's partners.
    f = case_of(
        u["zorgco-school"],
        "Fenna",
        "Fluitekruid",
        BIRTH["F"],
        zaltbommel,
        school,
        "Fluitekruid-aanleiding",
        kind="dreigend",
    )
    P = "participant"
    for org, extra in (
        (lp, {"contact_user_id": u["leerplicht"].id}),
        (school2, {}),
        (wijk, {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}),
        (ggd, {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}),
        (gemeente, {}),
    ):
        _involve(session, u["zorgco-school"], f, org, extra, now)
    f_ids = _case_objects(
        session,
        f,
        u["zorgco-school"],
        u["leerplicht"],
        u["ggd"],
        school,
        "Fluitekruid",
        "Klaver",
        now,
    )
    # Notes in scopes that only some of those with full access read.
    post_note(
        session,
        u["zorgco-school"],
        f,
        P,
        {"body": "Zuring-schoolnotitie", "scope": "organisatie"},
        now=now,
    )
    post_note(
        session,
        u["ggd"],
        f,
        P,
        {"body": "Zuring-medisch", "scope": "medisch", "summary": "Belastbaar-Zuring"},
        now=now,
    )
    post_note(
        session,
        u["leerplicht"],
        f,
        P,
        {"body": "Zuring-leerplicht", "scope": "leerplicht"},
        now=now,
    )
    leerplicht.record_enforcement_step(
        session,
        u["leerplicht"],
        f,
        P,
        {"step": "waarschuwing", "taken_on": "2026-11-20", "note": "Zuring-handhaving"},
        now=now,
    )
    leerplicht.set_reduced_timetable(
        session,
        u["zorgco-school"],
        f,
        P,
        {
            "hours": "12",
            "starts_on": "2026-11-23",
            "ends_on": "2026-12-18",
            "informed_on": "2026-11-23",
        },
        now=now,
    )
    f.escalated = True  # an escalation to pick up (agreements.acknowledge)
    # G: Fenna's brother at the same school, not yet on the meeting's agenda.
    g = case_of(
        u["zorgco-school"],
        "Floris",
        "Fluitekruid",
        date(2012, 1, 9),
        zaltbommel,
        school,
        "Fluitekruid-broer",
    )
    # M and H: other regions, their own partners.
    m = case_of(
        meerland.school_co,
        "Mirte",
        "Meidoorn",
        BIRTH["M"],
        meerland.town,
        meerland.school,
        "Meidoorn-aanleiding",
    )
    participation.add_participation(
        session,
        meerland.school_co,
        m,
        P,
        {
            "org_id": meerland.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "ouders",
        },
        now=now,
    )
    _involve(session, meerland.school_co, m, meerland.leerplicht, {}, now)
    m_ids = _case_objects(
        session,
        m,
        meerland.school_co,
        meerland.lp_co,
        None,
        meerland.leerplicht,
        "Meidoorn",
        "Lijsterbes",
        now,
    )
    h = case_of(
        heiland.school_co,
        "Hidde",
        "Hondsdraf",
        BIRTH["H"],
        heiland.town,
        heiland.school,
        "Hondsdraf-aanleiding",
    )
    participation.add_participation(
        session,
        heiland.school_co,
        h,
        P,
        {
            "org_id": heiland.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "ouders",
        },
        now=now,
    )
    _involve(session, heiland.school_co, h, heiland.leerplicht, {}, now)
    h_ids = _case_objects(
        session,
        h,
        heiland.school_co,
        heiland.lp_co,
        None,
        heiland.school,
        "Hondsdraf",
        "Hondsdraf",
        now,
    )
    # The thuiszitterstafel every role attends, with F and M on its agenda; H's meeting
    # in its own region.
    (meeting,) = meetings.create_meeting(
        session,
        u["swv-coordinator"],
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel december",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [
                *(x.id for k, x in u.items() if k != "swv-coordinator"),
                mentor.id,
            ],
        },
        now=now,
    )
    meetings.add_item(session, u["swv-coordinator"], meeting, {"case_id": f.id}, now=now)
    # M is not the chair's to see: it came on the agenda from its own region's table.
    session.add(
        AgendaItem(
            meeting_id=meeting.id, case_id=m.id, position=2, added_by_id=u["swv-coordinator"].id
        )
    )
    session.flush()
    session.refresh(meeting, ["items"])
    meetings.publish(session, u["swv-coordinator"], meeting, now=now)
    items = {i.case_id: i.id for i in meeting.items}
    meetings.post_meeting_note(
        session, u["wijkteam"], meeting, items[f.id], {"body": "Klaver-overleg"}, now=now
    )
    meetings.post_meeting_note(
        session, u["wijkteam"], meeting, items[m.id], {"body": "Lijsterbes-overleg"}, now=now
    )
    (hidden_meeting,) = meetings.create_meeting(
        session,
        heiland.swv_co,
        {
            "kind": "thuiszitterstafel",
            "title": "Tafel Hondsdraf",
            "starts_at": "2026-12-03T14:00",
            "attendee_user_ids": [heiland.school_co.id, heiland.lp_co.id],
        },
        now=now,
    )
    meetings.add_item(session, heiland.swv_co, hidden_meeting, {"case_id": h.id}, now=now)
    meetings.publish(session, heiland.swv_co, hidden_meeting, now=now)
    (h_item,) = hidden_meeting.items
    meetings.post_meeting_note(
        session,
        heiland.school_co,
        hidden_meeting,
        h_item.id,
        {"body": "Hondsdraf-overleg"},
        now=now,
    )
    # Consultations: Lingeborgh asks the SWV; Hondsdrafschool asks its own SWV.
    shown = consultations.open_consultation(
        session,
        u["zorgco-school"],
        {
            "partner_org_id": swv.id,
            "description": "Paardenbloem-vraag",
            "age": "14",
            "education_type": "vo",
            "municipality_id": str(zaltbommel.id),
        },
        now=now,
    )
    hidden = consultations.open_consultation(
        session,
        heiland.school_co,
        {
            "partner_org_id": heiland.swv.id,
            "description": "Hondsdraf-vraag",
            "age": "14",
            "education_type": "vo",
            "municipality_id": str(heiland.town.id),
        },
        now=now,
    )
    session.commit()

    scene.users = {k: x.id for k, x in u.items()}
    scene.extra = {"mentor": mentor.id, "heiland_swv": heiland.swv_co.id}
    common = {
        "first_item_id": items[f.id],
        "second_item_id": items[m.id],
        "user_id": mentor.id,
        "municipality_id": zaltbommel.id,
        "other_case_id": g.id,
        "new_org_id": swv.id,
        "invitee_id": meerland.swv_co.id,
        "leerplicht_org_id": lp.id,
    }
    scene.ids = {
        "F": {
            **f_ids,
            **common,
            "meeting_id": meeting.id,
            "item_id": items[f.id],
            "consultation_id": shown.id,
        },
        "M": {
            **m_ids,
            **common,
            "meeting_id": meeting.id,
            "item_id": items[m.id],
            "consultation_id": shown.id,
        },
        "H": {
            **h_ids,
            **common,
            "meeting_id": hidden_meeting.id,
            "item_id": h_item.id,
            "consultation_id": hidden.id,
            "user_id": heiland.school_co.id,
            "municipality_id": heiland.town.id,
        },
    }
    # An organisation's own pages: the school of F's pupil (the beheerder's), else Heiland's.
    for kind, ids in scene.ids.items():
        ids["org_id"] = scene.ids["H" if kind == "H" else "F"]["school_org_id"]
    for role in ROLES:
        full_f = role not in ("functioneel-beheer", "privacy")
        scene.access[role, "F"] = FULL if full_f else MEETING
        scene.access[role, "M"] = MEETING
        scene.access[role, "H"] = NONE
    scene.consultation_members = {"zorgco-school", "beheerder", "swv-coordinator"}
    full_f = {r for r in ROLES if scene.access[r, "F"] == FULL}
    everyone = set(ROLES)
    school_roles = {"zorgco-school", "beheerder"}
    scene.markers = {
        # Names of places and organisations are the region's directory (pick lists show
        # them); what is marked is the child's: name, birth date and every text.
        **dict.fromkeys(("Hondsdraf", "Hidde", *date_markers(BIRTH["H"])), set()),
        **dict.fromkeys(("Meidoorn", "Mirte", *date_markers(BIRTH["M"])), set()),
        **dict.fromkeys(("Fluitekruid", "Fenna", *date_markers(BIRTH["F"])), full_f),
        "Zuring-schoolnotitie": school_roles,
        "Zuring-medisch": {"ggd"},
        "Belastbaar-Zuring": full_f,
        "Zuring-leerplicht": {"leerplicht"},
        "Zuring-handhaving": {"leerplicht"},
        "Klaver": everyone,
        "Lijsterbes": everyone,
        "Paardenbloem": scene.consultation_members,
    }
    return scene


def _involve(session, actor, case, org, extra, now) -> None:
    """Make `org` take part (intake may already have involved leerplicht)."""
    if org.id not in case.participant_org_ids():
        participation.add_participation(
            session, actor, case, "participant", {"org_id": org.id, **extra}, now=now
        )
    elif extra.get("contact_user_id"):
        part = next(p for p in case.participations if p.org_id == org.id)
        part.contact_user_id = extra["contact_user_id"]


def _case_objects(session, case, regie_user, lp_user, ggd_user, owner, secret, shown, now):
    """One of every object on a case, its texts marked: `secret` for what only full access
    reads, `shown` for what the meeting shows too (the open agreement). Returns their ids."""
    P = "participant"
    open_ = create_agreement(
        session,
        regie_user,
        case,
        P,
        {"description": f"{shown}-afspraak", "owner_org_id": owner.id, "due_at": "2026-12-04"},
        now=now,
    )
    done = create_agreement(
        session,
        regie_user,
        case,
        P,
        {
            "description": f"{secret}-afgerond",
            "owner_org_id": case.school_org_id,
            "due_at": "2026-12-01",
        },
        now=now,
    )
    update_agreement(
        session,
        regie_user,
        done,
        case,
        P,
        {"status": "done", "result": f"{secret}-resultaat"},
        now=now,
    )
    cancelled = create_agreement(
        session,
        regie_user,
        case,
        P,
        {
            "description": f"{secret}-geannuleerd",
            "owner_org_id": case.school_org_id,
            "due_at": "2026-12-01",
        },
        now=now,
    )
    update_agreement(
        session,
        regie_user,
        cancelled,
        case,
        P,
        {"status": "cancelled", "reason": f"{secret}-reden"},
        now=now,
    )
    note, _ = post_note(session, regie_user, case, P, {"body": f"{secret}-notitie"}, now=now)
    blocker = lifecycle.add_blocker(
        session, regie_user, case, P, {"kind": "wachtlijst-zorg"}, now=now
    )
    exemption = leerplicht.add_exemption(
        session,
        lp_user,
        case,
        "leerplicht",
        {"article": "15", "requested_on": "2026-11-20"},
        now=now,
    )
    leerplicht.record_absence_report(
        session,
        regie_user,
        case,
        P,
        {"type": "wettelijk", "hours": "16", "reported_on": "2026-11-02"},
        now=now,
    )
    party = parties.add_party(
        session, regie_user, case, P, {"role": "ouder", "name": f"{secret}-ouder"}, now=now
    )
    wijkteam = next(p for p in case.participations if p.organisation.kind == OrgKind.wijkteam)
    consent = session.scalar(
        select(Consent).where(Consent.case_id == case.id, Consent.org_id == wijkteam.org_id)
    )
    proposal = regie.propose_regie(
        session,
        regie_user,
        case,
        P,
        {"lead_org_id": case.swv_org_id, "reason": f"{secret}-voorstel"},
        now=now,
    )
    session.flush()
    del ggd_user
    return {
        "case_id": case.id,
        "agreement_id": open_.id,
        "done_agreement_id": done.id,
        "note_id": note.id,
        "blocker_id": blocker.id,
        "exemption_id": exemption.id,
        "party_id": party.id,
        "participation_id": wijkteam.id,
        "consent_id": consent.id,
        "proposal_id": proposal.id,
        "school_org_id": case.school_org_id,
    }
