"""Errors under /api/ as problem details (RFC 9457), never an HTML page a program cannot read.

webapp.py decides which requests are the API's; this module only shapes the answer.
"""

from http import HTTPStatus

from flask import Response, json

PROBLEM_TYPE = "application/problem+json"
#: Every address under it answers in JSON, an unknown one included.
API_PREFIX = "/api/"


def problem_response(status: int, detail: str = "") -> Response:
    """Answer `status` with a problem document: type, title, status and detail."""
    return as_problem(Response(status=status), detail)


def as_problem(response: Response, detail: str = "") -> Response:
    """Make an error response a problem document for its status, keeping its headers."""
    if response.mimetype == PROBLEM_TYPE:
        return response
    try:
        status = HTTPStatus(response.status_code)
    except ValueError:
        status = HTTPStatus.INTERNAL_SERVER_ERROR
    body = {
        # "about:blank": the status code says it all; there is no page of ours to point to.
        "type": "about:blank",
        "title": status.phrase,
        "status": response.status_code,
        "detail": str(detail) or status.description,
    }
    response.set_data(json.dumps(body))
    response.mimetype = PROBLEM_TYPE
    # The API is open data: an error must be as readable from another site as an answer.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
