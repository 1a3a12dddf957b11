"""What the public may see, as queries reused by every public page."""

from datetime import date

from sqlalchemy import func, select

from facilitate.disclosure import protect
from facilitate.evidence import services as evidence
from facilitate.evidence.queries import Audience, visible
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    Letter,
    PanelSeat,
    Recommendation,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
)
from facilitate.models.assemblies import PUBLIC_STATUSES
from facilitate.models.council import Council, CouncilAssembly
from facilitate.models.evidence import Approach, Submission


def public_assemblies() -> list[Assembly]:
    """Return the announced assemblies, newest first."""
    query = (
        db.select(Assembly)
        .where(Assembly.status.in_(PUBLIC_STATUSES))
        .order_by(Assembly.created_at.desc())
    )
    return list(db.session.scalars(query))


def public_assembly(slug: str) -> Assembly | None:
    """Return the assembly if the public may see it."""
    return db.session.scalar(
        db.select(Assembly).where(Assembly.slug == slug, Assembly.status.in_(PUBLIC_STATUSES))
    )


#: From these stages on, the recommendations and their answers are public.
RECOMMENDATIONS_PUBLIC = (AssemblyStatus.PUBLISHED, AssemblyStatus.ANSWERED, AssemblyStatus.CLOSED)


def public_recommendations(assembly: Assembly) -> list[Recommendation]:
    """Return the final recommendations once published, with versions and answers loaded."""
    if assembly.status not in RECOMMENDATIONS_PUBLIC:
        return []
    from facilitate.responses.services import final_recommendations

    return final_recommendations(assembly)


def public_recommendation(assembly: Assembly, number: int) -> Recommendation | None:
    return next((r for r in public_recommendations(assembly) if r.number == number), None)


def recruitment_counts(assembly: Assembly) -> dict[str, int]:
    """How many were invited, registered and are seated on the panel."""
    invited = db.session.scalar(
        select(func.count(Letter.id)).where(Letter.assembly_id == assembly.id)
    )
    registered = db.session.scalar(
        select(func.count(Registrant.id)).where(
            Registrant.assembly_id == assembly.id,
            Registrant.status != RegistrantStatus.DUPLICATE,  # one person counts once
        )
    )
    seated = db.session.scalar(
        select(func.count(PanelSeat.id)).where(
            PanelSeat.assembly_id == assembly.id, PanelSeat.dropped_at.is_(None)
        )
    )
    return {"invited": invited, "registered": registered, "selected": seated}


def panel_composition(assembly: Assembly) -> list[dict]:
    """The seated panel per quota value against the targets, counts protected (`disclosure`).

    The one table of the panel's make-up that pages, API and downloads publish: each
    category is a row whose total (the seated panel) is public, so each is protected alone.
    """
    counts = dict(
        db.session.execute(
            select(RegistrantAnswer.value_id, func.count())
            .join(PanelSeat, PanelSeat.registrant_id == RegistrantAnswer.registrant_id)
            .where(PanelSeat.assembly_id == assembly.id, PanelSeat.dropped_at.is_(None))
            .group_by(RegistrantAnswer.value_id)
        ).all()
    )
    if not counts:
        return []
    table = []
    for category in assembly.categories:
        seats = protect([counts.get(value.id, 0) for value in category.values])
        table.append(
            {
                "category": category.name,
                "rows": [
                    {
                        "value": value.name,
                        "population_share": value.population_share,
                        "min": value.min_seats,
                        "max": value.max_seats,
                        "seats": shown,
                    }
                    for value, shown in zip(category.values, seats, strict=True)
                ],
            }
        )
    return table


def public_sittings(assembly: Assembly) -> list[dict]:
    """The sittings with their published experts (and declared interests) and materials.

    Three queries whatever the number of sittings; experts' contact details never leave.
    """
    from facilitate.models.experts import Expert, ExpertAssignment
    from facilitate.models.sittings import Sitting
    from facilitate.models.sittings_content import Material

    sittings = list(
        db.session.scalars(
            select(Sitting)
            .where(Sitting.assembly_id == assembly.id, Sitting.cancelled_at.is_(None))
            .order_by(Sitting.starts_at)
        )
    )
    ids = [s.id for s in sittings]
    experts: dict[int, list] = {i: [] for i in ids}
    materials: dict[int, list] = {i: [] for i in ids}
    if ids:
        rows = db.session.execute(
            select(ExpertAssignment.sitting_id, Expert)
            .join(Expert, Expert.id == ExpertAssignment.expert_id)
            .where(ExpertAssignment.sitting_id.in_(ids), Expert.published.is_(True))
            .order_by(Expert.name)
        )
        for sitting_id, expert in rows:
            experts[sitting_id].append(expert)
        for material in db.session.scalars(
            select(Material).where(Material.sitting_id.in_(ids)).order_by(Material.id)
        ):
            materials[material.sitting_id].append(material)
    return [
        {"sitting": s, "experts": experts[s.id], "materials": materials[s.id]} for s in sittings
    ]


def related_pages(assembly: Assembly) -> dict:
    """Say which of the assembly's other public pages have something to show.

    Keys: "evidence" (published submissions, or the call is open), "lobbying" (approaches
    recorded), "council" (the standing council that convened it, or None).
    """
    published = db.session.scalar(
        select(Submission.id)
        .where(Submission.assembly_id == assembly.id, visible(Audience.PUBLIC))
        .limit(1)
    )
    approached = db.session.scalar(
        select(Approach.id).where(Approach.assembly_id == assembly.id).limit(1)
    )
    council = db.session.scalar(
        select(Council)
        .join(CouncilAssembly, CouncilAssembly.council_id == Council.id)
        .where(CouncilAssembly.assembly_id == assembly.id)
    )
    return {
        "evidence": published is not None or evidence.is_accepting(assembly, date.today()),
        "lobbying": approached is not None,
        "council": council,
    }
