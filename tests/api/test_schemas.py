"""The pydantic request bodies (api/schemas): what the document says and what the API checks."""

from __future__ import annotations

import pytest

from thuiszittertafel.api.openapi import document
from thuiszittertafel.api.schemas import read, schema_of
from thuiszittertafel.api.schemas.cases import CaseCreate, CaseUpdate
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
