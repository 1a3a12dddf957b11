"""Numbers, percentages, sums of money and file sizes as the reader's language writes them.

"12.5 %" reads as twelve and a half in English and as nonsense in German, which writes
"12,5 %"; French puts a narrow space before the sign, Dutch none. Babel knows each locale's
pattern, so templates say `{{ share|percent }}` and never build the string themselves.
"""

from datetime import datetime, time
from decimal import Decimal

from babel.dates import format_time
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit
from flask_babel import get_locale

#: Used when an assembly names no currency of its own.
DEFAULT_CURRENCY = "EUR"

# Decimal units, as "kB" and "MB" mean to the reader (and to Babel).
_SIZE_UNITS = (
    (1000**3, "digital-gigabyte"),
    (1000**2, "digital-megabyte"),
    (1000, "digital-kilobyte"),
)


def _locale(locale=None):
    return locale or get_locale() or "en"


def percent(points: float | None, digits: int = 1, locale=None) -> str:
    """Format a percentage given in points (12.5 means 12.5 %) for the current locale.

    At most `digits` decimals are shown and trailing zeros are dropped, as people write them.
    """
    if points is None:
        return "—"
    # Decimal: 33.3 / 100 in binary floating point is 0.33299999…, shown as such unquantised.
    fraction = Decimal(str(round(float(points), digits))) / 100
    return format_percent(fraction, locale=_locale(locale), decimal_quantization=False)


def share(fraction: float | None, digits: int = 2, locale=None) -> str:
    """Format a share given as a fraction (0.125 means 12.5 %), as chances are kept."""
    return percent(None if fraction is None else 100 * fraction, digits, locale)


def number(value: float | None, digits: int = 2, locale=None) -> str:
    """Format a number for the current locale with at most `digits` decimals."""
    if value is None:
        return "—"
    return format_decimal(Decimal(str(round(float(value), digits))), locale=_locale(locale))


def money(cents: int | None, where=None, locale=None) -> str:
    """Format a sum kept in cents in the currency of `where` (an assembly), else in euros."""
    if cents is None:
        return "—"
    currency = getattr(where, "currency", None) or DEFAULT_CURRENCY
    return format_currency(Decimal(cents) / 100, currency, locale=_locale(locale))


def filesize(size: int | None, locale=None) -> str:
    """Format a size in bytes with the largest fitting unit: "1,5 MB", "12 ko"."""
    if size is None:
        return "—"
    for base, unit in _SIZE_UNITS:
        if size >= base:
            value = Decimal(str(round(size / base, 1)))
            return format_unit(value, unit, "short", locale=_locale(locale))
    return format_unit(size, "digital-byte", "short", locale=_locale(locale))


def seconds(value: float | None, locale=None) -> str:
    """Format a duration in seconds, with two decimals at most: "1,25 s"."""
    if value is None:
        return "—"
    rounded = Decimal(str(round(float(value), 2)))
    return format_unit(rounded, "duration-second", "short", locale=_locale(locale))


def clock(moment: time | None, locale=None) -> str:
    """Format a time of day as the reader's language writes it: "14:30", "2:30 PM"."""
    if moment is None:
        return ""
    return format_time(moment, "short", locale=_locale(locale))


def from_iso(text: str | None) -> datetime | None:
    """Read back an instant a machine record keeps as ISO 8601, for a page to format it."""
    return datetime.fromisoformat(text) if text else None


def register(app) -> None:
    """Offer the formatting filters to every template."""
    app.jinja_env.filters.update(
        percent=percent,
        share=share,
        number=number,
        money=money,
        filesize=filesize,
        seconds=seconds,
        clock=clock,
        from_iso=from_iso,
    )
