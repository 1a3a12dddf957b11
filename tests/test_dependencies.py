"""What we import is declared with bounds, pinned in the lock file, and used by its public API."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_sqlalchemy_is_declared_with_both_bounds():
    # Models, queries and bulk.py use it directly; Flask-SQLAlchemy's own range is not ours.
    declared = [r for r in _declared() if _name(r) == "sqlalchemy"]
    assert len(declared) == 1 and ">=" in declared[0] and "<" in declared[0].split(">=")[1]


def test_no_private_sqlalchemy_api():
    private = re.compile(r"\.type\._\w+|\._cached_\w+|sqlalchemy\.\w+(\.\w+)*\._\w+")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "facilitate").rglob("*.py")
        for match in private.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_lock_file_pins_every_declared_dependency_and_make_installs_from_it():
    pinned = {
        _name(line): line.split("==", 1)[1]
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert {_name(r) for r in _declared()} <= set(pinned)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r $(LOCK)" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile
