"""A new organiser takes an assembly from creation to published results by its checklists.

Residents' parts (registering, being drawn, accepting, voting) come from factories; every
organiser step is reached through a checklist link on a stage page.
"""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus
from facilitate.models.members import Member, MemberStatus
from facilitate.models.sittings import Sitting
from tests import factories, factories_public
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    confirm_danger,
    screenshot,
    serious_violations,
    sign_in,
)


def open_stage(page, label: str, name: str) -> None:
    """Go to a stage page from the navigation; check it reads well on a phone and with axe."""
    page.locator("nav.subnav").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()
    assert serious_violations(page) == [], name
    screenshot(page, f"cockpit-{name}")
    page.set_viewport_size(PHONE)
    screenshot(page, f"cockpit-{name}-phone")
    page.set_viewport_size(DESKTOP)


def follow(page, text: str) -> None:
    """Follow the checklist item saying `text`."""
    page.locator(".checklist").get_by_role("link", name=text).click()


def move(page, stage_label: str, stage: str, item: str, button: str, danger=False) -> None:
    """Follow `item` from the stage page and press `button`; a `danger` one asks first."""
    open_stage(page, stage_label, stage)
    follow(page, item)
    if danger:
        confirm_danger(page, button)
    else:
        page.get_by_role("button", name=button).click()


def test_from_creation_to_published_results(page):
    organiser = factories.user(email="nadia@example.org", can_organise=True)
    sign_in(page, organiser.email, factories.PASSWORD)
    page.get_by_role("link", name="New assembly").click()
    page.get_by_label("Title").fill("Assembly on Trees")
    page.get_by_label("Short name for the address").fill("trees")
    page.get_by_label("Remit").fill("Where should the city plant trees?")
    page.get_by_label("Panel size").fill("6")
    page.get_by_label("Recruitment opens").fill("2031-01-05")
    page.get_by_label("Recruitment closes").fill("2031-02-05")
    page.get_by_role("button", name="Create assembly").click()
    expect(page.get_by_text("The assembly was created")).to_be_visible()
    assembly = db.session.scalar(db.select(Assembly).filter_by(slug="trees"))

    open_stage(page, "Prepare", "prepare")
    follow(page, "Add the quota categories.")
    page.get_by_label("Category", exact=True).fill("gender")
    page.get_by_label("Values").fill("female, 50\nmale, 50")
    page.get_by_role("button", name="Add category").click()
    page.get_by_label("Tolerance (seats either side)").fill("1")
    page.get_by_role("button", name="Compute").click()
    expect(page.get_by_text("The quotas add up")).to_be_visible()
    move(page, "Prepare", "prepare", "Open recruitment.", "Open recruitment")
    expect(page.get_by_text("The assembly is now “Recruiting”.")).to_be_visible()

    db.session.expire_all()
    for _ in range(6):
        factories.registrant(assembly)  # residents register
    move(
        page,
        "Recruit",
        "recruit",
        "Close recruitment and start selection.",
        "Close recruitment and start selection",
        danger=True,
    )
    expect(page.get_by_text("The assembly is now “Selecting”.")).to_be_visible()

    open_stage(page, "Select", "select-before-draw")
    follow(page, "Draw the panel.")
    expect(page).to_have_url(f"{page.url.split('/assemblies/')[0]}/assemblies/trees/selection/")
    db.session.expire_all()
    factories.seat_panel(assembly)  # the draw itself is walked in test_selection's own tests
    open_stage(page, "Select", "select-drawn")
    follow(page, "Add 6 drawn people to the members list.")
    page.get_by_role("button", name="Invite the panel").click()
    db.session.expire_all()
    open_stage(page, "Select", "select-waiting")
    expect(page.locator(".check-blocked")).to_contain_text("6 of 6 members have not confirmed.")
    for member in db.session.scalars(db.select(Member).filter_by(assembly_id=assembly.id)):
        member.status = MemberStatus.CONFIRMED  # they accept their invitations
    db.session.commit()
    move(page, "Select", "select", "Start the sittings.", "Start the sittings")
    expect(page.get_by_text("The assembly is now “Sitting”.")).to_be_visible()

    open_stage(page, "Sit", "sit-empty")
    follow(page, "Plan the sittings.")
    start = datetime.now(UTC) + timedelta(days=7)
    db.session.add(
        Sitting(
            assembly_id=assembly.id,
            title="First weekend",
            starts_at=start,
            ends_at=start + timedelta(hours=6),
        )
    )
    db.session.commit()
    move(page, "Sit", "sit", "Start voting.", "Start voting")
    expect(page.get_by_text("The assembly is now “Voting”.")).to_be_visible()

    db.session.expire_all()
    factories_public.recommendation(assembly, 1, "Plant along every school route")
    factories.closed_ballot_item(assembly)  # the members vote
    move(
        page,
        "Decide",
        "decide",
        "Publish the recommendations.",
        "Publish the recommendations",
        danger=True,
    )
    expect(page.get_by_text("The assembly is now “Published”.")).to_be_visible()
    open_stage(page, "Publish and follow up", "publish")
    expect(page.locator(".check-done")).to_contain_text(["The recommendations are published."])
    db.session.expire_all()
    assert assembly.status is AssemblyStatus.PUBLISHED

    page.goto("/dashboard")
    expect(page.get_by_role("link", name="Publish and follow up")).to_be_visible()
    screenshot(page, "cockpit-dashboard")
