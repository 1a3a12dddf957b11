"""Fixtures for the sortition tests."""

import pytest
from sortition_factories import two_by_two, write_files


@pytest.fixture
def small_instance():
    return two_by_two()


@pytest.fixture
def csv_files(tmp_path):
    """Return paths to a small feasible instance on disk (10 people, 4 seats)."""
    quotas = "category,feature,min,max\ngender,f,2,2\ngender,m,2,2\nage,young,1,3\nage,old,1,3\n"
    rows = ["id,household,gender,age"]
    for i in range(10):
        rows.append(f"x{i},h{i // 2},{'f' if i % 2 else 'm'},{'young' if i % 3 else 'old'}")
    return write_files(tmp_path, quotas, "\n".join(rows))
