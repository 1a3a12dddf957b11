"""A resident submits evidence, an organiser accepts it, a member cites it, an observer follows it."""

from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, RecommendationStatus
from tests import factories
from tests.browser.conftest import PHONE, screenshot, serious_violations, sign_in
from tests.worlds.deliberation import member, recommendation
from tests.worlds.evidence import open_submissions

TEXT = "Our school replaced its windows in 2019 and the heating bill fell by a third."


def _world():
    organiser = factories.user(email="org@example.org", can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(
        organiser, slug="heat", title="Heat Assembly", status=AssemblyStatus.SITTING
    )
    open_submissions(assembly, "Schools\nHomes")
    user, _member = member(assembly, factories.user(email="member@example.org", name="Mo Member"))
    rec = recommendation(assembly, title="Insulate every school", author=user)
    return assembly, rec


def test_evidence_travels_from_a_resident_to_a_recommendation(page, browser, live_server):
    assembly, rec = _world()

    # A resident sends evidence through the public form.
    page.goto("/a/heat/evidence/submit")
    expect(page.get_by_role("heading", name="Send evidence to the assembly")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Your name").fill("Rita Resident")
    page.get_by_label("Theme (optional)").select_option("Schools")
    page.get_by_label("Your position (optional)").select_option("for")
    page.get_by_label("Your submission").fill(TEXT)
    page.get_by_label("Publish my submission with my name").check()
    page.get_by_label("I agree that the assembly keeps").check()
    screenshot(page, "evidence-submit")
    page.get_by_role("button", name="Send my submission").click()
    expect(page.get_by_role("heading", name="Thank you for your submission")).to_be_visible()

    # An organiser accepts and publishes it.
    organiser = browser.new_context(base_url=live_server, locale="en-GB")
    org_page = organiser.new_page()
    sign_in(org_page, "org@example.org", factories.PASSWORD)
    org_page.goto("/assemblies/heat/evidence/")
    org_page.get_by_role("link", name="Moderate (1 waiting)").click()
    org_page.get_by_role("link", name="1", exact=True).click()
    org_page.get_by_role("button", name="Accept").click()
    expect(org_page.get_by_text("decision recorded")).to_be_visible()
    org_page.get_by_role("button", name="Publish").click()
    expect(org_page.get_by_role("button", name="Unpublish")).to_be_visible()
    screenshot(org_page, "evidence-moderated")
    assert serious_violations(org_page) == []
    organiser.close()

    # A member finds it and cites it in the recommendation.
    member_context = browser.new_context(base_url=live_server, locale="en-GB")
    member_page = member_context.new_page()
    sign_in(member_page, "member@example.org", factories.PASSWORD)
    member_page.goto("/assemblies/heat/evidence/")
    member_page.get_by_label("Search").fill("windows")
    member_page.get_by_role("button", name="Filter").click()
    member_page.get_by_role("link", name="1", exact=True).click()
    member_page.get_by_label("Cite it in").select_option(
        label="Recommendation 1: Insulate every school"
    )
    member_page.get_by_label("How it informed the text").fill("Evidence of savings")
    member_page.get_by_role("button", name="Cite").click()
    expect(member_page.get_by_role("link", name="Recommendation 1")).to_be_visible()
    screenshot(member_page, "evidence-cited")
    assert serious_violations(member_page) == []
    member_context.close()

    # The recommendation is adopted and published; an observer follows the trail.
    rec.status = RecommendationStatus.FINAL
    assembly.status = AssemblyStatus.PUBLISHED
    db.session.commit()
    page.goto("/a/heat/evidence/recommendations/1")
    expect(page.get_by_role("heading", name="The evidence it drew on")).to_be_visible()
    expect(page.get_by_text("Evidence of savings")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "evidence-trail")
    page.get_by_role("link", name="Submission 1").click()
    expect(page.get_by_text(TEXT)).to_be_visible()
    expect(page.get_by_text("Rita Resident")).to_be_visible()
    screenshot(page, "evidence-public-submission")
    page.goto("/a/heat/evidence")
    assert serious_violations(page) == []
    screenshot(page, "evidence-public-index")
    page.set_viewport_size(PHONE)
    screenshot(page, "evidence-public-index-phone")
    page.goto("/a/heat/evidence/recommendations/1")
    screenshot(page, "evidence-trail-phone")


def test_register_pages_are_accessible(page, browser, live_server):
    assembly, _rec = _world()
    context = browser.new_context(base_url=live_server, locale="en-GB")
    member_page = context.new_page()
    sign_in(member_page, "member@example.org", factories.PASSWORD)
    member_page.goto("/assemblies/heat/lobbying/")
    member_page.get_by_label("When").fill("2026-01-10")
    member_page.get_by_label("Organisation that made contact").fill("Gas Forever Association")
    member_page.get_by_label("Its representative").fill("Mark Lobbyist")
    member_page.get_by_label("About what").fill("Asked me to oppose heat pumps")
    member_page.get_by_role("button", name="Put it on the record").click()
    expect(member_page.get_by_text("on the public register")).to_be_visible()
    screenshot(member_page, "lobbying-member")
    assert serious_violations(member_page) == []
    context.close()
    page.goto("/a/heat/lobbying")
    expect(page.get_by_role("cell", name="a member")).to_be_visible()
    expect(page.get_by_text("Mo Member")).to_have_count(0)
    screenshot(page, "lobbying-public")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Gas Forever Association").first.click()
    expect(page.get_by_role("heading", name="Gas Forever Association")).to_be_visible()
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    screenshot(page, "lobbying-organisation-phone")
