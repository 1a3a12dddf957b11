"""`flask --app facilitate ballots close-due`: close every ballot past its deadline (for cron)."""

import click
from flask.cli import AppGroup

from facilitate.ballots.deadlines import close_due_ballots
from facilitate.extensions import db
from facilitate.models.base import utcnow

ballots_cli = AppGroup("ballots", help="Ballots on recommendations.")


@ballots_cli.command("close-due")
def close_due():
    """Close every open ballot whose deadline has passed (safe to run often, and twice)."""
    closed = close_due_ballots(utcnow())
    db.session.commit()
    if not closed:
        click.echo("No ballot is past its deadline.")
    for ballot in closed:
        click.echo(
            f"Ballot {ballot.id} ({ballot.title}) closed at its deadline {ballot.closed_at}."
        )
