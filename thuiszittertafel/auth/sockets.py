"""Socket.IO authentication: session cookie or `auth={"token": …}`; never the client's word."""

from __future__ import annotations

import functools

from flask import current_app, g, request
from flask import session as socket_session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect, join_room

from .. import clock
from ..core.errors import DomainError
from ..core.inputs import MAX_ID
from ..extensions import db, socketio
from ..rooms import login_room, user_room
from . import sessions
from .limits import LIVE_JOIN_MESSAGE, live_joins
from .live_guard import Standing, guard, invalid
from .models import User
from .services import token_digest, user_for_token
from .sessions import Lifetimes

NOT_LOGGED_IN = {"ok": False, "error": "niet-ingelogd", "message": "Log opnieuw in."}
REFUSED_MESSAGE = "Log opnieuw in om live mee te lezen."
TOO_MANY_JOINS = {"ok": False, "error": "te-veel-verzoeken", "message": LIVE_JOIN_MESSAGE}


def refused(exc: DomainError) -> dict:
    """An acknowledgement that says, in Dutch, why an event was refused."""
    result = {"ok": False, "error": exc.code, "message": exc.message}
    if hasattr(exc, "errors"):
        result["fields"] = exc.errors
    return result


def event_id(data, key: str) -> int | None:
    """A positive database id from an event's payload, or None."""
    value = data.get(key) if isinstance(data, dict) else None
    valid = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
    return value if valid else None


def for_user_and(key: str, what: str, *, join: bool = False):
    """A handler that needs a logged-in user and a positive id under `key` in the payload;
    called as handler(user, id, data). Otherwise refused, in Dutch, before it runs.
    `join`: a room join, counted against the user's live-join limit (over it: refused
    before the id is even looked up)."""
    missing = {"ok": False, "error": "ongeldige-invoer", "message": f"Geef een {what}."}

    def wrap(handler):
        @functools.wraps(handler)
        def run(data=None):
            user = socket_user()
            if user is None:
                return NOT_LOGGED_IN
            _active(request.sid)
            object_id = event_id(data, key)
            if object_id is None:
                return missing
            if join and not live_joins.attempt(user.id):
                return TOO_MANY_JOINS
            return handler(user, object_id, data)

        return run

    return wrap


@socketio.on("connect")
def connect(auth=None):
    user, standing = None, None
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        user = user_for_token(db.session, token, clock.now())
        standing = Standing(user.id, token_hash=token_digest(token)) if user else None
    elif current_user.is_authenticated:  # an open server-side session (auth.routes)
        user = db.session.get(User, current_user.id)
        standing = Standing(user.id, login_session_id=g.login_session.id)
        join_room(login_room(str(g.login_session.id)))  # this browser's login: see logout
    if user is None or not user.active:
        # The client's connect_error: {"message": the Dutch sentence, "data": {"error": code}}
        # (a single dict argument would reach it as the dict's text in "message").
        raise ConnectionRefusedError(REFUSED_MESSAGE, {"error": "niet-ingelogd"})
    socket_session["uid"] = user.id
    join_room(user_room(user.id))
    guard.track(current_app._get_current_object(), socketio, request.sid, standing)


def _active(sid: str) -> None:
    """A user action over this socket keeps its browser login from going idle (a page's
    own presence ping does not: an unattended screen still times out)."""
    standing = guard.standing(sid)
    if standing is not None and standing.login_session_id is not None:
        with db.engine.begin() as connection:
            sessions.touch(connection, standing.login_session_id, clock.now())


def socket_user() -> User | None:
    """The authenticated user of this socket, if what it logged in with (account, session,
    token) still holds; else the socket is disconnected."""
    standing = guard.standing(request.sid)
    settings = current_app.config["SETTINGS"]
    if standing is None or invalid(
        db.session, {request.sid: standing}, clock.now(), Lifetimes.of(settings)
    ):
        disconnect()
        return None
    return db.session.get(User, standing.user_id)


def disconnect_sockets(user_id: int, login_id: str | None) -> None:
    """On logout: end the live connections of this login (the socket session is a copy of
    it and would otherwise outlive it). The user's other devices and API-token sockets are
    other logins and stay. Room membership is known per process: the sockets this process
    holds are closed here; every other process (through the message queue) tells its
    sockets `logged_out`, and the page's script then disconnects and says so, so an open
    tab elsewhere stops showing new notes at once. A session from before login ids existed
    has none: then all the user's sockets are told and closed.
    """
    room = login_room(login_id) if login_id else user_room(user_id)
    socketio.emit(
        "logged_out", {"message": "U bent uitgelogd. Log opnieuw in om verder te werken."}, to=room
    )
    manager = socketio.server.manager
    for sid, _ in list(manager.get_participants("/", room)):
        socketio.server.disconnect(sid)
