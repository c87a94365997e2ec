"""A consultation and its messages as the API returns them and Socket.IO sends them."""

from __future__ import annotations

from typing import Annotated

from ..cases.vocabulary import EDUCATION_TYPES
from ..organisations.models import OrgKind
from ..shapes import Among, Id, Moment, Shape, maybe
from .models import MEMBER_ROLES, STATUSES

# The serialisers write every key; the document has always listed them as optional.


class ConsultationMember(Shape):
    """An organisation reading along, in consultations.queries.consultation_json."""

    org_id: Id = maybe()
    org_name: str = maybe()
    org_kind: Annotated[str, Among(k.value for k in OrgKind)] = maybe()
    role: Annotated[str, Among(MEMBER_ROLES)] = maybe()
    invited_by_id: Id | None = maybe()
    added_at: Moment = maybe()


class Consultation(Shape):
    """What consultations.queries.consultation_json returns."""

    id: Id = maybe()
    status: Annotated[str, Among(STATUSES)] = maybe()
    description: str = maybe()
    age: int = maybe()
    education_type: Annotated[str, Among(EDUCATION_TYPES)] = maybe()
    municipality_id: Id | None = maybe()
    municipality: str | None = maybe()
    opened_by_id: Id = maybe()
    opened_by_org_id: Id = maybe()
    partner_org_id: Id = maybe()
    members: list[ConsultationMember] = maybe("De organisaties die meelezen.")
    created_at: Moment = maybe()
    closed_at: Moment | None = maybe()
    case_id: Id | None = maybe("De casus, na omzetten.")


class ConsultationMessage(Shape):
    """What consultations.queries.message_json returns."""

    id: Id = maybe()
    consultation_id: Id = maybe()
    author_id: Id = maybe()
    author_name: str = maybe()
    org_id: Id = maybe()
    org_name: str = maybe()
    body: str = maybe("Markdown.")
    html: str = maybe("Veilig gemaakte HTML.")
    client_id: str = maybe()
    created_at: Moment = maybe()
