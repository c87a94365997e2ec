"""The production server: gunicorn, one worker with threads (Flask-SocketIO threading mode).

Each open WebSocket holds a thread, so one process serves about a hundred live clients;
scale out by running more processes behind a sticky load balancer with Redis as message
queue, never by raising gunicorn's worker count (its balancing is not sticky).
"""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from . import create_app
from .config import Settings
from .core.collector import settle_after_start


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn ≥ 25.1 opens a control socket (in ~/.gunicorn without XDG_RUNTIME_DIR);
        # this server is managed by its own process manager, not through gunicornc.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self):
        app = create_app(self.settings)
        settle_after_start()
        return app


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 5000,
    threads: int = 100,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Run until stopped; `on_ready` runs once the server listens (after its start-up lines)."""
    _Server(
        settings,
        {
            "when_ready": lambda _server: on_ready() if on_ready else None,
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 0,  # long-lived WebSockets must not be killed as "silent" workers
            "accesslog": "-",
            "graceful_timeout": 5,
        },
    ).run()
