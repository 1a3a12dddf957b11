"""Who may import whom: the architecture rules of STYLE.md, enforced."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facilitate"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


MODELS = sorted((PACKAGE / "models").glob("*.py"))
SERVICES = sorted(PACKAGE.glob("*/services.py"))


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_models_never_commit_or_read_the_request(path):
    assert "flask.request" not in _imports(path)
    assert "commit" not in _calls(path)


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.parent.name)
def test_services_take_plain_values(path):
    forbidden = {"flask.request", "flask.flash", "flask.session", "flask_login.current_user"}
    assert not forbidden & _imports(path), f"{path} reaches into the request"
    assert not any(name.endswith(".forms") for name in _imports(path))
    assert "commit" not in _calls(path), f"{path} commits; the view does that once"


def test_services_exist_for_each_feature():
    assert {p.parent.name for p in SERVICES} >= {"auth", "assemblies", "quotas"}


def test_the_selection_engine_runs_without_flask():
    """`python -m facilitate.sortition` loads neither Flask nor SQLAlchemy."""
    import subprocess
    import sys

    code = (
        "import sys, facilitate.sortition.cli, facilitate.sortition;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'werkzeug', 'flask_sqlalchemy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
