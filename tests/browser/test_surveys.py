"""A member answers a survey on a phone; the organiser closes and moderates; the evaluator reads it."""

import random

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Role
from facilitate.surveys import services
from tests import factories
from tests.browser.conftest import PHONE, confirm_danger, screenshot, serious_violations, sign_in
from tests.worlds.deliberation import member


def test_a_member_answers_on_a_phone_and_the_evaluator_sees_the_result(
    app, browser, live_server, page
):
    organiser = factories.user(email="org@example.org", can_organise=True)
    assembly = factories.assembly(organiser, slug="voice", status=AssemblyStatus.SITTING)
    people = [member(assembly, factories.user(email=f"m{i}@example.org"))[1] for i in range(5)]
    evaluator = factories.user(email="eval@example.org")
    factories.add_role(evaluator, assembly, Role.EVALUATOR)
    survey = services.create_survey(assembly, "After the first weekend", None, organiser)
    db.session.commit()
    url = f"/assemblies/voice/surveys/{survey.id}"

    sign_in(page, "org@example.org", factories.PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Open the survey").click()
    page.wait_for_selector("text=The survey is open")

    # Four members answered already; the fifth answers on a phone.
    rng = random.Random(2)
    for seat in people[1:]:
        given = {q.id: rng.choice("2345") for q in survey.questions if q.kind.value == "scale"}
        services.answer_survey(survey, seat, given)
        db.session.commit()
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
    phone = context.new_page()
    sign_in(phone, "m0@example.org", factories.PASSWORD)
    phone.goto(url)
    for fieldset in phone.locator("fieldset").all():
        fieldset.get_by_label("Agree", exact=True).check()
    phone.get_by_label("Anything else").fill("The <b>experts</b> were great.")
    screenshot(phone, "survey-answer-phone")
    assert not serious_violations(phone)
    phone.get_by_role("button", name="Send my answers").dblclick()
    phone.wait_for_selector("text=You have answered this survey")
    context.close()

    page.goto(url)
    assert page.get_by_text("5 of 5 members answered").first.is_visible()
    confirm_danger(page, "Close the survey")
    page.wait_for_selector("text=The survey is closed.")
    assert page.locator("svg.chart-svg").count() == 6
    # Escaped, never rendered as markup.
    assert page.get_by_text("The <b>experts</b> were great.").is_visible()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=Answer moderated.")
    screenshot(page, "survey-results")
    assert not serious_violations(page)

    # The independent evaluator reads the result, with the approved answer, and no names.
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
    evaluating = context.new_page()
    sign_in(evaluating, "eval@example.org", factories.PASSWORD)
    evaluating.goto("/assemblies/voice/evaluation")
    assert evaluating.get_by_text("5 of 5 members answered.").is_visible()
    assert evaluating.get_by_text("The <b>experts</b> were great.").is_visible()
    assert "m0@example.org" not in evaluating.content()
    screenshot(evaluating, "survey-evaluator-phone")
    assert not serious_violations(evaluating)
    context.close()
