"""Read ballots: live turnout, counted results, published results and receipt checks."""

import random
from dataclasses import asdict

from facilitate.ballots import tally
from facilitate.ballots.papers import receipt_hash
from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models.ballots import (
    SCALE_LABELS,
    YES_NO_LABELS,
    Ballot,
    BallotItem,
    BallotPaper,
    ItemMethod,
    ItemStatus,
    Voter,
)


def ballots_of(assembly: Assembly) -> list[Ballot]:
    """Return the assembly's ballots, newest first."""
    return list(
        db.session.scalars(
            db.select(Ballot).filter_by(assembly_id=assembly.id).order_by(Ballot.id.desc())
        )
    )


def voter_count(item: BallotItem) -> int:
    """Count who has voted on an item (safe to show while it is open)."""
    return db.session.scalar(db.select(db.func.count(Voter.id)).filter_by(item_id=item.id))


def voted_item_ids(member, ballot: Ballot) -> set[int]:
    """Return the ids of the ballot's items this member has voted on."""
    if member is None:
        return set()
    ids = [i.id for i in ballot.items]
    return set(
        db.session.scalars(
            db.select(Voter.item_id).filter(Voter.member_id == member.id, Voter.item_id.in_(ids))
        )
    )


def shuffled_papers(item: BallotItem) -> list[BallotPaper]:
    """Return an item's papers in a fresh random order, never the order they were cast."""
    papers = list(db.session.scalars(db.select(BallotPaper).filter_by(item_id=item.id)))
    random.SystemRandom().shuffle(papers)
    return papers


def item_result(item: BallotItem) -> tally.ItemResult:
    """Count a closed item's papers against its voters and threshold."""
    papers = shuffled_papers(item)
    choices = [p.choice for p in papers]
    if item.method in (ItemMethod.YES_NO, ItemMethod.SCALE):
        labels = YES_NO_LABELS if item.method == ItemMethod.YES_NO else SCALE_LABELS
        counted = tally.count_decision(choices, item.method.value, item.threshold.value, labels)
    else:
        options = [(str(o.id), o.label) for o in item.options]
        count = tally.count_approval if item.method == ItemMethod.APPROVAL else tally.count_ranking
        counted = count(choices, options)
    return tally.ItemResult(
        ballots=len(papers),
        voters=voter_count(item),
        eligible=item.eligible_count,
        receipt_hashes=sorted(p.receipt_hash for p in papers),
        **counted,
    )


def ballot_results(ballot: Ballot) -> list[tuple[BallotItem, tally.ItemResult]]:
    """Return each closed item with its result."""
    return [(i, item_result(i)) for i in ballot.items if i.status == ItemStatus.CLOSED]


def counted_in(ballot: Ballot, code: str) -> list[BallotItem]:
    """Return the closed items whose published papers include this receipt code."""
    digest = receipt_hash(code)
    item_ids = set(
        db.session.scalars(
            db.select(BallotPaper.item_id).filter(
                BallotPaper.receipt_hash == digest,
                BallotPaper.item_id.in_([i.id for i in ballot.items]),
            )
        )
    )
    return [i for i in ballot.items if i.id in item_ids and i.status == ItemStatus.CLOSED]


def published_results(assembly: Assembly) -> list[dict]:
    """Return what observers may see of the assembly's ballots: published results only.

    Shape: a list, oldest ballot first, of
    ``{"id", "title", "published_at": datetime, "items": [item, …]}`` where each item is
    ``{"position", "title", "method": "yes_no"|"scale"|"approval"|"ranking",
    "threshold": "simple"|"two_thirds"|"four_fifths", "recommendation_id": int|None,
    "passed": bool|None (None for approval/ranking), "share_in_favour": float|None
    (yes / (yes + no) in %, abstentions left out), "ballots": int, "voters": int,
    "eligible": int|None, "turnout": float|None (%), "consistent": bool (ballots == voters),
    "rows": [{"key", "label", "count", "percent", "points"}] (points: Borda, ranking only),
    "receipt_hashes": [sha256 hex, sorted], "statements": [str]}``.
    Labels are plain strings in the current locale. No member appears anywhere.
    """
    ballots = db.session.scalars(
        db.select(Ballot)
        .filter(Ballot.assembly_id == assembly.id, Ballot.published_at.is_not(None))
        .order_by(Ballot.published_at, Ballot.id)
    )
    out = []
    for ballot in ballots:
        items = []
        for item, result in ballot_results(ballot):
            items.append(
                {
                    "position": item.position,
                    "title": item.title,
                    "method": item.method.value,
                    "threshold": item.threshold.value,
                    "recommendation_id": item.recommendation_id,
                    "passed": result.passed,
                    "share_in_favour": result.share_in_favour,
                    "ballots": result.ballots,
                    "voters": result.voters,
                    "eligible": result.eligible,
                    "turnout": result.turnout,
                    "consistent": result.consistent,
                    "rows": [asdict(row) for row in result.rows],
                    "receipt_hashes": result.receipt_hashes,
                    "statements": [s.text for s in item.statements],
                }
            )
        out.append(
            {
                "id": ballot.id,
                "title": ballot.title,
                "published_at": ballot.published_at,
                "items": items,
            }
        )
    return out
