"""An organiser cleans the pool in the browser, then draws: the excluded are never in the draw."""

import json

from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.models import Registrant, RegistrantStatus, SelectionRun
from tests import factories
from tests.browser.conftest import confirm_danger, screenshot, serious_violations, sign_in


def _run_of(assembly_id: int) -> SelectionRun:
    db.session.commit()  # end the test's transaction to see what the server wrote
    return db.session.scalar(db.select(SelectionRun).filter_by(assembly_id=assembly_id))


def test_organiser_merges_excludes_corrects_then_draws(app, page):
    # The draw runs in the request that asks for it, as a worker would run it, so that the
    # test can read its result at once.
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user("olga@example.org", can_organise=True)
    assembly = factories.drawable_assembly(organiser, size=24)
    people = db.session.scalars(
        db.select(Registrant).filter_by(assembly_id=assembly.id).order_by(Registrant.id)
    ).all()
    kept, ineligible, corrected = people[0], people[1], people[2]
    # The same person registered twice, with the same e-mail and date of birth.
    twin = factories.registrant(
        assembly, first_name=kept.first_name, last_name=kept.last_name, email=kept.email
    )
    twin_id, kept_id, ineligible_id, corrected_id = twin.id, kept.id, ineligible.id, corrected.id
    age = assembly.categories[1]
    before = {a.category_id: a.value_id for a in corrected.answers}[age.id]
    other = next(v for v in age.values if v.id != before)

    sign_in(page, "olga@example.org", factories.PASSWORD)

    # 1. The pair is shown side by side; the organiser keeps the first registration.
    page.goto("/assemblies/draw/pool/duplicates")
    page.get_by_role("link", name="Compare").first.click()
    expect(page.get_by_role("heading", name="One person: merge")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "pool-duplicate-pair")
    page.locator("form", has=page.get_by_role("button", name="Merge")).get_by_role(
        "radio"
    ).first.check()
    page.locator("form", has=page.get_by_role("button", name="Merge")).get_by_label("Reason").fill(
        "Registered twice with the same e-mail"
    )
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".flash-success")).to_be_visible()

    # 2. Someone who holds an excluded office is marked ineligible, with the rule and a reason.
    page.goto(f"/assemblies/draw/pool/{ineligible_id}")
    page.get_by_label("New status").select_option("ineligible")
    page.get_by_label("Rule not met").select_option("excluded_office")
    page.get_by_label("Reason").fill("Sits on the town council")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".flash-success")).to_be_visible()

    # 3. An age band given wrongly is corrected, with a reason kept in the history.
    page.goto(f"/assemblies/draw/pool/{corrected_id}/correct")
    page.get_by_label("age", exact=True).select_option(str(other.id))
    page.get_by_label("Reason").fill("Phoned: ticked the wrong age band")
    screenshot(page, "pool-correct-answers")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Phoned: ticked the wrong age band")).to_be_visible()
    screenshot(page, "pool-registrant-history")

    # 4. The draw.
    page.goto("/assemblies/draw/selection/")
    confirm_danger(page, "Draw the panel")
    page.wait_for_url("**/selection/runs/**")
    run = _run_of(assembly.id)
    assert run.status.value == "succeeded", run.error

    twin, kept = db.session.get(Registrant, twin_id), db.session.get(Registrant, kept_id)
    assert twin.status is RegistrantStatus.DUPLICATE and twin.duplicate_of_id == kept_id
    assert db.session.get(Registrant, ineligible_id).status is RegistrantStatus.INELIGIBLE
    answers = {a.category_id: a.value_id for a in db.session.get(Registrant, corrected_id).answers}
    assert answers[age.id] == other.id
    # Neither the merged registration nor the ineligible person was in the pool drawn from.
    record = json.dumps(json.loads(run.record))
    for excluded in (twin, db.session.get(Registrant, ineligible_id)):
        assert excluded.reference not in record
    assert kept.reference in record
    seated = {seat.registrant_id for seat in run.seats}
    assert len(seated) == assembly.panel_size
    assert twin_id not in seated and ineligible_id not in seated
