"""Objects for the cockpit routes."""


def extend(b, values: dict) -> None:
    values["stage"] = "prepare"
