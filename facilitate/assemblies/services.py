"""Operations on assemblies: create, update, move through the lifecycle, manage the team."""

from facilitate.assemblies.lifecycle import refusal_reasons
from facilitate.audit.services import changed_fields, record_action
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, Membership, Role, StatusChange, User
from facilitate.refusals import Refused
from facilitate.sittings import services as sittings

EDITABLE_FIELDS = (
    "title",
    "remit",
    "description",
    "language",
    "working_languages",
    "time_zone",
    "panel_size",
    "recruitment_opens_on",
    "recruitment_closes_on",
    "selection_on",
    "first_sitting_on",
    "last_sitting_on",
    "handover_on",
    "invitation_only",
    "registrations_per_code",
    "minimum_age",
    "residence_area",
    "excluded_offices",
    "privacy_notice",
    "privacy_notice_version",
)

#: After the draw the panel size is what was drawn; changing it would orphan the quotas.
PANEL_SIZE_LOCKED = {
    AssemblyStatus.SELECTING,
    AssemblyStatus.SITTING,
    AssemblyStatus.VOTING,
    AssemblyStatus.PUBLISHED,
    AssemblyStatus.ANSWERED,
    AssemblyStatus.CLOSED,
}


class SlugTaken(Refused):
    """Another assembly already uses this address."""


class TransitionRefused(Refused):
    """The move makes no sense now; `reasons` says why."""


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    query = db.select(Assembly.id).filter_by(slug=slug)
    if exclude_id is not None:
        query = query.where(Assembly.id != exclude_id)
    return db.session.scalar(query) is not None


def create_assembly(data: dict, creator: User) -> Assembly:
    """Create a draft assembly and make its creator its organiser."""
    if slug_taken(data["slug"]):
        raise SlugTaken(data["slug"])
    assembly = Assembly(slug=data["slug"], created_by_id=creator.id, status=AssemblyStatus.DRAFT)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(assembly, field, data[field])
    db.session.add(assembly)
    db.session.flush()
    db.session.add(Membership(user_id=creator.id, assembly_id=assembly.id, role=Role.ORGANISER))
    db.session.add(
        StatusChange(
            assembly_id=assembly.id, to_status=AssemblyStatus.DRAFT, changed_by_id=creator.id
        )
    )
    db.session.flush()
    record_action(
        creator, "assembly.create", assembly, target=f"assembly:{assembly.slug}", after=data
    )
    return assembly


def update_assembly(assembly: Assembly, data: dict, *, actor: User | None) -> list[str]:
    """Apply settings; return the fields that were left unchanged because they are locked."""
    kept = []
    before = {field: getattr(assembly, field) for field in EDITABLE_FIELDS if field in data}
    if data.get("time_zone", assembly.time_zone) != assembly.time_zone:
        sittings.keep_wall_clock_times(assembly, data["time_zone"])
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        if field == "panel_size" and assembly.status in PANEL_SIZE_LOCKED:
            if data[field] != assembly.panel_size:
                kept.append(field)
            continue
        setattr(assembly, field, data[field])
    db.session.flush()
    after = {field: getattr(assembly, field) for field in before}
    record_action(
        actor,
        "assembly.update",
        assembly,
        f"assembly:{assembly.slug}",
        *changed_fields(before, after),
    )
    return kept


def change_status(
    assembly: Assembly, to_status: AssemblyStatus, user: User, note: str = ""
) -> None:
    """Move the assembly to `to_status`, recording who and when, or raise TransitionRefused."""
    reasons = refusal_reasons(assembly, to_status)
    if reasons:
        raise TransitionRefused(reasons)
    db.session.add(
        StatusChange(
            assembly_id=assembly.id,
            from_status=assembly.status,
            to_status=to_status,
            changed_by_id=user.id,
            note=note[:500],
        )
    )
    before, after = {"status": assembly.status}, {"status": to_status}
    record_action(user, "assembly.status", assembly, f"assembly:{assembly.slug}", before, after)
    assembly.status = to_status
    db.session.flush()


def remove_membership(membership: Membership, *, actor: User | None) -> bool:
    """Remove a role unless it is the assembly's last organiser; say whether it was removed."""
    if membership.role is Role.ORGANISER:
        organisers = db.session.scalar(
            db.select(db.func.count(Membership.id)).filter_by(
                assembly_id=membership.assembly_id, role=Role.ORGANISER
            )
        )
        if organisers <= 1:
            return False
    record_action(
        actor,
        "team.remove",
        membership.assembly_id,
        f"user:{membership.user_id}",
        after={"role": membership.role.value},
    )
    db.session.delete(membership)
    db.session.flush()
    return True
