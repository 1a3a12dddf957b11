"""Small generated instances and CSV files for the sortition tests."""

from facilitate.sortition.model import Person, Quota, make_instance


def person(pid, household=None, **values):
    """Return a person with the given category values."""
    return Person(pid, tuple(sorted(values.items())), household)


def two_by_two(n=40, k=8, seed_shift=0):
    """Return a pool over gender x age with quotas that bind."""
    people = []
    for i in range(n):
        g = "f" if (i + seed_shift) % 3 else "m"
        a = "young" if (i * 7 + seed_shift) % 5 < 2 else "old"
        people.append(person(f"p{i:03d}", gender=g, age=a))
    quotas = [
        Quota("gender", "f", k // 2 - 1, k // 2 + 1),
        Quota("gender", "m", k // 2 - 1, k // 2 + 1),
        Quota("age", "young", k // 2, k),
        Quota("age", "old", 1, k // 2),
    ]
    return make_instance(people, quotas, k)


def write_files(folder, quotas_text, people_text):
    """Write categories.csv and respondents.csv and return their paths."""
    c, r = folder / "categories.csv", folder / "respondents.csv"
    c.write_text(quotas_text, encoding="utf-8")
    r.write_text(people_text, encoding="utf-8")
    return c, r


def meets_quotas(instance, ids):
    """Tell whether a panel of ids meets the quotas and the household rule."""
    by_id = {p.id: p for p in instance.people}
    members = [by_id[i] for i in ids]
    if len(set(ids)) != instance.panel_size:
        return False
    for q in instance.quotas:
        count = sum(1 for p in members if p.value(q.category) == q.value)
        if not q.min <= count <= q.max:
            return False
    households = [p.household for p in members if p.household is not None]
    return len(households) == len(set(households))
