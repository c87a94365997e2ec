"""The production server: gunicorn, one worker with threads (Flask-SocketIO threading mode).

Each open WebSocket holds a thread, so one process serves about a hundred live clients;
scale out by running more processes behind a sticky load balancer with Redis as message
queue, never by raising gunicorn's worker count (its balancing is not sticky).
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from .config import Settings


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from . import create_app

        return create_app(self.settings)


def serve(
    settings: Settings, host: str = "127.0.0.1", port: int = 5000, threads: int = 100
) -> None:
    _Server(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 0,  # long-lived WebSockets must not be killed as "silent" workers
            "accesslog": "-",
            "graceful_timeout": 5,
        },
    ).run()
