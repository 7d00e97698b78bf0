"""The design's rules, checked on the source: one-way data flow, one home per file format."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "pmo_xl"

# Data flows one way; a module may import only from its own rank or lower ones.
RANK = {
    "exceptions": 0, "atomic": 0, "runlock": 0, "forking": 0, "beside": 0, "_version": 0,
    "colours": 0,
    "schema": 1, "findings": 1, "settings": 1, "figures": 1,
    "reader": 2, "schedules": 2,
    "validate": 3,
    "model": 4, "kpis": 4,
    "cache": 4, "consolidate": 5, "collection": 5,
    "exports": 6, "xlsx": 6, "chase": 6, "links": 6,
    "provision": 7, "demo": 7, "deck": 6, "excel": 7,
    "cli": 8, "__main__": 8, "__init__": 8, "history": 6, "flash": 6,
}
# Each file-format library lives in one package only (None: none of pmo_xl). openpyxl edits
# a tracker in place (import --update), which only schedules/ does.
HOME = {"fastexcel": "reader", "xlsxwriter": "xlsx", "pptx": "deck", "xlwings": "excel",
        "openpyxl": "schedules", "python_calamine": None, "matplotlib": "flash",
        "mpxj": "schedules", "jpype": "schedules"}


def modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        yield rel.parts[0].removesuffix(".py"), path


def imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize(("top", "path"), list(modules()), ids=lambda x: str(x))
def test_layering_and_file_format_homes(top, path):
    for name in imports(path):
        root = name.split(".")[0]
        if root == "pmo_xl" and "." in name:
            target = name.split(".")[1]
            assert RANK[target] <= RANK[top], f"{path.name}: {top} must not import {target}"
        if root in HOME:
            assert top == HOME[root], f"{path.name} imports {root}; only pmo_xl/{HOME[root]}"


def test_modules_stay_small():
    for _, path in modules():
        assert len(path.read_text().splitlines()) < 800, path


def test_import_pmo_xl_without_xlwings():
    code = ("import sys; sys.modules['xlwings'] = None\n"
            "import pmo_xl, pmo_xl.cli; print(pmo_xl.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_import_pmo_xl_without_the_schedules_extra():
    code = ("import sys; sys.modules['jpype'] = sys.modules['mpxj'] = None\n"
            "import pmo_xl, pmo_xl.cli\n"
            "from pmo_xl.schedules import extra_installed\n"
            "assert not extra_installed() and 'jpype' not in dir(pmo_xl.schedules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _declared() -> tuple[set[str], dict[str, set[str]]]:
    """Distributions the project declares: runtime, and per optional extra."""
    import re
    import tomllib

    project = tomllib.loads((PKG.parent / "pyproject.toml").read_text())["project"]

    def names(specs: list[str]) -> set[str]:
        return {re.split(r"[<>=!~\[; ]", s, maxsplit=1)[0].lower() for s in specs}

    return names(project["dependencies"]), {
        extra: names(specs) for extra, specs in project["optional-dependencies"].items()}


def test_every_runtime_dependency_is_used_and_every_import_declared():
    """A declared dependency the package never imports goes (or moves to the extra that
    needs it); a third-party import must be declared, at runtime or in an extra."""
    from importlib.metadata import packages_distributions

    dists = {m: {d.lower() for d in ds} for m, ds in packages_distributions().items()}
    imported = {name.split(".")[0] for _, path in modules() for name in imports(path)}
    used = set().union(*(dists.get(m, set()) for m in imported))
    runtime, extras = _declared()
    assert runtime - used == set(), "declared but never imported by pmo_xl"
    third_party = used - {"pmo-xl"}
    optional = extras["excel"] | extras["schedules"]
    assert third_party - runtime - optional == set(), "imported but not declared"
