"""The address people reach the app at: required in production, the only host trusted.

Links that leave the page (feeds, e-mails) must not be built from the request's Host header:
a forged header would otherwise put an attacker's host into a cached feed or a sign-in link.
PUBLIC_URL names the address; Flask's TRUSTED_HOSTS then answers 400 to any other Host, and
SERVER_NAME makes `url_for(..., _external=True)` use the public host whatever was asked.
"""

from urllib.parse import urlsplit

from flask import Response, current_app, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError

#: Names of this machine: with a loopback PUBLIC_URL (`make run`) each reaches the same server.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def configure(app) -> None:
    """Check PUBLIC_URL and derive TRUSTED_HOSTS, SERVER_NAME and the URL scheme from it."""
    config = app.config
    url = (config.get("PUBLIC_URL") or "").strip()
    if not url:
        if app.debug or app.testing or not config.get("SECRET_KEY"):
            # Without a SECRET_KEY create_app refuses to start anyway, and says so first.
            config["PUBLIC_URL"] = None
            return
        raise RuntimeError(
            "PUBLIC_URL is not set: give the address people reach this site at, e.g. "
            "PUBLIC_URL=https://assembly.example.org in the environment or instance/config.py. "
            "It is the only host the app answers to and the base of every link it sends."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(
            f"PUBLIC_URL must be a full http(s) address such as https://assembly.example.org, "
            f"not {url!r}."
        )
    config["PUBLIC_URL"] = url.rstrip("/")
    if config.get("TRUSTED_HOSTS") is None:
        config["TRUSTED_HOSTS"] = trusted_hosts(parts.hostname, config.get("EXTRA_TRUSTED_HOSTS"))
    # Flask refuses another Host before it can build any URL, so the usual error page (whose
    # layout links to other pages) cannot be drawn: answer in plain text.
    app.register_error_handler(SecurityError, _untrusted_host)
    if not config.get("SERVER_NAME"):
        config["SERVER_NAME"] = parts.netloc
    config["PREFERRED_URL_SCHEME"] = parts.scheme
    if parts.path.strip("/") and config.get("APPLICATION_ROOT", "/") == "/":
        config["APPLICATION_ROOT"] = "/" + parts.path.strip("/")


def trusted_hosts(public_host: str, extra) -> list[str]:
    """Return the public host, the configured extra hosts and, locally, the loopback names."""
    if isinstance(extra, str):
        extra = extra.split(",")
    hosts = [public_host, *(h.strip() for h in extra or () if h.strip())]
    if public_host in LOOPBACK:
        hosts += LOOPBACK
    return list(dict.fromkeys(hosts))


def absolute_url_for(endpoint: str, **values) -> str:
    """Return the full address of a page, built on PUBLIC_URL rather than the request's Host."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:  # debug and tests: the host the request used
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}{url_for(endpoint, **values)}"


def _untrusted_host(error):
    message = _("This site does not answer to that address.")
    return Response(message + "\n", status=400, mimetype="text/plain")
