"""The six stages of an assembly's life and which lifecycle status belongs to which."""

from flask_babel import lazy_gettext as _l

from facilitate.models import AssemblyStatus as S

#: The stages in order, with the label people read.
STAGES: dict[str, object] = {
    "prepare": _l("Prepare"),
    "recruit": _l("Recruit"),
    "select": _l("Select"),
    "sit": _l("Sit"),
    "decide": _l("Decide"),
    "publish": _l("Publish and follow up"),
}

STAGE_OF_STATUS = {
    S.DRAFT: "prepare",
    S.RECRUITING: "recruit",
    S.SELECTING: "select",
    S.SITTING: "sit",
    S.VOTING: "decide",
    S.PUBLISHED: "publish",
    S.ANSWERED: "publish",
    S.CLOSED: "publish",
}


def current_stage(assembly) -> str:
    """Return the stage the assembly's status puts it in."""
    return STAGE_OF_STATUS[assembly.status]
