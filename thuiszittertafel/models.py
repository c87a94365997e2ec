"""Import every domain's models so the metadata is complete (Alembic, tests)."""

from .agreements.models import Agreement, AgreementOccurrence, TermChange  # noqa: F401
from .audit.models import AuditEntry  # noqa: F401
from .auth.models import ApiToken, User, UserRole  # noqa: F401
from .cases.models import (  # noqa: F401
    AbsenceReport,
    Blocker,
    Case,
    CaseEvent,
    Consent,
    Exemption,
    Participation,
    Pupil,
    RegieRecord,
)
from .consultations.models import Consultation, ConsultationMember, ConsultationMessage  # noqa: F401
from .core.models import Base
from .core.once import RequestKey  # noqa: F401
from .core.versions import VersionChange  # noqa: F401
from .escalation.models import EscalationNotice  # noqa: F401
from .meetings.models import AgendaItem, Decision, Meeting  # noqa: F401
from .notes.models import CasePresence, Note  # noqa: F401
from .notifications.models import Notification  # noqa: F401
from .organisations.models import Municipality, Organisation, OrganisationContact  # noqa: F401
from .reports.models import PupilCount  # noqa: F401

metadata = Base.metadata
