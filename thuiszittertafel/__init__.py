"""Thuiszittertafel: the shared case table for thuiszitters."""

from __future__ import annotations

from flask import Flask

from . import clock
from .config import Settings
from .extensions import csrf, db, login_manager, socketio
from .resources import resource_dir


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; nothing touches the database here (migrations are explicit)."""
    settings = settings or Settings.from_env()
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    configure_settings(app, settings)
    configure_extensions(app, settings)
    configure_blueprints(app)
    configure_templates(app)
    configure_security(app)
    return app


def configure_settings(app: Flask, settings: Settings) -> None:
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        AUDIT_KEY=settings.audit_key,  # the audit chain's own key (issue 15)
        DATABASE_URL=settings.database_url,
        TESTING=settings.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    app.config.update(settings.extra)
    clock.set_timezone(settings.timezone)


def configure_extensions(app: Flask, settings: Settings) -> None:
    from .auth.limits import failed_logins, live_joins

    db.init_app(app)
    # One installation, one count: the same prefix as its Socket.IO channel.
    for limits in (failed_logins, live_joins):
        limits.configure(settings.redis_url, settings.socketio_channel)
    live_joins.per_minute(settings.live_joins_per_minute)
    if settings.proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a load balancer: the client's address (for the per-address login limit)
        # and scheme come from the X-Forwarded-* headers of that many trusted proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te zien."
    login_manager.login_message_category = "info"
    csrf.init_app(app)

    @app.before_request
    def _mail_setting() -> None:
        # Services tell people through notifications.services.tell, which mails them too
        # when SMTP is configured for this installation.
        db.session.info["mail_enabled"] = bool(settings.smtp_url)

    _register_socket_handlers()
    from .agreements import (
        delivery,  # noqa: F401 - agreement_updated after every change
        next_term,  # noqa: F401 - Case.next_due_at after every change
    )
    from .cases import live  # noqa: F401 - case_updated after every committed change

    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=settings.redis_url,
        channel=settings.socketio_channel,
        cors_allowed_origins=None,  # same origin only
    )


def _register_socket_handlers() -> None:
    """Import the Socket.IO handlers before the first init_app: Flask-SocketIO keeps
    handlers declared then and gives them to every app it is initialised for (registered
    later, they would land on the first app's server only)."""
    from .auth import sockets as auth_sockets  # noqa: F401
    from .consultations import sockets as consultations_sockets  # noqa: F401
    from .meetings import sockets as meetings_sockets  # noqa: F401
    from .notes import sockets as notes_sockets  # noqa: F401


def configure_blueprints(app: Flask) -> None:
    from .web.routing import IdConverter

    app.url_map.converters["int"] = IdConverter
    from .agreements.routes import bp as agreements_bp
    from .api.routes import bp as api_bp
    from .audit.routes import bp as audit_bp
    from .auth.admin_routes import bp as users_admin_bp
    from .auth.oidc_routes import bp as sso_bp
    from .auth.routes import bp as auth_bp
    from .cases.routes import bp as cases_bp
    from .consultations.routes import bp as consultations_bp
    from .demo.routes import bp as demo_bp
    from .escalation.admin_routes import bp as escalation_admin_bp
    from .escalation.routes import bp as escalation_bp
    from .home.routes import bp as home_bp
    from .meetings.calendar_routes import bp as calendar_bp
    from .meetings.routes import bp as meetings_bp
    from .notes.routes import bp as notes_bp
    from .notifications.routes import bp as notifications_bp
    from .organisations.routes import bp as beheer_bp
    from .reports.routes import bp as reports_bp
    from .retention.routes import bp as inzage_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(sso_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(notes_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(agreements_bp)
    app.register_blueprint(escalation_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(inzage_bp)
    app.register_blueprint(beheer_bp)
    app.register_blueprint(users_admin_bp)
    app.register_blueprint(escalation_admin_bp)
    app.register_blueprint(demo_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # bearer tokens, no cookies: CSRF does not apply


def configure_templates(app: Flask) -> None:
    from .web import templating

    templating.register(app)


def configure_security(app: Flask) -> None:
    from .web import errors, security, transaction

    security.register(app)
    errors.register(app)
    transaction.register(app)
