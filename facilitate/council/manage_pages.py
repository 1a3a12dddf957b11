"""What the secretariat's management views share: the way back to the page, the ballot form's
choices."""

from flask import redirect, url_for
from wtforms import SelectChoice

from facilitate.council import queries
from facilitate.council.forms import BallotForm
from facilitate.models.council import TopicStatus


def home(council, anchor=""):
    """Return a redirect to the council's management page, at `anchor`."""
    return redirect(url_for("council_manage.index", council_slug=council.slug) + anchor)


def fill_ballot_choices(council, form: BallotForm) -> None:
    """Offer the proposals before the council and its meetings."""
    form.topics.choices = [
        SelectChoice(t.id, t.title)
        for t in queries.topics(council)
        if t.status is TopicStatus.SUBMITTED
    ]
    form.meeting_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(m.id, f"{m.held_on.isoformat()} {m.title}") for m in queries.meetings(council)
    ]
