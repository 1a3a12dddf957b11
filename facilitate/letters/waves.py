"""A later wave of letters: more letters where the first wave drew few answers.

The weight of a stratum is the overall response rate of the earlier draw divided by the
stratum's own rate, capped (a stratum that sent letters and had no answer gets the cap), and
rounded to two decimals: letters then go ∝ rows × weight, so that the expected answers follow
the population rather than the willingness to answer. A stratum the earlier draw sent nothing
to keeps weight 1, or 0 after a two-stage draw, whose second wave stays in the places drawn.
"""

import json
import secrets
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.letters.addresses import BadInput, read_addresses
from facilitate.letters.lottery import LotteryError, draw_wave
from facilitate.letters.response_rates import rates_by
from facilitate.letters.services import Upload, check_count, record_draw
from facilitate.models import Assembly, Letter, LetterDraw

#: The weight no stratum exceeds unless the organiser asks otherwise.
DEFAULT_CAP = Decimal("3")
MAX_CAP = Decimal("20")
_CENT = Decimal("0.01")


def _decimal(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(max(exact.quantize(_CENT, rounding=ROUND_HALF_EVEN), _CENT))


def wave_weights(based_on: LetterDraw, cap: Decimal = DEFAULT_CAP) -> dict[str, dict]:
    """Return per stratum of the earlier draw its letters, answers, rate and weight."""
    rates = rates_by(db.session.get(Assembly, based_on.assembly_id), "stratum", [based_on.id])
    letters = sum(r.letters for r in rates)
    answered = sum(r.answered for r in rates)
    mean = Fraction(answered, letters) if letters else Fraction(0)
    out = {}
    for rate in rates:
        own = Fraction(rate.answered, rate.letters)
        weight = min(Fraction(cap), mean / own) if own else Fraction(cap)
        out[str(rate.label)] = {
            "letters": rate.letters,
            "answered": rate.answered,
            "rate": _decimal(own * 100) if own else "0",
            "weight": _decimal(weight),
        }
    return out


def weights_digest(weights: dict[str, dict]) -> str:
    """Return the weights as the canonical text the organiser confirms before drawing."""
    return json.dumps({label: w["weight"] for label, w in weights.items()}, sort_keys=True)


def base_draws(assembly: Assembly) -> list[LetterDraw]:
    """Return the draws a wave can follow: those with strata, newest first."""
    return list(
        db.session.scalars(
            select(LetterDraw)
            .where(LetterDraw.assembly_id == assembly.id, LetterDraw.stratify_column != "")
            .order_by(LetterDraw.id.desc())
        )
    )


def draw_second_wave(
    assembly: Assembly,
    data: bytes,
    filename: str,
    count: int,
    *,
    based_on: LetterDraw,
    cap: Decimal = DEFAULT_CAP,
    shown: str = "",
    seed: str = "",
    columns: dict[str, str] | None = None,
    user_id: int | None = None,
) -> LetterDraw:
    """Draw a wave weighted by the earlier draw's response rates; raise BadInput."""
    weights = wave_weights(based_on, cap)
    if shown and shown != weights_digest(weights):
        message = _("The response rates changed since the weights were shown. Check them again.")
        raise BadInput([message], "file")
    addresses, used = read_addresses(data, filename, columns or {}, based_on.stratify_column)
    sent = set(
        db.session.scalars(
            select(Letter.household_key).where(
                Letter.assembly_id == assembly.id, Letter.household_key != ""
            )
        )
    )
    excluded = [
        row for row, a in enumerate(addresses) if address_key(a.address, a.postcode) in sent
    ]
    check_count(count, len(addresses) - len(excluded))
    default = "0" if based_on.method == "two_stage" else "1"
    labels = [a.stratum.strip() for a in addresses]
    used_weights = {label: default for label in labels}
    used_weights.update(
        {label: w["weight"] for label, w in weights.items() if label in used_weights}
    )
    seed = seed.strip() or secrets.token_hex(16)
    try:
        drawn = draw_wave(labels, count, seed, used_weights, excluded)
    except LotteryError as error:
        raise BadInput(
            [_("These weights cannot give that many letters: %(e)s", e=str(error))], "count"
        ) from None
    wave = 1 + (
        db.session.scalar(select(func.max(LetterDraw.wave)).filter_by(assembly_id=assembly.id)) or 1
    )
    design = {"based_on": based_on.id, "cap": str(cap), "rates": weights, "weights": used_weights}
    upload = Upload(data, filename, addresses, used)
    return record_draw(
        assembly,
        upload,
        count,
        seed,
        drawn,
        method="wave",
        wave=wave,
        design=design,
        user_id=user_id,
    )
