"""At the end of an assembly its members are asked whether they would serve on the council."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.council.services import CouncilRefused, add_candidate
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, Member, MemberStatus
from facilitate.models.council import CandidateSource, Council, CouncilAssembly, CouncilCandidate

#: The opt-in is asked once the assembly has handed over its recommendations.
ASKED_FROM = (AssemblyStatus.PUBLISHED, AssemblyStatus.ANSWERED, AssemblyStatus.CLOSED)


def council_for(assembly: Assembly) -> Council | None:
    """Return the standing council that convened this assembly, if one did."""
    return db.session.scalar(
        select(Council)
        .join(CouncilAssembly, CouncilAssembly.council_id == Council.id)
        .where(CouncilAssembly.assembly_id == assembly.id)
    )


def existing_opt_in(council: Council, member: Member) -> CouncilCandidate | None:
    return db.session.scalar(
        select(CouncilCandidate).where(
            CouncilCandidate.council_id == council.id,
            CouncilCandidate.source_assembly_id == member.assembly_id,
            CouncilCandidate.email == member.registrant.email,
            CouncilCandidate.withdrawn_on.is_(None),
        )
    )


def prefilled_values(council: Council, member: Member) -> dict[str, str]:
    """Take the member's answers where the council asks the same category and value."""
    answers = {
        a.value.category.name.strip().lower(): a.value.name for a in member.registrant.answers
    }
    found = {}
    for category, rules in council.quota_rules.items():
        answer = answers.get(category.strip().lower())
        if answer in [value for value, _share in rules]:
            found[category] = answer
    return found


def opt_in(
    council: Council, member: Member, values: dict[str, str], today: date
) -> CouncilCandidate:
    """Put a confirmed member of a finished assembly into the council's rotation pool."""
    if member.status is not MemberStatus.CONFIRMED:
        raise CouncilRefused([_("Only confirmed members of the assembly can opt in.")])
    if existing_opt_in(council, member) is not None:
        raise CouncilRefused([_("You have already offered to serve; thank you.")])
    for category, value in values.items():
        if value not in [v for v, _share in council.quota_rules.get(category, [])]:
            raise CouncilRefused([_("Choose a value for %(c)s.", c=category)])
    return add_candidate(
        council,
        {
            "name": member.registrant.display_name,
            "email": member.registrant.email,
            "values": values,
            "source": CandidateSource.ASSEMBLY,
            "source_assembly_id": member.assembly_id,
            "opted_in_on": today,
        },
    )
