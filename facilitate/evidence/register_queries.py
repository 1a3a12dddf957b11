"""The public lobbying register and each organisation's public record.

Entries name the organisations and their representatives, never the person who reported the
approach: the register's rows carry no reporter at all, so no page can show one by mistake.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from facilitate.evidence.queries import Audience, visible
from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.evidence import Approach, ApproachChannel, Publication, Submission
from facilitate.models.experts import Expert


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    occurred_on: date
    channel: ApproachChannel
    organisation: str
    representative: str
    on_behalf_of: str
    subject: str
    is_meeting: bool
    #: "organiser", "facilitator" or "member": the role, never the person.
    reporter_role: str


def register_entries(assembly: Assembly, organisation: str = "") -> list[RegisterEntry]:
    """Return the register, newest first, optionally for one organisation (either side)."""
    query = select(
        Approach.id,
        Approach.occurred_on,
        Approach.channel,
        Approach.organisation,
        Approach.representative,
        Approach.on_behalf_of,
        Approach.subject,
        Approach.is_meeting,
        Approach.reporter_role,
    ).where(Approach.assembly_id == assembly.id)
    if organisation:
        key = organisation.strip().lower()
        query = query.where(
            or_(func.lower(Approach.organisation) == key, func.lower(Approach.on_behalf_of) == key)
        )
    rows = db.session.execute(query.order_by(Approach.occurred_on.desc(), Approach.id.desc()))
    return [RegisterEntry(*row) for row in rows]


def organisations(assembly: Assembly) -> list[str]:
    """Return every organisation on a public page: the register and named submissions."""
    names = set(
        db.session.scalars(select(Approach.organisation).filter_by(assembly_id=assembly.id))
    )
    names |= {
        n
        for n in db.session.scalars(
            select(Approach.on_behalf_of).filter_by(assembly_id=assembly.id)
        )
        if n
    }
    names |= set(
        db.session.scalars(
            select(Submission.organisation).where(
                Submission.assembly_id == assembly.id,
                Submission.organisation != "",
                Submission.publication == Publication.NAMED,
                visible(Audience.PUBLIC),
            )
        )
    )
    unique = {name.strip().lower(): name.strip() for name in sorted(names) if name.strip()}
    return sorted(unique.values(), key=str.lower)


@dataclass
class OrganisationRecord:
    name: str
    approaches: list[RegisterEntry]
    #: Published, named submissions with the funding and lobbying the organisation declared.
    submissions: list[Submission]
    #: Published experts affiliated with it, with their declared interests.
    experts: list[Expert]

    @property
    def empty(self) -> bool:
        return not (self.approaches or self.submissions or self.experts)


def organisation_record(assembly: Assembly, name: str) -> OrganisationRecord:
    """Cross-link what is public about one organisation: register, submissions, experts."""
    key = name.strip().lower()
    submissions = db.session.scalars(
        select(Submission)
        .where(
            Submission.assembly_id == assembly.id,
            func.lower(Submission.organisation) == key,
            Submission.publication == Publication.NAMED,
            visible(Audience.PUBLIC),
        )
        .order_by(Submission.number)
    ).all()
    experts = db.session.scalars(
        select(Expert)
        .where(
            Expert.assembly_id == assembly.id,
            Expert.published.is_(True),
            func.lower(Expert.affiliation) == key,
        )
        .order_by(Expert.name)
    ).all()
    return OrganisationRecord(
        name.strip(), register_entries(assembly, name), list(submissions), list(experts)
    )
