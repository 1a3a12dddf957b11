"""Prove the route walk catches a removed rule: weaken one rule, and the walk must fail.

Each case weakens a rule the way a slip in the code would (an assembly rule, an object rule,
the council's two rules), runs the refusal walk of tests/test_access.py for the person the rule
keeps out, expects it to fail, then restores the rule and expects it to pass again.
"""

from dataclasses import replace

import pytest

from facilitate import access
from facilitate.council import permissions as council_permissions
from tests import access_walk as walk


def anyone(*_args) -> bool:
    return True


def _weaken_draft(monkeypatch):
    """Let anyone draft (the check `can_draft` forgotten)."""
    monkeypatch.setitem(access.ASSEMBLY_RULES, "draft", access.ASSEMBLY_RULES["take_part"])


def _weaken_note_author(monkeypatch):
    """Let any reader of a note change it (the author check forgotten)."""
    rule = access.OBJECT_RULES["note_author"]
    monkeypatch.setitem(access.OBJECT_RULES, "note_author", replace(rule, allows=anyone))


def _open_council_management_to_organisers(monkeypatch):
    """Let every account that may organise manage every council (the old "organiser" label)."""
    secretariat = council_permissions.COUNCIL_RULES["manage"]
    monkeypatch.setitem(
        council_permissions.COUNCIL_RULES,
        "manage",
        lambda user, council, day: user.can_organise or secretariat(user, council, day),
    )


def _open_council_pages_to_anyone_signed_in(monkeypatch):
    """Let anyone signed in into the members' pages (the old "signed_in" label)."""
    monkeypatch.setitem(council_permissions.COUNCIL_RULES, "take_part", anyone)


@pytest.mark.parametrize(
    ("weaken", "labels", "person"),
    [
        (_weaken_draft, {"assembly:draft"}, "expert_b"),
        (_weaken_note_author, {"assembly:take_part+note_author"}, "member2_b"),
        (_open_council_management_to_organisers, {"council:manage"}, "org_a"),
        (_open_council_pages_to_anyone_signed_in, {"council:take_part"}, "outsider"),
    ],
    ids=["assembly-rule", "object-rule", "council-manage", "council-take-part"],
)
def test_the_walk_fails_when_a_rule_is_weakened(app, monkeypatch, weaken, labels, person):
    world = walk.build_world()
    assert walk.walk_refusals(app, world, person, labels) > 0

    weaken(monkeypatch)
    with pytest.raises(AssertionError, match=r"gave (200|302)"):
        walk.walk_refusals(app, world, person, labels)

    monkeypatch.undo()
    assert walk.walk_refusals(app, world, person, labels) > 0
