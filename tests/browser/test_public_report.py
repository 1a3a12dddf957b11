"""The printable report reads on screen, passes axe, and prints without the site around it."""

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot, serious_violations
from tests.factories_report import report_assembly


def test_the_report_reads_on_screen_and_prints(page):
    report_assembly()
    page.goto("/a/open-report/report")
    expect(page.get_by_role("heading", name="Contents")).to_be_visible()
    expect(page.get_by_role("heading", name="Dr Published Expert", exact=False)).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "report")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", name="1. Recommendation title 1")).to_be_visible()
    adjust = page.locator(".chart-svg").first.evaluate("e => getComputedStyle(e).printColorAdjust")
    assert adjust == "exact"
    screenshot(page, "report-print")
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") >= 1
