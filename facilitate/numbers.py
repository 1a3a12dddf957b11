"""Numbers and percentages as the reader's language writes them.

"12.5 %" reads as twelve and a half in English and as nonsense in German, which writes
"12,5 %"; French puts a narrow space before the sign, Dutch none. Babel knows each locale's
pattern, so templates say `{{ share|percent }}` and never build the string themselves.
"""

from decimal import Decimal

from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale


def percent(points: float | None, digits: int = 1) -> str:
    """Format a percentage given in points (12.5 means 12.5 %) for the current locale.

    At most `digits` decimals are shown and trailing zeros are dropped, as people write them.
    """
    if points is None:
        return "—"
    # Decimal: 33.3 / 100 in binary floating point is 0.33299999…, shown as such unquantised.
    fraction = Decimal(str(round(float(points), digits))) / 100
    return format_percent(fraction, locale=get_locale(), decimal_quantization=False)


def number(value: float | None, digits: int = 2) -> str:
    """Format a number for the current locale with at most `digits` decimals."""
    if value is None:
        return "—"
    return format_decimal(Decimal(str(round(float(value), digits))), locale=get_locale())


def register(app) -> None:
    """Offer `percent` and `number` to every template."""
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["number"] = number
