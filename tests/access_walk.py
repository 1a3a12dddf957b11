"""The route walk shared by tests/test_access.py and tests/test_access_mutation.py.

A world of two assemblies and two councils, the people in it, and for every access label the
people it must refuse. `walk_refusals` asks every route, as one person, for each label that
refuses them, and fails unless the answer is 403 and a refused POST changed nothing; the
mutation tests weaken one rule and watch this same check fail.
"""

from datetime import date, timedelta

from sqlalchemy import select

from facilitate import access
from facilitate.auth.services import create_invitation
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Membership, Role
from facilitate.models.council import (
    Council,
    CouncilCandidate,
    CouncilRotation,
    CouncilStaff,
    CouncilTerm,
)
from tests import factories
from tests.worlds import extend_all

#: The people of the world and what they are (see `build_world`).
PEOPLE = (
    "org_a",  # organiser of alpha, secretariat of the other council
    "org_b",  # organiser of beta, secretariat of the world council
    "member_b",  # member of beta, author of its note, citation and register entry
    "member2_b",  # another member of beta, author of nothing
    "expert_b",  # expert of beta, speaking at none of its sittings
    "evaluator_b",  # evaluator of beta: its process records, nothing personal, nothing to change
    "council_member",  # sits on the world council, no role in any assembly
    "other_member",  # sits on the other council only
    "outsider",  # signed in, no role anywhere
    "admin",
)

_NO_ROLE_IN_B = {"outsider", "org_a", "council_member", "other_member"}
_NOT_ORGANISER = {
    "outsider",
    "member_b",
    "member2_b",
    "expert_b",
    "evaluator_b",
    "council_member",
    "other_member",
}
#: Evaluators hold a role in beta but take no part in it: every internal page refuses them.
_OUTSIDE_B = _NO_ROLE_IN_B | {"evaluator_b"}

#: Whom each access label must refuse (403), among PEOPLE.
REFUSED: dict[str, set[str]] = {
    "public": set(),
    "signed_in": set(),
    "admin": set(PEOPLE) - {"admin"},
    "organiser": _NOT_ORGANISER,
    "assembly:manage": _OUTSIDE_B | {"member_b", "member2_b", "expert_b"},
    "assembly:take_part": _OUTSIDE_B,
    "assembly:facilitate": _OUTSIDE_B | {"member_b", "member2_b", "expert_b"},
    "assembly:steer": _OUTSIDE_B | {"member_b", "member2_b", "expert_b"},
    "assembly:draft": _OUTSIDE_B | {"expert_b"},
    "assembly:cite": _OUTSIDE_B | {"expert_b"},
    "assembly:report": _OUTSIDE_B | {"expert_b"},
    # Only seated panel members vote; nobody in the world holds a seat with an account.
    "assembly:vote": _OUTSIDE_B | {"org_b", "admin", "member_b", "member2_b", "expert_b"},
    "assembly:evaluate": _NO_ROLE_IN_B | {"member_b", "member2_b", "expert_b"},
    "assembly:translate": _OUTSIDE_B | {"member_b", "member2_b", "expert_b"},
    "council:manage": _NOT_ORGANISER | {"org_a"},
    "council:take_part": _NOT_ORGANISER - {"council_member"} | {"org_a"},
    # Nobody in the world translates for a council: only its secretariat (and admin) may.
    "council:translate": _NOT_ORGANISER | {"org_a"},
}

#: Whom each object rule refuses on top of its assembly label, for the world's objects.
OBJECT_REFUSED: dict[str, set[str]] = {
    "note_author": {"member2_b", "expert_b", "org_b", "admin"},
    "material_adder": {"member_b", "member2_b", "expert_b"},
    "material_remover": {"member_b", "member2_b", "expert_b"},
    "question_answerer": {"member_b", "member2_b", "expert_b"},
    "citation_owner": {"member2_b", "expert_b"},
    "approach_owner": {"member2_b", "expert_b"},
}


def refused_by(label: str) -> set[str]:
    """Return the people `label` ("assembly:take_part+note_author") must refuse."""
    base, _plus, object_rule = label.partition("+")
    return REFUSED[base] | (OBJECT_REFUSED[object_rule] if object_rule else set())


def known_label(label: str) -> bool:
    base, _plus, object_rule = label.partition("+")
    return base in REFUSED and (not object_rule or object_rule in OBJECT_REFUSED)


def routes(app):
    """Yield (rule, method, label) for every route and method of the URL map."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, access.rule_for(view, method)


#: Tables a refused request may write: rate limits count attempts, refused or not.
COUNTERS = {"rate_limit_counter"}


def snapshot():
    """Every row of every table, to prove a refused request changed nothing."""
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
        if table.name not in COUNTERS
    }


def url(rule, values, **override):
    missing = [name for name in rule.arguments if name not in override and name not in values]
    assert not missing, f"{rule.endpoint} needs {missing}: add them in tests/worlds"
    args = {name: override.get(name, values.get(name)) for name in rule.arguments}
    return rule.build(args, append_unknown=False)[1]


def signed_in(app, user):
    """Return a client signed in as `user` through the form (anonymous for None)."""
    client = app.test_client()
    if user is not None:
        response = client.post(
            "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
        )
        assert response.status_code == 302
    return client


def check(client, rule, method, address, expected, data=None):
    """Ask once and fail unless the status is expected; a refused POST must change nothing."""
    before = snapshot() if method == "POST" else None
    response = client.open(address, method=method, data=data)
    assert response.status_code in expected, (
        f"{method} {address} ({rule.endpoint}) gave {response.status_code}"
    )
    if before is not None:
        db.session.expire_all()
        assert snapshot() == before, f"refused {method} {address} changed the database"
    return response


def walk_refusals(app, world, person: str, labels=None) -> int:
    """As `person`, ask every route whose label refuses them (within `labels`, if given), and
    fail unless each answers 403 and changes nothing. Return how many requests were checked."""
    client = signed_in(app, world[person])
    asked = 0
    for rule, method, label in routes(app):
        if labels is not None and label not in labels:
            continue
        if person in refused_by(label):
            check(client, rule, method, url(rule, world["values"]), {403})
            asked += 1
    return asked


def _seat(council, user, today):
    candidate = CouncilCandidate(
        council_id=council.id, name=user.name, opted_in_on=today, user_id=user.id
    )
    # The day before: the world council already holds a rotation today.
    rotation = CouncilRotation(
        council_id=council.id, held_on=today - timedelta(days=1), record={"kind": "test"}
    )
    db.session.add_all([candidate, rotation])
    db.session.flush()
    db.session.add(
        CouncilTerm(
            council_id=council.id,
            candidate_id=candidate.id,
            rotation_id=rotation.id,
            seat=2,
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=300),
        )
    )


def build_world():
    """Two assemblies, two councils, the PEOPLE, and one of every object (tests/worlds)."""
    people = {name: factories.user(name=name) for name in PEOPLE if name[:3] not in ("org", "adm")}
    people["org_a"] = factories.user(can_organise=True)
    people["org_b"] = factories.user(can_organise=True)
    people["admin"] = factories.user(is_admin=True)
    a = factories.quotas(
        factories.assembly(people["org_a"], slug="alpha", status=AssemblyStatus.RECRUITING)
    )
    b = factories.quotas(factories.assembly(people["org_b"], slug="beta"))
    factories.add_role(people["member_b"], b, Role.MEMBER)
    invitation, token = create_invitation("x@example.org", "organiser", people["admin"], 7)
    db.session.commit()
    membership_b = db.session.scalar(
        select(Membership).filter_by(assembly_id=b.id, role=Role.MEMBER)
    )
    from facilitate.letters.services import draw_letters

    letter_draw_b = draw_letters(b, b"address\n1 High Street\n", "beta.csv", 1)
    db.session.commit()
    values = {
        "slug": b.slug,
        "category_id": b.categories[0].id,
        "value_id": b.categories[0].values[0].id,
        "membership_id": membership_b.id,
        "invitation_id": invitation.id,
        "token": token,
        "draw_id": letter_draw_b.id,
        "registrant_id": factories.registrant(b).id,
        "import_id": factories.pool_import(b).id,
        "fmt": "csv",
        "run_id": factories.selection_run(b).id,
        "seat_id": factories.seat_panel(b, size=1)[0].id,
    }
    # The feature worlds find beta's member by their membership: add the others after them.
    extend_all(b, values)
    factories.add_role(people["member2_b"], b, Role.MEMBER)
    factories.add_role(people["expert_b"], b, Role.EXPERT)
    factories.add_role(people["evaluator_b"], b, Role.EVALUATOR)
    _councils(people, values)
    return {**people, "a": a, "b": b, "values": values}


def _councils(people, values) -> None:
    """Seat council_member on the world council; give org_a and other_member another one."""
    today = date.today()
    world_council = db.session.scalar(select(Council).filter_by(slug=values["council_slug"]))
    _seat(world_council, people["council_member"], today)
    other = Council(slug="other-council", name="Other council", quota_rules={})
    db.session.add(other)
    db.session.flush()
    db.session.add(CouncilStaff(council_id=other.id, user_id=people["org_a"].id))
    _seat(other, people["other_member"], today)
    db.session.commit()
    values["other_council_slug"] = other.slug
