"""How many members a database reader can pair with their ballot papers, against chance.

Run by hand: `.venv/bin/python benchmarks/ballot_linkage.py [--members 60] [--json]`.
Uses a fresh database on TEST_DATABASE_URL's server (default postgresql://postgres@127.0.0.1:5432),
seats the members, lets each vote on three items in a shuffled order (one transaction per vote),
then runs every attack of tests/ballot_attacks.py while the ballot is open and after it closed,
and on a backup. Prints one JSON object with --json:
{"voters": N, "expected_by_chance": E, "attacks": {name: matched_pairs, ...}, ...}
where an attack's figure is the worse of the open and the closed ballot. Chance gives about
1 right pairing per item; more than E + 3*sqrt(E) + 1 would be a leak.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")

ITEMS = 3


def _fresh_database(name: str) -> str:
    base = make_url(os.environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/x")
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _attack_tables(db) -> dict:
    from tests import ballot_attacks

    found = ballot_attacks.table_attacks(db.session.connection())
    db.session.commit()
    return found


def run(members: int) -> dict:
    """Seat `members`, vote, attack; return the figures."""
    from facilitate import create_app
    from facilitate.backups.dump import create_backup
    from facilitate.ballots import queries, services
    from facilitate.extensions import db
    from facilitate.models import AssemblyStatus
    from facilitate.models.ballots import Voter
    from facilitate.models.base import utcnow
    from tests import ballot_attacks, factories
    from tests.worlds.deliberation import member

    url = _fresh_database(f"facilitate_linkage_{os.getpid()}")
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "DATABASE_URL": url})
    try:
        with app.app_context():
            db.create_all()
            organiser = factories.user(can_organise=True)
            assembly = factories.assembly(
                organiser, slug="linkage", status=AssemblyStatus.VOTING, panel_size=members
            )
            ballot = ballot_attacks.three_item_ballot(assembly, organiser)
            seats = [member(assembly)[1] for _ in range(members)]
            truth, seconds = ballot_attacks.vote_in_shuffled_order(
                list(ballot.items), seats, random.Random(2026)
            )
            during = _attack_tables(db)
            services.close_ballot(ballot, utcnow(), actor=organiser)
            db.session.commit()
            services.publish_results(ballot, utcnow(), None)
            db.session.commit()
            after = _attack_tables(db)
            voters = [(v.item_id, v.member_id) for v in db.session.query(Voter).order_by(Voter.id)]
            published = queries.published_results(assembly)[0]["items"]
            listed = [
                (item.id, receipt)
                for item, result in zip(ballot.items, published, strict=True)
                for receipt in result["receipt_hashes"]
            ]
            after["result_order"] = ballot_attacks.list_order(voters, listed)
            with tempfile.TemporaryDirectory() as folder:
                backup = create_backup(url, Path(folder) / "backup.dump")
                after["backup_order"] = ballot_attacks.backup_order(backup, "postgresql")
            attacks = {
                name: max(
                    ballot_attacks.score(guess, truth),
                    ballot_attacks.score(during.get(name, {}), truth),
                )
                for name, guess in after.items()
            }
            db.session.remove()
            db.engine.dispose()
    finally:
        _drop_database(url)
    ordered = sorted(seconds)
    return {
        "voters": members,
        "items": ITEMS,
        "expected_by_chance": float(ITEMS),
        "leak_above": round(ballot_attacks.chance_limit(ITEMS), 2),
        "attacks": attacks,
        "vote_ms_median": round(1000 * statistics.median(ordered), 1),
        "vote_ms_p95": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = run(args.members)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['voters']} voters on {figures['items']} items; chance pairs "
        f"{figures['expected_by_chance']:.0f}, a leak above {figures['leak_above']}"
    )
    for name, matched in figures["attacks"].items():
        print(f"  {name:15} {matched:4d} pairs")
    print(
        f"vote (one transaction, box rewritten): median {figures['vote_ms_median']} ms, "
        f"p95 {figures['vote_ms_p95']} ms"
    )


if __name__ == "__main__":
    main()
