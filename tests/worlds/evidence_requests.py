"""An answered evidence request of assembly `b` for the route walk."""

from datetime import date

from facilitate.extensions import db


def extend(b, values: dict) -> None:
    from facilitate.evidence_requests import services
    from tests.worlds.deliberation import member

    _user, seat = member(b)
    made = services.propose_request(b, seat, "expert", "A hydrologist on flood plains")
    services.answer_request(made, "accepted", "At the second weekend", date(2027, 3, 6), None)
    db.session.commit()
    values["request_id"] = made.id
