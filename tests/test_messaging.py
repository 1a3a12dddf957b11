"""Organisers write to people: segments, previews, merge fields, one send per click, reminders."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.members.services import add_members
from facilitate.messaging import mailings, reminders, services
from facilitate.models import AssemblyStatus, MemberStatus, OutboxMessage, Sitting
from facilitate.models.messages import Mailing
from tests import factories, mailbox
from tests.concurrency import at_once


@pytest.fixture
def panel(app):
    """An assembly with five drawn people: two confirmed, two not answered, one without e-mail."""
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(
        factories.assembly(organiser, slug="eupen", status=AssemblyStatus.SITTING)
    )
    seats = factories.seat_panel(assembly, size=5)
    members = add_members(assembly)
    statuses = [
        MemberStatus.CONFIRMED,
        MemberStatus.CONFIRMED,
        MemberStatus.CONTACTED,
        MemberStatus.CONTACTED,
        MemberStatus.SELECTED,
    ]
    for member, status in zip(members, statuses, strict=True):
        member.status = status
        member.invited_at = datetime.now(UTC) - timedelta(days=1)
    members[0].registrant.first_name = "Rita"
    members[2].registrant.first_name = "Hugo"
    members[4].registrant.email = ""
    members[4].registrant.first_name = "Noemail"
    members[4].registrant.phone = "+32 87 000000"
    db.session.commit()
    assert len(seats) == 5
    return organiser, assembly, members


def _outbox(**filters) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).filter_by(**filters)))


def test_a_preview_shows_one_real_recipient_the_count_and_who_cannot_be_reached(
    client, login, panel
):
    organiser, assembly, members = panel
    login(organiser)
    response = client.post(
        "/assemblies/eupen/messages/new",
        data={
            "segment": "drawn_unanswered",
            "subject": "Please answer, {first_name}",
            "body": "Dear {first_name}, we wait for your answer to {assembly}.",
            "nonce": "n-preview",
            "preview": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 people" in page  # Hugo and his neighbour; the one without e-mail is listed apart
    assert "Dear Hugo, we wait for your answer to" in page
    assert "Noemail" in page and "+32 87 000000" in page
    assert _outbox() == [] and db.session.scalar(select(func.count(Mailing.id))) == 0


def test_sending_queues_one_filled_message_per_person_and_a_second_click_sends_nothing(
    client, login, panel
):
    organiser, assembly, members = panel
    login(organiser)
    form = {
        "segment": "members",
        "subject": "See you soon, {first_name}",
        "body": "Hello {name}.",
        "nonce": "n-send",
        "send": "",
    }
    first = client.post("/assemblies/eupen/messages/new", data=form)
    second = client.post("/assemblies/eupen/messages/new", data=form)
    assert first.status_code == second.status_code == 302
    sent = _outbox(assembly_id=assembly.id)
    assert len(sent) == 2
    assert {m.recipient for m in sent} == {members[0].registrant.email, members[1].registrant.email}
    assert "See you soon, Rita" in {m.subject for m in sent}
    assert "Hello Rita " in mailbox.last_body(members[0].registrant.email)
    mailing = db.session.scalar(select(Mailing))
    assert (mailing.recipients, mailing.unreachable) == (2, 0)
    assert {m.mailing_id for m in sent} == {mailing.id}


def test_two_clicks_at_once_send_once(app, panel):
    organiser, assembly, _members = panel

    def send():
        from facilitate.models import Assembly, User

        mailings.send_mailing(
            db.session.get(Assembly, assembly.id),
            "members",
            {"en": ("Hi", "Hello {first_name}")},
            "same-nonce",
            db.session.get(User, organiser.id),
        )
        db.session.commit()

    errors = at_once(app, send, [(), ()])
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Mailing.id))) == 1
    assert len(_outbox()) == 2
    # The loser of the race hit the unique nonce; nothing it wrote was kept.
    assert len(errors) <= 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Dear {frist_name}", "unknown field: {frist_name}"),
        ("Dear {first_name.__class__}", "malformed field"),
        ("Dear {first_name!r}", "malformed field"),
        ("Your link: {link}", "exists only in invitations"),
        ("See you on {next_sitting}", "has no value for 2 of 2 recipients"),
    ],
)
def test_bad_merge_fields_are_refused_before_anything_is_sent(client, login, panel, body, reason):
    organiser, _assembly, _members = panel
    login(organiser)
    response = client.post(
        "/assemblies/eupen/messages/new",
        data={"segment": "members", "subject": "Hi", "body": body, "nonce": "n1", "send": ""},
    )
    assert reason in response.get_data(as_text=True)
    assert _outbox() == [] and db.session.scalar(select(func.count(Mailing.id))) == 0


def test_a_segment_of_another_assembly_is_refused(client, login, panel):
    organiser, _assembly, _members = panel
    other = factories.assembly(factories.user(can_organise=True), slug="other")
    place = Sitting(
        assembly_id=other.id,
        title="Theirs",
        starts_at=datetime(2027, 1, 1, 9, tzinfo=UTC),
        ends_at=datetime(2027, 1, 1, 17, tzinfo=UTC),
    )
    db.session.add(place)
    db.session.commit()
    login(organiser)
    response = client.post(
        "/assemblies/eupen/messages/new",
        data={"segment": f"table:{place.id}:1", "subject": "Hi", "body": "Hi", "nonce": "x"},
    )
    assert "Not a valid choice" in response.get_data(as_text=True)
    with pytest.raises(services.MessagingRefused):
        mailings.send_mailing(
            _assembly, f"table:{place.id}:1", {"en": ("Hi", "Hi")}, "y", organiser
        )


def test_templates_are_kept_per_language_and_an_invitation_needs_its_link(client, login, panel):
    organiser, assembly, _members = panel
    login(organiser)
    refused = client.post(
        "/assemblies/eupen/messages/templates/invitation?language=de",
        data={"subject": "Ausgelost", "body": "Hallo {first_name}"},
    )
    assert "{link}" in refused.get_data(as_text=True)
    saved = client.post(
        "/assemblies/eupen/messages/templates/thank_you?language=de",
        data={"subject": "Danke, {first_name}", "body": "Danke für {assembly}."},
    )
    assert saved.status_code == 302
    assert services.template_text(assembly, "thank_you", "de")[:2] == (
        "Danke, {first_name}",
        "Danke für {assembly}.",
    )
    # English keeps the built-in wording.
    subject, _body, customised = services.template_text(assembly, "thank_you", "en")
    assert not customised and "{assembly}" in subject


def test_replies_go_to_the_assemblys_address(app, client, login, panel):
    organiser, _assembly, members = panel
    login(organiser)
    client.post(
        "/assemblies/eupen/messages/settings",
        data={
            "reply_to": "secretariat@eupen.example",
            "reply_within_days": 14,
            "sitting_reminder_days": 3,
            "reply_reminder_days": 3,
        },
    )
    with mailbox.smtp_server() as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, JOBS_MODE="inline")
        client.post(
            "/assemblies/eupen/messages/new",
            data={"segment": "members", "subject": "Hi", "body": "Hello", "nonce": "r", "send": ""},
        )
    assert len(server.messages) == 2
    assert {m["Reply-To"] for m in server.messages} == {"secretariat@eupen.example"}


def _sitting(assembly, starts_at):
    made = Sitting(
        assembly_id=assembly.id,
        title="Weekend",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6),
        place="Parliament, Eupen",
    )
    db.session.add(made)
    db.session.commit()
    return made


def test_a_sitting_reminder_goes_to_each_member_once(app, panel):
    _organiser, assembly, members = panel
    now = datetime(2027, 3, 1, 8, tzinfo=UTC)
    _sitting(assembly, now + timedelta(days=2))
    _sitting(assembly, now + timedelta(days=10))  # too far ahead: not yet
    assert reminders.send_due_reminders(now) == 2
    db.session.commit()
    assert reminders.send_due_reminders(now + timedelta(hours=1)) == 0
    db.session.commit()
    sent = _outbox()
    assert sorted(m.recipient for m in sent) == sorted(m.registrant.email for m in members[:2])
    assert "Parliament, Eupen" in mailbox.last_body(members[0].registrant.email)


def test_two_reminder_runs_at_once_send_each_reminder_once(app, panel):
    _organiser, assembly, _members = panel
    now = datetime(2027, 3, 1, 8, tzinfo=UTC)
    _sitting(assembly, now + timedelta(days=1))

    def run():
        reminders.send_due_reminders(now)
        db.session.commit()

    at_once(app, run, [(), (), ()])
    db.session.expire_all()
    assert len(_outbox()) == 2


def test_the_drawn_are_reminded_before_their_reply_deadline(app, panel):
    _organiser, assembly, members = panel
    invited = datetime(2027, 3, 1, 8, tzinfo=UTC)
    for member in members:
        member.invited_at = invited
    db.session.commit()
    assert reminders.send_due_reminders(invited + timedelta(days=5)) == 0  # deadline far off
    assert reminders.send_due_reminders(invited + timedelta(days=12)) == 2  # Hugo and one more
    db.session.commit()
    assert reminders.send_due_reminders(invited + timedelta(days=13)) == 0
    assert reminders.send_due_reminders(invited + timedelta(days=20)) == 0  # deadline passed
    body = mailbox.last_body(members[2].registrant.email)
    assert "Hugo" in body and "2027" in body


def test_the_remind_command_says_how_many(app, runner, panel):
    _organiser, assembly, _members = panel
    _sitting(assembly, datetime.now(UTC) + timedelta(days=1))
    result = runner.invoke(args=["messages", "remind"])
    assert result.exit_code == 0, result.output
    assert "queued 2 reminders" in result.output


def test_a_bounced_invitation_flags_the_member_for_a_phone_call(app, client, login, panel):
    organiser, _assembly, members = panel
    hugo = members[2]
    with mailbox.smtp_server() as server:
        server.refuse[hugo.registrant.email] = "550 5.1.1 No such mailbox"
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, JOBS_MODE="inline")
        login(organiser)
        client.post(
            "/assemblies/eupen/messages/new",
            data={
                "segment": "drawn_unanswered",
                "subject": "Hi",
                "body": "Hello {first_name}",
                "nonce": "b",
                "send": "",
            },
        )
    index = client.get("/assemblies/eupen/members/").get_data(as_text=True)
    assert index.count("E-mail bounced: phone them") == 1
    page = client.get(f"/assemblies/eupen/members/{hugo.id}").get_data(as_text=True)
    assert "E-mail bounced: phone them" in page and "No such mailbox" in page
    other = client.get(f"/assemblies/eupen/members/{members[3].id}").get_data(as_text=True)
    assert "E-mail bounced" not in other
    sent = client.get("/assemblies/eupen/messages/").get_data(as_text=True)
    assert 'badge-declined">1</a>' in sent  # one failed, shown with the mailing


def test_the_council_and_its_alumni_are_segments_of_a_convened_assembly(app, panel):
    """Past members who opted in hear the council's call; the sitting council can be written to."""
    from datetime import date

    from facilitate.messaging import segments
    from facilitate.models.council import (
        CandidateSource,
        Council,
        CouncilAssembly,
        CouncilCandidate,
    )

    _organiser, assembly, _members = panel
    assert "alumni" not in dict(segments.choices(assembly))
    council = Council(slug="rat", name="Rat", quota_rules={})
    db.session.add(council)
    db.session.flush()
    db.session.add(
        CouncilAssembly(council_id=council.id, assembly_id=assembly.id, convened_on=date.today())
    )
    for name, email, withdrawn in (
        ("Ada Alumna", "ada@example.org", None),
        ("Bo Gone", "bo@example.org", date(2026, 1, 1)),
    ):
        db.session.add(
            CouncilCandidate(
                council_id=council.id,
                name=name,
                email=email,
                source=CandidateSource.ASSEMBLY,
                source_assembly_id=assembly.id,
                opted_in_on=date(2025, 6, 1),
                withdrawn_on=withdrawn,
            )
        )
    db.session.commit()
    offered = dict(segments.choices(assembly))
    assert "alumni" in offered and "council" in offered
    reachable, _none = segments.people(assembly, "alumni")
    assert [(r.first_name, r.email) for r in reachable] == [("Ada", "ada@example.org")]
    subject, body, _custom = services.template_text(assembly, "council_call", "en")
    ready = mailings.prepare(assembly, "alumni", {"en": (subject, body)}, datetime.now(UTC))
    preview = ready["previews"][0]
    assert "/council/rat" in preview["body"] and "Dear Ada" in preview["body"]
