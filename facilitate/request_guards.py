"""Refuse input no database can store before any view sees it.

PostgreSQL rejects text holding a NUL character, and SQLite cannot bind an integer beyond 64
bits; either would surface as a server error deep inside a view. Both are refused here with
a clear 400 or 404, the same for every route.
"""

from flask import Flask, abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

#: The largest id either database stores (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


class StoredIntegerConverter(IntegerConverter):
    """`<int:…>` in a route matches only numbers a database id column can hold."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def register(app: Flask) -> None:
    """Install the converter and the NUL check on `app`."""
    app.url_map.converters["int"] = StoredIntegerConverter
    app.before_request(refuse_nul_characters)
    app.register_error_handler(OverflowError, value_out_of_range)
    app.register_error_handler(DataError, value_out_of_range)


def refuse_nul_characters():
    """Answer 400 when the address, the query or a form field holds a NUL character."""
    fields = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields += [*request.form.keys(), *request.form.values()]
    if any("\x00" in field for field in fields):
        abort(400)
    return None


def value_out_of_range(error):
    """Answer 400 when a number or date sent is beyond what the database stores.

    SQLite raises OverflowError binding an integer past 64 bits, PostgreSQL a DataError; by
    then the unit of work has rolled the request back, so nothing was kept.
    """
    message = _("A number or date you sent is out of range. Nothing was saved; please correct it.")
    return render_template("errors/error.html", code=400, message=message), 400


#: No list here has a millionth page; beyond it an offset would overflow SQLite's integers.
LAST_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """Return the page asked for in the query, from 1 to LAST_PAGE whatever was sent."""
    asked = request.args.get(name, 1, type=int) or 1
    return min(max(asked, 1), LAST_PAGE)
