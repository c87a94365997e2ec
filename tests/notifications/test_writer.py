"""The one notification writer (notifications/writer.py) and the one rule for whom an
organisation's notice reaches (notifications/recipients.py), shared by the services and
the escalation engine."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.cases.models import Participation
from thuiszittertafel.escalation.notices import load_directory
from thuiszittertafel.notifications import writer
from thuiszittertafel.notifications.models import Notification
from thuiszittertafel.notifications.outbox import _KEY as OUTBOX
from thuiszittertafel.notifications.recipients import people_to_tell
from thuiszittertafel.notifications.services import tell
from thuiszittertafel.organisations.models import Municipality
from thuiszittertafel.rooms import user_room


def _stored(session, kind: str) -> list[tuple[int, str]]:
    return list(
        session.execute(
            select(Notification.user_id, Notification.key)
            .where(Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def test_only_readers_who_see_the_case_are_told_once(session, world, case):
    told = tell(
        session,
        [world.zorgco, world.far_worker, world.zorgco],
        kind="phase_changed",
        key=f"phase:{case.id}",
        text="Fase gewijzigd",
        now=clock.now(),
        case_id=case.id,
    )
    assert told == 1  # the school's coordinator once; the far school cannot see the case
    assert _stored(session, "phase_changed") == [
        (world.zorgco.id, f"phase:{case.id}:u{world.zorgco.id}")
    ]
    live = [e for e in session.info[OUTBOX] if e[0] == "notification"]
    assert [(room, payload["unread"]) for _, room, payload, _ in live] == [
        (user_room(world.zorgco.id), 1)
    ]
    session.commit()
    again = tell(
        session,
        [world.zorgco],
        kind="phase_changed",
        key=f"phase:{case.id}",
        text="Fase gewijzigd",
        now=clock.now(),
        case_id=case.id,
    )
    session.commit()
    assert (
        again == 0 and len(_stored(session, "phase_changed")) == 1
    )  # the key is used: nothing twice


def test_a_notice_about_no_case_reaches_anyone_and_a_bad_kind_is_refused(session, world):
    batch = writer.Batch()
    batch.tell([world.far_worker.id], key="agenda", kind="meeting_agenda", text="Agenda")
    assert writer.write(session, batch, clock.now()).count == 1
    with pytest.raises(ValueError, match="unknown notification kind"):
        writer.Batch().tell([world.lpa.id], key="x", kind="geen-soort", text="x")
    session.commit()
    assert _stored(session, "meeting_agenda") == [
        (world.far_worker.id, f"agenda:u{world.far_worker.id}")
    ]
    assert session.scalar(select(func.count()).select_from(Notification)) == 1


def _both_ways(session, case, org) -> tuple[list[int], list[int]]:
    """(the services' people_to_tell, the engine's directory) for `org` on `case`."""
    services = [u.id for u in people_to_tell(session, org, case)]
    session.flush()
    engine = load_directory(session, [case.id], [], today=clock.today()).org(case.id, org.id)
    return services, engine


def test_services_and_engine_address_an_organisation_alike(session, world, case, make_user):
    # Its contact person on the case (the school: the mentor who reported it).
    assert _both_ways(session, case, world.school) == ([world.teacher.id], [world.teacher.id])
    # No contact and no coordinators: its active members.
    wijk = world.wijkteam_worker.id
    assert _both_ways(session, case, world.wijkteam) == ([wijk], [wijk])
    # Leerplicht's contact person on the case: world.lpa.
    assert _both_ways(session, case, world.leerplicht) == ([world.lpa.id], [world.lpa.id])
    # The gemeente's vast aanspreekpunt leerplicht when nobody is the contact on the case.
    fixed = make_user(world.leerplicht, "medewerker", username="lpa-vast")
    coordinator = make_user(world.leerplicht, "coordinator", username="lpa-co")
    session.execute(
        Participation.__table__.update()
        .where(Participation.case_id == case.id, Participation.org_id == world.leerplicht.id)
        .values(contact_user_id=None)
    )
    session.expire_all()
    session.get(Municipality, world.zaltbommel.id).leerplicht_contact_user_id = fixed.id
    assert _both_ways(session, case, world.leerplicht) == ([fixed.id], [fixed.id])
    # Without it: the coordinators.
    session.get(Municipality, world.zaltbommel.id).leerplicht_contact_user_id = None
    assert _both_ways(session, case, world.leerplicht) == ([coordinator.id], [coordinator.id])
    # An organisation nobody works from passes it on to leerplicht, which takes part.
    world.wijkteam_worker.active = False
    assert _both_ways(session, case, world.wijkteam) == ([coordinator.id], [coordinator.id])
