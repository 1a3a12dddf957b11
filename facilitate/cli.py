"""Commands under `flask --app facilitate ...`."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from facilitate.auth import services as auth_services
from facilitate.extensions import db
from facilitate.models import User

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demonstration data.")
pool_cli = AppGroup("pool", help="The registrant pool.")
jobs_cli = AppGroup("jobs", help="Background jobs.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin(email, name, password):
    """Create a global administrator (or make an existing account one)."""
    user = db.session.scalar(db.select(User).filter_by(email=auth_services.normalise_email(email)))
    if user is None:
        if len(password) < 12:
            raise click.BadParameter("use at least 12 characters", param_hint="password")
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user = auth_services.create_user(email, name, password, method, is_admin=True)
    user.is_admin = True
    db.session.commit()
    click.echo(f"{user.email} is an administrator.")


@demo_cli.command("seed")
def seed_demo():
    """Load the demo assemblies and a login for every role (skips what exists)."""
    from facilitate.demo import DEMO_LOGINS, seed

    created = seed(current_app.config["PASSWORD_HASH_METHOD"])
    db.session.commit()
    click.echo("Demo data ready." if created else "Demo data was already there.")
    address = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    click.echo(f"Sign in at {address.rstrip('/')}/auth/login with:")
    for role, email, password in DEMO_LOGINS:
        click.echo(f"  {role:<12} {email:<28} {password}")


@pool_cli.command("purge")
@click.option("--days", default=90, show_default=True, help="Days after closing.")
def purge_pool(days):
    """Erase the personal data of people not selected, once an assembly has been closed long enough."""
    from facilitate.pool.privacy import purge_closed

    purged = purge_closed(days)
    db.session.commit()
    if not purged:
        click.echo("No assembly has been closed that long.")
    for slug, count in purged.items():
        click.echo(f"{slug}: {count} registrants erased")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def jobs_worker(burst):
    """Run an RQ worker for this app's queue (needs REDIS_URL); it outlives Redis outages."""
    from facilitate import jobs

    if jobs.mode(current_app) != "rq":
        raise click.UsageError("REDIS_URL is not set: jobs run in the web process.")
    jobs.work(current_app, burst=burst)


@jobs_cli.command("reap")
def jobs_reap():
    """Mark draws whose process died or whose job was lost as failed (safe to run from cron)."""
    from facilitate.selection.services import expire_stale_runs

    reaped = expire_stale_runs()
    db.session.commit()
    if not reaped:
        click.echo("No dead draw.")
    for run in reaped:
        click.echo(f"run {run.id}: {run.error}")
    click.echo(f"{len(reaped)} draw(s) marked failed.")


def register_commands(app: Flask) -> None:
    from facilitate.audit.cli import audit_cli
    from facilitate.backups.cli import backup_cli
    from facilitate.ballots.cli import ballots_cli
    from facilitate.mail_cli import mail_cli
    from facilitate.messaging.cli import messages_cli

    app.cli.add_command(audit_cli)
    app.cli.add_command(ballots_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(messages_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(pool_cli)
    app.cli.add_command(demo_cli)

    from facilitate.council.cli import standing_cli

    app.cli.add_command(standing_cli)
