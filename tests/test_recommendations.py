"""Recommendations: drafting, amendments decided by table or plenary, diffs, merge, withdraw."""

import pytest

from facilitate.deliberation import diffs, services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Recommendation, RecommendationStatus, Role
from facilitate.models.base import utcnow
from tests import factories
from tests.worlds.deliberation import member, sitting


@pytest.fixture
def table(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    author, _s = member(assembly)
    other, _s = member(assembly)
    facilitator = factories.user()
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    return dict(
        assembly=assembly, organiser=organiser, author=author, other=other, facilitator=facilitator
    )


def test_draft_amend_accept_keeps_every_version(app, table, client, login):
    assembly = table["assembly"]
    place = sitting(assembly)
    login(table["author"])
    base = f"/assemblies/{assembly.slug}/recommendations"
    bad = client.post(base + "/new", data={"title": "", "text": ""})
    assert bad.status_code == 200 and db.session.query(Recommendation).count() == 0
    client.post(
        base + "/new",
        data={
            "title": "Insulate schools",
            "text": "All schools by 2030.",
            "table_number": 3,
            "sittings": [place.id],
            "evidence": "[report](https://example.org)",
        },
    )
    rec = db.session.scalar(db.select(Recommendation))
    assert rec.number == 1 and rec.table_number == 3 and rec.sittings == [place]
    amendment = services.propose_amendment(
        rec, table["other"], "Insulate schools", "All schools by 2028.", "", "Faster"
    )
    db.session.commit()
    login(table["other"])
    refused = client.post(
        f"{base}/{rec.id}/amendments/{amendment.id}", data={"decision": "accept", "body": "table"}
    )
    assert refused.status_code == 403 and amendment.status.value == "proposed"
    client = app.test_client()
    client.post(
        "/auth/login", data={"email": table["facilitator"].email, "password": factories.PASSWORD}
    )
    decided = client.post(
        f"{base}/{rec.id}/amendments/{amendment.id}", data={"decision": "accept", "body": "plenary"}
    )
    assert decided.status_code == 302
    db.session.expire_all()
    assert [v.number for v in rec.versions] == [1, 2]
    assert rec.current.text == "All schools by 2028."
    assert amendment.decided_by_body == "plenary"
    page = client.get(f"{base}/{rec.id}").get_data(as_text=True)
    assert "<del>2030.</del><ins>2028.</ins>" in page
    again = services.propose_amendment(rec, table["other"], "X", "Y", "", "")
    services.decide_amendment(again, table["facilitator"], False, "table", "No", utcnow())
    with pytest.raises(services.DraftingError):
        services.decide_amendment(again, table["facilitator"], True, "table", "", utcnow())


def test_a_refused_decision_leaves_the_amendment_undecided(table, client, login):
    # Accepting marks the amendment decided before its version is refused as unchanged;
    # the refusal must take that mark back.
    rec = services.draft_recommendation(
        table["assembly"], table["author"], "T", "Same", "", 1, [], ""
    )
    first = services.propose_amendment(rec, table["other"], "T", "New", "", "")
    second = services.propose_amendment(rec, table["other"], "T", "New", "", "")
    services.decide_amendment(first, table["facilitator"], True, "table", "", utcnow())
    db.session.commit()
    login(table["facilitator"])
    base = f"/assemblies/{table['assembly'].slug}/recommendations/{rec.id}"
    response = client.post(
        f"{base}/amendments/{second.id}", data={"decision": "accept", "body": "table"}
    )
    assert response.status_code == 302 and response.location.endswith(base)
    db.session.expire_all()
    assert second.status.value == "proposed"
    assert second.decided_at is None and second.decided_by_id is None
    assert [v.number for v in rec.versions] == [1, 2]
    assert "Nothing changed" in client.get(base).get_data(as_text=True)


def test_diff_is_escaped(table, client, login):
    rec = services.draft_recommendation(
        table["assembly"], table["author"], "T", "safe", "", 1, [], ""
    )
    services.edit_recommendation(
        rec, table["author"], "T", "<script>alert(1)</script>", "", "", [], ""
    )
    db.session.commit()
    login(table["author"])
    page = client.get(f"/assemblies/{table['assembly'].slug}/recommendations/{rec.id}").get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert [s.op for s in diffs.diff_words("a b", "a c")] == ["equal", "delete", "insert"]


def test_merge_and_withdraw_keep_history(table):
    a = services.draft_recommendation(table["assembly"], table["author"], "A", "a", "", 1, [], "")
    b = services.draft_recommendation(table["assembly"], table["author"], "B", "b", "", 2, [], "")
    c = services.draft_recommendation(table["assembly"], table["author"], "C", "c", "", 2, [], "")
    services.merge_recommendation(a, b, table["facilitator"], "same idea")
    with pytest.raises(services.DraftingError):
        services.withdraw_recommendation(c, table["facilitator"], "  ")
    services.withdraw_recommendation(c, table["facilitator"], "covered elsewhere")
    db.session.commit()
    assert a.status == RecommendationStatus.MERGED and a.merged_into_id == b.id
    assert [e.kind for e in a.events] == ["drafted", "merged"]
    assert [e.kind for e in b.events] == ["drafted", "absorbed"]
    assert c.status == RecommendationStatus.WITHDRAWN and c.events[-1].note == "covered elsewhere"
    with pytest.raises(services.DraftingError):
        services.propose_amendment(a, table["other"], "x", "y", "", "")
    with pytest.raises(services.DraftingError):
        services.edit_recommendation(b, table["author"], "B", "b", "", "", [], "")  # unchanged
