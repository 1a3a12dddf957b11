"""A fully populated, published assembly for the public portal's tests."""

from datetime import date

from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    AuthorityResponse,
    ImplementationUpdate,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    ResponseStatus,
    StatusChange,
)
from tests import factories


def recommendation(assembly, number, title="Insulate every school", response=None):
    made = Recommendation(assembly_id=assembly.id, number=number, status=RecommendationStatus.FINAL)
    made.versions.append(
        RecommendationVersion(
            number=1, title=title, text=f"Text of recommendation {number}.", rationale="Because."
        )
    )
    db.session.add(made)
    db.session.flush()
    if response:
        answer = AuthorityResponse(
            recommendation_id=made.id,
            status=response,
            justification="Budget.",
            responded_on=date(2027, 8, 1),
        )
        answer.updates.append(
            ImplementationUpdate(on=date(2027, 9, 1), progress=40, text="Tender out.")
        )
        db.session.add(answer)
    db.session.commit()
    return made


def published_assembly(slug="open-data", recommendations=3, organiser=None):
    """Published, with a pool, a seated panel, final recommendations and answers."""
    organiser = organiser or factories.user(can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(
        organiser,
        slug=slug,
        status=AssemblyStatus.PUBLISHED,
        panel_size=6,
        handover_on=date(2026, 3, 15),
    )
    factories.quotas(
        assembly,
        {
            "gender": [("female", 50.0, 3, 3), ("male", 50.0, 3, 3)],
            "age": [("young", 40.0, 2, 3), ("old", 60.0, 3, 4)],
        },
    )
    db.session.add(StatusChange(assembly_id=assembly.id, to_status=AssemblyStatus.PUBLISHED))
    for i in range(10):
        factories.registrant(
            assembly,
            first_name=f"Secretfirst{i}",
            last_name=f"Secretlast{i}",
            email=f"secret{i}@example.org",
            address=f"{i} Hidden Lane",
            phone=f"+32 400 00 00 {i:02d}",
        )
    seats = factories.seat_panel(assembly, size=6)
    gender = assembly.categories[0]
    for i, seat in enumerate(seats):
        # Three of each gender: counts under 5 that the public must not see.
        seat.registrant.answers[0].value_id = gender.values[i % 2].id
    db.session.commit()
    statuses = [ResponseStatus.ACCEPTED, ResponseStatus.REJECTED, None]
    for number in range(1, recommendations + 1):
        recommendation(assembly, number, f"Recommendation title {number}", statuses[number % 3])
    return assembly
