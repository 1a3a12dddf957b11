"""The site's icon at /favicon.ico, where browsers and feed readers look without being told."""

from flask import current_app, send_from_directory

from facilitate.access import public
from facilitate.public.views import bp


@bp.route("/favicon.ico")
@public
def favicon():
    """Send the site's icon (SVG: every current browser draws it at any size)."""
    return send_from_directory(
        current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400
    )
