"""Dangerous actions look dangerous: each opens a confirmation saying what will happen."""

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from flask import url_for

from facilitate.ballots import services as ballots
from facilitate.council import ballots as council_ballots
from facilitate.council import services as council_services
from facilitate.deliberation import note_services
from facilitate.extensions import db
from facilitate.members import services as members
from facilitate.models import AssemblyStatus, Invitation, Role, RunStatus
from facilitate.models.base import utcnow
from facilitate.models.council import CandidateSource, CouncilDraw
from facilitate.models.members import Member
from facilitate.models.registration_form import QuestionKind
from facilitate.models.sittings import AgendaItem, Sitting
from facilitate.registration import questions
from facilitate.selection import services as selection
from facilitate.surveys import services as surveys
from tests import factories, mailbox
from tests.worlds.deliberation import member, recommendation, sitting


class _Confirmations(HTMLParser):
    """Collect every <details class="confirm-danger">: its form's action, label, text, button."""

    def __init__(self):
        super().__init__()
        self.found, self._action, self._open, self._part = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._action = attrs.get("action")
        elif tag == "details" and "confirm-danger" in (attrs.get("class") or "").split():
            self._open = {"action": self._action, "summary": "", "text": "", "button": ""}
        elif self._open is not None and tag == "summary":
            self._part = "summary"
        elif self._open is not None and tag == "p":
            self._part = "text"
        elif self._open is not None and tag == "button" and attrs.get("type") == "submit":
            self._part = "button"

    def handle_endtag(self, tag):
        if tag in ("summary", "p", "button"):
            self._part = None
        elif tag == "details" and self._open is not None:
            self.found.append({k: " ".join(v.split()) for k, v in self._open.items()})
            self._open = None

    def handle_data(self, data):
        if self._open is not None and self._part:
            self._open[self._part] += data


def confirmations(html: str) -> list[dict]:
    parser = _Confirmations()
    parser.feed(html)
    return parser.found


def page(client, endpoint: str, **values) -> str:
    """GET the page at `endpoint` and return its HTML."""
    with client.application.test_request_context():
        address = url_for(endpoint, **values)
    response = client.get(address)
    assert response.status_code == 200, address
    return response.get_data(as_text=True)


def assert_dangerous(html: str, label: str, *texts: str, action: str = "", button: str = ""):
    """The button `label` (posting to an address containing `action`) asks first, saying `texts`."""
    found = [c for c in confirmations(html) if c["summary"] == label and action in c["action"]]
    assert found, f"{label!r} is not a dangerous button here: {confirmations(html)}"
    confirmation = found[0]
    for text in texts:
        assert text in confirmation["text"], confirmation
    assert confirmation["button"] == (button or f"Yes: {label}"), confirmation


@pytest.fixture
def organiser(app, login):
    made = factories.user(can_organise=True)
    login(made)
    return made


@pytest.fixture
def seated(organiser):
    assembly = factories.quotas(
        factories.assembly(organiser, status=AssemblyStatus.SELECTING, panel_size=3)
    )
    factories.seat_panel(assembly, size=3)
    return assembly


def test_erasing_a_registrant_says_what_is_lost_and_what_stays(client, organiser):
    assembly = factories.quotas(factories.assembly(organiser, status=AssemblyStatus.RECRUITING))
    person = factories.registrant(assembly)
    html = page(client, "pool.show", slug=assembly.slug, registrant_id=person.id)
    assert_dangerous(
        html,
        "Erase personal data",
        f"date of birth and support needs of {person.reference} are deleted for good",
        "Their anonymous quota answers stay",
        "This cannot be undone.",
        action="/erase",
    )


def test_withdrawing_a_member_and_drawing_a_replacement_ask_first(client, organiser, seated):
    confirmed, declined, _ = members.add_members(seated)
    members.decline(declined)
    db.session.commit()
    html = page(client, "members.show", slug=seated.slug, member_id=confirmed.id)
    assert_dangerous(
        html,
        "Record withdrawal",
        f"{confirmed.name} is recorded as having left the assembly",
        "they can no longer vote",
        "This cannot be undone.",
        action="/withdraw",
    )
    html = page(client, "members.show", slug=seated.slug, member_id=declined.id)
    assert_dangerous(
        html,
        "Draw a replacement",
        f"The seat of {declined.name} is freed for good",
        "it cannot be undone",
        action="/replace",
    )


@pytest.fixture
def ballot(organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.VOTING)
    first = recommendation(assembly, "Insulate schools")
    made = ballots.create_ballot(assembly, "Final vote", "sequential", None, organiser)
    ballots.add_item(made, "yes_no", "simple", [first.id])
    db.session.commit()
    return assembly.slug, made


def test_a_draft_ballot_item_is_removed_only_after_a_confirmation(client, ballot):
    slug, ballot = ballot
    html = page(client, "ballots.show", slug=slug, ballot_id=ballot.id)
    title = ballot.items[0].title
    assert_dangerous(
        html, "Remove", f"“{title}” is taken off the ballot", button=f"Yes: remove {title}"
    )


def test_closing_and_publishing_a_ballot_say_they_are_final(client, ballot):
    slug, ballot = ballot
    ballots.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    html = page(client, "ballots.show", slug=slug, ballot_id=ballot.id)
    title = ballot.items[0].title
    assert_dangerous(
        html,
        "Close this item",
        f"Voting on “{title}” ends now",
        "The next waiting item, if any, opens.",
        "The item cannot be reopened.",
        action="/close",
    )
    assert_dangerous(
        html,
        "Close the whole ballot",
        "Voting ends now on every item still open or waiting",
        "The ballot cannot be reopened.",
    )
    ballots.close_ballot(ballot, utcnow(), None)
    db.session.commit()
    html = page(client, "ballots.show", slug=slug, ballot_id=ballot.id)
    assert_dangerous(
        html,
        "Publish the results",
        "Members and observers see the results of every item",
        "members can no longer add a minority statement",
        "Published results cannot be withdrawn.",
        action="/publish",
    )


def test_closing_a_survey_says_members_can_no_longer_answer(client, organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    member(assembly, factories.user())
    survey = surveys.create_survey(assembly, "After the first weekend", None, organiser)
    surveys.open_survey(survey, utcnow(), organiser)
    db.session.commit()
    html = page(client, "surveys.show", slug=assembly.slug, survey_id=survey.id)
    assert_dangerous(
        html,
        "Close the survey",
        "Members who have not answered can no longer answer",
        "The survey cannot be reopened.",
        action="/close",
    )


@pytest.fixture
def council(organiser):
    made = council_services.create_council(
        {
            "slug": "rat",
            "name": "Rat",
            "quota_rules": {"gender": [["female", 50.0], ["male", 50.0]]},
            "seats": 2,
        },
        organiser,
    )
    council_services.add_candidate(
        made,
        {
            "name": "Carla Candidate",
            "values": {"gender": "female"},
            "source": CandidateSource.LOTTERY,
            "opted_in_on": date.today() - timedelta(days=30),
        },
    )
    db.session.commit()
    return made


def test_the_council_pool_draw_and_ballot_ask_first(client, organiser, council):
    html = page(client, "council_manage.pool", council_slug="rat")
    assert_dangerous(
        html,
        "Withdraw",
        "Carla Candidate leaves the pool today: no later draw can choose them.",
        "This cannot be undone",
        action="/withdraw",
        button="Yes: withdraw Carla Candidate",
    )
    council_ballots.open_ballot(council, None, {"question": "Meet monthly?"}, organiser)
    db.session.commit()
    html = page(client, "council_manage.index", council_slug="rat")
    assert_dangerous(
        html,
        "Hold the draw",
        "is drawn now from the pool; those whose term ends leave the council",
        "it cannot be undone",
        action="/rotate",
    )
    assert_dangerous(
        html,
        "Close the ballot",
        "Voting on “Meet monthly?” ends now",
        "The ballot cannot be reopened.",
        action="/close",
    )


def test_accepting_a_relaxation_says_the_draw_is_final(client, council):
    draw = CouncilDraw(
        council_id=council.id,
        held_on=date.today(),
        seed="1",
        status=RunStatus.SUCCEEDED,
        proposal={"why": "Too few men.", "changes": [], "without_quotas": True},
    )
    db.session.add(draw)
    db.session.commit()
    html = page(client, "council_manage.draw", council_slug="rat", council_draw_id=draw.id)
    assert_dangerous(
        html,
        "Accept this relaxation and draw",
        "The seats are drawn now with the relaxed bounds above",
        "it cannot be undone",
        action="/accept",
    )


def test_the_panel_draw_asks_first(client, organiser):
    assembly = factories.drawable_assembly(organiser)
    html = page(client, "selection.index", slug=assembly.slug)
    assert_dangerous(
        html,
        "Draw the panel",
        "The 5 members of the panel, and any reserves asked for, are drawn now",
        "it cannot be undone or drawn again",
        action="/runs",
    )
    # The other submit buttons of the page are not hidden behind a confirmation.
    assert 'data-confirm="Draw the panel now?' not in html


def test_leaving_the_panel_and_drawing_replacements_ask_first(client, seated):
    seats = selection.panel_seats(seated)
    html = page(client, "selection.index", slug=seated.slug)
    assert_dangerous(
        html,
        "Has left",
        f"The seat of {seats[0].registrant.display_name} is recorded as left",
        "This cannot be undone.",
        action=f"/seats/{seats[0].id}/drop",
    )
    selection.drop_out(seats[0], "moved away")
    db.session.commit()
    html = page(client, "selection.index", slug=seated.slug)
    assert_dangerous(
        html,
        "Draw replacements",
        "Every vacant seat (1) is filled now",
        "The draw is final and recorded; it cannot be undone.",
        action="/replacements",
    )


@pytest.mark.parametrize(
    ("status", "label", "text"),
    [
        (
            AssemblyStatus.RECRUITING,
            "Close recruitment and start selection",
            "Registration closes now: nobody can register until you reopen recruitment",
        ),
        (
            AssemblyStatus.VOTING,
            "Publish the recommendations",
            "The recommendations become public on the assembly's page and feed",
        ),
        (
            AssemblyStatus.ANSWERED,
            "Close the assembly",
            "The personal data of everyone who was not selected is erased",
        ),
    ],
)
def test_stage_moves_that_publish_or_close_ask_first(client, organiser, status, label, text):
    assembly = factories.assembly(organiser, status=status)
    html = page(client, "assemblies.show", slug=assembly.slug)
    assert_dangerous(html, label, text, action="/status")
    # The moves back stay ordinary buttons.
    assert "Back to" not in " ".join(c["summary"] for c in confirmations(html))


def test_opening_recruitment_stays_an_ordinary_button(client, organiser):
    assembly = factories.assembly(organiser)
    html = page(client, "assemblies.show", slug=assembly.slug)
    assert confirmations(html) == [] and "Open recruitment" in html


def test_deleting_a_quota_category_or_value_asks_first(client, organiser):
    assembly = factories.quotas(factories.assembly(organiser))
    html = page(client, "quotas.index", slug=assembly.slug)
    assert_dangerous(
        html,
        "Delete category",
        "The category “gender” is deleted with all its values and their seat ranges.",
        "This cannot be undone",
    )
    assert_dangerous(
        html, "Remove female", "The value “female” is deleted from “gender”", "cannot be undone"
    )


def test_revoking_an_invitation_names_who_it_was_for(client, login):
    admin = factories.user(is_admin=True)
    login(admin)
    db.session.add(
        Invitation(
            email="new@example.org",
            token_hash="x" * 64,
            capability="organiser",
            invited_by_id=admin.id,
            expires_at=datetime.now(UTC) + timedelta(days=3),
        )
    )
    db.session.commit()
    html = page(client, "admin.index")
    assert_dangerous(
        html,
        "Revoke",
        "The invitation sent to new@example.org stops working for good.",
        button="Yes: revoke the invitation to new@example.org",
    )


def test_removing_a_team_role_and_discarding_an_upload_ask_first(client, organiser):
    assembly = factories.assembly(organiser)
    helper = factories.user(name="Fiona Facilitator")
    factories.add_role(helper, assembly, Role.FACILITATOR)
    html = page(client, "assemblies.team", slug=assembly.slug)
    assert_dangerous(
        html,
        "Remove",
        "Fiona Facilitator loses the role “Facilitator” in this assembly",
        button="Yes: remove Fiona Facilitator as Facilitator",
    )
    staged = factories.pool_import(factories.quotas(assembly))
    html = page(client, "pool.review_import", slug=assembly.slug, import_id=staged.id)
    assert_dangerous(
        html,
        "Discard this upload",
        "The uploaded file is deleted and nobody in it is imported.",
        action="/cancel",
    )


def test_cancelling_a_sitting_and_removing_its_agenda_items_ask_first(client, organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    start = datetime.now(UTC) + timedelta(days=7)
    planned = Sitting(
        assembly_id=assembly.id, title="First weekend", starts_at=start, ends_at=start
    )
    db.session.add(planned)
    db.session.flush()
    db.session.add(AgendaItem(sitting_id=planned.id, at=start.time(), title="Welcome", note=""))
    db.session.commit()
    html = page(client, "sittings.show", slug=assembly.slug, sitting_id=planned.id)
    assert_dangerous(
        html,
        "Cancel the sitting",
        "“First weekend” is cancelled",
        "members' calendars receive the cancellation",
        "This cannot be undone",
        action="/cancel",
    )
    assert_dangerous(
        html, "Remove", "“Welcome” is deleted from the agenda", button="Yes: remove Welcome"
    )


def test_removing_a_registration_question_says_its_answers_go(client, organiser):
    assembly = factories.assembly(organiser)
    questions.add_question(assembly, QuestionKind.TEXT, "Your job?", "", False, actor=organiser)
    db.session.commit()
    html = page(client, "registration.questions_page", slug=assembly.slug)
    assert_dangerous(
        html,
        "Remove",
        "“Your job?” is taken off the registration form and every answer already given",
        button="Yes: remove this question",
    )


def test_withdrawing_a_recommendation_and_deleting_a_note_ask_first(client, organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    drafted = recommendation(assembly, "Plant trees")
    html = page(client, "recommendations.show", slug=assembly.slug, recommendation_id=drafted.id)
    assert_dangerous(
        html,
        "Withdraw",
        "“Plant trees” is withdrawn: it can no longer be edited, merged or put to the vote.",
        action="/withdraw",
        button="Yes: withdraw this recommendation",
    )
    note = note_services.write_note(sitting(assembly), organiser, "private", "Mine", None)
    db.session.commit()
    html = page(client, "notes.show", slug=assembly.slug, note_id=note.id)
    assert_dangerous(
        html,
        "Delete",
        "This note is deleted for good",
        action="/delete",
        button="Yes: delete this note",
    )


def test_drawing_letters_says_the_draw_stays_on_the_record(client, organiser):
    assembly = factories.assembly(organiser)
    html = page(client, "letters.index", slug=assembly.slug)
    assert_dangerous(
        html,
        "Draw the letters",
        "A recorded draw cannot be undone or deleted",
        action="/letters/draws",
    )


def test_declining_an_invitation_says_the_seat_goes_to_someone_else(client, organiser, seated):
    assert client.post(f"/assemblies/{seated.slug}/members/invite").status_code == 302
    client.post("/auth/logout")
    invited = db.session.scalars(db.select(Member)).first()
    body = mailbox.last_body(invited.registrant.email)
    token = re.search(r"/join/([\w-]+)", body).group(1)
    html = client.get(f"/join/{token}").get_data(as_text=True)
    assert_dangerous(
        html,
        "Decline",
        "You give up your seat on the panel",
        "this invitation link stops working",
        action="/decline",
        button="Yes: I cannot take part",
    )
