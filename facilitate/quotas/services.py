"""Operations on quota categories and values; they flush, the view commits."""

import math

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, QuotaCategory, QuotaValue, User


def add_category(
    assembly: Assembly, name: str, values: list[tuple[str, float | None]], *, actor: User | None
) -> QuotaCategory:
    """Add a category with its values (name, population share in percent)."""
    category = QuotaCategory(
        assembly=assembly, name=name.strip(), position=len(assembly.categories)
    )
    for position, (value_name, share) in enumerate(values):
        category.values.append(
            QuotaValue(name=value_name, population_share=share, position=position)
        )
    db.session.add(category)
    db.session.flush()
    record_action(
        actor,
        "quotas.add_category",
        assembly,
        f"category:{category.name}",
        after={"values": values},
    )
    return category


def update_values(category: QuotaCategory, rows: dict[int, dict], *, actor: User | None) -> None:
    """Apply edited shares and seat bounds, keyed by value id."""
    for value in category.values:
        row = rows.get(value.id)
        if row is None:
            continue
        value.population_share = row["population_share"]
        value.min_seats = row["min_seats"]
        value.max_seats = row["max_seats"]
    db.session.flush()
    record_action(
        actor, "quotas.update_values", category.assembly_id, f"category:{category.name}", after=rows
    )


def add_value(
    category: QuotaCategory, name: str, share: float | None, *, actor: User | None
) -> QuotaValue:
    """Add a value to a category (a population share in percent, or None)."""
    value = QuotaValue(name=name.strip(), population_share=share, position=len(category.values))
    category.values.append(value)
    db.session.flush()
    record_action(
        actor,
        "quotas.add_value",
        category.assembly_id,
        f"category:{category.name}",
        after={"value": value.name},
    )
    return value


def delete_category(category: QuotaCategory, *, actor: User | None) -> None:
    """Delete a category with its values."""
    target = f"category:{category.name}"
    record_action(actor, "quotas.delete_category", category.assembly_id, target)
    db.session.delete(category)
    db.session.flush()


def delete_value(value: QuotaValue, *, actor: User | None) -> None:
    """Delete one value of a category."""
    target = f"category:{value.category.name}"
    record_action(
        actor,
        "quotas.delete_value",
        value.category.assembly_id,
        target,
        before={"value": value.name},
    )
    db.session.delete(value)
    db.session.flush()


def proportional_bounds(share: float, panel_size: int, tolerance: int) -> tuple[int, int]:
    """Return (min, max) seats around the proportional number, widened by `tolerance`."""
    ideal = share / 100 * panel_size
    # Round first so that 30 % of 50 is exactly 15, not 14.999999.
    ideal = round(ideal, 9)
    low = max(0, math.floor(ideal) - tolerance)
    high = min(panel_size, math.ceil(ideal) + tolerance)
    return low, high


def compute_bounds(assembly: Assembly, tolerance: int, *, actor: User | None) -> list[str]:
    """Set min/max from population shares; return the values that have no share."""
    missing = []
    for category in assembly.categories:
        for value in category.values:
            if value.population_share is None:
                missing.append(f"{category.name} = {value.name}")
                continue
            value.min_seats, value.max_seats = proportional_bounds(
                value.population_share, assembly.panel_size, tolerance
            )
    db.session.flush()
    record_action(actor, "quotas.compute_bounds", assembly, after={"tolerance": tolerance})
    return missing


def replace_quotas(assembly: Assembly, rows: list[dict], *, actor: User | None) -> None:
    """Replace all categories with imported rows (category, feature, min, max[, share])."""
    for category in list(assembly.categories):
        db.session.delete(category)
    db.session.flush()
    assembly.categories.clear()
    by_name: dict[str, QuotaCategory] = {}
    for row in rows:
        category = by_name.get(row["category"])
        if category is None:
            category = QuotaCategory(name=row["category"], position=len(by_name))
            assembly.categories.append(category)
            by_name[row["category"]] = category
        category.values.append(
            QuotaValue(
                name=row["feature"],
                min_seats=row["min"],
                max_seats=row["max"],
                population_share=row.get("share"),
                position=len(category.values),
            )
        )
    db.session.flush()
    record_action(actor, "quotas.replace", assembly, after={"rows": rows})


def quotas_as_rows(assembly: Assembly) -> list[dict]:
    """Return the quotas in the `category,feature,min,max` exchange format."""
    return [
        {
            "category": c.name,
            "feature": v.name,
            "min": v.min_seats,
            "max": v.max_seats,
            "share": v.population_share,
        }
        for c in assembly.categories
        for v in c.values
    ]
