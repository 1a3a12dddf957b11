"""Import 100,000 registrants end to end and time the pool page over them.

    .venv/bin/python benchmarks/import_registrants.py            # SQLite, and PostgreSQL if reachable
    .venv/bin/python benchmarks/import_registrants.py --rows 20000 --backend sqlite

Each backend runs in its own process so that its peak memory (ru_maxrss) is its own.
Targets (issue 3): import under 10 s and 300 MB; pool page under 300 ms. Duplicate detection
(issue 17) runs as part of the check: every 100th row repeats the email of the row before it,
and addresses repeat every 45,000 rows, so it has pairs to find. The assembly works in English
and French, and the file's language column (issue 18) mixes codes, names and blanks.

On PostgreSQL the import checks its foreign keys once instead of once per row when the role may
(bulk.rows_referred_to); --row-checks measures the per-row checks a lesser role gets.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")

CATEGORIES = {
    "gender": ["female", "male", "non-binary"],
    "age": ["16-29", "30-44", "45-59", "60-74", "75+"],
    "region": ["north", "south", "east", "west", "centre", "islands"],
    "education": ["none", "secondary", "vocational", "degree"],
    "attitude": ["low", "medium", "high"],
}
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def make_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = [
        "id,first_name,last_name,email,address,postcode,date_of_birth,language,"
        + ",".join(CATEGORIES)
    ]
    languages = ("", "en", "fr", "Français")
    for i in range(rows):
        values = [rng.choice(v) for v in CATEGORIES.values()]
        email = f"person{i - 1 if i % 100 == 99 else i}@example.org"
        lines.append(
            f"p{i},First{i},Last{i},{email},{i % 5000} Long Road,{4700 + i % 90},"
            f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10},{languages[i % 4]}," + ",".join(values)
        )
    return ("\n".join(lines) + "\n").encode()


def run_one(backend: str, rows: int, url: str, row_checks: bool) -> dict:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from facilitate import bulk, create_app
    from facilitate.extensions import db
    from facilitate.models import Assembly, Membership, Role, User
    from facilitate.pool import importer
    from facilitate.quotas.services import add_category

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    data = make_csv(rows)
    if row_checks:
        bulk._may_skip_row_triggers = lambda connection: False
    with app.app_context():
        upgrade(revision="heads")  # one head once branches are merged; every head meanwhile
        user = User(
            email="o@example.org",
            name="O",
            can_organise=True,
            password_hash=generate_password_hash("benchmark password", "pbkdf2:sha256:1000"),
        )
        assembly = Assembly(slug="bench", title="Bench", remit="?", panel_size=100, language="en")
        assembly.working_languages = ["en", "fr"]
        db.session.add_all([user, assembly])
        db.session.flush()
        db.session.add(Membership(user_id=user.id, assembly_id=assembly.id, role=Role.ORGANISER))
        for name, values in CATEGORIES.items():
            add_category(assembly, name, [(v, None) for v in values], actor=None)
        db.session.commit()
        mapping = importer.auto_mapping(data.split(b"\n", 1)[0].decode().split(","), assembly)

        start, cpu_start = time.perf_counter(), time.process_time()
        checked = importer.check_rows(data, "bench.csv", mapping, assembly)
        parsed = time.perf_counter()
        assert not checked.errors, checked.errors[:3]
        flagged = len({e.line for e in checked.duplicates})
        importer.import_rows(assembly, checked.rows, actor=None, flags=checked.flags)
        db.session.commit()
        done, cpu_done = time.perf_counter(), time.process_time()
        # Taken before the pages are read, so the figure is the import's own.
        import_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        del checked
        slug = assembly.slug

    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": "o@example.org", "password": "benchmark password"}
    )
    assert response.status_code == 302, "sign-in failed"
    timings = []
    for _ in range(6):
        t0 = time.perf_counter()
        response = client.get(f"/assemblies/{slug}/pool/")
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    filtered = []
    for _ in range(3):
        t0 = time.perf_counter()
        client.get(f"/assemblies/{slug}/pool/?q=first9999&status=registered")
        filtered.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    response = client.get(f"/assemblies/{slug}/pool/duplicates")
    duplicates_page = time.perf_counter() - t0
    assert response.status_code == 200, response.status_code
    return {
        "backend": backend,
        "rows": rows,
        "flagged": flagged,
        "parse_validate_s": round(parsed - start, 2),
        "insert_s": round(done - parsed, 2),
        "total_s": round(done - start, 2),
        "rows_per_s": round(rows / (done - start)),
        # This process's CPU only (not a database server's): steadier than wall time on a
        # machine other work shares.
        "cpu_s": round(cpu_done - cpu_start, 2),
        "peak_rss_mb": round(import_peak / 1024),
        "peak_rss_pages_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "pool_page_ms_median": round(1000 * statistics.median(timings[1:])),
        "pool_search_ms_median": round(1000 * statistics.median(filtered)),
        # Every registrant compared with the pool: the page that lists possible duplicates.
        "duplicates_page_ms": round(1000 * duplicates_page),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--row-checks",
        action="store_true",
        help="PostgreSQL: check foreign keys row by row, as for a role that may not batch them",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.rows, args.url, args.row_checks)))
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"{'backend':<11}{'rows':>8}{'flagged':>9}{'parse s':>9}{'insert s':>10}{'total s':>9}{'cpu s':>7}{'rows/s':>9}"
        f"{'peak MB':>9}{'pool ms':>9}{'search ms':>10}{'dups ms':>9}{'pages MB':>9}"
    )
    for backend in backends:
        cleanup = None
        if backend == "sqlite":
            tmp = tempfile.mkdtemp()
            url = f"sqlite:///{tmp}/bench.sqlite"
        else:
            name = f"facilitate_bench_{uuid.uuid4().hex[:8]}"
            if subprocess.run(
                ["psql", PG_SERVER + "/postgres", "-qc", f"CREATE DATABASE {name}"]
            ).returncode:
                print("postgresql: server not reachable, skipped")
                continue
            url = f"{PG_SERVER}/{name}"
            cleanup = ["psql", PG_SERVER + "/postgres", "-qc", f"DROP DATABASE {name} WITH (FORCE)"]
        try:
            out = (
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        backend,
                        "--url",
                        url,
                        "--rows",
                        str(args.rows),
                        *(["--row-checks"] if args.row_checks else []),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
        finally:
            if cleanup:
                subprocess.run(cleanup, check=False)
        r = json.loads(out)
        print(
            f"{r['backend']:<11}{r['rows']:>8}{r['flagged']:>9}{r['parse_validate_s']:>9}{r['insert_s']:>10}{r['total_s']:>9}{r['cpu_s']:>7}"
            f"{r['rows_per_s']:>9}{r['peak_rss_mb']:>9}{r['pool_page_ms_median']:>9}{r['pool_search_ms_median']:>10}{r['duplicates_page_ms']:>9}{r['peak_rss_pages_mb']:>9}"
        )


if __name__ == "__main__":
    main()
