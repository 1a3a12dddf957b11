"""`flask --app facilitate standing rotate`: hold every due council draw."""

import secrets
from datetime import date

import click
from flask.cli import AppGroup

from facilitate.council import draws, services
from facilitate.council.draw_jobs import run_council_draw
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models.council import Council, CouncilDraw

standing_cli = AppGroup("standing", help="Standing citizens' councils.")


@standing_cli.command("rotate")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Default: today.")
@click.option("--council", "slug", help="Only this council.")
def rotate(on, slug):
    """Hold the draw of every council whose rotation is due on the date (once per date).

    The draw is the job the secretariat's button queues, run here and now; a relaxation of
    the quotas still waits for the secretariat to accept it on the draw's page.
    """
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
            # The command acts as on --date: a cron job catching up, or a rehearsal.
            draw_id = draws.start_draw(council, day, secrets.randbits(63), actor=None, today=day).id
        except CouncilRefused as refused:
            db.session.rollback()
            click.echo(f"{council.slug}: {'; '.join(refused.reasons)}")
            continue
        db.session.commit()
        run_council_draw(draw_id)
        click.echo(f"{council.slug}: {_outcome(db.session.get(CouncilDraw, draw_id))}")


def _outcome(draw: CouncilDraw) -> str:
    if draw.waiting:
        return f"the quotas cannot be met; draw {draw.id} waits for the secretariat to decide."
    if draw.rotation is None:
        return f"the draw failed, nothing changed: {draw.error}"
    rotation = draw.rotation
    text = f"{rotation.drawn} drawn, {rotation.leaving} left."
    return f"{text}\n  {rotation.explanation}" if rotation.explanation else text
