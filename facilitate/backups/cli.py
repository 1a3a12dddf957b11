"""`flask --app facilitate backup create|restore PATH`."""

import click
from flask import current_app
from flask.cli import AppGroup

from facilitate.backups.dump import BackupError, create_backup, restore_backup
from facilitate.erasure import ledger
from facilitate.extensions import db

backup_cli = AppGroup("backup", help="Back up and restore the database.")


def _url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def create(path):
    """Write a backup of the whole database to PATH."""
    try:
        written = create_backup(_url(), path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {written} ({written.stat().st_size} bytes).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore(path):
    """Restore the backup at PATH into this app's database, which must be empty."""
    url = _url()
    # Close our own connections first, so the restore has the database to itself.
    db.engine.dispose()
    try:
        restore_backup(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Restored {path} into {current_app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}."
    )
    _reapply_erasures()


@backup_cli.command("reapply-erasures")
def reapply_erasures():
    """Erase again everyone in the erasure ledger whom this database still holds."""
    _reapply_erasures()


def _reapply_erasures() -> None:
    # A backup taken before an erasure brings the person back; the ledger file says whom.
    try:
        count = ledger.reapply()
    except ledger.LedgerMissing as missing:
        raise click.ClickException(
            f"{missing}, then `flask backup reapply-erasures`: erasures made after the backup "
            "are not applied yet."
        ) from None
    db.session.commit()
    if count:
        noun = "erasure" if count == 1 else "erasures"
        click.echo(f"Re-applied {count} {noun} made after the backup was taken.")
