from sqlalchemy import update

from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.audit.services import record, verify


def test_verify_finds_edited_entries(session, world):
    first = record(
        session,
        key="k",
        actor=world.lpa,
        action="case.view",
        now=clock.now(),
        object_type="case",
        object_id=1,
        access="leerplicht",
    )
    record(
        session,
        key="k",
        actor=world.lpa,
        action="case.list",
        now=clock.now(),
        detail={"case_ids": [1, 2]},
    )
    session.commit()
    assert verify(session, "k") == []
    session.execute(
        update(AuditEntry).where(AuditEntry.id == first.id).values(user_id=world.teacher.id)
    )
    session.commit()
    assert verify(session, "k") == [first.id]
    assert verify(session, "other-key") != []
