"""The audit log: chained entries, tamper detection, concurrency, pages and exports."""

import json
import threading

import pytest
from sqlalchemy import delete, select, update

from facilitate.audit.services import record_action, verify_chain
from facilitate.extensions import db
from facilitate.models import Membership, QuotaCategory, Role
from facilitate.models.audit import AuditEntry
from tests import factories
from tests.concurrency import at_once
from tests.test_assemblies import FORM


def _entries():
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()


def _chain(n=4):
    actor = factories.user(can_organise=True)
    assembly = factories.assembly(actor)
    for i in range(n):
        record_action(actor, "test.step", assembly, target=f"t{i}", after={"i": i})
    db.session.commit()
    return actor, assembly


def test_entries_are_chained_and_verify(runner):
    _chain()
    entries = _entries()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert f"intact: {len(entries)} entries" in result.output


def test_altered_entry_is_detected(runner):
    _chain()
    db.session.execute(
        update(AuditEntry.__table__).where(AuditEntry.__table__.c.seq == 2).values(target="nothing")
    )
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "Broken at entry 2: contents altered" in result.output


def test_deleted_entry_is_detected(runner):
    _chain()
    db.session.execute(delete(AuditEntry.__table__).where(AuditEntry.__table__.c.seq == 2))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "Broken at entry 2: entry 2 is missing" in result.output


def test_deleting_the_last_entry_is_detected(runner):
    _chain()
    last = max(e.seq for e in _entries())
    db.session.execute(delete(AuditEntry.__table__).where(AuditEntry.__table__.c.seq == last))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"Broken at entry {last}" in result.output


def test_reordered_entries_are_detected(runner):
    _chain()
    table = AuditEntry.__table__
    # Swap the positions of entries 2 and 3.
    db.session.execute(update(table).where(table.c.seq == 2).values(seq=-2))
    db.session.execute(update(table).where(table.c.seq == 3).values(seq=2))
    db.session.execute(update(table).where(table.c.seq == -2).values(seq=3))
    db.session.commit()
    checked, broken = verify_chain()
    assert checked == 1 and broken is not None and broken.seq == 2
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "out of order" in result.output


def test_rewriting_through_the_orm_is_refused(app):
    _chain(1)
    entry = _entries()[0]
    entry.target = "changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_concurrent_writers_do_not_fork_the_chain(app):
    actor, assembly = _chain(1)
    actor_id, assembly_id = actor.id, assembly.id

    def write():
        for i in range(5):
            record_action(actor_id, "test.concurrent", assembly_id, target=str(i))
            db.session.commit()

    assert at_once(app, write, [()] * 4) == []
    db.session.expire_all()
    entries = _entries()
    assert [e.seq for e in entries] == list(range(1, 22))
    assert len({e.prev_hash for e in entries}) == 21
    assert verify_chain() == (21, None)


def test_one_writer_waits_for_another_to_commit(app):
    """The first writer holds the chain head; the second links to it once it commits."""
    actor, assembly = _chain(1)
    actor_id = actor.id
    first_locked, second_done = threading.Event(), threading.Event()

    def slow_writer():
        with app.app_context():
            record_action(actor_id, "test.slow", None)
            first_locked.set()
            second_done.wait(0.5)  # the second writer must not finish meanwhile
            db.session.commit()
            db.session.remove()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    first_locked.wait(5)
    with app.app_context():
        record_action(actor_id, "test.fast", None)
        db.session.commit()
        second_done.set()
        db.session.remove()
    thread.join()
    db.session.expire_all()
    assert [e.action for e in _entries()][-2:] == ["test.slow", "test.fast"]
    assert verify_chain()[1] is None


def test_settings_change_records_before_and_after(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="aud", title="Old title")
    login(organiser)
    data = {**FORM, "slug": "aud", "title": "New title", "language": "en"}
    assert client.post("/assemblies/aud/edit", data=data).status_code == 302
    entry = db.session.scalar(select(AuditEntry).filter_by(action="assembly.update"))
    assert entry is not None and entry.actor_email == organiser.email
    assert '"title":"Old title"' in entry.before and '"title":"New title"' in entry.after
    page = client.get("/assemblies/aud/audit").get_data(as_text=True)
    assert "assembly.update" in page and "New title" in page


def test_team_invite_and_removal_are_recorded(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="team")
    helper = factories.user()
    factories.add_role(helper, assembly, Role.FACILITATOR)
    membership = db.session.scalar(select(Membership).filter_by(user_id=helper.id))
    login(organiser)
    client.post("/assemblies/team/team", data={"email": "fac@example.org", "role": "facilitator"})
    client.post(f"/assemblies/team/team/{membership.id}/remove")
    actions = [(e.action, e.actor_email) for e in _entries()]
    assert ("team.invite", organiser.email) in actions
    assert ("team.remove", organiser.email) in actions


def test_pool_export_and_erase_are_recorded(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(factories.assembly(organiser, slug="pool"))
    person = factories.registrant(assembly)
    login(organiser)
    assert client.get("/assemblies/pool/pool/export.csv").status_code == 200
    client.post(f"/assemblies/pool/pool/{person.id}/erase")
    actions = {e.action: e for e in _entries()}
    assert actions["pool.export"].target == "file:pool-pool.csv"
    assert actions["pool.export"].actor_email == organiser.email
    assert actions["pool.erase"].target == f"registrant:{person.reference}"
    assert actions["pool.erase"].actor_email == organiser.email


def test_quota_entries_name_their_category_and_keep_details_apart(client, login):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="qa", panel_size=10)
    login(organiser)
    client.post("/assemblies/qa/quotas/categories", data={"name": "gender", "values": "f\nm"})
    category = db.session.scalar(select(QuotaCategory).filter_by(name="gender"))
    client.post(f"/assemblies/qa/quotas/categories/{category.id}/values", data={"name": "x"})
    entries = {e.action: e for e in _entries()}
    assert entries["quotas.add_category"].target == "category:gender"
    assert entries["quotas.add_value"].target == "category:gender"
    assert json.loads(entries["quotas.add_value"].after) == {"value": "x"}


def test_organisers_see_only_their_assembly(client, login):
    organiser = factories.user(can_organise=True)
    mine = factories.assembly(organiser, slug="mine")
    other = factories.assembly(factories.user(can_organise=True), slug="other")
    record_action(organiser, "test.mine", mine, target="visible-entry")
    record_action(None, "test.other", other, target="hidden-entry")
    db.session.commit()
    login(organiser)
    page = client.get("/assemblies/mine/audit").get_data(as_text=True)
    assert "visible-entry" in page and "hidden-entry" not in page
    assert client.get("/assemblies/other/audit").status_code == 403
    assert client.get("/admin/audit").status_code == 403


def test_filters_paginate_and_export(client, login):
    admin = factories.user(is_admin=True)
    assembly = factories.assembly(admin, slug="many")
    for i in range(60):
        record_action(admin, "test.bulk" if i % 2 else "test.other", assembly, target=f"n{i}")
    db.session.commit()
    login(admin)
    page = client.get("/admin/audit", query_string={"action": "test.bulk"}).get_data(as_text=True)
    assert "30 matching" in page and ">n1<" in page and ">n2<" not in page
    second = client.get("/assemblies/many/audit", query_string={"page": 2}).get_data(as_text=True)
    assert "Page 2 of 2" in second
    # db.paginate answers a page beyond the last with "no page at this address".
    assert client.get("/assemblies/many/audit", query_string={"page": 3}).status_code == 404
    bad = client.get("/admin/audit", query_string={"since": "not-a-date", "page": "x"})
    assert bad.status_code == 200
    csv = client.get("/assemblies/many/audit.csv", query_string={"action": "test.bulk"})
    lines = csv.get_data(as_text=True).strip().splitlines()
    assert lines[0].startswith("seq,time_utc,actor,action")
    assert len(lines) == 31 and all(",test.bulk," in line for line in lines[1:])
    assert client.get("/admin/audit.csv").status_code == 200


def test_csv_neutralises_formulas(client, login):
    admin = factories.user(is_admin=True)
    record_action(admin, "test.formula", None, target="=HYPERLINK(1)")
    db.session.commit()
    login(admin)
    body = client.get("/admin/audit.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body
