"""`flask --app facilitate audit verify`: check the hash chain."""

import click
from flask.cli import AppGroup

from facilitate.audit.services import verify_chain

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("verify")
def verify():
    """Check every entry's hash and link; exit 1 at the first broken entry."""
    checked, broken = verify_chain()
    if broken is not None:
        click.echo(f"Broken at entry {broken.seq}: {broken.reason}.", err=True)
        click.echo(f"{checked} entries before it are intact.", err=True)
        raise SystemExit(1)
    click.echo(f"The audit log is intact: {checked} entries.")
