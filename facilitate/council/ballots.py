"""Council ballots on the assembly ballots' machinery: a voter row, a secret paper, a count.

Who voted is a `CouncilBallotParticipation` (unique per member and ballot); what they chose is
a `CouncilBallotPaper` in a box rewritten in random order (ballots/papers.py); counts always
come from the papers and are judged by ballots/tally.py. Functions flush; the view commits.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from facilitate.audit.services import record_action
from facilitate.ballots import papers, tally
from facilitate.council.services import CouncilRefused, sitting_terms
from facilitate.extensions import db
from facilitate.languages.services import council_ballot_gaps
from facilitate.models.ballots import YES_NO_LABELS, Threshold
from facilitate.models.council import (
    Council,
    CouncilBallot,
    CouncilBallotOption,
    CouncilBallotPaper,
    CouncilBallotParticipation,
    CouncilMeeting,
    CouncilTerm,
    CouncilTopic,
    TopicStatus,
)


def quorum_needed(percent: int | None, eligible: int | None) -> int | None:
    """Return the votes a ballot needs: more than `percent` % of `eligible` (None: no quorum)."""
    if percent is None or eligible is None:
        return None
    return percent * eligible // 100 + 1


@dataclass
class BallotResult:
    """A council ballot counted from its papers, with its decision or why there is none."""

    rows: list[tally.Row]
    ballots: int
    voters: int
    eligible: int | None
    #: Votes needed for a decision (abstentions count); None for ballots from before quorums.
    quorum: int | None
    winner: CouncilBallotOption | None
    #: "quorum", "tie" or "no_votes" when there is no decision, else "".
    why: str = ""
    #: yes / (yes + no) in %, for questions.
    share_in_favour: float | None = None

    @property
    def explanation(self) -> str:
        """Say in plain words why the ballot decided nothing ("" when it decided)."""
        if self.why == "quorum":
            return _(
                "No decision: %(n)d votes were cast and the quorum is %(q)d.",
                n=self.ballots,
                q=self.quorum,
            )
        if self.why == "tie":
            return _("No decision: a tie.")
        if self.why == "no_votes":
            return _("No decision: nobody voted for or against.")
        return ""


def open_ballot(
    council: Council, meeting: CouncilMeeting | None, data: dict, actor
) -> CouncilBallot:
    """Put a question (yes, no, abstain) or a choice between topics (and abstain) to members.

    In a council of several working languages the ballot waits, unopened, until its texts are
    current in each (see `start_ballot`); in one language it opens at once.
    """
    topics = data.get("topics") or []
    if any(t.status is not TopicStatus.SUBMITTED for t in topics):
        raise CouncilRefused([_("Only topics before the council can be put to a vote.")])
    ballot = CouncilBallot(
        council_id=council.id,
        meeting_id=meeting.id if meeting else None,
        question=data["question"].strip(),
        secret=bool(data.get("secret")),
        threshold=Threshold(data.get("threshold") or Threshold.SIMPLE),
        quorum_percent=council.quorum_percent,
    )
    if len(topics) > 1:
        ballot.options = [
            CouncilBallotOption(key=f"t{t.id}", label=t.title, topic_id=t.id) for t in topics
        ]
    else:
        # One topic is a question too ("Take up X?"), so members can say no: its Yes chooses it.
        topic_id = topics[0].id if topics else None
        ballot.options = [
            CouncilBallotOption(key="yes", label=str(YES_NO_LABELS["yes"]), topic_id=topic_id),
            CouncilBallotOption(key="no", label=str(YES_NO_LABELS["no"])),
        ]
    ballot.options.append(CouncilBallotOption(key="abstain", label=str(YES_NO_LABELS["abstain"])))
    db.session.add(ballot)
    db.session.flush()
    # Opened on insert (the column's default); its texts exist only now, so check them now.
    waiting = bool(council_ballot_gaps(council, ballot))
    if waiting:
        ballot.opened_at = None
    record_action(
        actor,
        "council.ballot.prepare" if waiting else "council.ballot.open",
        target=f"council:{council.id}/ballot:{ballot.id}",
        after={"question": ballot.question, "secret": ballot.secret},
    )
    db.session.flush()
    return ballot


def start_ballot(ballot: CouncilBallot, now: datetime, actor) -> None:
    """Open a ballot that waited for its translations, once every one is current."""
    if ballot.opened_at is not None:
        raise CouncilRefused([_("This ballot is already open.")])
    council = db.session.get(Council, ballot.council_id)
    gaps = council_ballot_gaps(council, ballot)
    if gaps:
        raise CouncilRefused([str(reason) for reason in gaps])
    ballot.opened_at = now
    record_action(
        actor,
        "council.ballot.open",
        target=f"council:{council.id}/ballot:{ballot.id}",
        after={"question": ballot.question, "secret": ballot.secret},
    )
    db.session.flush()


def _lock(ballot: CouncilBallot) -> None:
    """Hold the ballot's row until commit and read it afresh: votes and the close take turns."""
    papers.lock_box(CouncilBallotPaper, ballot.id)
    db.session.refresh(ballot)


def _option(ballot: CouncilBallot, key: str) -> CouncilBallotOption | None:
    return next((o for o in ballot.options if o.key == key), None)


def has_voted(ballot: CouncilBallot, term: CouncilTerm) -> bool:
    """Say whether this member already voted in this ballot."""
    query = select(CouncilBallotParticipation.id).filter_by(ballot_id=ballot.id, term_id=term.id)
    return db.session.scalar(query) is not None


def cast_vote(ballot: CouncilBallot, term: CouncilTerm, choice: str, today: date) -> str:
    """Record that a member voted and put their choice in the box; return the receipt code."""
    # Locked first, so a vote either commits before the close or finds the ballot closed.
    _lock(ballot)
    if ballot.closed_at is not None:
        raise CouncilRefused([_("This ballot is closed.")])
    if ballot.opened_at is None:
        raise CouncilRefused([_("This ballot is not open yet.")])
    option = _option(ballot, choice)
    if option is None:
        raise CouncilRefused([_("Choose one of the ballot's options.")])
    if term.council_id != ballot.council_id or not term.sits_on(today):
        raise CouncilRefused([_("Only sitting members vote.")])
    if has_voted(ballot, term):
        raise CouncilRefused(
            [_("You have already voted on this question. Your first vote counts.")]
        )
    roll_call = None if ballot.secret else option.id
    db.session.add(
        CouncilBallotParticipation(ballot_id=ballot.id, term_id=term.id, option_id=roll_call)
    )
    # The voter row first: the unique (ballot, term) refuses a second vote before any paper.
    db.session.flush()
    return papers.cast(CouncilBallotPaper, ballot.id, option.key, today)


def close_ballot(ballot: CouncilBallot, now: datetime, actor) -> BallotResult:
    """Close the ballot, count its papers and record the decision (and its topic), if any."""
    _lock(ballot)
    if ballot.closed_at is not None:
        raise CouncilRefused([_("This ballot is already closed.")])
    if ballot.opened_at is None:
        raise CouncilRefused([_("This ballot is not open yet.")])
    council = db.session.get(Council, ballot.council_id)
    ballot.closed_at = now
    ballot.eligible_count = len(sitting_terms(council, now.date()))
    # Once more in random order, then the table is compacted: what stays is what is counted.
    papers.reshuffle(CouncilBallotPaper, ballot.id, compact=True)
    result = _count(ballot)
    if result.winner is not None:
        result.winner.won = True
        _settle_topic(ballot, result.winner)
    record_action(
        actor,
        "council.ballot.close",
        target=f"council:{ballot.council_id}/ballot:{ballot.id}",
        after={"decided": result.winner.key if result.winner else None},
    )
    db.session.flush()
    return result


def _settle_topic(ballot: CouncilBallot, winner: CouncilBallotOption) -> None:
    """Choose the topic the winning option carries; a No to "Take up X?" declines X."""
    carrier = _option(ballot, "yes") if ballot.is_question else winner
    topic = db.session.get(CouncilTopic, carrier.topic_id) if carrier.topic_id else None
    if topic is not None and topic.status is TopicStatus.SUBMITTED:
        topic.status = TopicStatus.DECLINED if winner.key == "no" else TopicStatus.CHOSEN


def ballot_result(ballot: CouncilBallot) -> BallotResult:
    """Count a closed ballot; the decision recorded at its close stands."""
    result = _count(ballot)
    recorded = ballot.outcome
    if recorded is not None or result.winner is not None:
        # Ballots from before this count were decided by plurality; their record stands.
        result.winner, result.why = recorded, "" if recorded else "tie"
    return result


def _count(ballot: CouncilBallot) -> BallotResult:
    choices = list(
        db.session.scalars(select(CouncilBallotPaper.choice).filter_by(ballot_id=ballot.id))
    )
    voters = db.session.scalar(
        select(func.count(CouncilBallotParticipation.id)).filter_by(ballot_id=ballot.id)
    )
    quorum = quorum_needed(ballot.quorum_percent, ballot.eligible_count)
    counts = Counter(choices)
    share = None
    if ballot.is_question:
        labels = {o.key: o.title for o in ballot.options}
        counted = tally.count_decision(choices, "yes_no", ballot.threshold.value, labels)
        rows, share = counted["rows"], counted["share_in_favour"]
    else:
        rows = tally.count_approval(choices, [(o.key, o.title) for o in ballot.options])["rows"]
        rows.sort(key=lambda row: row.key == "abstain")  # most votes first, abstentions last
    winner, why = _decide(ballot, counts, len(choices), quorum)
    return BallotResult(
        rows, len(choices), voters, ballot.eligible_count, quorum, winner, why, share
    )


def _decide(ballot: CouncilBallot, counts: Counter, cast: int, quorum: int | None):
    """Return (winning option, "") or (None, why): abstentions count for the quorum only."""
    if quorum is not None and cast < quorum:
        return None, "quorum"
    if ballot.is_question:
        yes, no = counts["yes"], counts["no"]
        if yes == no:
            return None, "tie" if yes else "no_votes"
        passed = tally.passes(yes, no, ballot.threshold.value)
        return _option(ballot, "yes" if passed else "no"), ""
    topics = [(counts[o.key], o) for o in ballot.options if o.key != "abstain"]
    best = max((n for n, _o in topics), default=0)
    leaders = [o for n, o in topics if n == best]
    if best == 0:
        return None, "no_votes"
    if len(leaders) > 1:
        return None, "tie"
    return leaders[0], ""


def counted_in(council: Council, code: str) -> list[CouncilBallot]:
    """Return the council's closed ballots whose papers include this receipt code."""
    return list(
        db.session.scalars(
            select(CouncilBallot)
            .join(CouncilBallotPaper, CouncilBallotPaper.ballot_id == CouncilBallot.id)
            .filter(
                CouncilBallot.council_id == council.id,
                CouncilBallot.closed_at.is_not(None),
                CouncilBallotPaper.receipt_hash == papers.receipt_hash(code),
            )
        )
    )
