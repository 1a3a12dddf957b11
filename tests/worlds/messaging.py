"""A template kind for the messaging routes (they need no stored object)."""


def extend(b, values: dict) -> None:
    values["kind"] = "thank_you"
