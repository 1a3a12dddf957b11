"""`flask --app facilitate messages remind`: queue the reminders that are due, for cron."""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from facilitate.extensions import db
from facilitate.messaging.reminders import send_due_reminders

messages_cli = AppGroup("messages", help="Messages to residents, members and experts.")


@messages_cli.command("remind")
def remind():
    """Queue every reminder that is due; each goes out once however often this runs."""
    queued = send_due_reminders(datetime.now(UTC))
    db.session.commit()
    click.echo(f"queued {queued} reminders")
