"""Repeat a recorded letter draw from its file and record, and say whether it matches."""

import hashlib

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.letters.addresses import BadInput, read_addresses
from facilitate.letters.lottery import Drawn, LotteryError, draw_rows, draw_two_stage, draw_wave
from facilitate.letters.services import design_of
from facilitate.models import Letter, LetterDraw


def repeat_draw(draw: LetterDraw, data: bytes) -> Drawn:
    """Run the draw's procedure again on `data` with its recorded seed and design."""
    design = design_of(draw)
    columns = {k: v for k, v in design.get("columns", {}).items() if k != "stratify"}
    addresses, _used = read_addresses(data, draw.source_filename, columns, draw.stratify_column)
    labels = [a.stratum.strip() for a in addresses]
    if draw.method == "wave":
        return draw_wave(
            labels, draw.requested, draw.seed, design["weights"], design.get("excluded", ())
        )
    if draw.method == "two_stage":
        return draw_two_stage(labels, design["places_asked"], draw.requested, draw.seed)
    stratified = labels if draw.stratify_column else None
    return draw_rows(len(addresses), draw.requested, draw.seed, stratified)


def verify_draw(draw: LetterDraw, data: bytes) -> list[str]:
    """Return why the draw cannot be confirmed from this file; an empty list confirms it."""
    if hashlib.sha256(data).hexdigest() != draw.source_sha256:
        return [_("This is not the file the draw was made from: its SHA-256 differs.")]
    recorded = list(
        db.session.scalars(
            select(Letter.source_row).filter_by(draw_id=draw.id).order_by(Letter.source_row)
        )
    )
    if not recorded or None in recorded:
        return [_("This draw was made before the rows of its letters were recorded.")]
    try:
        again = repeat_draw(draw, data)
    except (BadInput, LotteryError, KeyError) as error:
        return [_("The draw cannot be repeated: %(e)s", e=str(error))]
    if again.rows != sorted(recorded):
        return [_("Repeating the draw gives other rows than the letters sent.")]
    return []
