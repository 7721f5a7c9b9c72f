"""The two environment descriptions list the same dependencies with the same version bounds."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: conda-forge names of packages whose PyPI name differs
CONDA_NAMES = {"python-kaleido": "kaleido"}


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in reqs)


def _environment() -> dict[str, str]:
    deps: dict[str, str] = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - ([^\s#][^#]*?)\s*(#.*)?$", line)
        if in_deps and m and not re.match(r"^(pip|python)(\s|[<>=:]|$)", m.group(1)):
            name, spec = _split(m.group(1))
            deps[CONDA_NAMES.get(name, name)] = spec
    return deps


def test_environment_yml_matches_pyproject() -> None:
    assert _environment() == _pyproject()


def test_every_dependency_is_explained() -> None:
    text = (ROOT / "docs" / "dependencies.md").read_text()
    missing = [name for name in _pyproject() if f"| {name}" not in text]
    assert missing == []
