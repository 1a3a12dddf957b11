"""Fault injection: a worker killed during a draw, the database cutting every connection in a vote burst.

Run by hand: `.venv/bin/python benchmarks/faults.py [--pool 3000] [--members 100] [--redis-db 13]`.
Needs a local PostgreSQL (default postgresql://postgres@127.0.0.1:5432) and Redis. Uses a fresh
database `facilitate_faults` and one Redis database number, which must be empty (it is refused
otherwise, and only our RQ keys are deleted afterwards).

1. A draw on a pool of `--pool` people runs on an RQ worker (`flask jobs worker`); the worker
   and its work-horse are killed with SIGKILL mid-draw and the worker restarted. A cron-like
   loop runs what `flask jobs reap` runs every 10 s and tries to start a new draw. Prints the
   time until a new draw can start (target < 3 min).
2. `--members` members vote on one item through gunicorn within a window; twice during it every
   connection the app holds is cut with pg_terminate_backend (what a database restart does to
   it; the shared server itself is never restarted). Every member reads what the page told
   them, and those told "not recorded" vote again. Prints votes lost and members told a wrong
   outcome (target 0 and 0).
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vote_burst import Voter, _free_port, _fresh_database, _seed  # noqa: E402

SPEC = {
    "gender": [("female", 50.0, 14, 16), ("male", 50.0, 14, 16)],
    "age": [
        ("16-29", 20.0, 5, 7),
        ("30-44", 25.0, 6, 9),
        ("45-64", 30.0, 8, 10),
        ("65+", 25.0, 6, 9),
    ],
    "area": [(f"district {i}", 20.0, 5, 7) for i in range(5)],
}


def _app(url: str, redis_url: str):
    from facilitate import create_app

    return create_app(
        {
            "SECRET_KEY": "faults",
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "JOBS_MODE": "rq",
            "PUBLIC_URL": "http://127.0.0.1:5000",
        }
    )


def _seed_pool(app, size: int) -> int:
    """Build the schema and an assembly in selection with `size` people; return its id."""
    import random

    from facilitate.extensions import db
    from facilitate.models import AssemblyStatus
    from tests import factories

    rng = random.Random(3)
    with app.app_context():
        db.create_all()
        organiser = factories.user(email="organiser@example.org", can_organise=True)
        assembly = factories.assembly(
            organiser, slug="pool", status=AssemblyStatus.SELECTING, panel_size=30
        )
        factories.quotas(assembly, SPEC)
        for _ in range(size):
            person = factories.registrant(assembly)
            for answer, category in zip(person.answers, assembly.categories, strict=True):
                answer.value_id = rng.choice(category.values).id
        db.session.commit()
        return assembly.id


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "--app", "facilitate", "jobs", "worker"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the work-horse dies with it
    )  # fmt: skip


def killed_draw(url: str, redis_url: str, pool: int, restart_after: float = 0) -> None:
    from facilitate import jobs
    from facilitate.extensions import db
    from facilitate.models import Assembly, RunStatus, SelectionRun, User
    from facilitate.selection import services

    app = _app(url, redis_url)
    print(f"seeding a pool of {pool} people…", flush=True)
    assembly_id = _seed_pool(app, pool)
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "SECRET_KEY": "faults"}
    env["PUBLIC_URL"] = "http://127.0.0.1:5000"
    worker = _worker(env)
    data = {"algorithm": "leximin", "seed": 11, "households": False}
    with app.app_context():
        organiser = db.session.scalar(db.select(User))
        assembly = db.session.get(Assembly, assembly_id)
        run = services.start_run(assembly, organiser, data)
        db.session.commit()
        jobs.start("selection.run", run.id)
        for _ in range(1200):
            db.session.expire_all()
            if run.status is not RunStatus.QUEUED:
                break
            time.sleep(0.05)
        time.sleep(0.3)  # inside the computation
        # RQ's work-horse runs in a process group of its own: kill it by name of its parent.
        horses = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        os.killpg(worker.pid, signal.SIGKILL)
        for horse in horses:
            os.kill(int(horse), signal.SIGKILL)
        worker.wait()
        killed = time.monotonic()
        db.session.expire_all()
        if run.status is not RunStatus.RUNNING:
            print(f"the draw was {run.status.value} before it was killed; try a bigger pool")
        print(
            f"killed the worker and {len(horses)} work-horse(s) during run {run.id} "
            f"(status {run.status.value})",
            flush=True,
        )
        worker = None
        try:
            while time.monotonic() - killed < 600:
                if worker is None and time.monotonic() - killed >= restart_after:
                    worker = _worker(env)
                # What cron's `flask jobs reap` (or a /health poll) does, every 10 s.
                services.expire_stale_runs()
                db.session.commit()
                try:
                    again = services.start_run(assembly, organiser, data)
                    db.session.commit()
                    break
                except services.RunAlreadyActive:
                    db.session.rollback()
                time.sleep(10)
            else:
                again = None
            if worker is None:
                worker = _worker(env)
            waited = time.monotonic() - killed
            db.session.expire_all()
            dead = db.session.get(SelectionRun, run.id)
            print(f"killed run ended {dead.status.value}: {dead.error or dead.message}")
            if again is None:
                print("no new draw could start within 10 minutes (target < 3 min)")
                return
            print(f"time until a new draw could start: {waited:.0f} s (target < 180 s)")
            jobs.start("selection.run", again.id)
            while again.status in (RunStatus.QUEUED, RunStatus.RUNNING):
                time.sleep(1)
                db.session.expire_all()
            print(
                f"the new draw, on the restarted worker: {again.status.value} {again.error} "
                f"in {again.seconds or 0:.1f} s of computation"
            )
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
            db.engine.dispose()


class Member(Voter):
    """A voter who reads the page the vote leads to, as a member would."""

    def _follow(self, location: str) -> str:
        """Load the page a vote redirected to, reloading it while the database is out of reach."""
        for _ in range(10):
            try:
                with self.opener.open(urllib.parse.urljoin(self.base, location), timeout=60) as r:
                    return r.read().decode()
            except urllib.error.HTTPError as error:
                if error.code != 503:
                    return error.read().decode()
                time.sleep(1)  # the page says "try again": the member reloads it
        return "the page never loaded"

    def told(self) -> str:
        started = time.perf_counter()
        body = urllib.parse.urlencode({"choice": "yes", "csrf_token": self.token}).encode()
        try:
            with self.opener.open(self.base + self.vote_path, body, timeout=60) as response:
                page = response.read().decode()
        except urllib.error.HTTPError as answer:
            if answer.code not in (302, 303):
                page = answer.read().decode()
            else:
                page = self._follow(answer.headers["Location"])
        except OSError as error:
            return f"no answer ({type(error).__name__})"
        self.seconds = time.perf_counter() - started
        for words, outcome in (
            ("Your ballot was cast", "cast"),
            ("already voted", "already"),
            ("not recorded", "not recorded"),
            ("nothing was saved", "not recorded"),
        ):
            if words in page:
                return outcome
        return "unclear: " + re.sub(r"\s+", " ", page)[:120]


def _cut_every_connection(url: str, database: str) -> int:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        cut = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": database},
        ).scalar()
    engine.dispose()
    return cut


def cut_connections_during_votes(
    server: str, redis_url: str, members: int, window: float, cut_times: int = 2
) -> None:
    url = _fresh_database(server, "facilitate_faults_votes")
    driver_url = url.replace("postgresql://", "postgresql+psycopg://")
    slug, ballot_id, item_id, emails = _seed(driver_url, members)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "faults",
        "SESSION_COOKIE_SECURE": "0",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    # FAULTS_LOG=path keeps gunicorn's log, to see why votes failed.
    log = open(os.environ.get("FAULTS_LOG", os.devnull), "w")  # noqa: SIM115 - closed below
    web = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}",
         "facilitate:create_app({'LOGIN_RATE_LIMIT': '100000 per minute'})"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/auth/login", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        voters = [Member(base, email) for email in emails]
        path = f"/assemblies/{slug}/ballots/{ballot_id}/items/{item_id}/vote"
        with ThreadPoolExecutor(50) as pool:
            list(pool.map(lambda v: (v.sign_in(), v.prepare(path)), voters))
            cuts = []

            def cutter():
                for _ in range(cut_times):  # at 30 % and 60 % of the window
                    time.sleep(window * 0.3)
                    cuts.append(_cut_every_connection(driver_url, "facilitate_faults_votes"))

            threading.Thread(target=cutter, daemon=True).start()
            step = window / len(voters)

            def vote(pair):
                index, voter = pair
                time.sleep(index * step)
                return voter.told()

            first = list(pool.map(vote, enumerate(voters)))
            time.sleep(1)
            # Those told their vote was not recorded vote again, as the page asks.
            second = list(
                pool.map(
                    lambda pair: pair[1].told() if pair[0] != "cast" else pair[0],
                    zip(first, voters, strict=True),
                )
            )
    finally:
        web.terminate()
        web.wait(timeout=20)
        log.close()
    engine = create_engine(driver_url)
    with engine.connect() as conn:
        recorded = set(
            conn.execute(
                text(
                    "SELECT u.email FROM voter v JOIN member m ON m.id = v.member_id "
                    'JOIN "user" u ON u.id = m.user_id WHERE v.item_id = :i'
                ),
                {"i": item_id},
            ).scalars()
        )
        papers = conn.execute(
            text("SELECT count(*) FROM ballot_paper WHERE item_id = :i"), {"i": item_id}
        ).scalar()
    engine.dispose()
    wrong = 0
    for email, said in zip(emails, first, strict=True):
        stored = email in recorded
        # "Already voted" is only true of a first press if a vote is stored; "cast" only then.
        if said in ("cast", "already") and not stored:
            wrong += 1
        elif said == "already" and stored:
            wrong += 1  # stored, but the member never voted before: a confusing answer
    told_again = sum(1 for said in first if said != "cast")
    lost = sum(
        1
        for email, said in zip(emails, first, strict=True)
        if said == "cast" and email not in recorded
    )
    unvoted = sum(1 for email in emails if email not in recorded)
    print(f"members: {members}; connections cut twice: {cuts}")
    print("first answers:", {o: first.count(o) for o in sorted(set(first))})
    print(f"members who voted again: {told_again}; their answers:",
          {o: second.count(o) for o in sorted(set(second))})  # fmt: skip
    print(f"ballots stored: {papers}, voters stored: {len(recorded)}")
    print(f"votes lost (told cast, not stored): {lost} (target 0)")
    print(f"members without a stored vote after voting again, each told so: {unvoted}")
    print(f"members told a wrong outcome: {wrong} (target 0)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=3000)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--skip-draw", action="store_true")
    parser.add_argument("--skip-votes", action="store_true")
    parser.add_argument(
        "--restart-after",
        type=float,
        default=0,
        help="seconds the killed worker stays down (past 120 s, only the reaper frees the draw)",
    )
    parser.add_argument("--cuts", type=int, default=2, help="times every connection is cut")
    args = parser.parse_args()
    # The apps this script builds itself (seeding, the draw) never serve a request.
    os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")
    from redis import Redis

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    redis = Redis.from_url(redis_url)
    if redis.dbsize():
        print(f"Redis database {args.redis_db} is in use; choose another with --redis-db.")
        return 2
    try:
        if not args.skip_draw:
            url = _fresh_database(args.server, "facilitate_faults")
            killed_draw(
                url.replace("postgresql://", "postgresql+psycopg://"),
                redis_url,
                args.pool,
                args.restart_after,
            )
        if not args.skip_votes:
            cut_connections_during_votes(
                args.server, redis_url, args.members, args.window, args.cuts
            )
    finally:
        # Ours alone (the database was empty): the queue, rate-limit counters, cached pages.
        for pattern in ("rq:*", "LIMITS*", "flask_cache_*"):
            for key in redis.scan_iter(pattern):
                redis.delete(key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
