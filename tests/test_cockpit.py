"""The cockpit: stage pages whose checklists follow the assembly's state, and its dashboard."""

from datetime import date, timedelta

import pytest

from facilitate.cockpit import checklist
from facilitate.cockpit.checklist import BLOCKED, DONE, NEXT
from facilitate.extensions import db
from facilitate.members import services as members
from facilitate.models import AssemblyStatus, Role
from facilitate.models.experts import Expert
from facilitate.models.members import MemberStatus
from facilitate.models.quotas import QuotaValue
from tests import factories, factories_public


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


def states(assembly, stage):
    return {(item.state, item.endpoint) for item in checklist.checklist(assembly, stage)}


def texts(assembly, stage, state):
    return [i.text for i in checklist.checklist(assembly, stage) if i.state == state]


def test_prepare_items_follow_the_quotas(organiser):
    assembly = factories.assembly(organiser)
    assert (NEXT, "quotas.index") in states(assembly, "prepare")
    factories.quotas(assembly)
    assert (DONE, "quotas.index") in states(assembly, "prepare")
    assert (NEXT, "assemblies.show") in states(assembly, "prepare")  # open recruitment

    value = db.session.query(QuotaValue).first()
    value.min_seats, value.max_seats = 15, 2
    db.session.commit()
    blocked = texts(assembly, "prepare", BLOCKED)
    assert blocked and all("Quotas infeasible" in text for text in blocked)
    assert (NEXT, "assemblies.show") not in states(assembly, "prepare")

    value.min_seats, value.max_seats = 9, 11
    db.session.commit()
    assert not texts(assembly, "prepare", BLOCKED)


def test_unconfirmed_members_block_selection_until_they_confirm(organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.SELECTING, panel_size=3)
    factories.quotas(assembly, {"gender": [("any", 100.0, 0, 3)]})
    assert texts(assembly, "select", NEXT)[0] == "Draw the panel."
    factories.seat_panel(assembly)
    assert "Add 3 drawn people to the members list." in texts(assembly, "select", NEXT)
    added = members.add_members(assembly)
    db.session.commit()
    assert texts(assembly, "select", BLOCKED) == ["3 of 3 members have not confirmed."]
    assert "Start the sittings." not in texts(assembly, "select", NEXT)
    for member in added:
        member.status = MemberStatus.CONFIRMED
    db.session.commit()
    assert not texts(assembly, "select", BLOCKED)
    assert "Start the sittings." in texts(assembly, "select", NEXT)
    assert "Every member has confirmed." in texts(assembly, "select", DONE)


def test_expert_without_interests_blocks_the_sittings(organiser):
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    expert = Expert(assembly_id=assembly.id, name="Dr Who", perspective="academic")
    db.session.add(expert)
    db.session.commit()
    assert texts(assembly, "sit", BLOCKED) == ["1 expert has not declared their interests."]
    expert.interests_funding = expert.interests_employment = expert.interests_advocacy = "none"
    db.session.commit()
    assert not texts(assembly, "sit", BLOCKED)


def test_overdue_answers_block_the_follow_up(organiser):
    assembly = factories_public.published_assembly(organiser=organiser, recommendations=4)
    assembly.handover_on = date.today() - timedelta(days=assembly.response_due_days + 1)
    db.session.commit()
    assert texts(assembly, "publish", BLOCKED) == ["The answer to 1 recommendation is overdue."]
    assembly.handover_on = date.today()
    db.session.commit()
    assert not texts(assembly, "publish", BLOCKED)
    assert texts(assembly, "publish", NEXT) == [
        "Record the authority's answer to 1 recommendation."
    ]


def test_stage_page_links_blockers_to_where_they_are_fixed(client, login, organiser):
    assembly = factories.assembly(organiser, slug="quota-trouble")
    factories.quotas(assembly, {"gender": [("female", 50.0, 30, 2)]})
    login(organiser)
    page = client.get("/assemblies/quota-trouble/stage/prepare")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="check-blocked"' in html
    blocked = html[html.index('class="check-blocked"') :]
    assert blocked.index('href="/assemblies/quota-trouble/quotas') < blocked.index("</li>")
    # the stage's own pages are listed after the checklist
    assert 'href="/assemblies/quota-trouble/registration' in html or "Quotas" in html


def test_every_stage_page_renders(client, login, organiser):
    factories.assembly(organiser, slug="stages")
    login(organiser)
    for stage in ("prepare", "recruit", "select", "sit", "decide", "publish"):
        assert client.get(f"/assemblies/stages/stage/{stage}").status_code == 200, stage
    assert client.get("/assemblies/stages/stage/nonsense").status_code == 404


def test_only_organisers_see_stage_pages(client, login, organiser):
    assembly = factories.assembly(organiser, slug="mine")
    member = factories.user()
    factories.add_role(member, assembly, Role.MEMBER)
    login(member)
    assert client.get("/assemblies/mine/stage/prepare").status_code == 403


def test_another_assembly_is_404(client, login, organiser):
    factories.assembly(organiser, slug="mine")
    factories.assembly(factories.user(can_organise=True), slug="theirs")
    login(organiser)
    assert client.get("/assemblies/theirs/stage/prepare").status_code in (403, 404)
    assert client.get("/assemblies/nobody/stage/prepare").status_code == 404


def test_dashboard_shows_stage_and_blockers(client, login, organiser):
    assembly = factories.assembly(organiser, slug="dash", status=AssemblyStatus.SITTING)
    db.session.add(Expert(assembly_id=assembly.id, name="Dr Who", perspective="academic"))
    db.session.commit()
    login(organiser)
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/assemblies/dash/stage/sit"' in html
    assert "1 expert has not declared their interests." in html
    assert 'href="/assemblies/dash/experts' in html


def test_navigation_groups_pages_by_stage(client, login, organiser):
    factories.assembly(organiser, slug="nav")
    login(organiser)
    html = client.get("/assemblies/nav").get_data(as_text=True)
    stages = html[html.index('class="subnav-stages"') :]
    recruit = stages[stages.index("/stage/recruit") : stages.index("/stage/select")]
    assert "/assemblies/nav/pool" in recruit and "/assemblies/nav/letters" in recruit


def test_dangerous_button_asks_first_without_javascript(app):
    with app.test_request_context():
        macro = app.jinja_env.get_template("_macros.html").module.post_button
        html = str(
            macro(
                "/x",
                "Close",
                danger="Members can no longer vote. It cannot be undone.",
                fields={"to_status": "closed"},
            )
        )
        plain = str(macro("/x", "Save"))
    assert "<details" in html and "button-danger" in html
    # The only submit button sits after the explanation, inside the opened confirmation.
    assert html.count('type="submit"') == 1
    assert html.index("<summary") < html.index("cannot be undone") < html.index('type="submit"')
    assert 'name="to_status" value="closed"' in html and 'name="csrf_token"' in html
    assert "<details" not in plain and "button-danger" not in plain


def test_letters_are_offered_until_some_are_sent(organiser):
    assembly = factories.assembly(organiser, slug="letters", status=AssemblyStatus.RECRUITING)
    assert "Draw the addresses and send the invitation letters." in texts(assembly, "recruit", NEXT)
    factories.letters(assembly, 2)
    db.session.commit()
    assert "2 invitation letters sent." in texts(assembly, "recruit", DONE)
    assert not any("letters" in text for text in texts(assembly, "recruit", NEXT))


def test_unpaid_allowances_are_the_next_step_until_paid(organiser):
    from datetime import UTC, datetime

    from facilitate.models import Member, Sitting
    from facilitate.models.sittings import Attendance

    assembly = factories.assembly(organiser, slug="pay", status=AssemblyStatus.SITTING)
    seat = factories.seat_panel(assembly, size=1)[0]
    member = Member(
        assembly_id=assembly.id,
        seat_id=seat.id,
        registrant_id=seat.registrant_id,
        status=MemberStatus.CONFIRMED,
        calendar_token="feed-pay",
    )
    start = datetime.now(UTC)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="Weekend",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        allowance_cents=4000,
    )
    db.session.add_all([member, sitting])
    db.session.flush()
    db.session.add(Attendance(sitting_id=sitting.id, member_id=member.id))
    db.session.commit()
    owed = [t for t in texts(assembly, "sit", NEXT) if t.startswith("Pay the allowances")]
    assert owed == ["Pay the allowances still owed: €40.00."]
    assert ("next", "sittings.allowances_index") in states(assembly, "sit")


def test_a_published_assembly_points_to_its_printable_report(organiser):
    assembly = factories_public.published_assembly(organiser=organiser, recommendations=1)
    assert "The public report is ready to print." in texts(assembly, "publish", DONE)
    assert ("done", "public.report") in states(assembly, "publish")
    draft = factories.assembly(organiser, slug="not-yet")
    assert ("done", "public.report") not in states(draft, "publish")


def test_translations_block_the_decision_stage_until_current(organiser):
    from facilitate.languages import services as translations

    def language_items(state):
        found = checklist.checklist(assembly, "decide")
        return [i.text for i in found if i.state == state and i.endpoint == "languages.index"]

    assembly = factories.assembly(organiser, slug="zwei", status=AssemblyStatus.VOTING)
    assembly.language, assembly.remit = "de", "Wie weiter?"
    assembly.working_languages = ["de", "fr"]
    db.session.commit()
    assert "Working languages: Deutsch, Français; Deutsch is authoritative." in texts(
        assembly, "prepare", DONE
    )
    assert language_items(BLOCKED) == ["1 language version is missing, outdated or still a draft."]
    source = translations.remit_source(assembly)
    translations.save(assembly, source, "fr", "Et maintenant ?", current=True, actor=organiser)
    db.session.commit()
    assert not language_items(BLOCKED)
    assert language_items(DONE) == ["Every text is current in every working language."]
    assembly.remit = "Wie weiter mit den Schulen?"  # the source changes: French is outdated
    db.session.commit()
    assert language_items(BLOCKED) == ["1 language version is missing, outdated or still a draft."]


def test_a_single_language_assembly_has_no_translation_items(organiser):
    assembly = factories.assembly(organiser, slug="eins", status=AssemblyStatus.VOTING)
    assert "languages.index" not in {endpoint for _state, endpoint in states(assembly, "decide")}
