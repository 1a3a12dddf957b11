"""A German and French assembly: a resident registers in French, members vote in their language."""

from playwright.sync_api import expect

from facilitate.ballots import services as ballots
from facilitate.extensions import db
from facilitate.languages import services as languages
from facilitate.models import AssemblyStatus, Registrant
from facilitate.models.ballots import Voter
from facilitate.models.base import utcnow
from tests import factories
from tests.browser.conftest import DESKTOP, screenshot, serious_violations, sign_in
from tests.worlds.deliberation import member, recommendation


def _bilingual(organiser):
    assembly = factories.quotas(
        factories.assembly(
            organiser,
            slug="zweisprachig",
            status=AssemblyStatus.RECRUITING,
            language="de",
            title="Bürgerrat · Conseil citoyen",
        )
    )
    assembly.working_languages = ["de", "fr"]
    db.session.commit()
    return assembly


def test_a_resident_registers_in_french_and_members_vote_in_their_language(
    app, browser, live_server
):
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user(email="org@example.org", can_organise=True)
    assembly = _bilingual(organiser)

    # A French-speaking resident: the browser asks for French, a working language.
    context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="fr-BE")
    page = context.new_page()
    page.goto("/a/zweisprachig/register")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("[name=first_name]").fill("Claire")
    page.locator("[name=last_name]").fill("Renard")
    page.locator("[name=email]").fill("claire@example.org")
    page.locator("[name=address]").fill("Rue Haute 3")
    page.locator("[name=postcode]").fill("4700")
    page.locator("[name=date_of_birth]").fill("1986-05-14")
    page.get_by_role("group", name="gender").get_by_label("female").check()
    page.get_by_role("group", name="age").get_by_label("old").check()
    page.locator("[name=available]").check()
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", name="Merci de votre inscription")).to_be_visible()
    screenshot(page, "register-in-french")
    context.close()
    db.session.commit()  # end the test's own transaction to see what the server wrote
    assert db.session.scalar(db.select(Registrant)).language == "fr"

    # Later, the panel votes; every text of the item is current in French.
    assembly.status = AssemblyStatus.VOTING
    schools = recommendation(assembly, "Schulen dämmen")
    ballot = ballots.create_ballot(assembly, "Abstimmung", "sequential", None, organiser)
    item = ballots.add_item(ballot, "yes_no", "simple", [schools.id])
    for source in languages.sources(assembly):
        french = "Isoler les écoles" if source.text == "Schulen dämmen" else f"FR {source.text}"
        if source.text.startswith("1. "):
            french = "1. Isoler les écoles"
        languages.save(assembly, source, "fr", french, current=True, actor=None)
    ballots.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    url = f"/assemblies/zweisprachig/ballots/{ballot.id}/items/{item.id}/vote"

    for locale, title, yes, cast in (
        ("de", "Schulen dämmen", "Ja", "Meinen Stimmzettel abgeben"),
        ("fr", "Isoler les écoles", "Oui", "Déposer mon bulletin"),
    ):
        person, _seat = member(assembly, factories.user(email=f"{locale}@example.org"))
        person.locale = locale
        db.session.commit()
        context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="en-GB")
        phone = context.new_page()
        phone.on("dialog", lambda dialog: dialog.accept())
        sign_in(phone, person.email, factories.PASSWORD)
        phone.goto(url)
        expect(phone.locator("h1")).to_contain_text(title)
        phone.get_by_label(yes, exact=True).check()
        if locale == "de":
            screenshot(phone, "vote-in-german")
            assert not serious_violations(phone)
        phone.get_by_role("button", name=cast).click()
        phone.wait_for_selector("[data-receipt]")
        context.close()
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Voter.id))) == 2
