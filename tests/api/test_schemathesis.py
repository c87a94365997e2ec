"""schemathesis against /api/v1/openapi.json: every operation, a bounded number of generated
requests each (valid and invalid), on SQLite and PostgreSQL, authenticated with a token.

Checks per response: no 5xx, a status the document lists for the operation, the documented
content type, and a body that matches the documented schema. Half the requests use the ids of
rows that exist (a case, an agreement, a meeting the user chairs...), so they reach the
services instead of stopping at 404.

Deterministic (a fixed seed per operation), no shrinking: a failure shows the example that
failed, with a curl line to reproduce it.
"""

from __future__ import annotations

import functools

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.api.openapi import document
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.cases.models import Consent, Participation, RegieProposal
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.consultations import services as consultations
from thuiszittertafel.meetings import services as meetings

MAX_EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    (path, method)
    for path, item in document()["paths"].items()
    for method in item
    if method != "parameters"
]


@functools.cache
def _schema(app):
    """The document the app serves, loaded once per app (database)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def region(session, world, cases):
    """A token of the SWV coordinator (regie on one case, chairs a meeting about it) and
    the ids of rows that user may reach, per path parameter."""
    w, case = world, cases["swv_phase"]
    actor = w.swv_coordinator
    case, access = get_case(session, actor, case.id)
    task = {"description": "Gesprek met ouders", "owner_org_id": w.swv.id, "due_in_school_days": 5}
    agreement = create_agreement(session, actor, case, access, task, now=clock.now())
    (meeting,) = meetings.create_meeting(
        session,
        actor,
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [w.lpa.id],
        },
        now=clock.now(),
    )
    item = meetings.add_item(session, actor, meeting, {"case_id": case.id}, now=clock.now())
    consultation = consultations.open_consultation(  # the school asks the SWV
        session,
        w.zorgco,
        {
            "partner_org_id": w.swv.id,
            "description": "Leerling van 14 verzuimt steeds vaker; ouders melden buikpijn.",
            "age": 14,
            "education_type": "vo",
            "municipality_id": w.zaltbommel.id,
        },
        now=clock.now(),
    )
    token, _ = issue_token(session, actor, clock.now())
    session.commit()

    def first(model, **where):
        return session.scalar(select(model.id).filter_by(**where).order_by(model.id))

    ids = {
        "case_id": case.id,
        "agreement_id": agreement.id,
        "meeting_id": meeting.id,
        "item_id": item.id,
        "user_id": w.lpa.id,
        "consultation_id": consultation.id,
        "participation_id": first(Participation, case_id=case.id),
        "consent_id": first(Consent, case_id=case.id),
        "proposal_id": first(RegieProposal, case_id=case.id),
    }
    return token, {name: value for name, value in ids.items() if value is not None}


@pytest.mark.parametrize(
    ("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS]
)
def test_operation_keeps_to_the_document(app, region, path, method):
    token, ids = region
    operation = _schema(app)[path][method.upper()]
    names = {p.name for p in operation.path_parameters}
    known = {name: value for name, value in ids.items() if name in names}
    strategies = [
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    ]
    if known and len(known) == len(names):
        strategies += [
            operation.as_strategy(schemathesis.GenerationMode.POSITIVE, path_parameters=known),
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE, path_parameters=known),
        ]
    headers = {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
