"""Consultation fixtures: a consultation of the school with leerplicht, and helpers."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from tests.api.conftest import anonymous, api  # noqa: F401 - API client fixtures
from thuiszittertafel import clock
from thuiszittertafel.consultations import services


@pytest.fixture
def open_consultation(session):
    """open_consultation(actor, partner, **fields) through the service, committed."""

    def make(actor, partner, **fields):
        data = {
            "partner_org_id": partner.id,
            "description": "Leerling van 14 verzuimt"
            " steeds vaker na de herfstvakantie; ouders melden buikpijn.",
            "age": 14,
            "education_type": "vo",
            **fields,
        }
        consultation = services.open_consultation(session, actor, data, now=clock.now())
        session.commit()
        return consultation

    return make


@pytest.fixture
def consultation(open_consultation, world):
    """Lingeborgh's mentor asks Team Leerplicht Rivierenland (Zaltbommel)."""
    return open_consultation(world.teacher, world.leerplicht, municipality_id=world.zaltbommel.id)


@pytest.fixture
def say(session):
    """say(actor, consultation, body) posts a message through the service, committed."""

    def post(actor, consultation, body, client_id=None):
        message, _ = services.post_message(
            session,
            actor,
            consultation,
            {"body": body, "client_id": client_id or uuid.uuid4().hex},
            now=clock.now(),
        )
        session.commit()
        return message

    return post


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


INTAKE = {
    "given_name": "Noor",
    "family_name": "de Vries",
    "birth_date": "2012-03-04",
    "education_type": "vo",
    "kind": "relatief",
    "absent_since": "2026-10-20",
}
