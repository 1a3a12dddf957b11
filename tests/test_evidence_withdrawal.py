"""Submitters withdraw their submission through a private link: erased, hidden, still counted."""

import hashlib

import pytest
from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, RecommendationStatus
from facilitate.models.audit import AuditEntry
from facilitate.models.evidence import Citation, Submission, SubmissionStatus
from tests import factories, mailbox
from tests.test_evidence import _post
from tests.worlds.deliberation import member, recommendation
from tests.worlds.evidence import PDF, open_submissions, submission, submission_and_link

SECRETS = ("Old windows waste heat", "Rita Resident", "rita@example.org", "Warm Homes Now")


@pytest.fixture
def place():
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    return {"assembly": assembly, "organiser": organiser}


def _published(assembly):
    """A named, published organisation's submission with a document, and its link token."""
    return submission_and_link(
        assembly, text="Old windows waste heat", name="Rita Resident", email="rita@example.org",
        submitter_type="organisation", organisation="Warm Homes Now", funding="Members",
        theme="Heating", status=SubmissionStatus.ACCEPTED, published=True,
        document=("study.pdf", "application/pdf", PDF),
    )  # fmt: skip


def test_the_form_gives_a_private_link_once_and_by_email(client, place):
    response = _post(client, place["assembly"])
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    link = thanks.split('href="http://localhost/e/')[1].split('"')[0]
    made = db.session.scalar(select(Submission))
    # Only the hash is stored; the link is in the acknowledgement.
    assert made.manage_token_hash == hashlib.sha256(link.encode()).hexdigest()
    assert f"/e/{link}" in mailbox.last_body()
    assert "/e/" not in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/e/{link}").status_code == 200


def test_the_link_withdraws_and_erases_the_submission(client, place):
    made, token = _published(place["assembly"])
    number, created_at = made.number, made.created_at
    page = client.get(f"/e/{token}").get_data(as_text=True)
    assert "Accepted" in page and "Withdraw my submission" in page
    response = client.post(f"/e/{token}/withdraw")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/e/{token}")
    db.session.expire_all()
    row = db.session.get(Submission, made.id)
    assert row.status is SubmissionStatus.WITHDRAWN and row.withdrawn_at is not None
    assert (row.number, row.assembly_id, row.theme) == (number, place["assembly"].id, "Heating")
    assert row.created_at == created_at
    for erased in ("text", "name", "email", "organisation", "funding", "filename"):
        assert getattr(row, erased) == "", erased
    assert row.content is None and row.size == 0 and row.published_at is None
    entry = db.session.scalar(select(AuditEntry).filter_by(action="evidence.withdraw"))
    assert entry.target == f"submission:{number}" and entry.actor_email == ""
    logged = " ".join((entry.target, entry.before, entry.after))
    assert not any(secret in logged for secret in SECRETS)
    page = client.get(f"/e/{token}").get_data(as_text=True)
    assert "Withdrawn by the submitter" in page and "Withdraw my submission" not in page


def test_a_withdrawn_submission_leaves_every_public_page(client, place):
    made, token = _published(place["assembly"])
    assert "Old windows waste heat" in client.get("/a/heat/evidence").get_data(as_text=True)
    client.post(f"/e/{token}/withdraw")
    listing = client.get("/a/heat/evidence").get_data(as_text=True)
    assert not any(secret in listing for secret in SECRETS)
    assert "withdrawn by the submitter" in listing, "still counted"
    assert client.get(f"/a/heat/evidence/{made.number}").status_code == 404
    assert client.get(f"/a/heat/evidence/{made.number}/document").status_code == 404
    assert client.get("/a/heat/evidence?q=Warm").get_data(as_text=True).count("Warm Homes") == 0
    assert "Warm Homes Now" not in client.get("/a/heat/lobbying").get_data(as_text=True)
    assert client.get("/a/heat/lobbying/organisation?name=Warm+Homes+Now").status_code == 404


def test_organisers_see_it_as_withdrawn_and_cannot_moderate_it(client, login, place):
    made, token = _published(place["assembly"])
    client.post(f"/e/{token}/withdraw")
    login(place["organiser"])
    shown = client.get(f"/assemblies/heat/evidence/{made.id}").get_data(as_text=True)
    assert "Withdrawn by the submitter" in shown and "Old windows" not in shown
    assert 'value="accept"' not in shown
    client.post(f"/assemblies/heat/evidence/{made.id}/moderate", data={"action": "accept"})
    db.session.expire_all()
    assert db.session.get(Submission, made.id).status is SubmissionStatus.WITHDRAWN
    exported = client.get("/assemblies/heat/evidence/export.csv").get_data(as_text=True)
    assert "withdrawn" in exported
    assert not any(secret in exported for secret in SECRETS)


def test_citations_show_the_withdrawal_instead_of_the_content(client, login, place):
    assembly = place["assembly"]
    user, _member = member(assembly)
    rec = recommendation(assembly, author=user)
    made, token = _published(assembly)
    db.session.add(
        Citation(assembly_id=assembly.id, recommendation_id=rec.id, submission_id=made.id)
    )
    db.session.commit()
    client.post(f"/e/{token}/withdraw")
    login(user)
    page = client.get(f"/assemblies/heat/evidence/recommendations/{rec.id}")
    text = page.get_data(as_text=True)
    assert f"Submission {made.number} · Withdrawn by the submitter" in text
    assert f"/assemblies/heat/evidence/{made.id}" not in text
    rec.status = RecommendationStatus.FINAL
    assembly.status = AssemblyStatus.PUBLISHED
    db.session.commit()
    trail = client.get(f"/a/heat/evidence/recommendations/{rec.number}").get_data(as_text=True)
    assert "1 submission since withdrawn by the submitter" in trail
    assert f"Submission {made.number}" not in trail
    assert not any(secret in trail for secret in SECRETS)


def test_the_link_works_only_for_its_own_submission(client, place):
    mine, token = _published(place["assembly"])
    other = submission(place["assembly"], text="Someone else's")
    for url in ("/e/not-a-token", f"/e/{token}x"):
        assert client.get(url).status_code == 404
        assert client.post(f"{url}/withdraw").status_code == 404
    client.post(f"/e/{token}/withdraw")
    db.session.expire_all()
    assert db.session.get(Submission, other.id).status is SubmissionStatus.PENDING
    assert db.session.get(Submission, other.id).text == "Someone else's"
    assert db.session.get(Submission, mine.id).status is SubmissionStatus.WITHDRAWN


def test_withdrawing_twice_is_harmless(client, place):
    made, token = _published(place["assembly"])
    assert client.post(f"/e/{token}/withdraw").status_code == 302
    db.session.expire_all()
    first = db.session.get(Submission, made.id).withdrawn_at
    assert client.post(f"/e/{token}/withdraw").status_code == 302
    db.session.expire_all()
    row = db.session.get(Submission, made.id)
    assert row.status is SubmissionStatus.WITHDRAWN and row.withdrawn_at == first
    count = select(func.count(AuditEntry.id)).filter_by(action="evidence.withdraw")
    assert db.session.scalar(count) == 1
    assert client.get(f"/e/{token}").status_code == 200


@pytest.mark.csrf
def test_withdrawal_needs_the_csrf_token(client, place):
    made, token = _published(place["assembly"])
    assert client.post(f"/e/{token}/withdraw").status_code == 400
    db.session.expire_all()
    assert db.session.get(Submission, made.id).status is SubmissionStatus.ACCEPTED
    page = client.get(f"/e/{token}").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post(f"/e/{token}/withdraw", data={"csrf_token": csrf}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, made.id).status is SubmissionStatus.WITHDRAWN
