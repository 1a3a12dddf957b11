"""5,000 queued messages delivered by two senders at once to a local SMTP server.

Run by hand: `.venv/bin/python benchmarks/mail_burst.py [--messages 5000] [--senders 2]`.
Creates a fresh PostgreSQL database (default server postgresql://postgres@127.0.0.1:5432),
queues the messages, starts an aiosmtpd server on a loopback port, then runs
`flask --app facilitate mail send` in several processes at the same moment. Prints messages per
second, lost (target 0) and duplicated (target 0): each message goes to its own address, so a
count per address shows both.
"""

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vote_burst import _free_port, _fresh_database  # noqa: E402


class Counting:
    """An SMTP handler that counts deliveries per recipient."""

    def __init__(self):
        self.received: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def _settings(url: str, port: int) -> dict:
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-secret",
        "PUBLIC_URL": "http://127.0.0.1:5000",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_USE_TLS": "false",
        "MAIL_USE_SSL": "false",
        "JOBS_MODE": "inline",
    }


def _queue(settings: dict, count: int) -> None:
    """Queue `count` messages without sending any (the senders below do that)."""
    from facilitate import create_app, jobs, mail
    from facilitate.extensions import db

    app = create_app({**settings, "MAIL_SERVER": None})
    jobs.enqueue = lambda *a, **k: None  # the benchmark's senders deliver, not the queueing
    with app.app_context():
        db.create_all()
        for start in range(0, count, 500):
            for i in range(start, min(start + 500, count)):
                mail.queue_email(f"person{i}@example.org", f"Message {i}", f"Hello {i}.\n")
            db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    url = _fresh_database(args.server, "facilitate_mail_burst")
    handler = Counting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = _settings(url, port)
    try:
        _queue(settings, args.messages)
        env = {**os.environ, **settings}
        command = [sys.executable, "-m", "flask", "--app", "facilitate", "mail", "send"]
        began = time.perf_counter()
        senders = [
            subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
            for _ in range(args.senders)
        ]
        said = [sender.communicate()[0].strip() for sender in senders]
        elapsed = time.perf_counter() - began
        time.sleep(0.5)  # let the server finish counting the last message
    finally:
        controller.stop()

    engine = create_engine(url)
    with engine.connect() as conn:
        unsent = conn.execute(text("SELECT count(*) FROM outbox_message WHERE sent_at IS NULL"))
        unsent = unsent.scalar_one()
    engine.dispose()
    delivered = sum(handler.received.values())
    lost = sum(1 for i in range(args.messages) if not handler.received[f"person{i}@example.org"])
    duplicated = delivered - (args.messages - lost)
    print(f"senders: {args.senders} processes, said: {said}")
    print(f"messages: {args.messages} in {elapsed:.1f} s = {args.messages / elapsed:.0f}/s")
    print(f"lost: {lost} (target 0), duplicated: {duplicated} (target 0), unsent rows: {unsent}")


if __name__ == "__main__":
    main()
