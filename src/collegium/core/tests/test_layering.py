"""The layering rule, enforced: surfaces (views and API modules) read through selectors and write
through services, so they never touch a model manager or save a model themselves."""

import ast
from pathlib import Path

import collegium

ROOT = Path(collegium.__file__).parent


def _surface_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        if path.name in {"views.py", "api.py"} or "views" in rel.parts[:-1]:
            yield path


def _violations(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "_base_manager"}:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} uses a model manager")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"save", "bulk_create", "bulk_update", "update_or_create", "get_or_create"}
                and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "form")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls .{node.func.attr}()")
    return found


def test_surfaces_do_not_touch_models_directly():
    modules = list(_surface_modules())
    assert len(modules) > 10  # the walk really found the views and API modules
    problems = [v for path in modules for v in _violations(path)]
    assert problems == []
