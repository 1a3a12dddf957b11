"""Load the public assembly and recommendations pages under gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/public_load.py [--clients 50] [--seconds 20]

Starts gunicorn (4 workers) on a fresh PostgreSQL database filled with a published assembly,
then a bare Flask route the same way, and loads each from a loopback load generator.
Targets (issue 7): p95 under 100 ms, no errors, throughput at least half the bare route's.
The clients send no cookies, like anonymous observers, so they are served from the public
page cache (facilitate/public/cache.py); run with PUBLIC_PAGE_CACHE_SECONDS=0 in the
environment of gunicorn to measure uncached pages.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid

# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from loadgen import run_load, wait_for  # noqa: E402

PG = "postgresql://postgres@127.0.0.1:5432"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def populate(url: str) -> str:
    """Create the schema and a published assembly with 12 answered recommendations."""
    from facilitate import create_app
    from facilitate.extensions import db

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "SERVER_NAME": "127.0.0.1"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        sys.path.insert(0, ROOT)
        from tests import factories_public

        assembly = factories_public.published_assembly("bench", recommendations=12)
        db.session.commit()
        return assembly.slug


def serve(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            os.path.join(ROOT, ".venv/bin/gunicorn"),
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    name = f"facilitate_load_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    url = f"{PG}/{name}"
    try:
        slug = populate(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "SESSION_COOKIE_SECURE": "0",
            "PYTHONPATH": ROOT,
        }
        results = {}
        for label, spec, port, paths in (
            (
                "facilitate",
                "facilitate:create_app()",
                8731,
                [f"/a/{slug}", f"/a/{slug}/recommendations"],
            ),
            ("bare flask", "bare_app:app", 8732, ["/"]),
        ):
            process = serve(spec, port, {**env, "PYTHONPATH": f"{ROOT}:{ROOT}/benchmarks"})
            try:
                wait_for(f"http://127.0.0.1:{port}", paths[0])
                run_load(f"http://127.0.0.1:{port}", paths, args.clients, 2)  # warm up
                results[label] = run_load(
                    f"http://127.0.0.1:{port}", paths, args.clients, args.seconds
                )
            finally:
                stop(process)
        ours, bare = results["facilitate"], results["bare flask"]
        print(f"{'server':<12}{'requests':>10}{'errors':>8}{'p95 ms':>9}{'req/s':>9}")
        for label, r in results.items():
            print(f"{label:<12}{r.requests:>10}{r.errors:>8}{r.p95_ms:>9.1f}{r.throughput:>9.1f}")
        print(
            f"throughput ratio facilitate / bare flask: {ours.throughput / bare.throughput:.2f} (target >= 0.5)"
        )
        print(
            f"p95 facilitate: {ours.p95_ms:.1f} ms (target < 100), errors: {ours.errors} (target 0)"
        )
    finally:
        subprocess.run(
            ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            check=False,
        )


if __name__ == "__main__":
    time.sleep(0)
    main()
