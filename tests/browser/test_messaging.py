"""An organiser writes to the drawn who have not confirmed, previews it, and sends it."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.members.services import add_members
from facilitate.models import AssemblyStatus, MemberStatus, OutboxMessage
from tests import factories, mailbox
from tests.browser.conftest import PHONE, screenshot, serious_violations, sign_in


def test_organiser_writes_to_the_drawn_who_have_not_confirmed(page):
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(
        factories.assembly(organiser, slug="eupen", status=AssemblyStatus.SITTING, title="Eupen")
    )
    factories.seat_panel(assembly, size=3)
    members = add_members(assembly)
    members[0].status = MemberStatus.CONFIRMED
    for member in members[1:]:
        member.status = MemberStatus.CONTACTED
        member.invited_at = datetime.now(UTC) - timedelta(days=2)
    members[1].registrant.first_name = "Hugo"
    members[2].registrant.email = ""
    members[2].registrant.first_name = "Lena"
    members[2].registrant.phone = "+32 87 123456"
    db.session.commit()

    sign_in(page, organiser.email, factories.PASSWORD)
    page.goto("/assemblies/eupen/messages/")
    page.get_by_role("link", name="Write a message").click()
    page.get_by_label("To").select_option("drawn_unanswered")
    page.get_by_label("Subject").fill("We wait for your answer, {first_name}")
    page.get_by_label("Text").fill("Dear {first_name}, please answer by {reply_by}.")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_text("1 person in")).to_be_visible()
    expect(page.get_by_text("Dear Hugo, please answer by")).to_be_visible()
    expect(page.get_by_text("+32 87 123456")).to_be_visible()  # Lena: a phone call
    assert serious_violations(page) == []
    screenshot(page, "messaging-preview")
    page.set_viewport_size(PHONE)
    screenshot(page, "messaging-preview-phone")

    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.get_by_text("Your message is on its way to 1 person.")).to_be_visible()
    sent = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in sent] == [members[1].registrant.email]
    assert mailbox.last_body().startswith("Dear Hugo, please answer by")
    screenshot(page, "messaging-index")
