"""E-mail for notifications: claimed before sending, so a parallel pass never sends twice.

The mail names the kind of notice and links to the inbox; never the pupil's name.
"""

from __future__ import annotations

import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app, has_app_context
from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..extensions import db
from .models import KINDS, Notification

MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)  # a claim older than this was left by a crashed sender


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    ssl: bool
    sender: str
    base_url: str

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """smtp://user:pass@host:587?starttls=true&from=noreply@x.nl&base_url=https://…"""
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        ssl = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if ssl else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            starttls=query.get("starttls", "false").lower() == "true",
            ssl=ssl,
            sender=query.get("from", "thuiszittertafel@localhost"),
            base_url=query.get("base_url", "http://127.0.0.1:5000").rstrip("/"),
        )


def message_for(n: Notification, user: User, smtp: SmtpSettings) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = user.email
    msg["Subject"] = f"Thuiszittertafel: {KINDS[n.kind].lower()}"
    case = f" over casus {n.case_id}" if n.case_id else ""
    msg.set_content(
        f"Beste {user.name},\n\n"
        f"Er staat een nieuw bericht voor u klaar in Thuiszittertafel{case}:"
        f" {KINDS[n.kind].lower()}.\n\n"
        f"Lees het na inloggen op {smtp.base_url}/berichten\n\n"
        "Om privacyredenen staat de inhoud niet in deze e-mail.\n"
    )
    return msg


def _claim(session: Session, notification_id: int) -> bool:
    """Take the mail for sending; False when another sender already has it."""
    now = clock.now()
    claimed = session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            or_(
                Notification.mail_state == "pending",
                (Notification.mail_state == "sending")
                & (Notification.mail_claimed_at < now - STALE_CLAIM),
            ),
        )
        .values(
            mail_state="sending", mail_claimed_at=now, mail_attempts=Notification.mail_attempts + 1
        )
    )
    session.commit()
    return claimed.rowcount == 1


def send_pending(engine: Engine, smtp_url: str, ids: list[int] | None = None) -> int:
    """Send pending (or given) notification mails; returns how many were sent."""
    smtp = SmtpSettings.from_url(smtp_url)
    sent = 0
    with Session(engine, expire_on_commit=False) as session:
        stmt = select(Notification.id).where(Notification.mail_state.in_(("pending", "sending")))
        if ids is not None:
            stmt = stmt.where(Notification.id.in_(ids))
        for notification_id in list(session.scalars(stmt.order_by(Notification.id))):
            if not _claim(session, notification_id):
                continue
            n = session.get(Notification, notification_id)
            user = session.get(User, n.user_id)
            try:
                _deliver(smtp, message_for(n, user, smtp))
            except (OSError, smtplib.SMTPException) as exc:
                n.mail_state = "failed" if n.mail_attempts >= MAX_ATTEMPTS else "pending"
                n.mail_error = f"{type(exc).__name__}: {exc}"[:500]
            else:
                n.mail_state, n.mail_error = "sent", None
                sent += 1
            session.commit()
    return sent


def _deliver(smtp: SmtpSettings, msg: EmailMessage) -> None:
    cls = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    with cls(smtp.host, smtp.port, timeout=20) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(msg)


def send_in_background(ids: list[int]) -> None:
    """After commit: send these mails on a thread so the request does not wait for SMTP."""
    if not has_app_context():
        return  # CLI and jobs send with send_pending() themselves
    settings = current_app.config["SETTINGS"]
    if not settings.smtp_url:
        return

    engine = db.engine
    thread = threading.Thread(
        target=send_pending,
        args=(engine, settings.smtp_url, ids),
        daemon=True,
        name="notification-mail",
    )
    thread.start()
