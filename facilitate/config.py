"""Configuration defaults; secrets come from instance/config.py or the environment."""

import os

from facilitate.i18n import LANGUAGE_NAMES

#: Settings read from the environment when present (strings are converted below).
ENV_SETTINGS = (
    "SECRET_KEY",
    "TOTP_ENCRYPTION_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SESSION_COOKIE_SECURE",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_FROM",
    "MAIL_USE_SSL",
    "MAIL_USE_TLS",
    "MAIL_TIMEOUT",
    "DATABASE_LOCK_TIMEOUT_MS",
    "REQUIRE_TWO_FACTOR",
    "PUBLIC_URL",
    "PUBLIC_PAGE_CACHE_SECONDS",
)


class Defaults:
    """Safe production defaults; development relaxes them in instance/config.py."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: PostgreSQL: give up waiting for a row or table lock after this many milliseconds, so one
    #: long lock fails a few requests with "busy, nothing saved" instead of wedging every
    #: worker. None waits for ever.
    DATABASE_LOCK_TIMEOUT_MS = 5000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "facilitate_session"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en"
    #: The interface languages, from the one list in facilitate/i18n.py.
    LANGUAGES = tuple(LANGUAGE_NAMES)
    # werkzeug's scrypt: memory-hard and slow on purpose.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    INVITATION_DAYS = 7
    RATELIMIT_HEADERS_ENABLED = True
    #: High-impact actions (draws, exports, erasure, publishing) need a sign-in this recent.
    RECENT_AUTH_MINUTES = 15
    #: Require two-factor sign-in of every organiser and administrator.
    REQUIRE_TWO_FACTOR = False
    TWO_FACTOR_RATE_LIMIT = "5 per minute;20 per hour"
    TOTP_ISSUER = "facilitate"
    #: Encrypts two-factor secrets in the database; when unset, a key derived from SECRET_KEY.
    #: Changing whichever is in use makes the stored secrets unreadable.
    TOTP_ENCRYPTION_KEY = None
    #: Anonymous visitors get public pages from a cache this many seconds old at most.
    PUBLIC_PAGE_CACHE_SECONDS = 30
    #: The address people reach the app at, for links in emails sent by background jobs.
    PUBLIC_URL = "http://127.0.0.1:5000"
    MAIL_PORT = 587
    MAIL_FROM = "facilitate@localhost"


def _coerce(value: str):
    """Turn environment strings into the booleans and numbers Flask expects."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    return int(value) if value.isdigit() else value


def load(app, test_config=None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment, then tests."""
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "facilitate.sqlite"
    )
    app.config.from_pyfile("config.py", silent=True)
    for key in ENV_SETTINGS:
        if key in os.environ:
            app.config[key] = _coerce(os.environ[key])
    if test_config:
        app.config.update(test_config)
    url = app.config.get("DATABASE_URL")
    if url:
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    _limit_lock_waits(app.config)


def _limit_lock_waits(config) -> None:
    timeout = config.get("DATABASE_LOCK_TIMEOUT_MS")
    if not timeout or not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    connect_args = dict(options.get("connect_args", {}))
    connect_args["options"] = f"{connect_args.get('options', '')} -c lock_timeout={int(timeout)}"
    options["connect_args"] = connect_args
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
