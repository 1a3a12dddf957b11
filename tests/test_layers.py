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


VIEWS = sorted(PACKAGE.rglob("*views.py")) + [PACKAGE / "audit" / "downloads.py"]

#: The web layer besides views: modules whose job is the request itself.
WEB_LAYER = {
    "access.py": "route decorators: who may open a page",
    "council/access.py": "route decorators for the council's pages",
    "auth/recent.py": "the recent-sign-in decorator",
    "auth/sign_in.py": "where a sign-in goes next: the session's second-factor step",
    "sittings/ics.py": "a calendar feed as a response, named after the request's host",
    "security.py": "sign-in sessions, response headers",
    "i18n.py": "the language of this request",
    "public/cache.py": "caching anonymous pages by request",
    "shown_once.py": "the key to a shown-once secret lives in the visitor's cookie",
    "unit_of_work.py": "the request's commit and refusal page",
    "request_guards.py": "refusing input no database can store",
    "webapp.py": "error pages and template globals",
    "extensions.py": "Flask extensions, created unbound",
}
REQUEST_STATE = {
    "flask.request",
    "flask.session",
    "flask.g",
    "flask_login.current_user",
    "flask.has_request_context",
}


def _below_the_views() -> list[Path]:
    views = set(VIEWS)
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path not in views
        and "sortition" not in path.parts
        and path.relative_to(PACKAGE).as_posix() not in WEB_LAYER
    )


@pytest.mark.parametrize("path", _below_the_views(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_below_the_views_reads_the_request(path):
    """Services, models, jobs and commands take the actor and values as arguments."""
    assert not REQUEST_STATE & _imports(path), f"{path} reads the request; pass what it needs"


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_leave_the_commit_to_the_unit_of_work(path):
    """One commit per request, after the view returns (facilitate/unit_of_work.py)."""
    calls = _calls(path)
    assert "commit" not in calls, f"{path} commits; the unit of work does that"


def test_the_web_layer_list_names_real_modules():
    for name in WEB_LAYER:
        assert (PACKAGE / name).is_file(), name
