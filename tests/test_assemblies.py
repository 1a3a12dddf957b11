"""Creating assemblies, editing settings, and the status lifecycle."""

import pytest

from facilitate.assemblies import services
from facilitate.assemblies.lifecycle import TRANSITIONS, refusal_reasons
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, Membership, Role, StatusChange
from tests import factories, mailbox

FORM = {
    "title": "Climate assembly",
    "slug": "climate-2030",
    "remit": "How do we reach net zero?",
    "description": "Some **words**",
    "language": "de",
    "panel_size": "40",
    "recruitment_opens_on": "2030-01-01",
    "recruitment_closes_on": "2030-02-01",
    "registrations_per_code": "1",
    "minimum_age": "16",
    "privacy_notice_version": "1",
}


def test_organiser_creates_an_assembly(client, login):
    organiser = factories.user(can_organise=True)
    login(organiser)
    response = client.post("/assemblies/new", data=FORM)
    assert response.status_code == 302
    assembly = db.session.scalar(db.select(Assembly).filter_by(slug="climate-2030"))
    assert assembly.status is AssemblyStatus.DRAFT and assembly.panel_size == 40
    assert assembly.language == "de"
    membership = db.session.scalar(db.select(Membership).filter_by(assembly_id=assembly.id))
    assert membership.user_id == organiser.id and membership.role is Role.ORGANISER
    change = db.session.scalar(db.select(StatusChange).filter_by(assembly_id=assembly.id))
    assert change.to_status is AssemblyStatus.DRAFT and change.changed_by_id == organiser.id


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("slug", "Has Spaces", "lower-case letters"),
        ("slug", "ab", "between 3 and 80"),
        ("panel_size", "1", "between 2 and 1000"),
        ("panel_size", "many", "Not a valid integer"),
        ("title", "", "required"),
        ("recruitment_closes_on", "2029-12-01", "before"),
    ],
)
def test_bad_settings_are_explained_and_nothing_is_saved(client, login, field, value, message):
    login(factories.user(can_organise=True))
    response = client.post("/assemblies/new", data={**FORM, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assembly.id))) == 0


def test_slug_must_be_unique(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="climate-2030")
    login(organiser)
    response = client.post("/assemblies/new", data=FORM)
    assert "already uses this address" in response.get_data(as_text=True)


def test_members_cannot_create_assemblies(client, login):
    login(factories.user())
    assert client.get("/assemblies/new").status_code == 403


def test_edit_settings_keeps_slug(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="water-2030")
    login(organiser)
    data = {**FORM, "slug": "water-2030", "title": "Water", "language": "en"}
    assert client.post("/assemblies/water-2030/edit", data=data).status_code == 302
    assert db.session.get(Assembly, assembly.id).title == "Water"
    response = client.post("/assemblies/water-2030/edit", data={**data, "slug": "other"})
    assert "cannot be changed" in response.get_data(as_text=True)


def test_panel_size_locked_after_selection_starts(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="locked", status=AssemblyStatus.SELECTING)
    login(organiser)
    client.post("/assemblies/locked/edit", data={**FORM, "slug": "locked", "panel_size": "99"})
    assert db.session.get(Assembly, assembly.id).panel_size == 20


def test_description_markdown_is_sanitised(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(
        organiser,
        slug="xss",
        status=AssemblyStatus.RECRUITING,
        description="<script>alert(1)</script>[click](javascript:alert(2)) **ok**",
    )
    page = client.get("/a/xss").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "<strong>ok</strong>" in page


def _open_recruitment(client, slug):
    return client.post(
        f"/assemblies/{slug}/status", data={"to_status": "recruiting"}, follow_redirects=True
    )


def test_recruitment_refused_without_quotas(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="empty")
    login(organiser)
    page = _open_recruitment(client, "empty").get_data(as_text=True)
    assert "Add at least one quota category" in page
    assert db.session.get(Assembly, assembly.id).status is AssemblyStatus.DRAFT


def test_recruitment_refused_when_quotas_do_not_add_up(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="bad", panel_size=20)
    factories.quotas(assembly, {"age": [("young", None, 12, 15), ("old", None, 10, 15)]})
    login(organiser)
    page = _open_recruitment(client, "bad").get_data(as_text=True)
    assert "The minimums for age add up to 22 but there are 20 seats." in page
    assert db.session.get(Assembly, assembly.id).status is AssemblyStatus.DRAFT


def test_transition_is_recorded_with_who_and_when(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(factories.assembly(organiser, slug="good"))
    login(organiser)
    page = _open_recruitment(client, "good").get_data(as_text=True)
    assert "now “Recruiting”" in page
    change = db.session.scalars(
        db.select(StatusChange).filter_by(assembly_id=assembly.id).order_by(StatusChange.id.desc())
    ).first()
    assert (change.from_status, change.to_status) == (
        AssemblyStatus.DRAFT,
        AssemblyStatus.RECRUITING,
    )
    assert change.changed_by_id == organiser.id and change.changed_at is not None


def test_publishing_from_draft_is_refused(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="early")
    login(organiser)
    page = client.post(
        "/assemblies/early/status", data={"to_status": "published"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "cannot go from “Draft” to “Published”" in page
    assert db.session.get(Assembly, assembly.id).status is AssemblyStatus.DRAFT


def test_unknown_status_is_refused(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="odd")
    login(organiser)
    page = client.post("/assemblies/odd/status", data={"to_status": "party"}, follow_redirects=True)
    assert "Unknown stage" in page.get_data(as_text=True)


@pytest.mark.parametrize("status", list(AssemblyStatus))
def test_only_listed_transitions_are_allowed(app, status):
    assembly = factories.assembly(status=status)
    for target in AssemblyStatus:
        allowed = target in TRANSITIONS[status]
        reasons = refusal_reasons(assembly, target)
        if not allowed:
            assert reasons and "cannot go from" in reasons[0]


def test_whole_lifecycle_forward(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(factories.assembly(organiser))
    path = [
        AssemblyStatus.RECRUITING,
        AssemblyStatus.SELECTING,
        AssemblyStatus.SITTING,
        AssemblyStatus.VOTING,
        AssemblyStatus.PUBLISHED,
        AssemblyStatus.ANSWERED,
        AssemblyStatus.CLOSED,
    ]
    for status in path:
        if status is AssemblyStatus.SITTING:
            with pytest.raises(services.TransitionRefused, match="Draw the panel"):
                services.change_status(assembly, status, organiser)
            factories.seat_panel(assembly)
        if status is AssemblyStatus.PUBLISHED:
            with pytest.raises(services.TransitionRefused, match="ballot"):
                services.change_status(assembly, status, organiser)
            factories.closed_ballot_item(assembly)
        services.change_status(assembly, status, organiser)
    db.session.commit()
    assert [c.to_status for c in assembly.status_changes] == path
    with pytest.raises(services.TransitionRefused):
        services.change_status(assembly, AssemblyStatus.DRAFT, organiser)


def test_last_organiser_cannot_be_removed(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="team")
    membership = db.session.scalar(db.select(Membership).filter_by(assembly_id=assembly.id))
    login(organiser)
    page = client.post(f"/assemblies/team/team/{membership.id}/remove", follow_redirects=True)
    assert "at least one organiser" in page.get_data(as_text=True)
    assert db.session.get(Membership, membership.id) is not None


def test_organiser_invites_a_facilitator(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="team")
    login(organiser)
    page = client.post(
        "/assemblies/team/team",
        data={"email": "fac@example.org", "role": "facilitator"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "emailed to fac@example.org" in page and "/auth/invitation/" not in page
    assert "/auth/invitation/" in mailbox.last_body("fac@example.org")


def test_dashboard_lists_only_own_assemblies(client, login):
    mine = factories.user(can_organise=True)
    other = factories.user(can_organise=True)
    factories.assembly(mine, title="Mine")
    factories.assembly(other, title="Theirs")
    login(mine)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page


def test_public_home_lists_only_announced_assemblies(client):
    factories.assembly(title="Secret draft")
    factories.assembly(title="Open call", status=AssemblyStatus.RECRUITING)
    page = client.get("/").get_data(as_text=True)
    assert "Open call" in page and "Secret draft" not in page
    assert "No assemblies yet" not in page


def test_public_page_of_a_draft_is_404(client):
    factories.assembly(slug="hidden")
    assert client.get("/a/hidden").status_code == 404


def test_demo_seed_is_idempotent(runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0 and "organiser@example.org" in first.output
    second = runner.invoke(args=["demo", "seed"])
    assert "already there" in second.output
    # The climate, mobility and bilingual assemblies, and the standing council's two past ones.
    assert db.session.scalar(db.select(db.func.count(Assembly.id))) == 5
