"""The response models (thuiszittertafel/shapes.py and each domain's shapes.py): a serialiser
builds one and dumps it, so what it sends is what the document lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from thuiszittertafel.agreements.shapes import Agreement, Recurrence
from thuiszittertafel.shapes import schema_of

MOMENT = datetime(2026, 1, 5, 16, tzinfo=UTC)
WRITTEN = dict(
    id=1,
    case_id=2,
    description="Dagbesteding regelen",
    owner_org_id=3,
    owner_user_id=None,
    due_at=MOMENT,
    recurrence=None,
    status="open",
    paused_until=None,
)


def test_a_shape_sends_the_keys_written_and_iso_dates():
    sent = Agreement(**WRITTEN, version=2).dump()
    assert sent == {
        **WRITTEN,
        "due_at": "2026-01-05T16:00:00+00:00",  # as Python writes it, not pydantic's Z
        "version": 2,
    }
    assert "result" not in sent  # not written, not sent
    later = Agreement(**{**WRITTEN, "paused_until": date(2026, 2, 1)}).dump()
    assert later["paused_until"] == "2026-02-01"


def test_a_serialiser_that_writes_a_key_no_field_names_fails():
    with pytest.raises(ValidationError, match="extra_forbidden|Extra inputs"):
        Agreement(**WRITTEN, colour="blauw")


def test_a_serialiser_that_forgets_a_key_that_is_always_there_fails():
    written = {k: v for k, v in WRITTEN.items() if k != "owner_user_id"}
    with pytest.raises(ValidationError, match="owner_user_id"):
        Agreement(**written)


def test_a_wrong_type_fails():
    with pytest.raises(ValidationError, match="due_at"):
        Agreement(**{**WRITTEN, "due_at": "morgen"})
    with pytest.raises(ValidationError, match="id"):
        Agreement(**{**WRITTEN, "id": 0})


def test_a_nested_model_is_sent_and_documented_in_place():
    sent = Agreement(**{**WRITTEN, "recurrence": Recurrence(every=4, unit="weeks")}).dump()
    assert sent["recurrence"] == {"every": 4, "unit": "weeks"}
    documented = schema_of(Agreement)["properties"]["recurrence"]
    assert documented["type"] == ["object", "null"]
    assert documented["additionalProperties"] is False
    assert documented["properties"]["unit"]["enum"] == ["days", "weeks", "months"]
    assert "$ref" not in documented


def test_the_document_says_which_keys_are_always_there():
    documented = schema_of(Agreement)
    assert documented["required"] == [
        "id",
        "case_id",
        "description",
        "owner_org_id",
        "owner_user_id",
        "due_at",
        "recurrence",
        "status",
        "paused_until",
    ]
    assert documented["properties"]["owner_party"] == {
        "type": ["string", "null"],
        "enum": ["ouders", "jongere", None],
    }
    assert documented["properties"]["due_at"] == {"type": "string", "format": "date-time"}
    assert "additionalProperties" not in documented  # open for clients


def test_a_shape_of_a_row_takes_the_attributes_its_fields_name():
    row = SimpleNamespace(**WRITTEN, version=3, colour="blauw")  # colour: not a field, not read
    assert Agreement.of(row).dump() == {**Agreement(**WRITTEN, version=3).dump()}
    del row.owner_user_id
    with pytest.raises(ValidationError, match="owner_user_id"):
        Agreement.of(row)
