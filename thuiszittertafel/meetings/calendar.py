"""Private calendar feeds: each user may have one address (`/agenda/<token>.ics`) that
Outlook and Google Calendar subscribe to, with the meetings they chair or attend and the
terms of the agreements they are responsible for.

A calendar lives outside the app (on phones, shared with assistants), so a feed names no
pupil: no name, no initials — an agreement is "Afspraak casus 123", a meeting its title.
The token is never stored: the table keeps its SHA-256 digest (to find the feed) and a
salt; the token is an HMAC of the salt under the app's secret key, so the owner can be
shown their address again while a copy of the database alone opens no feed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agreements.models import Agreement
from ..auth.models import User
from ..cases.models import Case
from ..core import policy
from .models import CalendarFeed, Meeting
from .services import my_meetings

MEETING_LENGTH = timedelta(hours=2)  # a meeting has a start, not an end: block two hours
TERM_LENGTH = timedelta(minutes=30)


def _token(key: str, feed: CalendarFeed) -> str:
    message = f"agenda:{feed.user_id}:{feed.salt}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(session: Session, actor: User, *, key: str, now: datetime) -> str:
    """A new feed address for the actor; an earlier address stops working. Returns the
    token."""
    revoke_feed(session, actor)
    feed = CalendarFeed(user_id=actor.id, salt=secrets.token_hex(16), token_hash="", created_at=now)
    token = _token(key, feed)
    feed.token_hash = _digest(token)
    session.add(feed)
    session.flush()
    return token


def revoke_feed(session: Session, actor: User) -> bool:
    """End the actor's feed: its address answers 404 from now on. False if there was none."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))
    if feed is None:
        return False
    session.delete(feed)
    session.flush()
    return True


def feed_token(session: Session, user: User, *, key: str) -> str | None:
    """The user's current token (to show the address), or None without a feed."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        return None
    token = _token(key, feed)
    # A changed secret key makes the old address invalid: then there is no usable feed.
    return token if hmac.compare_digest(_digest(token), feed.token_hash) else None


def feed_owner(session: Session, token: str) -> User | None:
    """The active user whose feed has this token, or None."""
    if not token or len(token) > 128:
        return None
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token)))
    if feed is None:
        return None
    user = session.get(User, feed.user_id)
    return user if user is not None and user.active else None


def _my_terms(session: Session, user: User) -> list[Agreement]:
    """Open agreements the user is responsible for, in cases the user may still see."""
    return list(
        session.scalars(
            select(Agreement)
            .where(
                Agreement.owner_user_id == user.id,
                Agreement.status == "open",
                Agreement.case_id.in_(
                    policy.visible_cases(user, pupil=False)
                    .with_only_columns(Case.id)
                    .scalar_subquery()
                ),
            )
            .order_by(Agreement.due_at, Agreement.id)
        )
    )


def _meeting_event(meeting: Meeting, *, host: str, base_url: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"overleg-{meeting.id}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    event.add("summary", meeting.dated_title)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", f"{meeting.kind_label} · {meeting.status_label}")
    event.add("url", f"{base_url}/overleggen/{meeting.id}")
    return event


def _term_event(agreement: Agreement, *, host: str, base_url: str, now: datetime) -> Event:
    # The description may name the pupil ("gesprek met Noah"): only the case number goes out.
    event = Event()
    event.add("uid", f"afspraak-{agreement.id}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", agreement.due_at)
    event.add("dtend", agreement.due_at + TERM_LENGTH)
    event.add("summary", f"Afspraak casus {agreement.case_id}: termijn")
    event.add("description", "Open de casus in Thuiszittertafel voor wat er is afgesproken.")
    event.add("url", f"{base_url}/casussen/{agreement.case_id}#afspraak-{agreement.id}")
    return event


def feed_ics(session: Session, user: User, *, now: datetime, base_url: str) -> bytes:
    """The user's calendar as iCalendar (RFC 5545), times in UTC."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "thuiszittertafel"
    cal = Calendar()
    cal.add("prodid", "-//Thuiszittertafel//Agenda//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Thuiszittertafel")
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    for meeting in my_meetings(session, user):
        cal.add_component(_meeting_event(meeting, host=host, base_url=base_url, now=now))
    for agreement in _my_terms(session, user):
        cal.add_component(_term_event(agreement, host=host, base_url=base_url, now=now))
    return cal.to_ical()
