"""Erasure erases: no erased name or e-mail survives in any table, the database file or a backup.

Each erasure path is followed by the same search: every table dumped as text, the raw bytes of
the database (SQLite: the file and its write-ahead log; PostgreSQL: every page of every table,
index and TOAST table through pageinspect) and a backup made afterwards.
"""

import io
import json
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from facilitate import create_app
from facilitate.backups.dump import _libpq_env
from facilitate.extensions import db
from facilitate.members import services as members
from facilitate.models import (
    AssemblyStatus,
    Member,
    MemberStatus,
    PanelSeat,
    PoolImport,
    Registrant,
    RegistrantStatus,
    StatusChange,
    User,
)
from facilitate.models.erasures import Erasure
from facilitate.pool import importer
from facilitate.selection.engine import pool_people
from facilitate.tabular import read_table
from tests import factories
from tests.conftest import _config

NAME, SURNAME, EMAIL = "Zebedee", "Quixote", "zeb.quixote@example.org"
SECRETS = (NAME, SURNAME, EMAIL)
#: A staged upload that was never imported: the erased person and somebody else.
STAGED = (
    "first_name,last_name,email,postcode,gender,age\n"
    f"{NAME},{SURNAME},{EMAIL.upper()},4700,female,old\n"
    "Ottoline,Keep,ottoline@example.org,4700,female,young\n"
).encode()


@pytest.fixture
def ledger(app, tmp_path):
    path = tmp_path / "erasures.ledger"
    app.config["ERASURE_LEDGER"] = str(path)
    return path


@pytest.fixture
def organiser(app, ledger):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(client, login, organiser):
    made = factories.quotas(
        factories.assembly(organiser, slug="pool", status=AssemblyStatus.RECRUITING)
    )
    login(organiser)
    return made


def _person(assembly, **fields):
    person = factories.registrant(
        assembly, first_name=NAME, last_name=SURNAME, email=EMAIL, **fields
    )
    from facilitate.mail import queue_email

    queue_email(EMAIL, f"Hello {NAME}", f"Dear {NAME} {SURNAME}", assembly.id)
    factories.pool_import(assembly, content=STAGED, filename="abandoned.csv")
    db.session.commit()
    return person


# -- where the search looks ---------------------------------------------------------------


def _table_dump() -> bytes:
    """Every column of every row of every table, as text."""
    db.session.commit()
    out = io.BytesIO()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            for value in row:
                if isinstance(value, bytes | memoryview):
                    out.write(bytes(value))
                else:
                    out.write(str(value).encode())
                out.write(b"\t")
            out.write(b"\n")
    return out.getvalue()


def _raw_database() -> dict[str, bytes]:
    """The bytes the database keeps on disk: SQLite's files, PostgreSQL's pages by relation."""
    db.session.commit()
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        files = [Path(url.database + suffix) for suffix in ("", "-wal", "-journal")]
        return {f.name: f.read_bytes() for f in files if f.exists()}
    found = {}
    with db.engine.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        relations = conn.execute(
            text(
                "SELECT c.oid::regclass::text, pg_relation_size(c.oid)"
                " / current_setting('block_size')::int FROM pg_class c"
                " WHERE c.relkind IN ('r', 'i', 't') AND (c.relnamespace = 'public'::regnamespace"
                " OR c.oid IN (SELECT reltoastrelid FROM pg_class"
                " WHERE relnamespace = 'public'::regnamespace)"
                " OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN"
                " (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace)))"
            )
        ).all()
        for name, blocks in relations:
            found[name] = b"".join(
                bytes(
                    conn.execute(text("SELECT get_raw_page(:r, :b)"), {"r": name, "b": b}).scalar()
                )
                for b in range(blocks)
            )
        conn.commit()
    return found


def _backup(tmp_path: Path) -> bytes:
    """A backup made now, in a form that can be searched (pg_dump's archive is compressed)."""
    path = tmp_path / f"after-{datetime.now(UTC).timestamp()}.backup"
    runner = current_app.test_cli_runner()
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        return path.read_bytes()
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    script = subprocess.run(  # noqa: S603
        ["pg_restore", "--file=-", str(path)],  # noqa: S607
        env=_libpq_env(url),
        capture_output=True,
        check=True,
    ).stdout
    assert b"COPY public.registrant" in script
    return script


def _traces(tmp_path: Path, secrets=SECRETS) -> dict[str, list[str]]:
    """Name each place where an erased value is still found."""
    places = {
        "tables": _table_dump(),
        **{f"database file {name}": raw for name, raw in _raw_database().items()},
        "backup": _backup(tmp_path),
    }
    found = {}
    for place, blob in places.items():
        lowered = blob.lower()
        hits = [s for s in secrets if s.lower().encode() in lowered]
        if hits:
            found[place] = hits
    return found


def _erase(client, person):
    response = client.post(f"/assemblies/pool/pool/{person.id}/erase")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


# -- the erasure paths --------------------------------------------------------------------


def test_the_search_finds_a_person_who_was_not_erased(assembly, tmp_path):
    _person(assembly)
    found = _traces(tmp_path)
    assert {"tables", "backup"} < set(found)
    on_disk = {
        s for place, hits in found.items() if place.startswith("database file") for s in hits
    }
    assert on_disk == set(SECRETS)
    assert set(found["tables"]) == set(found["backup"]) == set(SECRETS)


def test_erasing_a_registrant_leaves_no_trace(client, assembly, tmp_path):
    person = _person(assembly)
    _erase(client, person)
    assert _traces(tmp_path) == {}
    # The other person in the abandoned upload is still there to import.
    staged = db.session.scalars(select(PoolImport)).one()
    rows = [cells for _line, cells in read_table(staged.content, staged.filename).rows]
    assert [cells[0] for cells in rows] == ["Ottoline"]


def test_an_abandoned_import_cannot_bring_an_erased_person_back(client, assembly, ledger):
    person = _person(assembly)
    _erase(client, person)
    staged = db.session.scalars(select(PoolImport)).one()
    response = client.post(
        f"/assemblies/pool/pool/import/{staged.id}",
        data={
            "col_0": "first_name",
            "col_1": "last_name",
            "col_2": "email",
            "col_3": "postcode",
            "col_4": f"category:{assembly.categories[0].id}",
            "col_5": f"category:{assembly.categories[1].id}",
            "action": "import",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    names = set(db.session.scalars(select(Registrant.first_name)))
    assert "Ottoline" in names and NAME not in names


def test_erasing_a_member_erases_their_account(client, assembly, organiser, tmp_path):
    person = _person(assembly, status=RegistrantStatus.SELECTED)
    run = factories.selection_run(assembly)
    db.session.add(PanelSeat(assembly_id=assembly.id, run_id=run.id, registrant_id=person.id))
    db.session.flush()
    (member,) = members.add_members(assembly)
    user = members.accept(member, "a long member password", "pbkdf2:sha256:1000")
    members.record_contact(
        member,
        organiser,
        {"contacted_on": datetime.now(UTC).date(), "channel": "phone",
         "body": f"Spoke to {NAME} on the phone"},
    )  # fmt: skip
    db.session.commit()
    user_id, member_id = user.id, member.id
    _erase(client, person)
    assert _traces(tmp_path) == {}
    account = db.session.get(User, user_id)
    assert not account.is_active_account and not account.memberships
    assert db.session.get(Member, member_id).status is MemberStatus.WITHDRAWN
    client.post("/auth/logout")
    refused = client.post(
        "/auth/login", data={"email": EMAIL, "password": "a long member password"}
    )
    assert refused.status_code != 302


def test_purging_a_closed_assembly_leaves_no_trace(app, runner, ledger, tmp_path):
    organiser = factories.user(can_organise=True)
    closed = factories.quotas(
        factories.assembly(organiser, slug="old", status=AssemblyStatus.CLOSED)
    )
    db.session.add(
        StatusChange(
            assembly_id=closed.id,
            to_status=AssemblyStatus.CLOSED,
            changed_at=datetime.now(UTC) - timedelta(days=100),
        )
    )
    _person(closed)
    result = runner.invoke(args=["pool", "purge", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert _traces(tmp_path) == {}
    assert not db.session.scalars(select(PoolImport)).all()  # nothing left in it to import


# -- the ledger ---------------------------------------------------------------------------


def test_the_ledger_names_nobody(client, assembly, ledger, tmp_path):
    person = _person(assembly)
    _erase(client, person)
    entry = db.session.scalars(select(Erasure)).one()
    assert entry.reference == person.reference
    written = ledger.read_bytes().lower()
    assert person.reference.lower().encode() in written
    assert not [s for s in SECRETS if s.lower().encode() in written]


@contextmanager
def _restored(url: str, ledger: Path, backup: Path):
    """Restore `backup` into the empty database at `url`; yield the command's output."""
    restored = create_app(_config(url, ERASURE_LEDGER=str(ledger)))
    with restored.app_context():
        try:
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
            assert result.exit_code == 0, result.output
            yield result.output
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_restore_reapplies_erasures_made_after_the_backup(
    client, assembly, ledger, empty_database, tmp_path
):
    person = _person(assembly)
    keep = factories.registrant(assembly, first_name="Ottilie", email="ottilie@example.org")
    backup = tmp_path / "before.backup"
    runner = current_app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    _erase(client, person)
    # Read before switching apps: the objects would reload from whichever app is current.
    person_id, reference, keep_id = person.id, person.reference, keep.id

    with _restored(empty_database, ledger, backup) as output:
        assert "1 erasure made after the backup" in output
        again = db.session.get(Registrant, person_id)
        assert again.erased_at is not None and again.first_name == ""
        assert again.status is RegistrantStatus.WITHDRAWN
        assert db.session.get(Registrant, keep_id).first_name == "Ottilie"
        assert db.session.scalars(select(Erasure.reference)).all() == [reference]
        dump = _table_dump().lower()
        assert not [s for s in SECRETS if s.lower().encode() in dump]
        raw = b"".join(_raw_database().values()).lower()
        assert not [s for s in SECRETS if s.lower().encode() in raw]


def test_a_restore_without_later_erasures_changes_nothing(
    client, assembly, ledger, empty_database, tmp_path
):
    person = _person(assembly)
    _erase(client, person)
    backup = tmp_path / "after.backup"
    assert (
        current_app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    )
    with _restored(empty_database, ledger, backup) as output:
        assert "erasure" not in output


# -- the draw -----------------------------------------------------------------------------


def test_erased_and_withdrawn_people_are_never_in_a_draw(client, assembly):
    erased = _person(assembly)
    withdrawn = factories.registrant(assembly, status=RegistrantStatus.WITHDRAWN)
    kept = factories.registrant(assembly)
    _erase(client, erased)
    for statuses in (
        (RegistrantStatus.REGISTERED,),
        (RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED),
    ):
        references = {p.id for p in pool_people(assembly, statuses)}
        assert kept.reference in references
        assert erased.reference not in references
        assert withdrawn.reference not in references


def test_an_import_mapping_still_checks_after_erasure(client, assembly):
    """The scrubbed upload is still a file the importer reads with its saved mapping."""
    person = _person(assembly)
    _erase(client, person)
    staged = db.session.scalars(select(PoolImport)).one()
    header = read_table(staged.content, staged.filename).header
    assert header == ["first_name", "last_name", "email", "postcode", "gender", "age"]
    mapping = importer.auto_mapping(header, assembly)
    checked = importer.check_rows(staged.content, staged.filename, mapping, assembly)
    assert [r.first_name for r in checked.rows] == ["Ottoline"]


def test_reapply_erasures_erases_whom_the_ledger_names(app, assembly, ledger, tmp_path):
    """After upgrading a database restored from before the ledger existed, say."""
    person = _person(assembly)
    other = factories.registrant(assembly, first_name="Ottilie")
    entry = {
        "assembly_id": assembly.id,
        "email_key": "",
        "name_key": "",
        "reference": person.reference,
    }
    ledger.write_text(json.dumps(entry) + "\n")
    result = current_app.test_cli_runner().invoke(args=["backup", "reapply-erasures"])
    assert result.exit_code == 0, result.output
    assert "Re-applied 1 erasure" in result.output
    assert _traces(tmp_path) == {}
    assert db.session.get(Registrant, other.id).first_name == "Ottilie"
