"""pyproject.toml declares what the code imports, so a plain `pip install` runs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import entry_points, packages_distributions
from pathlib import Path

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Modules that only an optional extra needs, and the extra that declares their imports.
EXTRA_MODULES = {"detente/scale/spark.py": "spark", "detente/train/fit.py": "train",
                 "detente/train/promises.py": "train"}


def _name(requirement: str) -> str:
    bare = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def _declared(extra: str | None = None) -> set[str]:
    project = PYPROJECT["project"]
    found = {_name(r) for r in project["dependencies"]}
    if extra:
        found |= {_name(r) for r in project["optional-dependencies"][extra]}
    return found


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != "detente"}


def test_packaging_declares_every_imported_distribution() -> None:
    owners = packages_distributions()
    missing = []
    for path in sorted((ROOT / "detente").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        declared = _declared(EXTRA_MODULES.get(relative))
        for module in sorted(_third_party_imports(path)):
            distributions = {_name(d) for d in owners.get(module, [module])}
            if not distributions & declared:
                missing.append(f"{relative}: {module} ({', '.join(sorted(distributions))})")
    assert not missing, "imported but not declared: " + "; ".join(missing)


def test_packaging_declares_what_trafilatura_needs_from_lxml() -> None:
    assert "lxml-html-clean" in _declared()


def test_packaging_license_is_an_spdx_string_setuptools_understands() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    [setuptools] = [r for r in PYPROJECT["build-system"]["requires"] if "setuptools" in r]
    assert setuptools == "setuptools>=77"  # the first release that reads SPDX expressions


def test_packaging_registers_the_spacy_factory() -> None:
    [found] = [e for e in entry_points(group="spacy_factories") if e.name == "detente"]
    assert found.value == "detente.spacy_component:make_detente"
