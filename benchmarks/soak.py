"""Soak: members vote while observers browse and a selection runs on an RQ worker.

    .venv/bin/python benchmarks/soak.py [--members 150] [--observers 200] [--window 30]

gunicorn (4 workers) on a fresh PostgreSQL database with Redis (127.0.0.1:6379, db 14) for
rate limits, the page cache and the job queue; one RQ worker draws a panel from a pool of
3,000 while 150 members cast ballots within the window and 200 observers (no cookies) load
public pages from a loopback load generator. Prints errors, lost and duplicate ballots, p95
latency for members and observers (targets 0, 0, 300 ms, 100 ms) and the draw's outcome.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")
sys.path.insert(0, str(ROOT / "benchmarks"))

from loadgen import run_load, wait_for  # noqa: E402
from vote_burst import Voter, _free_port, _fresh_database, _seed  # noqa: E402

REDIS = "redis://127.0.0.1:6379/14"
# Observers read a page before loading the next (see --observer-pause); --observer-pause 0
# sends their requests back to back, far above what 200 people browsing produce.


def _seed_public_and_pool(url: str) -> tuple[str, int]:
    """Add a published assembly for observers and a queued draw over 3,000 registrants."""
    from facilitate import create_app, jobs
    from facilitate.extensions import db
    from facilitate.models import AssemblyStatus
    from facilitate.pool.importer import import_rows
    from facilitate.selection import services
    from tests import factories, factories_public

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "REDIS_URL": REDIS})
    with app.app_context():
        public = factories_public.published_assembly("soak-public", recommendations=12)
        organiser = factories.user(can_organise=True)
        pool = factories.assembly(
            organiser, slug="soak-draw", status=AssemblyStatus.SELECTING, panel_size=40
        )
        factories.quotas(
            pool,
            {
                "gender": [("female", 50.0, 18, 22), ("male", 50.0, 18, 22)],
                "age": [("young", 30.0, 10, 14), ("middle", 40.0, 14, 18), ("old", 30.0, 10, 14)],
                "area": [("north", 50.0, 18, 22), ("south", 50.0, 18, 22)],
            },
        )
        rng = random.Random(3)
        gender, age, area = pool.categories
        rows = [
            {
                "first_name": f"F{i}",
                "last_name": f"L{i}",
                "email": f"p{i}@example.org",
                "phone": "",
                "address": f"{i} Road",
                "postcode": "1000",
                "date_of_birth": None,
                "address_key": f"a{i}",
                "household_key": f"h{i}",
                "answers": {c.id: rng.choice(c.values).id for c in (gender, age, area)},
            }
            for i in range(3000)
        ]
        import_rows(pool, rows)
        run = services.start_run(
            pool, organiser, {"algorithm": "leximin", "seed": 1, "panels": 1000, "households": True}
        )
        db.session.commit()
        jobs.enqueue("selection.run", run.id)
        return public.slug, run.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=150)
    parser.add_argument("--observers", type=int, default=200)
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument(
        "--observer-pause",
        type=float,
        default=1.0,
        help="seconds each observer reads a page (0: back to back)",
    )
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    from redis import Redis

    Redis.from_url(REDIS).flushdb()
    url = _fresh_database(args.server, "facilitate_soak")
    psycopg_url = url.replace("postgresql://", "postgresql+psycopg://")
    slug, ballot_id, item_id, emails = _seed(psycopg_url, args.members)
    public_slug, run_id = _seed_public_and_pool(psycopg_url)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "soak-secret",
        "SESSION_COOKIE_SECURE": "0",
        "REDIS_URL": REDIS,
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}",
         "facilitate:create_app({'LOGIN_RATE_LIMIT': '100000 per minute'})"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    worker = None
    try:
        wait_for(base, "/health")
        voters = [Voter(base, e) for e in emails]
        path = f"/assemblies/{slug}/ballots/{ballot_id}/items/{item_id}/vote"
        with ThreadPoolExecutor(50) as pool:
            list(pool.map(lambda v: (v.sign_in(), v.prepare(path)), voters))
        # The draw starts on an RQ worker as the voting and browsing begin.
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/flask"), "--app", "facilitate", "jobs", "worker", "--burst"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        observed = {}
        pages = [
            f"/a/{public_slug}",
            f"/a/{public_slug}/recommendations",
            "/",
            f"/a/{public_slug}/recommendations/1",
        ]
        browsing = threading.Thread(
            target=lambda: observed.setdefault(
                "r",
                run_load(base, pages, args.observers, args.window + 5, pause=args.observer_pause),
            )
        )
        browsing.start()
        with ThreadPoolExecutor(50) as pool:
            started = time.perf_counter()
            rng = random.Random(1)
            moments = sorted(rng.uniform(0, args.window) for _ in voters)
            results = list(
                pool.map(
                    lambda pair: pair[0].vote(started + pair[1]), zip(voters, moments, strict=True)
                )
            )
        browsing.join()
        worker.wait(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if worker and worker.poll() is None:
            worker.terminate()

    engine = create_engine(psycopg_url)
    with engine.connect() as conn:
        papers = conn.execute(
            text("SELECT count(*) FROM ballot_paper WHERE item_id = :i"), {"i": item_id}
        ).scalar()
        voted = conn.execute(
            text("SELECT count(*) FROM voter WHERE item_id = :i"), {"i": item_id}
        ).scalar()
        draw = conn.execute(
            text("SELECT status, seconds FROM selection_run WHERE id = :i"), {"i": run_id}
        ).one()
        seats = conn.execute(
            text("SELECT count(*) FROM panel_seat WHERE run_id = :i"), {"i": run_id}
        ).scalar()
    engine.dispose()
    latencies = sorted(t for t, _e in results)
    errors = [e for _t, e in results if e]
    observers = observed["r"]
    member_p95 = 1000 * statistics.quantiles(latencies, n=20)[18]
    print(
        f"members: {args.members} votes over {args.window:.0f} s; observers: {args.observers} clients"
        f" reading each page for {args.observer_pause:.1f} s"
    )
    print(f"member errors: {len(errors)}, observer errors: {observers.errors} (targets 0)")
    print(
        f"ballots: {papers}, voters: {voted}; lost {max(args.members - papers, 0)}, duplicate {max(papers - args.members, 0)} (targets 0, 0)"
    )
    print(
        f"p95 members: {member_p95:.0f} ms (target < 300); p95 observers: {observers.p95_ms:.0f} ms (target < 100); observer requests: {observers.requests} ({observers.throughput:.0f}/s)"
    )
    print(f"background draw: {draw.status}, {seats} seats, {draw.seconds or 0:.1f} s of computing")
    return 0 if not errors and not observers.errors and papers == args.members else 1


if __name__ == "__main__":
    sys.exit(main())
