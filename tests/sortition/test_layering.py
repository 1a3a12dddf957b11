"""The draw stays pure: no web framework or database module is imported by any sortition module."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import facilitate.sortition

FORBIDDEN = ("flask", "flask_", "sqlalchemy", "werkzeug", "numpy")
PACKAGE = Path(facilitate.sortition.__file__).parent


def forbidden(name):
    root = name.split(".")[0]
    return root in FORBIDDEN or root.startswith("flask_")


def test_no_forbidden_imports_in_source():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            assert not [n for n in names if forbidden(n)], f"{path.name} imports {names}"


def test_importing_every_module_loads_no_web_framework():
    modules = [
        f"facilitate.sortition.{m.name}"
        for m in pkgutil.iter_modules([str(PACKAGE)])
        if m.name != "__main__"
    ]
    assert len(modules) >= 10
    # Load the sortition package on its own: facilitate/__init__.py is the app factory, which
    # imports Flask itself; what matters here is what the draw pulls in.
    code = (
        "import importlib, sys, types\n"
        "parent = types.ModuleType('facilitate')\n"
        f"parent.__path__ = [{str(PACKAGE.parent)!r}]\n"
        "sys.modules['facilitate'] = parent\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    bad = [m for m in loaded if forbidden(m) and not m.startswith("numpy")]
    assert bad == []
    assert "facilitate.sortition.leximin" in loaded
