"""Where a request really comes from when the app runs behind a reverse proxy.

Behind nginx every request reaches gunicorn from the proxy's own address, so limits "per
client address" would be one limit for everybody: ten wrong passwords from anyone would lock
everyone out. TRUSTED_PROXIES says how many proxies stand in front (usually 1); the client's
address and scheme are then read from the X-Forwarded-For and X-Forwarded-Proto headers those
proxies set, and from nowhere else, so a client cannot choose its own address. The host is
never taken from X-Forwarded-Host: PUBLIC_URL names it (facilitate/public_url.py).
"""

from werkzeug.middleware.proxy_fix import ProxyFix


def configure(app) -> None:
    """Trust the configured number of proxies' forwarding headers, and no more."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)
