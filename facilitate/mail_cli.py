"""`flask --app facilitate mail send`: deliver the outbox, for cron."""

import click
from flask import current_app
from flask.cli import AppGroup

from facilitate import mail

mail_cli = AppGroup("mail", help="Outgoing email.")


@mail_cli.command("send")
def send():
    """Deliver the messages that are due; say how many were sent, retried and failed."""
    if not mail.can_deliver(current_app.config):
        raise click.ClickException("MAIL_SERVER is not set: the messages wait in the outbox.")
    done = mail.deliver_outbox(current_app.config)
    click.echo(f"sent {done.sent}, retried {done.retried}, failed {done.failed}")
