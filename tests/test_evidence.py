"""Public submissions: the form, moderation, what each audience sees, campaigns and citations."""

import io
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from facilitate.evidence import campaigns, services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, OutboxMessage, RecommendationStatus, Role
from facilitate.models.evidence import (
    Campaign,
    Citation,
    Publication,
    RejectionReason,
    Submission,
    SubmissionStatus,
)
from tests import factories
from tests.worlds.deliberation import member, recommendation
from tests.worlds.evidence import PDF, open_submissions, submission


@pytest.fixture
def place():
    organiser = factories.user(can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    return {"assembly": assembly, "organiser": organiser}


def _form(**overrides):
    data = {
        "submitter_type": "individual",
        "name": "Rita Resident",
        "email": "rita@example.org",
        "text": "Old windows waste heat.",
        "publication": "named",
        "privacy": "y",
        "started": "",
        "website": "",
    }
    data.update(overrides)
    return data


def _post(client, assembly, **overrides):
    from facilitate.registration.guards import issue_started_token

    data = _form(**overrides)
    data["started"] = issue_started_token(assembly.id)
    if overrides.get("website"):
        data["website"] = overrides["website"]
    return client.post(
        f"/a/{assembly.slug}/evidence/submit", data=data, content_type="multipart/form-data"
    )


def _count():
    return db.session.scalar(select(func.count(Submission.id)))


# --- The public form ---------------------------------------------------------------------


def test_resident_submits_and_gets_an_acknowledgement(client, place):
    response = _post(client, place["assembly"], theme="Heating", stance="for")
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")
    made = db.session.scalar(select(Submission))
    assert made.status is SubmissionStatus.PENDING and made.number == 1
    assert made.theme == "Heating" and made.signature
    assert db.session.scalar(select(OutboxMessage)).recipient == "rita@example.org"


def test_organisation_declares_funding_and_lobbying(client, place):
    _post(
        client,
        place["assembly"],
        submitter_type="company",
        organisation="Heat Pumps Ltd",
        funding="Owned by Big Energy plc",
        lobbies="yes",
    )
    made = db.session.scalar(select(Submission))
    assert (made.organisation, made.funding, made.lobbies) == (
        "Heat Pumps Ltd",
        "Owned by Big Energy plc",
        True,
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"text": ""}, "Write your submission or attach a document."),
        ({"submitter_type": "organisation"}, "Give the name of the organisation"),
        ({"publication": ""}, "Please choose whether we may publish it."),
        ({"privacy": ""}, "Please agree so that we can consider"),
    ],
)
def test_incomplete_submissions_are_refused_and_change_nothing(client, place, overrides, message):
    response = _post(client, place["assembly"], **overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count() == 0


def test_the_honeypot_keeps_bots_out(client, place):
    assert _post(client, place["assembly"], website="http://spam.example").status_code == 400
    assert _count() == 0


def test_closed_assembly_takes_nothing(client, place):
    services.update_settings(place["assembly"], False, None, "")
    db.session.commit()
    response = _post(client, place["assembly"])
    assert b"not taking submissions" in response.data and _count() == 0


def test_draft_assembly_has_no_form(client):
    draft = factories.assembly(slug="draft-one")
    open_submissions(draft)
    assert client.get("/a/draft-one/evidence/submit").status_code == 404


def test_documents_are_checked_by_content_and_kept_in_the_database(client, place, app):
    assembly = place["assembly"]
    fake = _post(client, assembly, document=(io.BytesIO(b"MZ\x90\x00binary"), "report.pdf"))
    assert fake.status_code == 422 and b"does not match its name" in fake.data
    exe = _post(client, assembly, document=(io.BytesIO(b"MZ"), "run.exe"))
    assert exe.status_code == 422 and b"must be PDF" in exe.data
    app.config["EVIDENCE_MAX_BYTES"] = 100
    big = _post(client, assembly, document=(io.BytesIO(PDF + b"x" * 200), "big.pdf"))
    assert big.status_code == 422 and b"too large" in big.data
    assert _count() == 0
    app.config["EVIDENCE_MAX_BYTES"] = 10_000
    ok = _post(client, assembly, text="", document=(io.BytesIO(PDF), "study.pdf"))
    assert ok.status_code == 302
    made = db.session.scalar(select(Submission))
    assert made.content == PDF and made.content_type == "application/pdf"


# --- Moderation ---------------------------------------------------------------------------


def _moderate(client, made, action, **data):
    return client.post(
        f"/assemblies/{made.assembly.slug if hasattr(made, 'assembly') else 'heat'}"
        f"/evidence/{made.id}/moderate",
        data={"action": action, **data},
    )


def test_moderation_states_and_reasons(client, login, place):
    made = submission(place["assembly"])
    login(place["organiser"])
    _moderate(client, made, "reject")
    db.session.refresh(made)
    assert made.status is SubmissionStatus.PENDING, "a rejection needs a reason"
    _moderate(client, made, "publish")
    db.session.refresh(made)
    assert made.published_at is None, "only accepted submissions are published"
    _moderate(client, made, "accept")
    _moderate(client, made, "publish")
    db.session.refresh(made)
    assert made.status is SubmissionStatus.ACCEPTED and made.published_at is not None
    _moderate(client, made, "reject", reason="spam", note="Sent 400 times")
    db.session.refresh(made)
    assert made.status is SubmissionStatus.REJECTED and made.reason is RejectionReason.SPAM
    assert made.published_at is None and made.moderation_note == "Sent 400 times"
    _moderate(client, made, "reopen")
    db.session.refresh(made)
    assert made.status is SubmissionStatus.PENDING and made.reason is None


def test_duplicates_point_to_the_submission_they_repeat(client, login, place):
    first = submission(place["assembly"])
    again = submission(place["assembly"])
    login(place["organiser"])
    _moderate(client, again, "duplicate")
    db.session.refresh(again)
    assert again.status is SubmissionStatus.PENDING
    _moderate(client, again, "duplicate", duplicate_of=str(again.number))
    db.session.refresh(again)
    assert again.status is SubmissionStatus.PENDING, "not a duplicate of itself"
    _moderate(client, again, "duplicate", duplicate_of=str(first.number))
    db.session.refresh(again)
    assert again.status is SubmissionStatus.DUPLICATE and again.duplicate_of_id == first.id


def test_private_submissions_are_never_published(client, login, place):
    made = submission(place["assembly"], publication="private", status=SubmissionStatus.ACCEPTED)
    login(place["organiser"])
    response = _moderate(client, made, "publish")
    assert response.status_code == 302
    db.session.refresh(made)
    assert made.published_at is None


def test_rejections_are_counted_publicly_by_reason(client, place):
    assembly = place["assembly"]
    for reason in ("spam", "spam", "abusive"):
        made = submission(assembly, status=SubmissionStatus.REJECTED)
        made.reason = RejectionReason(reason)
    submission(assembly, status=SubmissionStatus.DUPLICATE)
    db.session.commit()
    page = client.get("/a/heat/evidence").get_data(as_text=True)
    assert "Spam or automated</td><td>2" in page
    assert "Abusive or discriminatory</td><td>1" in page
    assert "<strong>4</strong>received" in page
    assert "<strong>1</strong>duplicates" in page


# --- What each audience sees ----------------------------------------------------------------


def test_public_sees_only_what_submitters_consented_to(client, place):
    assembly = place["assembly"]
    named = submission(
        assembly, text="Named text", name="Nora Named", email="nora@example.org",
        status=SubmissionStatus.ACCEPTED, published=True,
    )  # fmt: skip
    anonymous = submission(
        assembly, text="Anonymous text", name="Zed Secretname", email="zed@example.org",
        publication="anonymous", status=SubmissionStatus.ACCEPTED, published=True,
        submitter_type="organisation", organisation="Hidden Org", funding="Secret Donor",
    )  # fmt: skip
    private = submission(
        assembly, text="Private text", name="Paula Private", publication="private",
        status=SubmissionStatus.ACCEPTED,
    )  # fmt: skip
    pending = submission(assembly, text="Pending text", name="Pete Pending", published=False)
    listing = client.get("/a/heat/evidence").get_data(as_text=True)
    assert "Named text" in listing and "Nora Named" in listing
    assert "Anonymous text" in listing
    for secret in ("Zed Secretname", "Hidden Org", "Secret Donor", "Private text",
                   "Paula Private", "Pending text", "Pete Pending", "@example.org"):  # fmt: skip
        assert secret not in listing
    shown = client.get(f"/a/heat/evidence/{anonymous.number}").get_data(as_text=True)
    assert "Anonymous text" in shown and "not named at their request" in shown
    assert "Zed Secretname" not in shown and "Hidden Org" not in shown
    assert "Secret Donor" not in shown
    assert client.get(f"/a/heat/evidence/{private.number}").status_code == 404
    assert client.get(f"/a/heat/evidence/{pending.number}").status_code == 404
    assert "Named text" in client.get(f"/a/heat/evidence/{named.number}").get_data(as_text=True)
    # Nobody finds an anonymous submission by its author's name.
    found = client.get("/a/heat/evidence?q=Secretname").get_data(as_text=True)
    assert "Anonymous text" not in found
    assert "Hidden Org" not in client.get("/a/heat/lobbying").get_data(as_text=True)
    assert client.get("/a/heat/lobbying/organisation?name=Hidden+Org").status_code == 404


def test_documents_of_unpublished_submissions_stay_private(client, place):
    made = submission(
        place["assembly"], status=SubmissionStatus.ACCEPTED,
        document=("study.pdf", "application/pdf", PDF),
    )  # fmt: skip
    assert client.get(f"/a/heat/evidence/{made.number}/document").status_code == 404
    made.published_at = made.created_at
    db.session.commit()
    response = client.get(f"/a/heat/evidence/{made.number}/document")
    assert response.data == PDF and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_members_see_accepted_submissions_without_contact_details(client, login, place):
    assembly = place["assembly"]
    user, _member = member(assembly)
    accepted = submission(
        assembly, text="Accepted text", email="hidden@example.org", name="Anna Anon",
        publication="anonymous", status=SubmissionStatus.ACCEPTED,
    )  # fmt: skip
    pending = submission(assembly, text="Pending text")
    login(user)
    page = client.get("/assemblies/heat/evidence/").get_data(as_text=True)
    assert "Accepted text" in page and "Pending text" not in page
    shown = client.get(f"/assemblies/heat/evidence/{accepted.id}").get_data(as_text=True)
    assert "hidden@example.org" not in shown and "Anna Anon" not in shown
    assert client.get(f"/assemblies/heat/evidence/{pending.id}").status_code == 404


def test_members_filter_by_type_stance_and_theme(client, login, place):
    assembly = place["assembly"]
    user, _member = member(assembly)
    submission(assembly, text="Heat pump view", theme="Heating", stance="for",
               status=SubmissionStatus.ACCEPTED)  # fmt: skip
    submission(assembly, text="Bus view", theme="Transport", stance="against",
               status=SubmissionStatus.ACCEPTED)  # fmt: skip
    login(user)
    page = client.get("/assemblies/heat/evidence/?theme=Heating&stance=for").get_data(as_text=True)
    assert "Heat pump view" in page and "Bus view" not in page
    page = client.get("/assemblies/heat/evidence/?q=bus").get_data(as_text=True)
    assert "Bus view" in page and "Heat pump view" not in page


class _ScriptFinder(HTMLParser):
    """Collect every element or attribute that could run script."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed") or (
            tag == "script" and dict(attrs).get("src") is None
        ):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}]")


def _unsafe(page: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(page)
    return finder.found


XSS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">y</a>',
    "<iframe src=//evil.example></iframe>",
]


@pytest.mark.parametrize("payload", XSS)
def test_submitted_text_is_sanitised(client, login, place, payload):
    made = submission(
        place["assembly"], text=f"Hello {payload}", name=payload, submitter_type="organisation",
        organisation=payload, funding=payload, status=SubmissionStatus.ACCEPTED, published=True,
    )  # fmt: skip
    pages = [
        client.get("/a/heat/evidence").get_data(as_text=True),
        client.get(f"/a/heat/evidence/{made.number}").get_data(as_text=True),
    ]
    login(place["organiser"])
    pages.append(client.get(f"/assemblies/heat/evidence/{made.id}").get_data(as_text=True))
    pages.append(client.get("/assemblies/heat/evidence/").get_data(as_text=True))
    for page in pages:
        # The submission is on every page, so what is checked is how it is shown.
        assert "Hello" in page
        assert _unsafe(page) == []
        if payload.startswith("<"):
            assert payload not in page


# --- Campaigns ---------------------------------------------------------------------------


TEMPLATE = (
    "I am writing to ask the assembly to stop the new motorway. It will destroy the forest, "
    "increase traffic and pollute the air our children breathe. Please protect our town."
)


def test_near_identical_texts_are_grouped_as_one_campaign(client, login, place):
    assembly = place["assembly"]
    for i, signoff in enumerate(["Anna", "Ben Smith", "Chloé", "Dmitri K.", "Eve"]):
        submission(assembly, text=f"Dear assembly, {TEMPLATE} Yours, {signoff}", name=f"P{i}")
    submission(assembly, text="Heat pumps are cheaper to run than gas boilers over ten years.")
    submission(
        assembly, text="Our school's windows were replaced and heating bills fell by a third."
    )
    submission(assembly, text=TEMPLATE.replace("motorway", "bypass") + " Thanks")
    login(place["organiser"])
    client.post("/assemblies/heat/evidence/campaigns/detect")
    found = db.session.scalars(select(Campaign)).all()
    assert len(found) == 1
    grouped = db.session.scalars(select(Submission).filter_by(campaign_id=found[0].id)).all()
    assert len(grouped) == 6
    client.post("/assemblies/heat/evidence/campaigns/detect")
    assert db.session.scalar(select(func.count(Campaign.id))) == 1, "rerunning is stable"
    page = client.get("/assemblies/heat/evidence/campaigns").get_data(as_text=True)
    assert "6 submissions" in page
    # Accept and publish the whole campaign: the public sees it once, with its count.
    client.post(f"/assemblies/heat/evidence/campaigns/{found[0].id}", data={"action": "accept"})
    client.post(f"/assemblies/heat/evidence/campaigns/{found[0].id}", data={"action": "publish"})
    listing = client.get("/a/heat/evidence").get_data(as_text=True)
    assert listing.count("stop the new motorway") == 1
    assert "campaign of 6 near-identical submissions" in listing
    assert "6 submissions" in listing


def _campaign_of_three(assembly) -> Campaign:
    """Three near-identical submissions, grouped into one campaign."""
    for name in "ABC":
        submission(assembly, text=f"{TEMPLATE} {name}")
    services.group_campaigns(assembly)
    db.session.commit()
    return db.session.scalar(select(Campaign))


def test_campaign_rejected_all_at_once_needs_a_reason(client, login, place):
    campaign = _campaign_of_three(place["assembly"])
    login(place["organiser"])
    client.post(f"/assemblies/heat/evidence/campaigns/{campaign.id}", data={"action": "reject"})
    assert (
        db.session.scalar(
            select(func.count()).where(Submission.status == SubmissionStatus.REJECTED)
        )
        == 0
    )
    client.post(
        f"/assemblies/heat/evidence/campaigns/{campaign.id}",
        data={"action": "reject", "reason": "spam"},
    )
    assert (
        db.session.scalar(
            select(func.count()).where(Submission.status == SubmissionStatus.REJECTED)
        )
        == 3
    )


def test_a_refused_campaign_decision_keeps_nothing_it_decided(client, login, place):
    # The campaign's members are decided one after another; a withdrawn member refuses the
    # decision after the others were already changed, and none of those changes may be kept.
    campaign = _campaign_of_three(place["assembly"])
    members = db.session.scalars(select(Submission).filter_by(campaign_id=campaign.id)).all()
    assert len(members) == 3
    members[-1].status = SubmissionStatus.WITHDRAWN
    db.session.commit()
    login(place["organiser"])
    response = client.post(
        f"/assemblies/heat/evidence/campaigns/{campaign.id}", data={"action": "accept"}
    )
    assert response.status_code == 302
    assert response.location.endswith("/assemblies/heat/evidence/campaigns")
    db.session.expire_all()
    statuses = db.session.scalars(select(Submission.status).order_by(Submission.id)).all()
    assert statuses.count(SubmissionStatus.PENDING) == 2
    assert SubmissionStatus.ACCEPTED not in statuses
    assert db.session.scalar(select(func.count()).where(Submission.moderated_at.is_not(None))) == 0
    page = client.get("/assemblies/heat/evidence/campaigns").get_data(as_text=True)
    assert "The submitter withdrew it." in page


def test_minhash_is_deterministic_and_separates_different_texts():
    a = campaigns.signature(TEMPLATE + " Anna")
    assert a == campaigns.signature(TEMPLATE + " Anna")
    assert campaigns.decode(campaigns.encode(a)) == a
    assert campaigns.similarity(a, campaigns.signature(TEMPLATE.upper() + "!! Bob")) > 0.7
    assert campaigns.similarity(a, campaigns.signature("Something else entirely.")) < 0.2
    assert campaigns.signature("   ") == ()


# --- Citations and the trail ---------------------------------------------------------------


def test_member_cites_a_submission_and_the_public_sees_the_trail(client, login, place):
    assembly = place["assembly"]
    user, _member = member(assembly)
    rec = recommendation(assembly, author=user)
    shown = submission(assembly, text="Cited and public", name="Nora Named",
                       status=SubmissionStatus.ACCEPTED, published=True)  # fmt: skip
    hidden = submission(assembly, text="Cited but private", name="Paula Private",
                        publication="private", status=SubmissionStatus.ACCEPTED)  # fmt: skip
    pending = submission(assembly, text="Not yet moderated")
    login(user)
    for made in (shown, hidden):
        client.post(
            f"/assemblies/heat/evidence/{made.id}/cite",
            data={"target": f"r{rec.id}", "comment": "Informed the deadline"},
        )
    client.post(f"/assemblies/heat/evidence/{shown.id}/cite", data={"target": f"r{rec.id}"})
    assert db.session.scalar(select(func.count(Citation.id))) == 2, "no double citation"
    response = client.post(
        f"/assemblies/heat/evidence/recommendations/{rec.id}",
        data={"submission_number": pending.number},
    )
    assert response.status_code == 422 and b"No accepted submission" in response.data
    assert db.session.scalar(select(func.count(Citation.id))) == 2
    # Publish the recommendation; the public trail shows what it may.
    rec.status = RecommendationStatus.FINAL
    assembly.status = AssemblyStatus.PUBLISHED
    db.session.commit()
    trail = client.get(f"/a/heat/evidence/recommendations/{rec.number}").get_data(as_text=True)
    assert f"Submission {shown.number}" in trail and "Informed the deadline" in trail
    assert "1 submission whose author did not agree to publication" in trail
    assert "Cited but private" not in trail and "Paula Private" not in trail
    assert f"Submission {hidden.number}" not in trail


def test_trail_is_hidden_until_the_recommendation_is_public(client, place):
    rec = recommendation(place["assembly"])
    assert client.get(f"/a/heat/evidence/recommendations/{rec.number}").status_code == 404


def test_member_cites_a_submission_in_their_own_note_only(client, login, place):
    from facilitate.deliberation import note_services
    from tests.worlds.deliberation import sitting

    assembly = place["assembly"]
    user, _m = member(assembly)
    other, _o = member(assembly, factories.user(name="Other Member"))
    where = sitting(assembly)
    mine = note_services.write_note(where, user, "private", "Mine", None)
    theirs = note_services.write_note(where, other, "private", "Theirs", None)
    db.session.commit()
    made = submission(assembly, status=SubmissionStatus.ACCEPTED)
    login(user)
    client.post(f"/assemblies/heat/evidence/{made.id}/cite", data={"target": f"n{theirs.id}"})
    assert db.session.scalar(select(func.count(Citation.id))) == 0
    client.post(f"/assemblies/heat/evidence/{made.id}/cite", data={"target": f"n{mine.id}"})
    assert db.session.scalar(select(Citation.note_id)) == mine.id


def test_experts_may_not_cite(client, login, place):
    assembly = place["assembly"]
    expert = factories.user()
    factories.add_role(expert, assembly, Role.EXPERT)
    rec = recommendation(assembly)
    made = submission(assembly, status=SubmissionStatus.ACCEPTED)
    login(expert)
    response = client.post(
        f"/assemblies/heat/evidence/{made.id}/cite", data={"target": f"r{rec.id}"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Citation.id))) == 0


def test_only_the_author_or_an_organiser_removes_a_citation(app, client, login, place):
    assembly = place["assembly"]
    author, _a = member(assembly)
    other, _o = member(assembly, factories.user(name="Other Member"))
    rec = recommendation(assembly)
    made = submission(assembly, status=SubmissionStatus.ACCEPTED)
    citation = Citation(assembly_id=assembly.id, recommendation_id=rec.id,
                        submission_id=made.id, created_by_id=author.id)  # fmt: skip
    db.session.add(citation)
    db.session.commit()
    login(other)
    assert (
        client.post(f"/assemblies/heat/evidence/citations/{citation.id}/remove").status_code == 403
    )
    assert db.session.scalar(select(func.count(Citation.id))) == 1
    client = app.test_client()
    client.post("/auth/login", data={"email": author.email, "password": factories.PASSWORD})
    client.post(f"/assemblies/heat/evidence/citations/{citation.id}/remove")
    assert db.session.scalar(select(func.count(Citation.id))) == 0
    # The organiser removes a citation someone else made.
    again = Citation(assembly_id=assembly.id, recommendation_id=rec.id,
                     submission_id=made.id, created_by_id=author.id)  # fmt: skip
    db.session.add(again)
    db.session.commit()
    organiser = app.test_client()
    organiser.post(
        "/auth/login", data={"email": place["organiser"].email, "password": factories.PASSWORD}
    )
    organiser.post(f"/assemblies/heat/evidence/citations/{again.id}/remove")
    assert db.session.scalar(select(func.count(Citation.id))) == 0


def test_a_publication_choice_outside_the_three_is_refused(client, place):
    # Only named, anonymous or private may be recorded: anything else is refused, not guessed.
    response = _post(client, place["assembly"], publication="everyone")
    assert response.status_code == 422 and _count() == 0
    _post(client, place["assembly"], publication="private")
    assert db.session.scalar(select(Submission.publication)) is Publication.PRIVATE
