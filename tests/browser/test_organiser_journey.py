"""An organiser signs in, creates an assembly, sets quotas and opens recruitment."""

from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus
from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in


def test_organiser_journey(page):
    organiser = factories.user(email="olga@example.org", can_organise=True)
    sign_in(page, organiser.email, factories.PASSWORD)
    screenshot(page, "dashboard-empty")

    page.get_by_role("link", name="New assembly").click()
    page.get_by_label("Title").fill("Assembly on Water")
    page.get_by_label("Short name for the address").fill("water-2031")
    page.get_by_label("Remit").fill("How should we share water in dry summers?")
    page.get_by_label("Description").fill("Thirty residents, **four** weekends.")
    page.get_by_label("Panel size").fill("30")
    page.get_by_label("Recruitment opens").fill("2031-01-05")
    page.get_by_label("Recruitment closes").fill("2031-02-05")
    screenshot(page, "assembly-new")
    page.get_by_role("button", name="Create assembly").click()

    expect(page.get_by_text("The assembly was created")).to_be_visible()
    page.get_by_label("Category", exact=True).fill("gender")
    page.get_by_label("Values").fill("female, 51\nmale, 49")
    page.get_by_role("button", name="Add category").click()
    page.get_by_label("Category", exact=True).fill("age")
    page.get_by_label("Values").fill("16-34, 30\n35-59, 40\n60+, 30")
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_text("The minimums for gender add up")).to_have_count(0)
    page.get_by_label("Tolerance (seats either side)").fill("1")
    page.get_by_role("button", name="Compute").click()
    expect(page.get_by_text("The quotas add up")).to_be_visible()
    expect(page.get_by_label("Minimum seats for female")).to_have_value("14")
    screenshot(page, "quotas")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Open recruitment").click()
    expect(page.get_by_text("The assembly is now “Recruiting”.")).to_be_visible()
    screenshot(page, "assembly-overview")
    assembly = db.session.scalar(db.select(Assembly).filter_by(slug="water-2031"))
    assert assembly.status is AssemblyStatus.RECRUITING
    assert [c.name for c in assembly.categories] == ["gender", "age"]

    page.goto("/")
    page.get_by_role("link", name="Assembly on Water").click()
    expect(page.get_by_role("heading", name="Who will sit on the panel")).to_be_visible()
    screenshot(page, "public-assembly")
    page.set_viewport_size(PHONE)
    screenshot(page, "public-assembly-phone")


def test_refusal_is_shown_in_the_browser(page):
    organiser = factories.user(email="oscar@example.org", can_organise=True)
    assembly = factories.assembly(organiser, slug="broken", panel_size=10)
    factories.quotas(assembly, {"age": [("young", None, 8, 10), ("old", None, 8, 10)]})
    sign_in(page, organiser.email, factories.PASSWORD)
    page.goto("/assemblies/broken")
    page.get_by_role("button", name="Open recruitment").click()
    expect(
        page.get_by_text("The minimums for age add up to 16 but there are 10 seats.").first
    ).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot(page, "assembly-refused-phone")
