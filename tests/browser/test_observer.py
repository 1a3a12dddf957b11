"""An observer follows an assembly from the home page to a recommendation and its answer."""

from playwright.sync_api import expect

from tests import factories_public
from tests.browser.conftest import PHONE, screenshot, serious_violations


def test_observer_follows_a_recommendation_to_its_answer(page):
    assembly = factories_public.published_assembly("transport", recommendations=3)
    page.goto("/")
    page.get_by_role("link", name=assembly.title).click()
    expect(page.get_by_role("heading", name="The panel against the population")).to_be_visible()
    screenshot(page, "observer-assembly")
    assert serious_violations(page) == []
    page.get_by_role("link", name="The 3 recommendations and the authority's answers").click()
    screenshot(page, "observer-recommendations")
    assert serious_violations(page) == []
    page.get_by_role("link", name="1. Recommendation title 1").click()
    expect(page.get_by_role("heading", name="What the authority did")).to_be_visible()
    expect(page.get_by_text("Rejected")).to_be_visible()
    expect(page.get_by_text("Budget.")).to_be_visible()
    expect(page.get_by_text("Tender out.")).to_be_visible()
    screenshot(page, "observer-recommendation")
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    screenshot(page, "observer-recommendation-phone")
    page.goto("/a/transport/report")
    page.emulate_media(media="print")
    screenshot(page, "observer-report-print")
    expect(page.get_by_role("heading", name="2. Recommendation title 2")).to_be_visible()
