"""Configuration defaults; secrets come from instance/config.py or the environment."""

import os

from facilitate import proxies, public_url
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
    "MAIL_REPLY_TO",
    "DEFAULT_TIME_ZONE",
    "MAIL_USE_SSL",
    "MAIL_USE_TLS",
    "MAIL_TIMEOUT",
    "DATABASE_LOCK_TIMEOUT_MS",
    "DATABASE_STATEMENT_TIMEOUT_MS",
    "JOB_LOCK_TIMEOUT_MS",
    "JOB_STATEMENT_TIMEOUT_MS",
    "HEALTH_MAIL_MAX_AGE_MINUTES",
    "HEALTH_DATABASE_SLOW_MS",
    "REQUIRE_TWO_FACTOR",
    "PUBLIC_URL",
    "EXTRA_TRUSTED_HOSTS",
    "TRUSTED_PROXIES",
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
    #: PostgreSQL: cancel a web request's statement after this many milliseconds, well inside
    #: gunicorn's 30 s worker timeout, so the person gets "try again" rather than a dead
    #: worker. None never cancels.
    DATABASE_STATEMENT_TIMEOUT_MS = 15000
    #: The same limits for background jobs (draws, mail), which may rightly wait longer.
    JOB_LOCK_TIMEOUT_MS = 60000
    JOB_STATEMENT_TIMEOUT_MS = 600000
    #: A request the database turned away at once (SQLite still locked after its busy timeout,
    #: a PostgreSQL deadlock) is run again this many times before "try again" is shown.
    DATABASE_WRITE_RETRIES = 1
    #: /health fails when the oldest unsent e-mail has waited longer than this.
    HEALTH_MAIL_MAX_AGE_MINUTES = 30
    #: /health fails when `SELECT 1` takes longer than this.
    HEALTH_DATABASE_SLOW_MS = 1000
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
    #: The address people reach the app at (https://assembly.example.org): the base of links in
    #: feeds and e-mails, and the only Host the app answers to. Required unless debugging or
    #: testing; see facilitate/public_url.py.
    PUBLIC_URL = None
    #: Other host names to answer to besides PUBLIC_URL's (comma-separated in the environment),
    #: e.g. the address a load balancer's health check uses.
    EXTRA_TRUSTED_HOSTS = ()
    #: Reverse proxies in front of the app (1 behind nginx): rate limits per client address
    #: read the address they forward. 0 when clients connect directly.
    TRUSTED_PROXIES = 0
    MAIL_PORT = 587
    MAIL_FROM = "facilitate@localhost"
    #: The IANA zone new assemblies and councils get; times are entered and shown in it.
    DEFAULT_TIME_ZONE = "Europe/Brussels"
    #: Where residents' replies go unless an assembly names its own address.
    MAIL_REPLY_TO = ""


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
    public_url.configure(app)
    proxies.configure(app)
    from facilitate import rate_limits  # registers the database:// limits storage

    rate_limits.configure(app.config)


def _limit_lock_waits(config) -> None:
    """Give PostgreSQL sessions the web's lock and statement timeouts (jobs: unit_of_work.py)."""
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    settings = {
        "lock_timeout": config.get("DATABASE_LOCK_TIMEOUT_MS"),
        "statement_timeout": config.get("DATABASE_STATEMENT_TIMEOUT_MS"),
    }
    wanted = "".join(f" -c {name}={int(ms)}" for name, ms in settings.items() if ms)
    if not wanted:
        return
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    connect_args = dict(options.get("connect_args", {}))
    connect_args["options"] = f"{connect_args.get('options', '')}{wanted}"
    options["connect_args"] = connect_args
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
