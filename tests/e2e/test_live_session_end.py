"""A page whose login ends elsewhere stops its live updates and says so (static/js/live.js):
told by the server while connected, or refused when it reconnects after the end."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

ACCOUNT = "ib.maaswiel"
SOCKETS = re.compile(r"/socket\.io/")


class Sockets:
    """The page's WebSocket connections, routed through Playwright: passed to the server as
    they come, or (`hold`) kept waiting until the test lets them through."""

    def __init__(self, page) -> None:
        self.routes: list = []
        self.connected = 0  # server sides that answered the Socket.IO connect ("40{…")
        self.hold = False
        page.route_web_socket(SOCKETS, self._route)

    def _route(self, ws) -> None:
        self.routes.append(ws)
        if not self.hold:
            self.through(ws)

    def through(self, ws) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: self._from_server(ws, message))
        ws.on_message(server.send)
        ws.server = server

    def _from_server(self, ws, message) -> None:
        if isinstance(message, str) and message.startswith("40{"):
            self.connected += 1
        ws.send(message)


def _end_other_sessions(person, live_server) -> None:
    """The same person on another device ends every session but this one (/account)."""
    other = person(live_server.accounts[ACCOUNT])
    other.goto("/account")
    others = other.page.locator("tr[id^='sessie-']", has_text="Open").get_by_role(
        "button", name=re.compile("^Beëindigen")
    )
    while others.count():
        others.first.click()
        other.page.get_by_text("De sessie is beëindigd").wait_for()
    other.close()


def test_told_while_connected(person, live_server):
    me = person(live_server.accounts[ACCOUNT])
    sockets = Sockets(me.page)
    me.goto("/")
    _wait(me, lambda: sockets.connected == 1)
    _end_other_sessions(person, live_server)
    alert = me.page.locator("#logged-out[role=alert]")
    expect(alert).to_have_text("Uw sessie is beëindigd. Log opnieuw in om verder te werken.")


def test_refused_on_reconnect_after_the_end(person, live_server):
    me = person(live_server.accounts[ACCOUNT])
    sockets = Sockets(me.page)
    me.goto("/")
    _wait(me, lambda: sockets.connected == 1)
    # The connection drops (a network hiccup); the reconnect waits while the login ends.
    sockets.hold = True
    first = sockets.routes[0]
    first.server.close()
    first.close()
    _wait(me, lambda: len(sockets.routes) == 2)
    _end_other_sessions(person, live_server)
    sockets.through(sockets.routes[1])
    alert = me.page.locator("#logged-out[role=alert]")
    expect(alert).to_have_text("Log opnieuw in om live mee te lezen.")
    assert sockets.connected == 1  # refused: never connected again


def _wait(session, condition, timeout: float = 10) -> None:
    """Let the page (and Playwright's routing callbacks) run until `condition` holds."""
    for _ in range(int(timeout * 10)):
        if condition():
            return
        session.page.wait_for_timeout(100)
    raise AssertionError("timed out")
