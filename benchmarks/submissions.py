"""Time the submission lists and search over 10,000 submissions (target: under 300 ms a page).

    .venv/bin/python benchmarks/submissions.py
    .venv/bin/python benchmarks/submissions.py --rows 20000

Builds a SQLite database from the models, inserts the rows in bulk, then requests the public
list, the members' list and the organisers' moderation list through the app (query, render and
all), each with search and filters, and prints the median and worst of several runs.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

# The app refuses to start without its public address; every server here is on loopback.
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:5000")

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_MS = 300
STATUSES = ["pending", "accepted", "accepted", "accepted", "rejected", "duplicate"]
KINDS = ["individual"] * 6 + ["organisation", "company", "public_body", "campaign"]
WORDS = [
    "heat",
    "pump",
    "school",
    "window",
    "bus",
    "tram",
    "cost",
    "energy",
    "bill",
    "rent",
    "forest",
    "river",
    "air",
    "noise",
]


def rows(assembly_id: int, count: int, seed: int = 5):
    from facilitate.evidence import campaigns
    from facilitate.models.base import utcnow

    rng = random.Random(seed)
    now = utcnow()
    for i in range(1, count + 1):
        status = rng.choice(STATUSES)
        kind = rng.choice(KINDS)
        text = " ".join(rng.choices(WORDS, k=rng.randint(40, 300)))
        yield {
            "assembly_id": assembly_id,
            "number": i,
            "submitter_type": kind,
            "name": f"Person {i}",
            "email": f"p{i}@example.org",
            "organisation": f"Org {i % 300}" if kind != "individual" else "",
            "funding": "",
            "publication": rng.choice(["named", "anonymous", "private"]),
            "theme": rng.choice(["Heating", "Transport", "Housing"]),
            "stance": rng.choice(["for", "against", "mixed", "information"]),
            "text": text,
            "filename": "",
            "content_type": "",
            "size": 0,
            "source": "import",
            "signature": campaigns.encode(campaigns.signature(text)) if i % 10 == 0 else "",
            "status": status,
            "reason": "spam" if status == "rejected" else None,
            "moderation_note": "",
            "campaign_id": None,
            "published_at": now if status == "accepted" and i % 3 else None,
            "created_at": now,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from facilitate import create_app
    from facilitate.extensions import db
    from facilitate.models import AssemblyStatus, Membership, Role
    from facilitate.models.evidence import Submission
    from tests import factories

    path = os.path.join(tempfile.mkdtemp(prefix="evidence-bench-"), "bench.sqlite")
    url = f"sqlite:///{path}"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        organiser = factories.user(email="org@example.org", can_organise=True)
        member = factories.user(email="member@example.org")
        assembly = factories.assembly(organiser, slug="big", status=AssemblyStatus.SITTING)
        db.session.add(Membership(user_id=member.id, assembly_id=assembly.id, role=Role.MEMBER))
        db.session.commit()
        started = time.perf_counter()
        db.session.execute(Submission.__table__.insert(), list(rows(assembly.id, args.rows)))
        db.session.commit()
        print(f"inserted {args.rows} submissions in {time.perf_counter() - started:.1f} s")

        pages = {
            "public list": ("/a/big/evidence", None),
            "public search": ("/a/big/evidence?q=forest+river", None),
            "public filters, page 20": (
                "/a/big/evidence?type=individual&stance=for&theme=Heating&page=20",
                None,
            ),
            "members' list": ("/assemblies/big/evidence/", member),
            "members' search": ("/assemblies/big/evidence/?q=pump+school&stance=against", member),
            "organisers' queue": ("/assemblies/big/evidence/?status=pending", organiser),
            "organisers' search, last page": (
                "/assemblies/big/evidence/?q=org+1&page=3",
                organiser,
            ),
            "campaign detection (10% signed)": (None, organiser),
        }
        worst_overall = 0.0
        for name, (path_, user) in pages.items():
            client = app.test_client()
            if user is not None:
                client.post(
                    "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
                )
            timings = []
            for _ in range(args.runs):
                began = time.perf_counter()
                if path_ is None:
                    from facilitate.evidence.services import group_campaigns

                    group_campaigns(assembly)
                    db.session.rollback()
                else:
                    response = client.get(path_)
                    assert response.status_code == 200, (path_, response.status_code)
                timings.append(1000 * (time.perf_counter() - began))
            median, worst = statistics.median(timings), max(timings)
            if path_ is not None:
                worst_overall = max(worst_overall, median)
            print(f"{name:<34} median {median:7.1f} ms   worst {worst:7.1f} ms")
        verdict = "within" if worst_overall < TARGET_MS else "OVER"
        print(f"slowest page median {worst_overall:.1f} ms: {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
