"""The floor for bench/notes_fanout.py: bare python-socketio on the same server stack
(gunicorn gthread, threading mode, simple-websocket), broadcasting a payload to a room with
no database, no policy and no Flask. Run by the benchmark, not by hand."""

from __future__ import annotations

import socketio

sio = socketio.Server(async_mode="threading")
app = socketio.WSGIApp(sio)


@sio.on("join_case")
def join_case(sid, data):
    sio.enter_room(sid, "case")
    return {"ok": True}


@sio.on("post_note")
def post_note(sid, data):
    sio.emit("note_created", data, to="case")
    return {"ok": True, "created": True, "note": data}
