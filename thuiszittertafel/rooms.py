"""Socket.IO room names, in one neutral place: services queue events for rooms after commit
and socket handlers join them, without either importing the other."""

from __future__ import annotations


def user_room(user_id: int) -> str:
    """Every socket of one user (notifications, the unread count)."""
    return f"user:{user_id}"


def login_room(login_id: str) -> str:
    """The sockets of one login (one browser's session cookie)."""
    return f"login:{login_id}"


def case_room(case_id: int, org_id: int, reason: str) -> str:
    """Readers of a case from one organisation with one access reason: when the reason
    ends (a participation, a consent), that room stops receiving at once."""
    return f"case:{case_id}:org:{org_id}:{reason}"


def consultation_room(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"
