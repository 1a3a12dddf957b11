"""Read quotas and registrants from CSV files, naming file, line and column on any error."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .model import InputError, Instance, Person, Quota, make_instance

#: Accepted layouts of the categories file: (category column, value column).
CATEGORY_HEADERS = (("category", "feature"), ("feature", "value"), ("category", "name"))


def read_text(path) -> str:
    """Return a file's text, dropping a UTF-8 byte-order mark."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None


def _rows(path):
    """Yield (line number, row dict) after the header, and return the header first."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("file is empty", file=str(path), line=1) from None
    except csv.Error as exc:
        raise InputError(str(exc), file=str(path), line=1) from None
    rows = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise InputError(
                    f"{len(row)} fields but the header has {len(header)}",
                    file=str(path),
                    line=reader.line_num,
                )
            row = row + [""] * (len(header) - len(row))
            rows.append((reader.line_num, dict(zip(header, (c.strip() for c in row), strict=True))))
    except csv.Error as exc:
        raise InputError(str(exc), file=str(path), line=reader.line_num) from None
    return header, rows


def read_quotas(path) -> list[Quota]:
    """Read categories.csv (category,feature,min,max or feature,value,min,max)."""
    header, rows = _rows(path)
    lower = {h.lower(): h for h in header}
    for cat_col, val_col in CATEGORY_HEADERS:
        if cat_col in lower and val_col in lower:
            break
    else:
        raise InputError(
            "header must be category,feature,min,max or feature,value,min,max",
            file=str(path),
            line=1,
        )
    for col in ("min", "max"):
        if col not in lower:
            raise InputError(f"missing column {col!r}", file=str(path), line=1, column=col)
    quotas = []
    for line, row in rows:
        category, value = row[lower[cat_col]], row[lower[val_col]]
        if not category:
            raise InputError("empty category", file=str(path), line=line, column=lower[cat_col])
        bounds = []
        for col in ("min", "max"):
            text = row[lower[col]]
            try:
                bounds.append(int(text))
            except ValueError:
                raise InputError(
                    f"{col} must be a whole number, not {text!r}",
                    file=str(path),
                    line=line,
                    column=lower[col],
                ) from None
            if bounds[-1] < 0:
                raise InputError(
                    f"{col} must not be negative", file=str(path), line=line, column=lower[col]
                )
        if bounds[1] < bounds[0]:
            raise InputError(
                f"max {bounds[1]} is below min {bounds[0]}",
                file=str(path),
                line=line,
                column=lower["max"],
            )
        quotas.append(Quota(category, value, bounds[0], bounds[1]))
    if not quotas:
        raise InputError("no quotas", file=str(path), line=2)
    seen = set()
    for (line, _row), q in zip(rows, quotas, strict=True):
        if (q.category, q.value) in seen:
            raise InputError(f"{q.category}={q.value} appears twice", file=str(path), line=line)
        seen.add((q.category, q.value))
    return quotas


def read_people(path, categories, id_column=None, household_column=None, quotas=()):
    """Read respondents.csv; without an id column a person's id is their 0-based row number."""
    header, rows = _rows(path)
    lower = {h.lower(): h for h in header}

    def column(name, what):
        if name in header:
            return name
        if name.lower() in lower:
            return lower[name.lower()]
        raise InputError(f"no {what} column {name!r}", file=str(path), line=1, column=name)

    cat_cols = {c: column(c, "category") for c in categories}
    if id_column is None and "id" in lower:
        id_column = lower["id"]
    id_col = column(id_column, "id") if id_column else None
    hh_col = column(household_column, "household") if household_column else None
    # Match values case-insensitively to the quota's spelling, as organisers type them by hand.
    spelling = {}
    for q in quotas:
        spelling.setdefault(q.category, {})[q.value.lower()] = q.value
    people, seen = [], {}
    for index, (line, row) in enumerate(rows):
        pid = row[id_col] if id_col else str(index)
        if not pid:
            raise InputError("empty id", file=str(path), line=line, column=id_col)
        if pid in seen:
            raise InputError(
                f"id {pid!r} already used on line {seen[pid]}",
                file=str(path),
                line=line,
                column=id_col,
            )
        seen[pid] = line
        values = []
        for cat, col in cat_cols.items():
            raw = row[col]
            values.append((cat, spelling.get(cat, {}).get(raw.lower(), raw)))
        household = (row[hh_col] or None) if hh_col else None
        people.append(Person(pid, tuple(values), household))
    return people


def read_instance(
    categories_path, respondents_path, panel_size: int, id_column=None, household_column=None
) -> Instance:
    """Read both files into a canonical instance."""
    quotas = read_quotas(categories_path)
    categories = sorted({q.category for q in quotas})
    people = read_people(respondents_path, categories, id_column, household_column, quotas)
    return make_instance(people, quotas, panel_size, households=household_column is not None)
