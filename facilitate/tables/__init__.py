"""Small-group tables: mix the categories evenly and let members meet new people.

Pure Python beside the sortition library: no Flask, no database. Randomness is passed in as a
seeded `random.Random`, so an allocation can be repeated and audited.
"""

from facilitate.tables.allocation import (
    Person,
    allocate,
    distinct_met,
    evenness,
    pair_counts,
    random_allocation,
    table_sizes,
)

__all__ = [
    "Person",
    "allocate",
    "distinct_met",
    "evenness",
    "pair_counts",
    "random_allocation",
    "table_sizes",
]
