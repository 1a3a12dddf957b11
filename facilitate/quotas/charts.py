"""Numbers for the quota chart: each value's share against its seat window."""

from facilitate.models import Assembly


def quota_chart(assembly: Assembly) -> list[dict]:
    """Return per category the bars to draw, as percentages of the panel."""
    k = max(assembly.panel_size, 1)
    chart = []
    for category in assembly.categories:
        bars = []
        for value in category.values:
            bars.append(
                {
                    "label": value.name,
                    "share": value.population_share,
                    "min_pct": round(100 * value.min_seats / k, 2),
                    "max_pct": round(100 * min(value.max_seats, k) / k, 2),
                    "min": value.min_seats,
                    "max": value.max_seats,
                }
            )
        chart.append({"category": category.name, "bars": bars})
    return chart
