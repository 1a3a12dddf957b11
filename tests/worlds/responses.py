"""Objects for the responses routes."""

from tests import factories_public


def extend(b, values: dict) -> None:
    values["recommendation_id"] = factories_public.recommendation(b, 1).id
