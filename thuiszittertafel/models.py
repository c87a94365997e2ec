"""Import every domain's models so the metadata is complete (Alembic, tests)."""

from .audit.models import AuditEntry  # noqa: F401
from .auth.models import ApiToken, User, UserRole  # noqa: F401
from .cases.models import (  # noqa: F401
    Blocker, Case, CaseEvent, Consent, Exemption, Participation, Pupil,
)
from .core.models import Base
from .organisations.models import Municipality, Organisation  # noqa: F401

metadata = Base.metadata
