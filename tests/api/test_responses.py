"""The API's responses, fetched from the app on both databases, against the components the
models of api/schemas produce: each body validates against its component in the served
document and has exactly the keys its model names (a key the serialiser adds or drops
fails here, where the open component alone would let an addition pass), and each refusal
is the documented Error."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.api.conftest import assert_error
from tests.conftest import PASSWORD
from tests.contract import ContractViolation
from thuiszittertafel.api import users as users_api
from thuiszittertafel.api.schemas import Shape
from thuiszittertafel.api.schemas.agreements import Agreement
from thuiszittertafel.api.schemas.audit import AuditEntry
from thuiszittertafel.api.schemas.cases import Case, CaseList, Pupil
from thuiszittertafel.api.schemas.consultations import (
    Consultation,
    ConsultationConverted,
    ConsultationMember,
    ConsultationMessage,
)
from thuiszittertafel.api.schemas.errors import Error
from thuiszittertafel.api.schemas.leerplicht import (
    AbsenceReport,
    EnforcementStep,
    Exemption,
    ReducedTimetable,
)
from thuiszittertafel.api.schemas.meetings import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingSuggestions,
    Suggestion,
)
from thuiszittertafel.api.schemas.notes import (
    Note,
    Notification,
    NotificationList,
    NotificationsMarked,
)
from thuiszittertafel.api.schemas.reports import (
    Jaarverslag,
    Leerplichttelling,
    SwvFigures,
    TellingCases,
    ThuiszitterReport,
)
from thuiszittertafel.api.schemas.responsibility import Consent, Participation, Party, RegieProposal
from thuiszittertafel.api.schemas.users import Me, MeOrganisation, Token, User, UserList

URI = "urn:thuiszittertafel:served-openapi"
# Keys a serialiser writes only on some answers.
SOMETIMES = {
    Meeting: {"series_meeting_ids"},  # planning
    User: {"password"},  # a create without a password
    Leerplichttelling: {"no_figures"},  # for who sees no case at all
    CaseList: {"next_after"},  # with sort=id or -id
}


class Served:
    """The document as GET /api/v1/openapi.json serves it, to check bodies against."""

    def __init__(self, anonymous):
        self.doc = json.loads(anonymous.get("/api/v1/openapi.json").get_data())
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(URI, resource)

    def errors(self, component: str, body) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"{URI}#/components/schemas/{component}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        return [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(body)
        ]

    def conforms(self, model: type[Shape], body: dict, *, complete: bool = False) -> None:
        """The body validates against the model's component and has the model's keys (all
        of them with `complete`, else less those written only sometimes)."""
        assert self.errors(model.__name__, body) == [], model.__name__
        expected = set(model.model_fields)
        if not complete:
            expected -= SOMETIMES.get(model, set())
        assert set(body) == expected, (
            f"{model.__name__}: undocumented {sorted(set(body) - expected)},"
            f" missing {sorted(expected - set(body))}"
        )

    def documented(self, component: str, row: dict) -> None:
        """A row generated from the reports' definitions: valid, and no key its component
        does not name (by property or pattern)."""
        assert self.errors(component, row) == [], component
        schema = self.doc["components"]["schemas"][component]
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        unnamed = {
            key
            for key in row
            if key not in schema["properties"] and not any(p.search(key) for p in patterns)
        }
        assert not unnamed, f"{component}: undocumented {sorted(unnamed)}"

    def refused(self, response, status: int) -> dict:
        """A refusal with this status whose body is the documented Error."""
        body = assert_error(response, status)
        assert self.errors("Error", body) == []
        assert set(body) <= set(Error.model_fields), sorted(set(body) - set(Error.model_fields))
        return body


@pytest.fixture
def served(anonymous) -> Served:
    return Served(anonymous)


@pytest.fixture
def beheer(world, make_user, session):
    user = make_user(world.school, "beheerder", username="beheer.lingeborgh")
    session.commit()
    return user


def test_a_case_and_an_agreement(served, api, world, case):
    lpa = api(world.lpa)
    body = lpa.get(f"/api/v1/cases/{case.id}").get_json()
    served.conforms(Case, body)
    served.conforms(Pupil, body["pupil"])
    made = lpa.post(
        f"/api/v1/cases/{case.id}/agreements",
        json={"description": "Gesprek", "owner_org_id": world.leerplicht.id, "due_at": "1-2-2027"},
    )
    assert made.status_code == 201, made.get_json()
    served.conforms(Agreement, made.get_json())
    listed = lpa.get(f"/api/v1/cases/{case.id}/agreements").get_json()["items"]
    served.conforms(Agreement, listed[0])
    served.refused(api(world.far_worker).get(f"/api/v1/cases/{case.id}"), 404)


def test_notes_and_notifications(served, api, world, case):
    teacher, lpa = api(world.teacher), api(world.lpa)
    made = teacher.post(f"/api/v1/cases/{case.id}/notes", json={"body": "@lpa graag *nu*"})
    assert made.status_code == 201, made.get_json()
    served.conforms(Note, made.get_json())
    listed = lpa.get(f"/api/v1/cases/{case.id}/notes").get_json()
    assert served.errors("NoteList", listed) == []
    served.conforms(Note, listed["items"][0])
    inbox = lpa.get("/api/v1/notifications").get_json()
    served.conforms(NotificationList, inbox)
    assert inbox["items"]
    for notification in inbox["items"]:
        served.conforms(Notification, notification)
    marked = lpa.post("/api/v1/notifications/read", json={"all": True})
    served.conforms(NotificationsMarked, marked.get_json())
    outsider = api(world.far_worker)
    served.refused(outsider.get(f"/api/v1/cases/{case.id}/notes"), 404)
    served.refused(outsider.post(f"/api/v1/cases/{case.id}/notes", json={"body": "x"}), 404)
    served.refused(lpa.post("/api/v1/notifications/read", json={"ids": ["x"]}), 400)


def test_a_medical_note_as_others_see_it(served, api, world, case_with_ggd):
    url = f"/api/v1/cases/{case_with_ggd.id}/notes"
    medical = {"body": "Diagnose", "scope": "medisch", "summary": "Onder behandeling"}
    assert api(world.ggd_doctor).post(url, json=medical).status_code == 201
    (note,) = api(world.teacher).get(url).get_json()["items"]
    assert note["redacted"] is True and note["body"] is None
    served.conforms(Note, note)


def test_a_meeting_its_agenda_and_a_decision(served, api, world, case, make_case):
    chair, wijk = api(world.swv_coordinator), api(world.wijkteam_worker)
    made = chair.post(
        "/api/v1/meetings",
        json={
            "kind": "thuiszitterstafel",
            "title": "Tafel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.wijkteam_worker.id],
        },
    )
    assert made.status_code == 201, made.get_json()
    served.conforms(Meeting, made.get_json(), complete=True)
    meeting_id = made.get_json()["id"]
    item = chair.post(f"/api/v1/meetings/{meeting_id}/agenda", json={"case_id": case.id})
    assert item.status_code == 201, item.get_json()
    served.conforms(AgendaItem, item.get_json())
    make_case(world.teacher, given_name="Lot", absent_since=date(2026, 8, 3))  # 3 months
    suggested = api(world.teacher).get("/api/v1/meetings/suggestions").get_json()
    served.conforms(MeetingSuggestions, suggested)
    assert suggested["items"]
    for suggestion in suggested["items"]:
        assert set(suggestion) == set(Suggestion.model_fields)
    shown = chair.get(f"/api/v1/meetings/{meeting_id}").get_json()
    served.conforms(Meeting, shown)
    served.conforms(AgendaItem, shown["agenda"][0])
    assert wijk.get(f"/api/v1/meetings/{meeting_id}").get_json()["agenda"] == []  # a draft
    listed = wijk.get("/api/v1/meetings").get_json()
    assert served.errors("MeetingList", listed) == []
    served.conforms(Meeting, listed["items"][0])
    published = chair.post(f"/api/v1/meetings/{meeting_id}/publish")
    served.conforms(Meeting, published.get_json())
    served.conforms(AgendaItem, wijk.get(f"/api/v1/meetings/{meeting_id}").get_json()["agenda"][0])
    decided = chair.post(
        f"/api/v1/meetings/{meeting_id}/agenda/{item.get_json()['id']}/decisions",
        json={
            "text": "Intake plannen",
            "client_id": "besluit-1",
            "agreements": [
                {"description": "Intake", "owner_org_id": world.school.id, "due_at": "2026-12-11"}
            ],
        },
    )
    assert decided.status_code == 201, decided.get_json()
    served.conforms(Decision, decided.get_json())
    served.conforms(Agreement, decided.get_json()["agreements"][0])
    served.refused(api(world.far_worker).get(f"/api/v1/meetings/{meeting_id}"), 404)
    served.refused(
        api(world.teacher).post(
            "/api/v1/meetings",
            json={"kind": "zat", "title": "Eigen", "starts_at": "2026-12-02T14:00"},
        ),
        403,
    )
    served.refused(
        wijk.post(f"/api/v1/meetings/{meeting_id}/agenda", json={"case_id": case.id}), 403
    )


def test_accounts(served, api, world, beheer):
    admin = api(beheer)
    listed = admin.get("/api/v1/users").get_json()
    assert served.errors("UserList", listed) == []
    for user in listed["items"]:
        served.conforms(User, user)
    made = admin.post(
        "/api/v1/users", json={"username": "fatma", "name": "Fatma", "roles": ["medewerker"]}
    )
    assert made.status_code == 201, made.get_json()
    served.conforms(User, made.get_json(), complete=True)  # with the one-time password
    changed = admin.patch(f"/api/v1/users/{made.get_json()['id']}", json={"active": False})
    served.conforms(User, changed.get_json())
    served.refused(api(world.teacher).get("/api/v1/users"), 403)
    served.refused(admin.patch(f"/api/v1/users/{world.lpa.id}", json={"active": False}), 403)


def test_consultations_and_their_messages(served, api, world):
    teacher, lpa = api(world.teacher), api(world.lpa)
    opened = teacher.post(
        "/api/v1/consultations",
        json={
            "partner_org_id": world.leerplicht.id,
            "description": "Verzuimt bij gym",
            "age": 11,
            "education_type": "po",
            "municipality_id": world.zaltbommel.id,
        },
    )
    assert opened.status_code == 201, opened.get_json()
    served.conforms(Consultation, opened.get_json())
    base = f"/api/v1/consultations/{opened.get_json()['id']}"
    said = teacher.post(f"{base}/messages", json={"body": "Vraag", "client_id": "v-1"})
    assert said.status_code == 201, said.get_json()
    served.conforms(ConsultationMessage, said.get_json())
    messages = lpa.get(f"{base}/messages").get_json()
    assert served.errors("ConsultationMessageList", messages) == []
    served.conforms(ConsultationMessage, messages["items"][0])
    joined = lpa.post(f"{base}/members", json={"org_id": world.ggd.id})
    assert joined.status_code == 201, joined.get_json()
    served.conforms(Consultation, joined.get_json())
    for member in joined.get_json()["members"]:
        served.conforms(ConsultationMember, member)
    listed = teacher.get("/api/v1/consultations").get_json()
    assert served.errors("ConsultationList", listed) == []
    served.conforms(Consultation, listed["items"][0])
    converted = lpa.post(
        f"{base}/convert",
        json={
            "given_name": "Sam",
            "family_name": "Jansen",
            "birth_date": "2015-03-04",
            "municipality_id": world.zaltbommel.id,
            "education_type": "po",
            "kind": "relatief",
            "absent_since": "2026-11-02",
            "school_org_id": world.school.id,
        },
    )
    assert converted.status_code == 201, converted.get_json()
    served.conforms(ConsultationConverted, converted.get_json())
    served.conforms(Consultation, converted.get_json()["consultation"])
    served.refused(api(world.far_worker).get(base), 404)
    served.refused(api(world.ggd_doctor).post(f"{base}/close"), 403)
    served.refused(teacher.get(f"{base}/messages"), 409)  # converted: in the case's notes


def test_a_key_the_serialiser_adds_or_drops_fails(served, api, beheer, monkeypatch):
    written = users_api.user_shape(beheer).model_dump(exclude_unset=True)
    # The serialiser builds the model: a key it does not name, or one that is always there
    # and missing, fails where the serialiser writes it.
    with pytest.raises(ValidationError, match="bsn"):
        User(**written, bsn="1")
    with pytest.raises(ValidationError, match="email"):
        User(**{k: v for k, v in written.items() if k != "email"})
    # The open component lets an added key pass; the model's own check does not.
    body = {**users_api.user_json(beheer), "bsn": "1"}
    assert served.errors("User", body) == []
    with pytest.raises(AssertionError, match=r"undocumented \['bsn'\]"):
        served.conforms(User, body)
    # Past the model (a body changed after it was built), the suite's contract client refuses
    # it on every call.
    dump = UserList.dump

    def sent(change):
        def changed(page):
            body = dump(page)
            return {**body, "items": [change(item) for item in body["items"]]}

        monkeypatch.setattr(UserList, "dump", changed)

    sent(lambda item: {**item, "bsn": "1"})
    with pytest.raises(ContractViolation, match=r"'bsn' was unexpected"):
        api(beheer).get("/api/v1/users")
    sent(lambda item: {k: v for k, v in item.items() if k != "email"})
    with pytest.raises(ContractViolation, match="email"):
        api(beheer).get("/api/v1/users")
    sent(lambda item: {k: v for k, v in item.items() if k != "two_factor"})
    body = api(beheer).get("/api/v1/users").get_json()["items"][0]
    with pytest.raises(AssertionError, match=r"missing \['two_factor'\]"):
        served.conforms(User, body)


def test_every_kind_of_refusal_is_the_error(served, api, anonymous, world, case):
    teacher = api(world.teacher)
    served.refused(anonymous.get("/api/v1/me"), 401)
    invalid = served.refused(teacher.post("/api/v1/cases", json={"kind": "x"}), 400)
    assert invalid["fields"]
    url = f"/api/v1/cases/{case.id}"
    etag = teacher.get(url).headers["ETag"]
    assert (
        teacher.patch(url, json={"summary": "Nieuw"}, headers={"If-Match": etag}).status_code == 200
    )
    stale = served.refused(
        teacher.patch(url, json={"summary": "Oud"}, headers={"If-Match": etag}), 409
    )
    assert stale["changed"] and stale["current_version"] > 1
    pupil = case.pupil
    again = {
        "given_name": pupil.given_name,
        "family_name": pupil.family_name,
        "birth_date": pupil.birth_date.isoformat(),
        "municipality_id": world.zaltbommel.id,
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "2026-10-20",
        "school_org_id": world.school.id,
    }
    duplicate = served.refused(teacher.post("/api/v1/cases", json=again), 409)
    assert duplicate["case_id"] == case.id
    served.refused(teacher.get("/api/v1/bestaat-niet"), 404)
    served.refused(teacher.open("DELETE", url), 405)


def test_the_reports(served, api, world, cases):
    lpa = api(world.lpa)
    report = lpa.get("/api/v1/reports/thuiszitters").get_json()
    served.conforms(ThuiszitterReport, report)
    for row in [*report["rows"], report["total"]]:
        served.documented("ThuiszitterReportRow", row)
    counted = lpa.get("/api/v1/reports/leerplichttelling").get_json()
    served.conforms(Leerplichttelling, counted)
    row = counted["rows"][0]
    served.documented("TellingRow", row)
    assert "handhaving" in row  # leerplicht's own figures
    for band in row["by_age"].values():
        served.documented("TellingFigures", band)
    unseen = api(world.gemeente_worker).get("/api/v1/reports/leerplichttelling").get_json()
    served.conforms(Leerplichttelling, unseen, complete=True)
    field = next(key for key, value in row.items() if isinstance(value, int) and value > 0)
    listed = lpa.get(
        "/api/v1/reports/leerplichttelling/cases",
        query_string={"municipality": row["municipality"], "field": field},
    )
    assert listed.status_code == 200, listed.get_json()
    served.conforms(TellingCases, listed.get_json())
    assert listed.get_json()["items"]
    jaarverslag = lpa.get("/api/v1/reports/jaarverslag").get_json()
    served.conforms(Jaarverslag, jaarverslag)
    for row in jaarverslag["rows"]:
        served.documented("JaarverslagRow", row)
    swv = api(world.swv_coordinator).get("/api/v1/reports/swv").get_json()
    served.conforms(SwvFigures, swv)
    for row in swv["rows"]:
        served.documented("SwvRow", row)
    teacher = api(world.teacher)
    for url in ("thuiszitters", "leerplichttelling", "jaarverslag", "swv"):
        served.refused(teacher.get(f"/api/v1/reports/{url}"), 403)
    served.refused(lpa.get("/api/v1/reports/leerplichttelling/cases?field=x"), 400)


GRANT = {
    "article": "5-a",
    "requested_on": "2026-10-01",
    "advice_on": "2026-10-20",
    "decision": "toegekend",
    "decided_on": "2026-10-25",
    "starts_on": "2026-11-01",
    "ends_on": "2027-07-31",
}


def test_leerplicht_records(served, api, world, case, make_case):
    lpa, teacher = api(world.lpa), api(world.teacher)
    base = f"/api/v1/cases/{case.id}"
    granted = lpa.post(f"{base}/exemptions", json=GRANT)
    assert granted.status_code == 201, granted.get_json()
    served.conforms(Exemption, granted.get_json())
    changed = lpa.patch(f"/api/v1/exemptions/{granted.get_json()['id']}", json={"note": "Later"})
    served.conforms(Exemption, changed.get_json())
    served.conforms(Exemption, lpa.get(f"{base}/exemptions").get_json()["items"][0])
    reported = teacher.post(f"{base}/absence-reports", json={"type": "signaal"})
    assert reported.status_code == 201, reported.get_json()
    served.conforms(AbsenceReport, reported.get_json())
    served.conforms(AbsenceReport, lpa.get(f"{base}/absence-reports").get_json()["items"][0])
    warned = lpa.post(f"{base}/enforcement-steps", json={"step": "waarschuwing"})
    assert warned.status_code == 201, warned.get_json()
    served.conforms(EnforcementStep, warned.get_json())
    served.conforms(EnforcementStep, lpa.get(f"{base}/enforcement-steps").get_json()["items"][0])
    threatened = make_case(world.teacher, given_name="Tim", kind="dreigend")
    plan = {"hours": 12, "starts_on": "2026-11-23", "ends_on": "2027-01-29"}
    reduced = teacher.open("PUT", f"/api/v1/cases/{threatened.id}/reduced-timetable", json=plan)
    assert reduced.status_code == 200, reduced.get_json()
    served.conforms(Case, reduced.get_json())
    served.conforms(ReducedTimetable, reduced.get_json()["reduced_timetable"])
    served.refused(teacher.post(f"{base}/exemptions", json=GRANT), 403)
    served.refused(api(world.far_worker).get(f"{base}/exemptions"), 404)


def test_participations_consents_parties_and_regie(served, api, world, case):
    teacher = api(world.teacher)
    base = f"/api/v1/cases/{case.id}"
    joined = teacher.post(
        f"{base}/participations",
        json={
            "org_id": world.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "moeder en Maxime",
        },
    )
    assert joined.status_code == 201, joined.get_json()
    served.conforms(Participation, joined.get_json())
    given = teacher.post(
        f"{base}/consents",
        json={
            "org_id": world.ggd.id,
            "basis": "toestemming-ouders-en-jongere",
            "given_by": "moeder",
        },
    )
    assert given.status_code == 201, given.get_json()
    served.conforms(Consent, given.get_json())
    withdrawn = teacher.post(
        f"/api/v1/consents/{given.get_json()['id']}/withdraw", json={"reason": "Ingetrokken"}
    )
    served.conforms(Consent, withdrawn.get_json())
    ended = teacher.post(
        f"/api/v1/participations/{joined.get_json()['id']}/end", json={"reason": "Klaar"}
    )
    served.conforms(Participation, ended.get_json())
    party = teacher.post(f"{base}/parties", json={"role": "ouder", "name": "Moeder"})
    assert party.status_code == 201, party.get_json()
    served.conforms(Party, party.get_json())
    listed = teacher.get(f"{base}/parties").get_json()
    assert served.errors("PartyList", listed) == []
    served.conforms(Party, listed["items"][0])
    moved = api(world.zorgco).patch(base, json={"phase": "3", "reason": "SWV nodig"})
    assert moved.status_code == 200, moved.get_json()
    served.conforms(Case, moved.get_json())
    served.conforms(RegieProposal, moved.get_json()["regie_proposal"])
    served.refused(api(world.ggd_doctor).post(f"{base}/parties", json={"role": "ouder"}), 404)
    served.refused(  # already ended
        teacher.post(f"/api/v1/participations/{joined.get_json()['id']}/end", json={}), 409
    )


def test_token_me_the_case_list_and_the_audit_log(served, api, anonymous, world, case):
    token = anonymous.post("/api/v1/tokens", json={"username": "lpa", "password": PASSWORD})
    assert token.status_code == 201, token.get_json()
    served.conforms(Token, token.get_json())
    lpa = api(world.lpa)
    me = lpa.get("/api/v1/me").get_json()
    served.conforms(Me, me)
    served.conforms(MeOrganisation, me["organisation"])
    listed = lpa.get("/api/v1/cases?sort=id").get_json()
    served.conforms(CaseList, listed, complete=True)
    served.conforms(Case, listed["items"][0])
    paged = lpa.get("/api/v1/cases?sort=name").get_json()
    served.conforms(CaseList, paged)  # next_after only with sort=id or -id
    log = api(world.privacy_officer).get("/api/v1/audit").get_json()
    assert served.errors("AuditPage", log) == [] and log["items"]
    for entry in log["items"]:
        served.conforms(AuditEntry, entry)
    served.refused(anonymous.post("/api/v1/tokens", json={"username": "lpa", "password": "x"}), 401)
    served.refused(lpa.get("/api/v1/audit"), 404)
