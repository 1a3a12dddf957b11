"""Objects of assembly `b` for the duplicate routes: two registrations with one email."""

from tests import factories


def extend(b, values: dict) -> None:
    values["first_id"] = factories.registrant(b, email="twice@example.org").id
    values["second_id"] = factories.registrant(b, email="twice@example.org").id
