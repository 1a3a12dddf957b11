"""The registration rush: the form page, a member's page and a burst of registrations.

    .venv/bin/python benchmarks/registration_load.py [--clients 50] [--seconds 15] [--burst 300]

Starts gunicorn (4 sync workers) on a fresh PostgreSQL database holding a recruiting assembly
with six quota questions (28 answers), then a bare Flask route the same way, and loads
`/a/<slug>/register` (anonymous: every request is a new visitor), `/assemblies/<slug>` (one
signed-in member) and the bare route, each alone, with `wrk` when it is installed and with the
project's own Python load generator otherwise. Then `--burst` clients each open the form and
submit within 10 s (`--burst-seconds 0`: all at once); the database is checked afterwards for lost or duplicated registrations
and for one queued confirmation e-mail each.

Targets (issue 20): registration page >= 1,000 requests/s with p95 < 100 ms; member page p95
< 100 ms; burst: 0 errors, 0 lost, 0 duplicated, p95 < 300 ms, within 10 s. The figures depend
on the machine (cores shared between server and load generator): read them against the bare
route's. The server runs without rate limits (every client shares 127.0.0.1, where the
registration limit of 20 an hour would refuse the burst) and with the default four-second
minimum fill time, which the burst waits out.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from loadgen import wait_for  # noqa: E402
from public_load import PG, ROOT, stop  # noqa: E402

SLUG = "rush"
MEMBER = "member@example.org"
PASSWORD = "correct horse battery staple"  # noqa: S105 - a benchmark account
MIN_SECONDS = 4
QUESTIONS = {
    "gender": ["female", "male", "another"],
    "age": [f"{a}–{a + 9}" for a in range(16, 86, 10)],
    "education": ["none", "secondary", "vocational", "university"],
    "district": [f"district {i}" for i in range(1, 9)],
    "born abroad": ["yes", "no"],
    "housing": ["owner", "tenant", "other", "none"],
}
#: About 1,500 characters of Markdown, like a real assembly's page.
DESCRIPTION = (
    "## How it works\n\nForty residents, **drawn by lot**, meet on six Saturdays. They hear "
    "[experts](https://example.org/experts), question them and agree recommendations.\n\n"
) * 6 + "- Saturday mornings\n- childcare provided\n- interpreting on request\n"
APP = "facilitate:create_app({'RATELIMIT_ENABLED': False})"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIGURES %d %d %d %f %f %f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Figures:
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def populate(url: str) -> None:
    """Create the schema, a recruiting assembly with its questions and a member."""
    from facilitate import create_app
    from facilitate.auth.services import create_user
    from facilitate.extensions import db
    from facilitate.models import Assembly, AssemblyStatus, Membership, Role
    from facilitate.quotas.services import add_category

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        db.create_all()
        assembly = Assembly(
            slug=SLUG,
            title="How should Eupen heat its homes?",
            remit="What should the town do so that every home is warm by 2035?",
            description=DESCRIPTION,
            panel_size=40,
            status=AssemblyStatus.RECRUITING,
            residence_area="Eupen",
            excluded_offices="mayor, alderman",
        )
        db.session.add(assembly)
        db.session.flush()
        for name, values in QUESTIONS.items():
            add_category(assembly, name, [(v, 100.0 / len(values)) for v in values], actor=None)
        member = create_user(MEMBER, "Member", PASSWORD, "pbkdf2:sha256:1000")
        db.session.add(Membership(user_id=member.id, assembly_id=assembly.id, role=Role.MEMBER))
        db.session.commit()


def serve(spec: str, port: int, env: dict) -> subprocess.Popen:
    command = [os.path.join(ROOT, ".venv/bin/gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        [*command, "--log-level", "warning", spec],
        cwd=ROOT,
        env={**env, "PUBLIC_URL": f"http://127.0.0.1:{port}"},
        start_new_session=True,
    )


def _cookies(response: http.client.HTTPResponse, jar: dict) -> dict:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def sign_in(port: int) -> dict:
    """Sign the member in through the real form; return the request headers that carry it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    jar = _cookies(response, {})
    token = _hidden(response.read().decode(), "csrf_token")
    body = urlencode({"csrf_token": token, "email": MEMBER, "password": PASSWORD})
    headers = {"Content-Type": "application/x-www-form-urlencoded", **_cookie_header(jar)}
    connection.request("POST", "/auth/login", body, headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"sign-in failed: {response.status}"
    # Follow the redirect as a browser would, keeping the cookie it updates (the session's
    # CSRF token): with the sign-in's own cookie every request would write a new session.
    jar = _cookies(response, jar)
    connection.request("GET", response.getheader("Location"), headers=_cookie_header(jar))
    response = connection.getresponse()
    response.read()
    return _cookie_header(_cookies(response, jar))


def _percentile(latencies: list[float], n: int) -> float:
    return 1000 * statistics.quantiles(latencies, n=100)[n - 1] if len(latencies) > 1 else 0.0


def python_load(port: int, path: str, headers: dict, clients: int, seconds: float) -> Figures:
    """Have `clients` threads GET `path` back to back over keep-alive connections."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return Figures(
        len(latencies) + errors[0],
        errors[0],
        len(latencies) / elapsed,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        _percentile(latencies, 99),
    )


def wrk_load(port: int, path: str, headers: dict, clients: int, seconds: float) -> Figures:
    """Load `path` with wrk (two threads), reading its figures through a Lua summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    try:
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in output.splitlines() if x.startswith("FIGURES"))
    count, errors, micros, p50, p95, p99 = (float(x) for x in line.split()[1:])
    good = count - errors
    return Figures(
        int(count), int(errors), good / (micros / 1e6), p50 / 1000, p95 / 1000, p99 / 1000
    )


def burst(port: int, clients: int, spread: float) -> tuple[Figures, float]:
    """Every client opens the form; after the minimum fill time they submit, evenly spread
    over `spread` seconds (0: all at once)."""
    forms: list[tuple[dict, str, str] | None] = [None] * clients
    categories = {}

    def open_form(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", f"/a/{SLUG}/register")
        response = connection.getresponse()
        page = response.read().decode()
        if not categories:
            for name, value in re.findall(
                r'name="(category_\d+)"[^>]* type="radio" value="(\d+)"', page
            ):
                categories.setdefault(name, value)
        forms[i] = (_cookies(response, {}), _hidden(page, "csrf_token"), _hidden(page, "started"))
        connection.close()

    threads = [threading.Thread(target=open_form, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(MIN_SECONDS + 0.2)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    gate = threading.Barrier(clients)

    def submit(i: int) -> None:
        jar, token, started = forms[i]
        body = urlencode(
            {
                "csrf_token": token, "started": started, "website": "",
                "first_name": f"Resident{i}", "last_name": "Burst",
                "email": f"resident{i}@example.org", "phone": "",
                "address": f"Rue {i}", "postcode": "4700", "date_of_birth": "1980-03-04",
                "available": "y", "consent": "y", "resident": "y", "no_office": "y",
                **categories,
            }
        )  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded", **_cookie_header(jar)}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        gate.wait()
        time.sleep(i * spread / clients)
        began = time.perf_counter()
        try:
            connection.request("POST", f"/a/{SLUG}/register", body, headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 302 and "/register/done" in response.getheader("Location", "")
        except (OSError, http.client.HTTPException):
            ok = False
        with lock:
            if ok:
                latencies.append(time.perf_counter() - began)
            else:
                errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    figures = Figures(
        clients,
        errors[0],
        len(latencies) / elapsed,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        _percentile(latencies, 99),
    )
    return figures, elapsed


def count_rows(url: str) -> tuple[int, int, int]:
    """Return registrants, distinct e-mail addresses among them, and queued e-mails."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM registrant), "
                "(SELECT count(DISTINCT email) FROM registrant), "
                "(SELECT count(*) FROM outbox_message)"
            )
        ).one()
    engine.dispose()
    return tuple(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument(
        "--burst-seconds", type=float, default=10, help="spread the submissions over this time"
    )
    parser.add_argument("--python", action="store_true", help="use the Python load generator")
    args = parser.parse_args()
    load = python_load if args.python or not shutil.which("wrk") else wrk_load
    name = f"facilitate_rush_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    url = f"{PG}/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "SESSION_COOKIE_SECURE": "0",
        "PYTHONPATH": f"{ROOT}:{ROOT}/benchmarks",
    }
    results: dict[str, Figures] = {}
    loaded = os.getloadavg()
    try:
        populate(url)
        process = serve(APP, 8741, env)
        try:
            wait_for("http://127.0.0.1:8741", f"/a/{SLUG}/register")
            member = sign_in(8741)
            for label, path, headers in (
                ("registration page", f"/a/{SLUG}/register", {}),
                ("member page", f"/assemblies/{SLUG}", member),
            ):
                load(8741, path, headers, args.clients, 2)  # warm up
                results[label] = load(8741, path, headers, args.clients, args.seconds)
            submitted, elapsed = burst(8741, args.burst, args.burst_seconds)
        finally:
            stop(process)
        process = serve("bare_app:app", 8742, env)
        try:
            wait_for("http://127.0.0.1:8742", "/")
            load(8742, "/", {}, args.clients, 2)
            results["bare flask"] = load(8742, "/", {}, args.clients, args.seconds)
        finally:
            stop(process)
        registrants, distinct, queued = count_rows(url)
    finally:
        subprocess.run(
            ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            check=False,
        )
    tool = "wrk -t2" if load is wrk_load else "Python load generator"
    print(f"gunicorn -w 4, PostgreSQL, {args.clients} clients, {args.seconds:g} s each, {tool}")
    # The cores are shared with whatever else runs: read the figures against this.
    print(f"load average before {loaded[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(
        f"{'page':<20}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    )
    for label, f in [*results.items(), (f"burst of {args.burst} POST", submitted)]:
        print(
            f"{label:<20}{f.requests:>10}{f.errors:>8}{f.per_second:>9.1f}"
            f"{f.p50_ms:>9.1f}{f.p95_ms:>9.1f}{f.p99_ms:>9.1f}"
        )
    print(
        f"burst: {elapsed:.1f} s, registrants {registrants} (distinct e-mails {distinct}), "
        f"confirmation e-mails queued {queued}; lost {args.burst - distinct}, "
        f"duplicated {registrants - distinct}"
    )
    page, bare = results["registration page"], results["bare flask"]
    print(
        f"registration page: {page.per_second:.0f} req/s ({page.per_second / bare.per_second:.2f}"
        f" of the bare route), p95 {page.p95_ms:.1f} ms (targets: >= 1000 req/s, p95 < 100 ms)"
    )


if __name__ == "__main__":
    main()
