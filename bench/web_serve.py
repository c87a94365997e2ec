"""`python bench/web_serve.py serve --port P`: the real CLI, counting SQL statements.

For bench/web.py: every response carries `X-Bench-Statements`, the statements its request
sent to the database (all of them: loading the user, the page's queries, the audit row and
the commit). The count is kept per thread, as gunicorn's gthread worker serves each
request on one thread; nothing else in the app changes.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import thuiszittertafel  # noqa: E402
from thuiszittertafel import cli  # noqa: E402

HEADER = "X-Bench-Statements"
_counted = threading.local()


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_) -> None:
    _counted.n = getattr(_counted, "n", 0) + 1


class Counting:
    """WSGI middleware: start the count, run the app, send the count with the headers."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/socket.io"):
            return self.wsgi_app(environ, start_response)
        _counted.n = 0
        started = []

        def hold(status, headers, exc_info=None):
            started.append((status, headers, exc_info))
            return lambda data: None  # Flask never writes through start_response

        # Flask runs the view and the teardown inside this call; the body is ready.
        body = self.wsgi_app(environ, hold)
        status, headers, exc_info = started[-1]
        start_response(status, [*headers, (HEADER, str(_counted.n))], exc_info)
        return body


_create_app = thuiszittertafel.create_app


def create_app(*args, **kwargs):
    app = _create_app(*args, **kwargs)
    app.wsgi_app = Counting(app.wsgi_app)
    return app


thuiszittertafel.create_app = create_app  # server.py looks it up when the worker starts

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
