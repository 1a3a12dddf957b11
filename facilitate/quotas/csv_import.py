"""Read quotas from a `category,feature,min,max` table, reporting errors by line and column."""

from flask_babel import gettext as _

from facilitate.tabular import RowError, read_table

#: Header spellings we accept, mapped to our names (the Sortition Foundation says feature,value).
HEADER_ALIASES = {
    ("category", "feature"): ("category", "feature"),
    ("feature", "value"): ("category", "feature"),
}


def parse_quota_csv(
    data: bytes, filename: str, panel_size: int
) -> tuple[list[dict], list[RowError]]:
    """Parse quota rows; any error means nothing should be imported.

    Raises TableError when the file as a whole cannot be read.
    """
    table = read_table(data, filename)
    header = [h.lower() for h in table.header]
    names = None
    for (first, second), mapped in HEADER_ALIASES.items():
        if header[:2] == [first, second]:
            names = mapped
    required = {"min", "max"}
    if names is None or not required <= set(header):
        return [], [
            RowError(1, "", _("The first line must be the header category,feature,min,max."))
        ]
    index = {name: header.index(name) for name in header}
    share_col = index.get("share", index.get("population_share"))
    rows, errors, seen = [], [], set()
    for line, cells in table.rows:
        if len(cells) < len(header):
            errors.append(
                RowError(
                    line, "", _("expected %(n)d columns, found %(m)d", n=len(header), m=len(cells))
                )
            )
            continue
        category, feature = cells[0].strip(), cells[1].strip()
        for column, value in ((header[0], category), (header[1], feature)):
            if not value:
                errors.append(RowError(line, column, _("is empty")))
        bounds = {}
        for column in ("min", "max"):
            raw = cells[index[column]].strip()
            if not raw.isdigit():
                errors.append(
                    RowError(line, column, _("“%(v)s” is not a whole number of seats", v=raw))
                )
            elif int(raw) > panel_size:
                errors.append(
                    RowError(
                        line, column, _("%(v)s is more than the %(k)d seats", v=raw, k=panel_size)
                    )
                )
            else:
                bounds[column] = int(raw)
        if len(bounds) == 2 and bounds["min"] > bounds["max"]:
            errors.append(RowError(line, "min", _("the minimum is above the maximum")))
        share = None
        if share_col is not None and cells[share_col].strip():
            try:
                share = float(cells[share_col].strip().rstrip("%"))
                if not 0 <= share <= 100:
                    raise ValueError
            except ValueError:
                errors.append(RowError(line, header[share_col], _("is not a percentage")))
        if (category, feature) in seen and category and feature:
            errors.append(
                RowError(
                    line, header[1], _("“%(v)s” appears twice in %(c)s", v=feature, c=category)
                )
            )
        seen.add((category, feature))
        if category and feature and len(bounds) == 2:
            rows.append({"category": category, "feature": feature, "share": share, **bounds})
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has a header but no quota rows.")))
    return rows, errors
