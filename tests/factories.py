"""Plain functions that create test data; they flush and the caller commits when needed."""

import itertools

from facilitate.auth.services import create_user
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, Membership, Role
from facilitate.quotas import services as quota_services

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def user(email=None, name="Test Person", password=PASSWORD, **flags):
    n = next(_counter)
    made = create_user(
        email or f"person{n}@example.org", name, password, "pbkdf2:sha256:1000", **flags
    )
    db.session.commit()
    return made


def assembly(organiser=None, slug=None, status=AssemblyStatus.DRAFT, panel_size=20, **fields):
    n = next(_counter)
    made = Assembly(
        slug=slug or f"assembly-{n}",
        title=fields.pop("title", f"Assembly {n}"),
        remit=fields.pop("remit", "What should we do?"),
        panel_size=panel_size,
        status=status,
        **fields,
    )
    db.session.add(made)
    db.session.flush()
    if organiser is not None:
        db.session.add(Membership(user_id=organiser.id, assembly_id=made.id, role=Role.ORGANISER))
    db.session.commit()
    return made


def add_role(person, assembly_, role):
    db.session.add(Membership(user_id=person.id, assembly_id=assembly_.id, role=role))
    db.session.commit()


def quotas(assembly_, spec=None):
    """Add categories: spec maps name -> [(value, share, min, max)]."""
    spec = spec or {
        "gender": [("female", 50.0, 9, 11), ("male", 50.0, 9, 11)],
        "age": [("young", 40.0, 7, 9), ("old", 60.0, 11, 13)],
    }
    for name, values in spec.items():
        category = quota_services.add_category(
            assembly_, name, [(v[0], v[1]) for v in values], actor=None
        )
        for value, (_n, _s, low, high) in zip(category.values, values, strict=True):
            value.min_seats, value.max_seats = low, high
    db.session.commit()
    return assembly_


def registrant(assembly_, **fields):
    """Add a registered person answering the first value of every category."""
    from facilitate.models import Registrant, RegistrantAnswer
    from facilitate.registration.services import new_reference

    n = next(_counter)
    made = Registrant(
        assembly_id=assembly_.id,
        reference=new_reference(),
        first_name=fields.pop("first_name", f"First{n}"),
        last_name=fields.pop("last_name", f"Last{n}"),
        email=fields.pop("email", f"registrant{n}@example.org"),
        address=fields.pop("address", f"{n} Main Street"),
        postcode=fields.pop("postcode", "4700"),
        household_key=fields.pop("household_key", f"hh{n}"),
        **fields,
    )
    made.answers = [
        RegistrantAnswer(category_id=c.id, value_id=c.values[0].id) for c in assembly_.categories
    ]
    db.session.add(made)
    db.session.commit()
    return made


def pool_import(assembly_, content=b"first_name,gender\nAda,female\n", filename="pool.csv"):
    from facilitate.models import PoolImport

    made = PoolImport(assembly_id=assembly_.id, filename=filename, content=content, mapping="{}")
    db.session.add(made)
    db.session.commit()
    return made


def selection_run(assembly_, **fields):
    from facilitate.models import RunStatus, SelectionRun

    made = SelectionRun(
        assembly_id=assembly_.id,
        algorithm=fields.pop("algorithm", "leximin"),
        seed=fields.pop("seed", "1"),
        status=fields.pop("status", RunStatus.FAILED),
        **fields,
    )
    db.session.add(made)
    db.session.commit()
    return made


def seat_panel(assembly_, size=None):
    """Seat `size` (default: the panel size) new registrants as if a draw had chosen them.

    Returns the seats."""
    from facilitate.models import PanelSeat, RegistrantStatus, RunStatus

    people = [
        registrant(assembly_, status=RegistrantStatus.SELECTED)
        for _ in range(size or assembly_.panel_size)
    ]
    run = selection_run(assembly_, status=RunStatus.SUCCEEDED, record=_record_for(people))
    seats = [PanelSeat(assembly_id=assembly_.id, run_id=run.id, registrant_id=p.id) for p in people]
    db.session.add_all(seats)
    db.session.commit()
    return seats


DRAW_SPEC = {
    "gender": [("female", 50.0, 2, 3), ("male", 50.0, 2, 3)],
    "age": [("young", 40.0, 1, 3), ("old", 60.0, 2, 4)],
}


def drawable_assembly(organiser, slug="draw", size=30):
    """An assembly in selection with 5 seats, simple quotas and a balanced pool of `size`."""
    from facilitate.models import AssemblyStatus

    made = assembly(organiser, slug=slug, status=AssemblyStatus.SELECTING, panel_size=5)
    quotas(made, DRAW_SPEC)
    gender, age = made.categories
    for i in range(size):
        person = registrant(made, first_name=f"Person{i}", household_key=f"h{i}")
        person.answers[0].value_id = gender.values[i % 2].id
        person.answers[1].value_id = age.values[(i // 2) % 2].id
    db.session.commit()
    return made


def _record_for(people) -> str:
    """A minimal audit record, shaped like facilitate.sortition's, for seeded panels."""
    import json

    refs = [p.reference for p in people]
    record = {
        "kind": "selection",
        "library": "facilitate.sortition",
        "library_version": "test",
        "algorithm": "leximin",
        "solver": {"name": "HiGHS", "version": "test"},
        "pool_sha256": "0" * 64,
        "quotas_sha256": "0" * 64,
        "pool_size": len(refs),
        "randomness": {"source": "seed", "value": "1"},
        "seed": 1,
        "panels": None,
        "panel_index": None,
        "households": True,
        "started_at": "",
        "finished_at": "",
        "record_sha256": "0" * 64,
        "probabilities": {ref: 1.0 for ref in refs},
        "panel": refs,
    }
    return json.dumps({"record": record, "panel": refs})


def closed_ballot_item(assembly_):
    """A closed yes/no ballot item, as the lifecycle needs before publishing."""
    from facilitate.models.ballots import Ballot, BallotItem, BallotStatus, ItemMethod, ItemStatus

    ballot = Ballot(assembly_id=assembly_.id, title="Final vote", status=BallotStatus.CLOSED)
    ballot.items.append(
        BallotItem(
            position=1, title="Recommendation 1", method=ItemMethod.YES_NO, status=ItemStatus.CLOSED
        )
    )
    db.session.add(ballot)
    db.session.commit()
    return ballot.items[0]


def letters(assembly_, count, prefix="LETTER"):
    """A recorded letter draw of `count` letters to made-up addresses; returns the letters."""
    from facilitate.models import Letter, LetterDraw

    draw = LetterDraw(
        assembly_id=assembly_.id,
        source_filename="addresses.csv",
        source_sha256="0" * 64,
        source_rows=5 * count,
        requested=count,
        drawn=count,
        seed="1",
    )
    db.session.add(draw)
    db.session.flush()
    made = [
        Letter(
            assembly_id=assembly_.id,
            draw_id=draw.id,
            code=f"{prefix}{i:04d}",
            recipient=f"Lettered Resident{i}",
            address=f"{i} Letterbox Road",
            postcode="4700",
        )
        for i in range(count)
    ]
    db.session.add_all(made)
    db.session.flush()
    return made
