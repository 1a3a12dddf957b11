"""A resident registers with a letter's code; an organiser fixes a bad import and imports it."""

import re

from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.letters.services import draw_letters, format_code
from facilitate.models import AssemblyStatus, Letter, Registrant
from tests import factories, mailbox
from tests.browser.conftest import PHONE, screenshot, sign_in


def test_resident_registers_with_a_code(page):
    assembly = factories.quotas(
        factories.assembly(
            slug="by-letter",
            status=AssemblyStatus.RECRUITING,
            invitation_only=True,
            title="Assembly on Housing",
        )
    )
    draw_letters(
        assembly, b"name,address,postcode\nAnna Schmitz,Kirchstrasse 3,4700\n", "register.csv", 1
    )
    db.session.commit()
    letter = db.session.scalar(db.select(Letter))

    page.set_viewport_size(PHONE)
    page.goto(f"/a/by-letter/register?code={format_code(letter.code)}")
    expect(page.get_by_label("Code from your invitation letter")).to_have_value(
        format_code(letter.code)
    )
    page.get_by_label("First name").fill("Anna")
    page.get_by_label("Last name").fill("Schmitz")
    page.get_by_label("Email").fill("anna@example.org")
    page.get_by_label("Street and number").fill("Kirchstraße 3")
    page.get_by_label("Postcode").fill("4700")
    page.get_by_label("Date of birth").fill("1988-04-02")
    page.get_by_role("group", name="gender").get_by_label("female").check()
    page.get_by_role("group", name="age").get_by_label("old").check()
    page.get_by_label("I can attend all the dates of the assembly.").check()
    page.get_by_label("I need childcare to take part.").check()
    page.get_by_label("I have read the privacy notice").check()
    screenshot(page, "register-filled-phone")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", name="Thank you for registering")).to_be_visible()
    screenshot(page, "register-done-phone")
    db.session.commit()  # end the test's own transaction to see what the server wrote
    person = db.session.scalar(db.select(Registrant))
    assert person.letter_id == letter.id and person.needs_childcare
    assert person.household_key == letter.household_key
    assert db.session.get(Letter, letter.id).registrations_used == 1

    # The private link from the confirmation email shows the registration.
    body = mailbox.last_body()
    link = re.search(r"http://[^/\s]+(/r/\S+)", body).group(1)
    page.goto(link)
    expect(page.get_by_text("anna@example.org")).to_be_visible()
    screenshot(page, "registration-manage-phone")

    # The same code cannot be used twice.
    page.goto(f"/a/by-letter/register?code={format_code(letter.code)}")
    page.get_by_label("First name").fill("Ben")
    page.get_by_label("Last name").fill("Schmitz")
    page.get_by_label("Email").fill("ben@example.org")
    page.get_by_label("Street and number").fill("Kirchstraße 3")
    page.get_by_label("Postcode").fill("4700")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_role("group", name="gender").get_by_label("male", exact=True).check()
    page.get_by_role("group", name="age").get_by_label("young").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("This invitation code has already been used.")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Ben")
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 1


BAD = (
    "id,first_name,last_name,email,gender,age\n"
    "1,Ada,Lovelace,ada@example.org,female,young\n"
    "2,Alan,Turing,alan(at)example.org,male,old\n"
    "3,Grace,Hopper,grace@example.org,robot,old\n"
)


def test_organiser_fixes_a_bad_import(page, tmp_path):
    organiser = factories.user(email="org@example.org", can_organise=True)
    factories.quotas(
        factories.assembly(organiser, slug="imports", status=AssemblyStatus.RECRUITING)
    )
    sign_in(page, organiser.email, factories.PASSWORD)
    page.goto("/assemblies/imports/pool/")
    page.get_by_role("link", name="Import registrants").click()

    bad = tmp_path / "people.csv"
    bad.write_text(BAD)
    page.get_by_label("File with registrants (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check columns").click()
    expect(page.get_by_label("email")).to_have_value("email")
    page.get_by_role("button", name="Import").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("2 problems found")
    expect(errors.get_by_role("row", name=re.compile("3 email"))).to_contain_text(
        "is not an email address"
    )
    expect(errors.get_by_role("row", name=re.compile("4 gender"))).to_contain_text(
        "“robot” is not a value of gender"
    )
    screenshot(page, "import-errors")
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 0

    good = tmp_path / "people-fixed.csv"
    good.write_text(
        BAD.replace("alan(at)example.org", "alan@example.org").replace("robot", "female")
    )
    page.goto("/assemblies/imports/pool/import")
    page.get_by_label("File with registrants (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check columns").click()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported 3 registrants.")).to_be_visible()
    expect(page.get_by_text("3 matching")).to_be_visible()
    screenshot(page, "pool-after-import")
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 3
