"""`flask --app facilitate standing rotate`: hold every due council draw."""

import secrets
from datetime import date

import click
from flask.cli import AppGroup

from facilitate.council import services
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models.council import Council

standing_cli = AppGroup("standing", help="Standing citizens' councils.")


@standing_cli.command("rotate")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Default: today.")
@click.option("--council", "slug", help="Only this council.")
def rotate(on, slug):
    """Hold the draw of every council whose rotation is due on the date (once per date)."""
    day = on.date() if on else date.today()
    query = db.select(Council).order_by(Council.slug)
    if slug:
        query = query.filter_by(slug=slug)
    for council in db.session.scalars(query):
        due = services.next_rotation_on(council, day)
        if due is None or due > day:
            click.echo(f"{council.slug}: nothing due (next draw {due}).")
            continue
        try:
            rotation = services.run_rotation(council, day, secrets.randbits(63))
        except CouncilRefused as refused:
            db.session.rollback()
            click.echo(f"{council.slug}: {'; '.join(refused.reasons)}")
            continue
        db.session.commit()
        click.echo(f"{council.slug}: {rotation.drawn} drawn, {rotation.leaving} left.")
        if rotation.explanation:
            click.echo(f"  {rotation.explanation}")
