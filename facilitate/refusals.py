"""One kind of refusal: a service says no, for reasons the person can act on.

Every area's refusal (a ballot that is closed, a slug that is taken, a council rule) derives
from `Refused`. The request's unit of work (unit_of_work.py) rolls back whatever the refused
action had written and shows the reasons, so no view needs its own try/except to stay clean.
"""


class Refused(ValueError):
    """An action refused for reasons shown to the person; nothing it wrote is kept."""

    def __init__(self, *reasons: object, back_to: str | None = None) -> None:
        # A reason may come as a list of reasons (a form checked as a whole).
        flat = [r for reason in reasons for r in (reason if isinstance(reason, list) else [reason])]
        super().__init__(*flat)
        #: Where to send the person after a refused POST; the referring page when None.
        self.back_to = back_to

    @property
    def reasons(self) -> list[str]:
        """The reasons as text, one per line of the message shown."""
        return [str(reason) for reason in self.args if str(reason)]

    def __str__(self) -> str:
        return " ".join(self.reasons)
