"""Two-stage letters for a region or a country: places by chance ∝ size, then addresses."""

import secrets

from flask_babel import gettext as _

from facilitate.letters.addresses import BadInput, read_addresses
from facilitate.letters.lottery import LotteryError, draw_two_stage
from facilitate.letters.services import Upload, check_count, record_draw
from facilitate.models import Assembly, LetterDraw


def draw_two_stage_letters(
    assembly: Assembly,
    data: bytes,
    filename: str,
    count: int,
    places: int,
    *,
    place_column: str,
    seed: str = "",
    columns: dict[str, str] | None = None,
    user_id: int | None = None,
) -> LetterDraw:
    """Draw `places` places with probability ∝ their rows, then `count` letters in them."""
    if not (place_column or "").strip():
        raise BadInput([_("Name the column of the places.")], "stratify")
    addresses, used = read_addresses(data, filename, columns or {}, place_column)
    check_count(count, len(addresses))
    labels = [a.stratum.strip() for a in addresses]
    known = len(set(labels))
    if not 0 < places <= known:
        message = _("Ask for between 1 and %(n)d places: the file has %(n)d.", n=known)
        raise BadInput([message], "places")
    seed = seed.strip() or secrets.token_hex(16)
    try:
        drawn = draw_two_stage(labels, places, count, seed)
    except LotteryError:
        message = _("The places drawn have fewer addresses than the letters asked for.")
        raise BadInput([message], "count") from None
    upload = Upload(data, filename, addresses, used)
    design = {"places_asked": places}
    return record_draw(
        assembly, upload, count, seed, drawn, method="two_stage", design=design, user_id=user_id
    )
