"""150 members cast ballots on one item within 60 s against gunicorn and PostgreSQL.

Run by hand: `.venv/bin/python benchmarks/vote_burst.py [--members 150] [--workers 4]`.
Creates a fresh PostgreSQL database (default server postgresql://postgres@127.0.0.1:5432),
starts `gunicorn -w 4 'facilitate:create_app()'` on a loopback port, signs every member in,
then fires all votes from a bounded thread pool on 127.0.0.1 only. Prints errors, lost and
duplicate ballots, and latency percentiles (targets: 0, 0, p95 under 300 ms).
"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")
PASSWORD = "correct horse battery staple"  # noqa: S105 - the test factories' password


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_database(server: str, name: str) -> str:
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


def _seed(url: str, members: int) -> tuple[str, int, int, list[str]]:
    """Build the schema and an open ballot; return slug, ballot id, item id and emails."""
    from facilitate import create_app
    from facilitate.ballots import services
    from facilitate.extensions import db
    from facilitate.models import AssemblyStatus
    from facilitate.models.base import utcnow
    from tests import factories
    from tests.worlds.deliberation import member, recommendation

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "DATABASE_URL": url})
    with app.app_context():
        db.create_all()
        organiser = factories.user(can_organise=True)
        assembly = factories.assembly(organiser, slug="burst", status=AssemblyStatus.VOTING)
        rec = recommendation(assembly)
        emails = []
        for i in range(members):
            user = factories.user(email=f"voter{i}@example.org")
            member(assembly, user)
            emails.append(user.email)
        ballot = services.create_ballot(assembly, "Burst", "sequential", None, organiser)
        item = services.add_item(ballot, "yes_no", "simple", [rec.id])
        services.open_ballot(ballot, utcnow(), None)
        db.session.commit()
        return "burst", ballot.id, item.id, emails


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Voter:
    def __init__(self, base: str, email: str):
        self.base, self.email = base, email
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _token(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=30).read().decode()
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def _post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as redirect:  # not followed: time the vote alone
            if redirect.code in (302, 303):
                return 302
            raise

    def sign_in(self) -> None:
        token = self._token("/auth/login")
        self._post("/auth/login", {"email": self.email, "password": PASSWORD, "csrf_token": token})

    def prepare(self, vote_path: str) -> None:
        self.vote_path = vote_path
        self.token = self._token(vote_path)

    def vote(self, at: float) -> tuple[float, str | None]:
        time.sleep(max(at - time.perf_counter(), 0))
        started = time.perf_counter()
        try:
            status = self._post(self.vote_path, {"choice": "yes", "csrf_token": self.token})
            if status != 302:
                raise RuntimeError(f"status {status}")
            error = None
        except Exception as exc:  # noqa: BLE001 - every failure is counted and printed
            error = f"{type(exc).__name__}: {exc}"
        return time.perf_counter() - started, error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=150)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=50, help="load generator threads")
    parser.add_argument(
        "--window", type=float, default=30.0, help="seconds over which members press 'vote'"
    )
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    url = _fresh_database(args.server, "facilitate_vote_burst")
    slug, ballot_id, item_id, emails = _seed(
        url.replace("postgresql://", "postgresql+psycopg://"), args.members
    )
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "vote-burst-secret",
        "SESSION_COOKIE_SECURE": "0",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         # Every member signs in from the one loopback address: lift the per-address limit.
         "facilitate:create_app({'LOGIN_RATE_LIMIT': '100000 per minute'})"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/auth/login", timeout=1)  # noqa: S310 - loopback http only
                break
            except OSError:
                time.sleep(0.2)
        voters = [Voter(base, e) for e in emails]
        path = f"/assemblies/{slug}/ballots/{ballot_id}/items/{item_id}/vote"
        with ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(lambda v: (v.sign_in(), v.prepare(path)), voters))
            started = time.perf_counter()
            # Members press "vote" at random moments within the window, as in a room.
            rng = random.Random(1)
            moments = sorted(rng.uniform(0, args.window) for _ in voters)
            results = list(
                pool.map(
                    lambda pair: pair[0].vote(started + pair[1]), zip(voters, moments, strict=True)
                )
            )
            elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        papers = conn.execute(
            text("SELECT count(*) FROM ballot_paper WHERE item_id = :i"), {"i": item_id}
        ).scalar()
        voted = conn.execute(
            text("SELECT count(*) FROM voter WHERE item_id = :i"), {"i": item_id}
        ).scalar()
    engine.dispose()
    latencies = sorted(t for t, _e in results)
    errors = [e for _t, e in results if e]
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    print(f"members: {args.members}, gunicorn workers: {args.workers}, threads: {args.threads}")
    print(f"all ballots sent in {elapsed:.2f} s (target: within 60 s)")
    print(f"errors: {len(errors)} (target 0)")
    for error in errors[:5]:
        print("  ", error)
    print(f"ballots: {papers}, voters: {voted}")
    print(
        f"lost ballots: {max(args.members - papers, 0)}, duplicate ballots: {max(papers - args.members, 0)} (targets 0, 0)"
    )
    print(
        f"latency ms: median {statistics.median(latencies) * 1000:.0f}, p95 {p95:.0f} (target < 300), max {latencies[-1] * 1000:.0f}"
    )
    ok = not errors and papers == voted == args.members and p95 < 300 and elapsed < 60
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
