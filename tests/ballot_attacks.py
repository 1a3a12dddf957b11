"""What a database reader would try to pair members with their ballot papers.

Each attack reads only what an organiser, an administrator or a backup holder can read, and
guesses, for every item, which paper each voter cast: a list of (member id, receipt hash).
`score` counts the right guesses against the truth (the receipts the voters were given). By
chance a random pairing of n voters with n papers gets 1 right per item on average.

Shared by tests/test_ballot_secrecy.py, tests/test_surveys.py and benchmarks/ballot_linkage.py.
A `Layout` names the tables and columns of one kind of box (ballots by default; surveys keep
one respondent row per survey and one answer per question, so a respondent stands for a voter
on every question of the survey).
"""

import math
import re
import sqlite3
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

Guess = dict[tuple[int, int], str]  # (item id, member id) -> receipt hash


@dataclass(frozen=True)
class Layout:
    """Where a kind of secret box keeps who took part and what was chosen."""

    voters: str = "voter"
    #: The voter row's box (an item; for surveys the survey, spread by `boxes`).
    voter_box: str = "item_id"
    #: The voter row's day, or None when none is kept.
    voter_day: str | None = "voted_on"
    papers: str = "ballot_paper"
    paper_box: str = "item_id"
    #: What tells one paper from another in the guesses (the truth uses the same).
    paper_key: str = "receipt_hash"
    paper_day: str | None = "cast_on"
    #: The bytes of a key as stored, to find it in raw pages.
    key_pattern: bytes = rb"[0-9a-f]{64}"
    #: A voter box -> the paper boxes it covers (a survey -> its questions); empty: the same.
    boxes: dict = field(default_factory=dict)


BALLOTS = Layout()


def _spread(voters: list[tuple], layout: Layout) -> list[tuple]:
    """Turn each voter row into one row per paper box it covers, keeping the order."""
    if not layout.boxes:
        return voters
    return [(box, *rest) for voter_box, *rest in voters for box in layout.boxes[voter_box]]


def _zip(voters: list[tuple], papers: list[tuple], layout: Layout = BALLOTS) -> Guess:
    """Pair the k-th voter of an item with its k-th paper (both lists already ordered)."""
    by_item_v, by_item_p = defaultdict(list), defaultdict(list)
    for item_id, member_id in _spread(voters, layout):
        by_item_v[item_id].append(member_id)
    for item_id, receipt in papers:
        by_item_p[item_id].append(receipt)
    guess = {}
    for item_id, members in by_item_v.items():
        for member_id, receipt in zip(members, by_item_p[item_id], strict=False):
            guess[(item_id, member_id)] = receipt
    return guess


def _rows(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(text(sql))]


def _in_order(conn, voters_by: str, papers_by: str, layout: Layout = BALLOTS) -> Guess:
    """Pair voters and papers each read in the given order ("" for the scan's own order)."""
    physical = "ctid" if conn.dialect.name == "postgresql" else "rowid"

    def order(by: str) -> str:
        return f" ORDER BY {by.format(physical=physical)}" if by else ""

    return _zip(
        _rows(
            conn, f"SELECT {layout.voter_box}, member_id FROM {layout.voters}" + order(voters_by)
        ),
        _rows(
            conn,
            f"SELECT {layout.paper_box}, {layout.paper_key} FROM {layout.papers}"
            + order(papers_by),
        ),
        layout,
    )


def primary_key(conn, layout: Layout = BALLOTS) -> Guess:
    """Voters in id order against papers in id order."""
    return _in_order(conn, "id", "id", layout)


def row_order(conn, layout: Layout = BALLOTS) -> Guess:
    """Voters against papers in physical order: ctid on PostgreSQL, rowid on SQLite."""
    return _in_order(conn, "{physical}", "{physical}", layout)


def unordered_scan(conn, layout: Layout = BALLOTS) -> Guess:
    """Voters against papers in the order a plain SELECT returns them."""
    return _in_order(conn, "", "", layout)


def timestamps(conn, layout: Layout = BALLOTS) -> Guess:
    """Voters and papers by their dates, ties by physical order (no dates: physical order)."""
    voters_by = f"{layout.voter_day}, {{physical}}" if layout.voter_day else "{physical}"
    papers_by = f"{layout.paper_day}, {{physical}}" if layout.paper_day else "{physical}"
    return _in_order(conn, voters_by, papers_by, layout)


def receipt_order(conn, layout: Layout = BALLOTS) -> Guess:
    """Voters in id order against papers in receipt-hash (or key) order."""
    return _in_order(conn, "id", layout.paper_key, layout)


def xmin(conn, layout: Layout = BALLOTS) -> Guess:
    """PostgreSQL: a voter and the paper written by the same transaction share xmin."""
    voters = _rows(
        conn, f"SELECT {layout.voter_box}, member_id, xmin::text FROM {layout.voters} ORDER BY id"
    )
    papers = _rows(
        conn,
        f"SELECT {layout.paper_box}, {layout.paper_key}, xmin::text FROM {layout.papers}"
        " ORDER BY ctid",
    )
    taken, guess = set(), {}
    for item_id, member_id, txid in _spread(voters, layout):
        for p_item, receipt, p_txid in papers:
            if p_item == item_id and p_txid == txid and receipt not in taken:
                taken.add(receipt)
                guess[(item_id, member_id)] = receipt
                break
    return guess


def old_versions(conn, layout: Layout = BALLOTS) -> Guess:
    """PostgreSQL: read every row version still in the pages, dead ones included.

    The paper a voter's transaction wrote is the one that first appears in versions with
    that voter's xmin; a rewrite leaves the previous versions behind until they are purged.
    """
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    pages = conn.execute(
        text(f"SELECT pg_relation_size('{layout.papers}') / current_setting('block_size')::int")
    ).scalar()
    paper_item = dict(
        (r, i)
        for (i, r) in _rows(
            conn, f"SELECT {layout.paper_box}, {layout.paper_key} FROM {layout.papers}"
        )
    )
    receipts = set(paper_item)
    seen_in: dict[str, set[str]] = defaultdict(set)  # xmin -> receipts in its versions
    for block in range(pages):
        for t_xmin, data in conn.execute(
            text(
                "SELECT t_xmin::text, t_data FROM heap_page_items(get_raw_page(:table, :b))"
                " WHERE t_data IS NOT NULL"
            ),
            {"table": layout.papers, "b": block},
        ):
            found = re.findall(layout.key_pattern, bytes(data))
            seen_in[t_xmin].update(h.decode() for h in found if h.decode() in receipts)
    voters = _rows(
        conn,
        f"SELECT {layout.voter_box}, member_id, xmin::text FROM {layout.voters}"
        " ORDER BY xmin::text::bigint",
    )
    if layout.boxes:
        return _old_versions_spread(seen_in, voters, paper_item, layout)
    earlier: set[str] = set()
    guess = {}
    for item_id, member_id, txid in voters:
        new = sorted(r for r in seen_in.get(txid, set()) - earlier if paper_item.get(r) == item_id)
        if new:
            guess[(item_id, member_id)] = new[0]
        earlier |= seen_in.get(txid, set())
    return guess


def _old_versions_spread(seen_in, voters, paper_item, layout: Layout) -> Guess:
    """old_versions for a voter row covering several boxes: its new papers, one per box."""
    earlier: set[str] = set()
    guess = {}
    for voter_box, member_id, txid in voters:
        new = seen_in.get(txid, set()) - earlier
        for box in layout.boxes[voter_box]:
            mine = sorted(r for r in new if paper_item.get(r) == box)
            if mine:
                guess[(box, member_id)] = mine[0]
        earlier |= seen_in.get(txid, set())
    return guess


def table_attacks(conn, layout: Layout = BALLOTS) -> dict[str, Guess]:
    """Run every attack on the live tables this backend allows; name -> guess."""
    attacks = {
        "primary_key": primary_key(conn, layout),
        "row_order": row_order(conn, layout),
        "unordered_scan": unordered_scan(conn, layout),
        "timestamps": timestamps(conn, layout),
        "receipt_order": receipt_order(conn, layout),
    }
    if conn.dialect.name == "postgresql":
        attacks["xmin"] = xmin(conn, layout)
        attacks["old_versions"] = old_versions(conn, layout)
    return attacks


def list_order(
    voters: list[tuple[int, int]],
    receipts_in_order: list[tuple[int, str]],
    layout: Layout = BALLOTS,
) -> Guess:
    """Voters in id order against receipts in the order a page, export or log lists them."""
    return _zip(voters, receipts_in_order, layout)


def backup_order(backup: Path, dialect: str, layout: Layout = BALLOTS) -> Guess:
    """Voters against papers in the order the backup file holds them."""
    voter_columns = (layout.voter_box, "member_id")
    paper_columns = (layout.paper_box, layout.paper_key)
    if dialect == "sqlite":
        copy = sqlite3.connect(backup)
        try:
            voters = copy.execute(
                f"SELECT {', '.join(voter_columns)} FROM {layout.voters}"
            ).fetchall()
            papers = copy.execute(
                f"SELECT {', '.join(paper_columns)} FROM {layout.papers}"
            ).fetchall()
        finally:
            copy.close()
        return _zip(voters, papers, layout)
    script = subprocess.run(
        ["pg_restore", "--data-only", "--file=-", str(backup)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return _zip(
        _copy_block(script, layout.voters, voter_columns),
        _copy_block(script, layout.papers, paper_columns),
        layout,
    )


def _copy_block(script: str, table: str, wanted: tuple[str, str]) -> list[tuple]:
    match = re.search(
        rf"^COPY public\.{table} \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", script, re.M | re.S
    )
    columns = [c.strip() for c in match.group(1).split(",")]
    a, b = (columns.index(name) for name in wanted)
    rows = [line.split("\t") for line in match.group(2).splitlines() if line]
    return [(int(r[a]), int(r[b]) if wanted[1].endswith("_id") else r[b]) for r in rows]


def three_item_ballot(assembly, organiser):
    """Open a ballot with a yes/no, a scale and an approval item, all at once."""
    from facilitate.ballots import services
    from facilitate.extensions import db
    from facilitate.models.base import utcnow
    from tests.worlds.deliberation import recommendation

    first = recommendation(assembly, "Insulate schools")
    second = recommendation(assembly, "Plant trees")
    ballot = services.create_ballot(assembly, "Final vote", "together", None, organiser)
    services.add_item(ballot, "yes_no", "simple", [first.id])
    services.add_item(ballot, "scale", "simple", [second.id])
    services.add_item(ballot, "approval", "simple", [first.id, second.id])
    services.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    return ballot


def vote_in_shuffled_order(items, seats, rng) -> tuple[Guess, list[float]]:
    """Let every seat vote on every item in a shuffled order, one transaction per vote.

    Return the truth (each voter's receipt hash) and the seconds each vote took.
    """
    import time

    from facilitate.ballots import papers, services
    from facilitate.extensions import db
    from facilitate.models.ballots import ItemMethod
    from facilitate.models.base import utcnow

    def choices(item):
        if item.method == ItemMethod.YES_NO:
            return [["yes"], ["no"], ["abstain"]]
        if item.method == ItemMethod.SCALE:
            return [[str(n)] for n in range(1, 6)]
        keys = [str(o.id) for o in item.options]
        return [[k] for k in keys] + [keys]

    options = {item.id: choices(item) for item in items}
    votes = [(seat, item) for seat in seats for item in items]
    rng.shuffle(votes)
    truth, seconds = {}, []
    for seat, item in votes:
        started = time.perf_counter()
        code = services.cast_ballot(item, seat, rng.choice(options[item.id]), utcnow().date())
        db.session.commit()  # one transaction per vote, as in the vote view
        seconds.append(time.perf_counter() - started)
        truth[(item.id, seat.id)] = papers.receipt_hash(code)
    return truth, seconds


def score(guess: Guess, truth: Guess) -> int:
    """Count the guesses that pair a member with their own paper."""
    return sum(1 for key, receipt in guess.items() if truth.get(key) == receipt)


def chance_limit(expected: float, false_alarm: float = 1e-6) -> int:
    """The most right guesses chance explains, with a false alarm rarer than `false_alarm`.

    A random pairing's right guesses (fixed points of a permutation, summed over items) follow
    a Poisson law with mean `expected`. A mean-plus-three-deviations bound is crossed by chance
    about once in a thousand runs, too often for a suite run on every commit; a real leak pairs
    most voters, far above this bound.
    """
    k, term, tail = 0, math.exp(-expected), 1.0
    while tail - term >= false_alarm:
        tail -= term
        k += 1
        term *= expected / k
    return k
