"""Calendar arithmetic in months, as decrees count terms and follow-up deadlines."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later (or earlier), clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
