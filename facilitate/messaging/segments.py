"""Who a message can go to: segments of an assembly's people, and who in them has no e-mail.

A segment is named by a key that survives a form round trip ("members",
"registrants:status:registered", "registrants:value:12", "table:4:2"); `people` turns it into
recipients, so the count shown before sending is the list that is sent to.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate import local_time
from facilitate.council.services import sitting_terms
from facilitate.extensions import db
from facilitate.models import Assembly, Member, MemberStatus, Registrant, RegistrantStatus
from facilitate.models.council import Council, CouncilAssembly, CouncilCandidate
from facilitate.models.experts import Expert
from facilitate.models.registrants import REGISTRANT_STATUS_LABELS, RegistrantAnswer
from facilitate.models.sittings import Sitting
from facilitate.models.sittings_content import TableSeat
from facilitate.recipient_language import language_for


@dataclass(frozen=True)
class Recipient:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    #: Set for members (and the drawn): their reply deadline and sittings depend on it.
    member: Member | None = field(default=None, compare=False)
    #: The language to write to them in (recipient_language.language_for); "" when unknown.
    language: str = ""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class UnknownSegment(LookupError):
    """The key names no segment of this assembly."""


def choices(assembly: Assembly) -> list[tuple[str, str]]:
    """Return (key, label) for every segment of this assembly, for a select."""
    found = [
        ("members", str(_l("Members who confirmed"))),
        ("drawn_unanswered", str(_l("The drawn who have not answered"))),
        ("registrants:all", str(_l("Every registrant"))),
    ]
    found += [
        (f"registrants:status:{status.value}", str(_l("Registrants: %(s)s", s=label)))
        for status, label in REGISTRANT_STATUS_LABELS.items()
    ]
    for category in assembly.categories:
        found += [
            (
                f"registrants:value:{value.id}",
                str(_l("Registrants: %(c)s = %(v)s", c=category.name, v=value.name)),
            )
            for value in category.values
        ]
    sittings = db.session.scalars(
        select(Sitting).where(Sitting.assembly_id == assembly.id).order_by(Sitting.starts_at)
    )
    for sitting in sittings:
        tables = db.session.scalars(
            select(TableSeat.table_no).where(TableSeat.sitting_id == sitting.id).distinct()
        )
        found += [
            (f"table:{sitting.id}:{n}", str(_l("%(s)s, table %(n)s", s=sitting.title, n=n)))
            for n in sorted(tables)
        ]
    found.append(("experts", str(_l("Experts"))))
    if convening_council(assembly) is not None:
        found.append(("council", str(_l("The Citizens' Council that convened this assembly"))))
    if _alumni(assembly):
        found.append(("alumni", str(_l("Past members who opted in to hear from the council"))))
    return found


def label(assembly: Assembly, key: str) -> str:
    for candidate, text in choices(assembly):
        if candidate == key:
            return text
    raise UnknownSegment(key)


def people(assembly: Assembly, key: str) -> tuple[list[Recipient], list[Recipient]]:
    """Return (reachable by e-mail, unreachable) for a segment; raise UnknownSegment."""
    label(assembly, key)  # refuses keys that are not offered, e.g. another assembly's table
    everyone = _resolve(assembly, key)
    reachable = [r for r in everyone if r.email]
    return reachable, [r for r in everyone if not r.email]


def _resolve(assembly: Assembly, key: str) -> list[Recipient]:
    kind, _sep, rest = key.partition(":")
    if kind == "members":
        return _members(assembly, [MemberStatus.CONFIRMED])
    if kind == "drawn_unanswered":
        return _members(assembly, [MemberStatus.SELECTED, MemberStatus.CONTACTED])
    if kind == "registrants":
        return _registrants(assembly, rest)
    if kind == "table":
        sitting_id, _sep, table_no = rest.partition(":")
        return _table(int(sitting_id), int(table_no))
    if kind == "council":
        council = convening_council(assembly)
        terms = sitting_terms(council, local_time.today(council)) if council else []
        return [_candidate_recipient(assembly, term.candidate) for term in terms]
    if kind == "alumni":
        return [_candidate_recipient(assembly, candidate) for candidate in _alumni(assembly)]
    if kind == "experts":
        experts = db.session.scalars(
            select(Expert).where(Expert.assembly_id == assembly.id).order_by(Expert.name)
        )
        return [Recipient(e.name, "", e.email, language=assembly.language) for e in experts]
    raise UnknownSegment(key)


def convening_council(assembly: Assembly) -> Council | None:
    return db.session.scalar(
        select(Council).join(CouncilAssembly).where(CouncilAssembly.assembly_id == assembly.id)
    )


def _alumni(assembly: Assembly) -> list[CouncilCandidate]:
    """People of this assembly who opted in to the council's pool and have not withdrawn."""
    return list(
        db.session.scalars(
            select(CouncilCandidate)
            .where(
                CouncilCandidate.source_assembly_id == assembly.id,
                CouncilCandidate.withdrawn_on.is_(None),
            )
            .order_by(CouncilCandidate.id)
        )
    )


def _candidate_recipient(assembly: Assembly, candidate: CouncilCandidate) -> Recipient:
    first, _sep, last = candidate.name.partition(" ")
    language = language_for(assembly, user=candidate.user)
    return Recipient(first, last, candidate.email, language=language)


def member_recipient(member: Member) -> Recipient:
    person = member.registrant
    # From the identity map: the caller already loaded the assembly.
    assembly = db.session.get(Assembly, member.assembly_id)
    language = language_for(assembly, person, member.user)
    return Recipient(
        person.first_name, person.last_name, person.email, person.phone, member, language
    )


def _members(assembly: Assembly, statuses) -> list[Recipient]:
    members = db.session.scalars(
        select(Member)
        .where(Member.assembly_id == assembly.id, Member.status.in_(statuses))
        .order_by(Member.seat_id)
    )
    return [member_recipient(m) for m in members]


def _registrants(assembly: Assembly, rest: str) -> list[Recipient]:
    query = select(Registrant).where(
        Registrant.assembly_id == assembly.id, Registrant.erased_at.is_(None)
    )
    how, _sep, value = rest.partition(":")
    if how == "status":
        query = query.where(Registrant.status == RegistrantStatus(value))
    elif how == "value":
        query = query.join(RegistrantAnswer).where(RegistrantAnswer.value_id == int(value))
    else:
        # "All" leaves out those who withdrew (they asked not to hear from us) and duplicates
        # (their kept registration hears it once).
        query = query.where(
            Registrant.status.not_in((RegistrantStatus.WITHDRAWN, RegistrantStatus.DUPLICATE))
        )
    return [
        Recipient(r.first_name, r.last_name, r.email, r.phone, language=language_for(assembly, r))
        for r in db.session.scalars(query.order_by(Registrant.id))
    ]


def _table(sitting_id: int, table_no: int) -> list[Recipient]:
    members = db.session.scalars(
        select(Member)
        .join(TableSeat, TableSeat.member_id == Member.id)
        .where(TableSeat.sitting_id == sitting_id, TableSeat.table_no == table_no)
        .order_by(Member.seat_id)
    )
    return [member_recipient(m) for m in members]
