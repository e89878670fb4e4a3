"""The layers of docs/architecture.md, held by a test: imports point down, never up, and
no module reaches into another's private names."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "partnerships"
# Each layer may import the layers ranked below it (and itself).
RANKS = {
    "dates": 0,
    "permissions": 0,
    "models": 1,
    "queries": 2,
    "sample_data": 2,
    "services": 3,
    "forms": 4,
    "templatetags": 4,
    "views": 5,
    "admin": 5,
    "urls": 6,
    "management": 6,
    "migrations": 6,
}


def layer_of(module: str) -> str:
    return module.removeprefix("partnerships.").split(".")[0]


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


# Every module of a layer (apps.py, the app's configuration, belongs to none).
MODULES = sorted(
    path
    for path in PACKAGE.rglob("*.py")
    if (path.name != "__init__.py" or path.stat().st_size) and layer_of(module_of(path)) in RANKS
)


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import of a partnerships module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "partnerships":
                found += [(f"partnerships.{alias.name}", []) for alias in node.names]
            elif node.module.startswith("partnerships."):
                found.append((node.module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_architecture_imports_point_down_the_layers(path):
    layer = layer_of(module_of(path))
    upward = [
        module for module, _ in imports_of(path) if RANKS.get(layer_of(module), 0) > RANKS[layer]
    ]

    assert upward == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_architecture_no_module_imports_a_private_name(path):
    private = [
        f"{module}.{name}"
        for module, names in imports_of(path)
        for name in names
        if name.startswith("_")
    ]

    assert private == []


def test_architecture_no_module_is_over_450_lines():
    long = {
        str(path.relative_to(PACKAGE)): length
        for path in MODULES
        if "migrations" not in path.parts and (length := len(path.read_text().splitlines())) > 450
    }

    assert long == {}
