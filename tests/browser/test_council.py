"""Council members propose a topic, the council decides by ballot, an assembly is convened."""

from datetime import date, timedelta

from playwright.sync_api import expect

from facilitate.council import services
from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.council import CandidateSource, CouncilTopic, TopicStatus
from tests import factories
from tests.browser.conftest import PHONE, confirm_danger, screenshot, serious_violations, sign_in

RULES = {"gender": [["female", 50.0], ["male", 50.0]], "age": [["young", 40.0], ["old", 60.0]]}


def _council():
    secretary = factories.user(email="sec@example.org", name="Sam Secretary", can_organise=True)
    council = services.create_council(
        {"slug": "buergerrat", "name": "Citizens' Council", "quota_rules": RULES}, secretary
    )
    members = []
    for n in range(24):
        person = factories.user(email=f"m{n}@example.org", name=f"Member {n}")
        members.append(person)
        services.add_candidate(
            council,
            {
                "name": person.name,
                "email": person.email,
                "values": {"gender": ("female", "male")[n % 2], "age": ("young", "old")[n % 5 < 2]},
                "source": CandidateSource.PILOT,
                "appointed": True,
                "opted_in_on": date.today() - timedelta(days=40),
            },
        )
    services.run_rotation(council, date.today() - timedelta(days=30), seed=3, user=secretary)
    db.session.commit()
    return secretary, members


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_members_propose_the_council_decides_and_an_assembly_is_convened(page):
    secretary, members = _council()

    sign_in(page, members[0].email, factories.PASSWORD)
    page.goto("/council/buergerrat/members/")
    page.get_by_label("Topic").fill("Loneliness in old age")
    page.get_by_label("Description").fill("How can we reach people who live **alone**?")
    page.get_by_role("button", name="Propose", exact=True).click()
    expect(page.get_by_text("needs 2 members' signatures")).to_be_visible()
    _sign_out(page)

    sign_in(page, members[1].email, factories.PASSWORD)
    page.goto("/council/buergerrat/members/")
    page.get_by_role("button", name="Sign this proposal").click()
    expect(page.get_by_text("You signed “Loneliness in old age”.")).to_be_visible()
    _sign_out(page)

    sign_in(page, secretary.email, factories.PASSWORD)
    # A small council meeting: a decision needs more than a tenth of the members voting.
    page.goto("/council/buergerrat/manage/settings")
    page.get_by_label("Quorum (percentage of the sitting members)").fill("10")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("The settings were saved.")).to_be_visible()
    page.get_by_label("Question").fill("Take up “Loneliness in old age”?")
    page.get_by_label("Loneliness in old age").check()
    page.get_by_label("Secret ballot").check()
    page.get_by_role("button", name="Open the ballot").click()
    expect(page.get_by_text("The ballot is open to the members.")).to_be_visible()
    screenshot(page, "council-manage")
    _sign_out(page)

    for voter, choice in zip(members[:3], ("Yes", "No", "Yes"), strict=True):
        sign_in(page, voter.email, factories.PASSWORD)
        page.goto("/council/buergerrat/members/")
        expect(page.get_by_text("Quorum: 3 of the 24 sitting members must vote")).to_be_visible()
        page.get_by_label(choice, exact=True).check()
        if voter is members[0]:
            screenshot(page, "council-members")
            assert serious_violations(page) == []
        page.get_by_role("button", name="Vote", exact=True).click()
        expect(page.get_by_text("Your vote was recorded.")).to_be_visible()
        expect(
            page.get_by_text("Your receipt for “Take up “Loneliness in old age”?”")
        ).to_be_visible()
        _sign_out(page)

    sign_in(page, secretary.email, factories.PASSWORD)
    page.goto("/council/buergerrat/manage/")
    confirm_danger(page, "Close the ballot")
    expect(page.get_by_text("The ballot closed. Decided: Yes.")).to_be_visible()
    page.get_by_role("link", name="Write the mandate").click()
    page.get_by_label("Mandate").fill("How can the Community reach people who are lonely?")
    page.get_by_role("button", name="Save the mandate").click()

    # A panel that is too big is refused in plain words, and nothing is created.
    first = date.today() + timedelta(weeks=10)
    dates = "\n".join(
        d.isoformat() for d in (first, first + timedelta(weeks=4), first + timedelta(weeks=8))
    )
    page.get_by_label("Panel size").fill("60")
    page.get_by_label("Meeting dates").fill(dates)
    page.get_by_role("button", name="Convene the assembly").click()
    expect(page.get_by_text("The panel must have between 25 and 50 members.")).to_be_visible()
    page.get_by_label("Panel size").fill("32")
    page.get_by_role("button", name="Convene the assembly").click()
    expect(page.get_by_text("The assembly was convened")).to_be_visible()

    assembly = db.session.scalar(db.select(Assembly))
    assert assembly.title == "Loneliness in old age" and assembly.panel_size == 32
    assert db.session.scalar(db.select(CouncilTopic)).status is TopicStatus.CONVENED

    page.goto("/council/buergerrat")
    expect(page.get_by_role("heading", name="Loneliness in old age")).to_be_visible()
    expect(page.get_by_text("Hand-over to the committee")).to_be_visible()
    screenshot(page, "council-public")
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    screenshot(page, "council-public-phone")
    page.goto("/council/buergerrat/manage/")
    screenshot(page, "council-manage-phone")
