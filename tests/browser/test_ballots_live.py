"""A live sequential ballot: members vote on phones, the organiser closes and publishes."""

from facilitate.ballots import services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from tests import factories
from tests.browser.conftest import PHONE, confirm_danger, screenshot, serious_violations, sign_in
from tests.worlds.deliberation import member, recommendation


def test_live_sequential_ballot_on_phones(app, browser, live_server, page):
    organiser = factories.user(email="org@example.org", can_organise=True)
    assembly = factories.assembly(organiser, slug="live", status=AssemblyStatus.VOTING)
    first = recommendation(assembly, "Insulate schools")
    second = recommendation(assembly, "Plant trees")
    ballot = services.create_ballot(assembly, "Final vote", "sequential", None, organiser)
    services.add_item(ballot, "yes_no", "four_fifths", [first.id])
    services.add_item(ballot, "scale", "simple", [second.id])
    db.session.commit()
    people = [member(assembly, factories.user(email=f"m{i}@example.org"))[0] for i in range(3)]
    url = f"/assemblies/live/ballots/{ballot.id}"

    sign_in(page, "org@example.org", factories.PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Open the ballot").click()
    page.wait_for_selector("text=The ballot is open.")

    phones, codes = [], []
    for i, person in enumerate(people):
        context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
        phone = context.new_page()
        phone.on("dialog", lambda dialog: dialog.accept())
        sign_in(phone, person.email, factories.PASSWORD)
        phone.goto(url)
        phone.get_by_role("link", name="Vote on this item").first.click()
        assert phone.get_by_text("A ballot cannot be changed once cast.").is_visible()
        phone.get_by_label("Yes" if i < 2 else "No", exact=True).check()
        if i == 0:
            screenshot(phone, "ballot-vote-phone")
            assert not serious_violations(phone)
        phone.get_by_role("button", name="Cast my ballot").dblclick()
        phone.wait_for_selector("[data-receipt]")
        codes.append(phone.locator("[data-receipt]").inner_text())
        if i == 0:
            screenshot(phone, "ballot-receipt-phone")
        phones.append((context, phone))

    # Phones leave the live page first: it reloads itself when items change, and that reload
    # would abort the navigation below.
    for _context, waiting in phones:
        waiting.goto(url + "/results")
    # The organiser closes the first item; the second opens.
    page.goto(url)
    confirm_danger(page, "Close this item")
    page.wait_for_selector("text=Item closed.")
    context, phone = phones[0]
    phone.goto(url)
    phone.get_by_role("link", name="Vote on this item").click()
    phone.get_by_label("Strongly support").check()
    phone.get_by_role("button", name="Cast my ballot").click()
    phone.wait_for_selector("[data-receipt]")
    phone.goto(url + "/results")  # leave the live page, which reloads itself when items change
    assert "not been published" in phone.content()

    page.goto(url)
    confirm_danger(page, "Close the whole ballot")
    confirm_danger(page, "Publish the results")
    page.wait_for_selector("text=Results published.")
    assert "66.7%" in page.content()  # 2 of 3: not four fifths
    screenshot(page, "ballot-results")

    phone.reload()
    phone.get_by_label("Receipt code").fill(codes[0])
    phone.get_by_role("button", name="Check").click()
    phone.wait_for_selector("text=Your ballot was counted in")
    screenshot(phone, "ballot-receipt-checked-phone")
    assert not serious_violations(phone)
    for context, _p in phones:
        context.close()
