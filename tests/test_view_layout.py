"""One layout for every area's views (facilitate/webapp.py says which)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "facilitate"
VIEW_MODULES = sorted(p for p in PACKAGE.rglob("*views.py") if p.name.endswith("_views.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _defines_blueprint(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "bp" for t in node.targets)
        for node in tree.body
    )


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def test_every_split_module_joins_a_sibling_blueprint_that_imports_it_back():
    wrong = []
    for path in VIEW_MODULES:
        tree = _tree(path)
        if _defines_blueprint(tree):
            continue
        owners = [
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and any(a.name == "bp" for a in node.names)
        ]
        package = _dotted(path.parent)
        if len(owners) != 1 or owners[0].rpartition(".")[0] != package:
            wrong.append(f"{path.name}: takes bp from {owners}, not from its own package")
            continue
        owner = PACKAGE.parent.joinpath(*owners[0].split(".")).with_suffix(".py")
        imported = {
            alias.name
            for node in _tree(owner).body
            if isinstance(node, ast.ImportFrom) and node.module == package
            for alias in node.names
        }
        if path.stem not in imported:
            wrong.append(f"{path.name}: {owner.name} does not import it, so its routes may vanish")
    assert wrong == []


def test_the_app_imports_each_blueprint_from_the_module_that_defines_it(app):
    source = (PACKAGE / "webapp.py").read_text(encoding="utf-8")
    # A nested blueprint's name is dotted ("council.manage"); these are the ones the app holds.
    registered = [bp for name, bp in app.blueprints.items() if "." not in name]
    hidden = [bp.name for bp in registered if f"from {bp.import_name} import " not in source]
    assert hidden == []


def test_views_take_nothing_from_other_views_but_their_blueprint():
    """Helpers two areas share live in a module of their own, not in one area's views."""
    borrowed = []
    for path in sorted(PACKAGE.rglob("*views.py")):
        for node in _tree(path).body:
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").endswith("views")
                and any(alias.name != "bp" for alias in node.names)
            ):
                names = [alias.name for alias in node.names if alias.name != "bp"]
                borrowed.append(f"{path.relative_to(PACKAGE)}: {names} from {node.module}")
    assert borrowed == []
