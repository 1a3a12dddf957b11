"""The audit log records what matters: every consequential route leaves an entry.

facilitate/audit/registry.py lists the routes; the unit of work refuses (in tests) a successful
request to one of them that wrote no entry. Here: the list covers every route whose name says
it publishes, draws, erases, answers, moderates, convenes or downloads, each download leaves
its entry, and a service that forgets its entry is caught.
"""

import re

import pytest
from sqlalchemy import select

from facilitate.audit.registry import ACTIONS, AUDITED, DOWNLOADS
from facilitate.extensions import db
from facilitate.models.audit import AuditEntry
from facilitate.unit_of_work import Unaudited
from tests import access_walk as walk
from tests import factories

#: What a consequential form's endpoint looks like (POST).
ACTION = re.compile(
    r"publish|close|open_ballot|erase|(^|\.|_)draw$|rotate|relax|replace|convene|mandate"
    r"|moderate|change_status|end_term|revoke|two_factor|backup_codes|^responses\.|^quotas\."
    r"|^assemblies\.(create|edit)$|^messaging\.compose$"
)
#: What a download's endpoint looks like (GET).
DOWNLOAD = re.compile(r"export|csv|print")
#: Routes whose names match but which hand out nothing personal or decide nothing, and why.
NOT_CONSEQUENTIAL = {
    "quotas.export_csv": "the quota table: rules, not people",
    "evidence.detect_campaigns": "groups submissions for moderation; decides nothing",
    "auth.second_factor": "signing in",
    "auth.two_factor_policy": "an admin setting, audited as admin.two_factor_required",
}


def _endpoints(app):
    return {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def test_the_registry_names_real_routes(app):
    assert set(_endpoints(app)) >= AUDITED, sorted(AUDITED - set(_endpoints(app)))


def test_every_route_that_publishes_draws_erases_or_downloads_is_registered(app):
    missing = sorted(
        f"{method} {endpoint}"
        for endpoint, rule in _endpoints(app).items()
        for method, pattern, listed in (("POST", ACTION, ACTIONS), ("GET", DOWNLOAD, DOWNLOADS))
        if method in rule.methods
        and pattern.search(endpoint)
        and endpoint not in listed
        and endpoint not in NOT_CONSEQUENTIAL
        and not endpoint.startswith(("api.", "public."))
    )
    assert not missing, f"consequential routes the audit registry does not list: {missing}"


@pytest.fixture
def world(app):
    return walk.build_world()


def test_every_download_of_personal_data_leaves_an_entry(app, world):
    """Each GET in the registry, opened by beta's organiser (or the admin), writes its entry."""
    rules = _endpoints(app)
    downloads = sorted(DOWNLOADS)
    assert len(downloads) >= 8
    for endpoint in downloads:
        person = world["admin"] if endpoint == "audit.all_csv" else world["org_b"]
        client = walk.signed_in(app, person)
        before = db.session.scalar(select(db.func.count(AuditEntry.seq)))
        response = client.get(walk.url(rules[endpoint], world["values"]))
        assert response.status_code == 200, endpoint
        db.session.expire_all()
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.seq > before).order_by(AuditEntry.seq)
        ).all()
        assert entries, f"{endpoint} handed out personal data without an audit entry"
        assert entries[-1].actor_id == person.id


def test_a_consequential_action_that_forgets_its_entry_is_caught(app, client, login, monkeypatch):
    """Mutation: the expert service stops recording; publishing an expert must now fail."""
    from facilitate.experts import services
    from facilitate.models.experts import Expert

    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="forgets")
    expert = Expert(
        assembly_id=assembly.id,
        name="Dr Heat",
        perspective="research",
        interests_funding="None",
        interests_employment="University",
        interests_advocacy="None",
    )
    db.session.add(expert)
    db.session.commit()
    login(organiser)
    address = f"/assemblies/forgets/experts/{expert.id}/publish"

    monkeypatch.setattr(services, "record_action", lambda *a, **k: None)
    with pytest.raises(Unaudited, match="experts.publish"):
        client.post(address)
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).published is False  # rolled back

    monkeypatch.undo()
    assert client.post(address).status_code == 302
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.action, entry.target) == ("expert.publish", f"expert:{expert.id}")
