"""The authority's answers, implementation updates and follow-up deadlines."""

from datetime import date

import pytest

from facilitate.extensions import db
from facilitate.models import AuthorityResponse, ImplementationUpdate, ResponseStatus
from facilitate.months import add_months
from facilitate.responses.deadlines import Deadline, response_deadline, review_deadline
from tests import factories, factories_public


@pytest.fixture
def setup(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories_public.published_assembly(organiser=organiser, recommendations=2)
    login(organiser)
    return assembly


def _answer(client, assembly, recommendation_id, **data):
    form = {"status": "accepted", "justification": "", "responded_on": "2027-08-01", **data}
    return client.post(f"/assemblies/{assembly.slug}/responses/{recommendation_id}", data=form)


def test_record_an_answer(client, setup):
    recommendation = factories_public.recommendation(setup, 9)
    response = _answer(
        client, setup, recommendation.id, status="accepted_in_part", justification="Half of it."
    )
    assert response.status_code == 302
    answer = db.session.scalar(
        db.select(AuthorityResponse).filter_by(recommendation_id=recommendation.id)
    )
    assert answer.status is ResponseStatus.ACCEPTED_IN_PART and answer.responded_on == date(
        2027, 8, 1
    )


def test_rejection_needs_a_justification(client, setup):
    recommendation = factories_public.recommendation(setup, 9)
    response = _answer(client, setup, recommendation.id, status="rejected", justification="  ")
    assert response.status_code == 422
    assert "A rejection needs a justification." in response.get_data(as_text=True)
    assert (
        db.session.scalar(
            db.select(AuthorityResponse).filter_by(recommendation_id=recommendation.id)
        )
        is None
    )


def test_implementation_updates(client, setup):
    recommendation = factories_public.recommendation(setup, 9)
    _answer(client, setup, recommendation.id)
    data = {
        "on": "2027-10-01",
        "status": "review",
        "progress": "60",
        "text": "Reviewed in committee.",
        "link": "https://example.org/minutes",
    }
    client.post(f"/assemblies/{setup.slug}/responses/{recommendation.id}/updates", data=data)
    update = db.session.scalar(
        db.select(ImplementationUpdate).order_by(ImplementationUpdate.id.desc())
    )
    assert (update.status, update.progress, update.link) == (
        "review",
        60,
        "https://example.org/minutes",
    )
    bad = client.post(
        f"/assemblies/{setup.slug}/responses/{recommendation.id}/updates",
        data={**data, "progress": "140"},
        follow_redirects=True,
    )
    assert "Number must be between 0 and 100." in bad.get_data(as_text=True)


def test_update_needs_an_answer_first(client, setup):
    recommendation = factories_public.recommendation(setup, 9)
    page = client.post(
        f"/assemblies/{setup.slug}/responses/{recommendation.id}/updates",
        data={"on": "2027-10-01", "status": "in_progress", "progress": "10", "text": "x"},
        follow_redirects=True,
    )
    assert "Record the authority&#39;s answer first." in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 6, 15), 12, date(2028, 6, 15)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_deadlines_and_states(app):
    assembly = factories.assembly(handover_on=date(2027, 6, 15))
    due = response_deadline(assembly, None)
    assert due.due == date(2027, 8, 14)
    assert due.state(date(2027, 7, 1)) == "upcoming"
    assert due.state(date(2027, 8, 5)) == "due"
    assert due.state(date(2027, 8, 15)) == "overdue"
    assert (
        Deadline("response", date(2027, 8, 14), date(2027, 8, 20)).state(date(2028, 1, 1)) == "done"
    )
    assert review_deadline(assembly, None).due == date(2028, 6, 15)
    assert response_deadline(factories.assembly(), None) is None


@pytest.fixture
def on_day(monkeypatch):
    """Fix the day the pages see, so a deadline's state does not depend on when tests run."""
    from facilitate import local_time

    def set_day(day: date) -> None:
        monkeypatch.setattr(local_time, "today", lambda where, now=None: day)

    return set_day


def test_overdue_is_shown_to_observers_and_organisers(client, setup, on_day):
    # Hand-over 2026-03-15: the answer is due 60 days later, on 2026-05-14, and one
    # recommendation is still unanswered.
    assert setup.handover_on == date(2026, 3, 15)
    on_day(date(2026, 5, 14))
    page = client.get(f"/a/{setup.slug}/recommendations").get_data(as_text=True)
    assert "deadline-due" in page and "deadline-overdue" not in page
    on_day(date(2026, 5, 15))
    page = client.get(f"/a/{setup.slug}/recommendations").get_data(as_text=True)
    assert 'deadline-overdue">overdue<' in page
    reminders = client.get("/deadlines").get_data(as_text=True)
    assert setup.title in reminders and 'deadline-overdue">overdue<' in reminders


def test_answered_assembly_shows_done(client, setup, on_day):
    from facilitate.responses import services

    on_day(date(2026, 8, 1))
    before = client.get(f"/assemblies/{setup.slug}/responses/").get_data(as_text=True)
    assert 'deadline-overdue">overdue<' in before and "deadline-done" not in before
    for recommendation in services.final_recommendations(setup):
        if (
            recommendation.response is None
            or recommendation.response.status is ResponseStatus.UNDER_CONSIDERATION
        ):
            _answer(client, setup, recommendation.id)
    page = client.get(f"/assemblies/{setup.slug}/responses/").get_data(as_text=True)
    assert 'deadline-done">done<' in page
