"""The pydantic request bodies (api/schemas): what the document says and what the API checks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thuiszittertafel.agreements import services as agreement_services
from thuiszittertafel.agreements.models import Agreement as AgreementRow
from thuiszittertafel.agreements.queries import agreement_json
from thuiszittertafel.api.openapi import document
from thuiszittertafel.api.schemas import (
    agreements,
    audit,
    consultations,
    leerplicht,
    meetings,
    notes,
    read,
    reports,
    responsibility,
    schema_of,
    users,
)
from thuiszittertafel.api.schemas.cases import Case, CaseCreate, CaseList, CaseUpdate, Pupil
from thuiszittertafel.api.schemas.errors import Error
from thuiszittertafel.api.serializers import MEETING_HIDDEN
from thuiszittertafel.cases import leerplicht as leerplicht_rules
from thuiszittertafel.cases import parties
from thuiszittertafel.cases.lifecycle import EDIT_FIELDS
from thuiszittertafel.core.errors import ValidationFailed


def refusal(model, data) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        read(model, data)
    return caught.value.errors


def test_the_document_takes_the_components_from_the_models():
    schemas = document()["components"]["schemas"]
    for model in (CaseCreate, CaseUpdate):
        assert schemas[model.__name__] == schema_of(model)
    assert schemas["CaseCreate"]["additionalProperties"] is False
    assert "given_name" in schemas["CaseCreate"]["required"]
    assert "summary" not in schemas["CaseCreate"]["required"]


def test_a_case_can_change_exactly_the_fields_the_service_edits():
    assert set(CaseUpdate.model_fields) == EDIT_FIELDS


def test_values_are_left_to_the_service():
    read(CaseCreate, {"given_name": 5, "birth_date": [], "municipality_id": "12", "kind": None})
    read(CaseUpdate, {"phase": "3", "lead_org_id": 4, "reden": "x"})  # the service names it


@pytest.mark.parametrize("value", [2**31, 2**70, "9" * 11, "²", " 99999999999 "])
def test_an_id_no_column_can_hold_is_refused_in_dutch(value):
    assert refusal(CaseCreate, {"municipality_id": value}) == {
        "municipality_id": "'municipality_id' is geen geldig nummer."
    }
    assert refusal(CaseUpdate, {"lead_user_id": value}) == {
        "lead_user_id": "'lead_user_id' is geen geldig nummer."
    }


def test_unknown_fields_are_named_after_a_bad_id_at_intake():
    assert refusal(CaseCreate, {"b": 1, "a": 2}) == {
        "a": "Onbekend veld 'a'.",
        "b": "Onbekend veld 'b'.",
    }
    both = {"x" * 80: 1, "school_org_id": 2**40, "municipality_id": 2**40}
    assert refusal(CaseCreate, both) == {
        "municipality_id": "'municipality_id' is geen geldig nummer."
    }
    assert refusal(CaseCreate, {"x" * 80: 1}) == {"x" * 50: f"Onbekend veld '{'x' * 50}'."}


# --- every request body of the document is a model ------------------------------------

MODELS = (
    CaseCreate,
    CaseUpdate,
    agreements.AgreementCreate,
    agreements.AgreementUpdate,
    *leerplicht.BODIES,
    *responsibility.BODIES,
    *consultations.BODIES,
    *meetings.BODIES,
    notes.NoteCreate,
    notes.NotificationsRead,
    users.TokenRequest,
    users.UserCreate,
    users.UserUpdate,
)


def test_the_request_body_components_come_from_the_models():
    schemas = document()["components"]["schemas"]
    for model in MODELS:
        assert schemas[model.__name__] == schema_of(model), model.__name__


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (agreements.AgreementCreate, agreement_services.CREATE_FIELDS),
        (agreements.AgreementUpdate, agreement_services.PATCH_FIELDS),
        (leerplicht.ExemptionCreate, leerplicht_rules.EXEMPTION_FIELDS),
        (leerplicht.ExemptionUpdate, leerplicht_rules.EXEMPTION_FIELDS),
        (leerplicht.AbsenceReportCreate, leerplicht_rules.REPORT_FIELDS),
        (leerplicht.ReducedTimetableSet, leerplicht_rules.TIMETABLE_FIELDS),
        (leerplicht.EnforcementStepCreate, leerplicht_rules.ENFORCEMENT_FIELDS),
        (responsibility.PartyCreate, parties.PARTY_FIELDS),
    ],
)
def test_a_body_takes_exactly_the_fields_its_service_reads(model, fields):
    assert set(model.model_fields) == set(fields)


def test_closing_documents_the_resumed_date_under_both_names_it_takes():
    close = document()["components"]["schemas"]["CaseClose"]["properties"]
    assert {"resumed_on", "education_resumed_on"} <= set(close)
    read(responsibility.CaseClose, {"outcome": "x", "education_resumed_on": "1-2-2026"})


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (agreements.AgreementCreate, "meeting_id"),
        (agreements.AgreementUpdate, "owner_user_id"),
        (leerplicht.AbsenceReportCreate, "hours"),
        (leerplicht.ReducedTimetableSet, "hours"),
        (responsibility.ParticipationCreate, "contact_user_id"),
        (responsibility.ConsentCreate, "org_id"),
        (responsibility.RegieAccept, "lead_user_id"),
        (notes.NoteCreate, "corrects_id"),
        (consultations.ConsultationMemberCreate, "org_id"),
        (consultations.ConsultationConvert, "school_org_id"),
        (meetings.MeetingCreate, "repeat_count"),
        (meetings.AgendaItemCreate, "case_id"),
        (meetings.DecisionCreate, "move_to_phase"),
    ],
)
def test_the_routes_refuse_an_id_no_column_can_hold_after_an_unknown_field(model, field):
    assert refusal(model, {field: 2**31}) == {field: f"'{field}' is geen geldig nummer."}
    assert refusal(model, {field: 2**31, "zz": 1}) == {"zz": "Onbekend veld 'zz'."}


def test_only_the_ids_the_routes_checked_are_checked():
    # A recurrence of 2**40 weeks is the service's to refuse, in its own words.
    read(agreements.AgreementCreate, {"recurrence_every": 2**40, "description": 5})
    read(leerplicht.ExemptionCreate, {"starts_on": 2**40})
    read(users.TokenRequest, {"username": "a", "password": "b", "extra": 1})
    assert refusal(users.UserUpdate, {"password": "x"}) == {"password": "Onbekend veld 'password'."}


def test_every_request_body_of_the_document_is_a_model():
    doc = document()
    bodies = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        for item in doc["paths"].values()
        for method, operation in item.items()
        if method != "parameters" and "requestBody" in operation
    }
    assert bodies == {model.__name__ for model in MODELS}


def test_of_two_ids_out_of_range_a_consultation_names_the_same_one_as_before():
    both = {"age": 2**40, "municipality_id": 2**40, "partner_org_id": 5}
    assert refusal(consultations.ConsultationCreate, both) == {
        "municipality_id": "'municipality_id' is geen geldig nummer."
    }


def test_a_conversion_takes_the_intake_fields_and_names_unknown_fields_first():
    assert set(consultations.ConsultationConvert.model_fields) == {
        *CaseCreate.model_fields,
        "consents",
    }
    assert refusal(consultations.ConsultationConvert, {"zz": 1, "municipality_id": 2**40}) == {
        "zz": "Onbekend veld 'zz'."
    }


# --- the responses are models too (checked against real answers: test_responses.py) -----

RESPONSES = (
    Error,
    users.Token,
    users.MeOrganisation,
    users.Me,
    Case,
    Pupil,
    CaseList,
    agreements.Agreement,
    notes.Note,
    notes.Notification,
    notes.NotificationList,
    notes.NotificationsMarked,
    meetings.AgendaItem,
    meetings.Meeting,
    meetings.Decision,
    meetings.MeetingSuggestions,
    users.User,
    consultations.ConsultationMember,
    consultations.Consultation,
    consultations.ConsultationMessage,
    consultations.ConsultationConverted,
    leerplicht.Exemption,
    leerplicht.AbsenceReport,
    leerplicht.EnforcementStep,
    leerplicht.ReducedTimetable,
    responsibility.RegieProposal,
    responsibility.Participation,
    responsibility.Consent,
    responsibility.Party,
    audit.AuditEntry,
    reports.ThuiszitterReport,
    reports.Leerplichttelling,
    reports.TellingCases,
    reports.Jaarverslag,
    reports.SwvFigures,
)


def test_the_response_components_come_from_their_models():
    schemas = document()["components"]["schemas"]
    for model in RESPONSES:
        assert schemas[model.__name__] == schema_of(model), model.__name__
        assert "additionalProperties" not in schemas[model.__name__]  # open: see Shape
    assert schemas["Case"]["properties"]["pupil"] == {"$ref": "#/components/schemas/Pupil"}
    assert "pupil" in schemas["Case"]["required"]
    assert "additionalProperties" not in schemas["Case"]  # a client ignores what is new


def test_the_agreement_model_names_every_key_the_serialiser_writes():
    moment = datetime(2026, 1, 5, 16, tzinfo=UTC)
    row = AgreementRow(
        id=1,
        case_id=2,
        description="Dagbesteding regelen",
        owner_org_id=3,
        due_at=moment,
        status="open",
        day_count="school",
        occurrence=1,
        created_by_id=4,
        created_at=moment,
        version=1,
    )
    assert set(agreement_json(row)) == set(agreements.Agreement.model_fields)


def test_what_a_meeting_hides_of_a_case_is_in_the_case_model():
    assert set(MEETING_HIDDEN) <= set(Case.model_fields)
