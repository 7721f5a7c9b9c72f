"""The house a newcomer reads (#15): the import graph follows the flow without loops, every deliberate exception
lives in errors.py, the registry is the one list of dashboards, and the front page reads the manifest, not HTML."""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import nbformat
import pytest

from finsamdash.dashboards.registry import DASHBOARDS, KEY_FIGURES_MIME, names

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "finsamdash"

#: The steps of the flow, in order (docs/architecture.md); a module may import only from its own step or earlier
#: ones. The longest matching prefix decides a module's step ("finsamdash" alone is the package's __init__).
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("finsamdash.errors", "finsamdash.wording", "finsamdash.pack.clock")),
    ("data", ("finsamdash.data",)),
    ("metrics", ("finsamdash.metrics",)),
    ("privacy", ("finsamdash.privacy", "finsamdash.report")),
    ("present", ("finsamdash.present", "finsamdash.wording.pages", "finsamdash.wording.goals",
                 "finsamdash.wording.annual")),
    ("dashboards", ("finsamdash.dashboards",)),
    ("pack", ("finsamdash.pack", "finsamdash.annual")),
    ("command line", ("finsamdash", "finsamdash.cli", "finsamdash.__main__")),
)
#: Imports against the flow still waiting for their move (none).
KNOWN_AGAINST_THE_FLOW: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in it (also inside functions), except for type
    checking only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(sub) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for sub in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                      for a in node.names}
    resolved = set()
    for name in found:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name.startswith("finsamdash"):
            resolved.add(name)
    return resolved


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_loops(graph) -> None:
    assert _cycles(graph) == []


def _step(module: str) -> int:
    best = (-1, -1)
    for number, (_, prefixes) in enumerate(STEPS):
        for prefix in prefixes:
            within = module == prefix or (prefix != "finsamdash" and module.startswith(prefix + "."))
            if within and len(prefix) > best[1]:
                best = (number, len(prefix))
    assert best[0] >= 0, f"{module} belongs to no step of the flow: add it to STEPS and docs/architecture.md"
    return best[0]


def test_nothing_imports_from_a_later_step(graph) -> None:
    against = {(module, imported) for module, imports in graph.items() for imported in imports
               if _step(imported) > _step(module)}
    assert against - KNOWN_AGAINST_THE_FLOW == set()
    assert KNOWN_AGAINST_THE_FLOW - against == set(), "moved: remove it from KNOWN_AGAINST_THE_FLOW"


def test_every_deliberate_exception_lives_in_errors_py() -> None:
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    re.search(r"(Error|Exception|Warning)$", ast.unparse(base)) for base in node.bases):
                outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert outside == []


# --- the registry of dashboards --------------------------------------------------------------------------------------


def test_the_registry_lists_the_notebooks_their_titles_and_pages() -> None:
    import finsamdash.dashboards as fd

    notebooks = ROOT / "notebooks"
    assert sorted(p.stem for p in notebooks.glob("*.ipynb")) == sorted(names())
    for dashboard in DASHBOARDS:
        nb = nbformat.read(notebooks / f"{dashboard.name}.ipynb", as_version=4)
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source == f"# {dashboard.title}"
        assert getattr(fd, dashboard.page).title == dashboard.title
        assert f"fd.{dashboard.page}(" in "".join(c.source for c in nb.cells if c.cell_type == "code")


def test_every_notebook_has_the_one_parameters_cell() -> None:
    from finsamdash.dashboards.registry import PARAMETERS

    for name in names():
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert cell.source + "\n" == PARAMETERS, name


def test_the_package_ships_the_notebooks() -> None:
    """The notebooks live in the top-level notebooks/ and reach the package (and the wheel) as
    finsamdash/notebooks; the build reads them there."""
    from finsamdash.pack.build import NOTEBOOKS, dashboard_notebooks

    assert NOTEBOOKS == PACKAGE / "notebooks" and (PACKAGE / "notebooks").resolve() == ROOT / "notebooks"
    assert [p.stem for p in dashboard_notebooks(NOTEBOOKS)] == list(names())


# --- the one section convention -------------------------------------------------------------------------------------

#: What only ``dashboards/_page.py`` may call: the page shows what its sections return.
DISPLAY_CALLS = {"show", "display", "print"}


def _section_calls(nb_path: Path) -> list[str]:
    """The page methods a notebook calls (``page.<name>()``)."""
    nb = nbformat.read(nb_path, as_version=4)
    return re.findall(r"^page\.(\w+)\(\)$", "\n".join(c.source for c in nb.cells if c.cell_type == "code"), re.M)


def test_no_section_displays_anything_itself() -> None:
    """Sections return display bundles and the page shows them (``_page.section``): no page module calls
    ``show``/``display`` itself (only ``_page.py``, which defines them)."""
    calls = []
    for path in sorted((PACKAGE / "dashboards").glob("*.py")):
        if path.name == "_page.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in DISPLAY_CALLS:
                    calls.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node.func)}")
    assert calls == []


def test_every_section_a_notebook_calls_returns_bundles_for_the_page_to_show() -> None:
    """Every ``page.<name>()`` in a notebook is a ``@section`` whose method is annotated to return bundles, and
    every ``@section`` is called by its notebook (none forgotten, none shown twice)."""
    import inspect

    import finsamdash.dashboards as fd

    for dashboard in DASHBOARDS:
        page = getattr(fd, dashboard.page)
        called = _section_calls(ROOT / "notebooks" / f"{dashboard.name}.ipynb")
        sections = [name for name, member in inspect.getmembers(page) if getattr(member, "is_section", False)]
        assert sorted(called) == sorted(sections), dashboard.name
        assert len(set(called)) == len(called), dashboard.name
        for name in called:
            method = getattr(page, name).__wrapped__
            assert method.__annotations__.get("return") in ("list[Bundle]", list), f"{dashboard.name}.{name}"


def test_a_section_is_shown_by_the_page(monkeypatch) -> None:
    """``@section``: the method's return value is what the page shows, bundle by bundle."""
    from finsamdash.dashboards import _page

    shown: list = []
    monkeypatch.setattr(_page, "show", shown.extend)

    class Sample:
        @_page.section
        def part(self) -> list[_page.Bundle]:
            return [_page.html_bundle("<p>a</p>"), _page.html_bundle("<p>b</p>")]

    assert Sample().part() is None
    assert [b["text/plain"] for b in shown] == ["a", "b"]


def test_a_page_is_built_from_a_dataset_in_memory() -> None:
    from finsamdash.dashboards import OverviewPage
    from finsamdash.data.validate import load

    path = ROOT / "tests" / "fixtures" / "valid_small"
    options = {"previous_meeting_date": "2026-03-31"}
    in_memory = OverviewPage(load(path), "sydnarke", "2026-05-28", **options)
    assert in_memory.data_path is None
    assert in_memory.cards() == OverviewPage(path, "sydnarke", "2026-05-28", **options).cards()


# --- the front page reads the manifest -------------------------------------------------------------------------------


def test_the_key_figures_come_from_the_overviews_data_not_its_html(demo_pack, tmp_path) -> None:
    from finsamdash.pack.manifest import key_figures

    manifest = json.loads((demo_pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["key_figures"] == key_figures(demo_pack / "overview.ipynb")
    assert len(manifest["key_figures"]) >= 5 and all(c["label"] and c["value"] for c in manifest["key_figures"])
    # the overview's markup renamed: the key figures are the same
    nb = nbformat.read(demo_pack / "overview.ipynb", as_version=4)
    renamed = copy.deepcopy(nb)
    stored = 0
    for cell in renamed.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = output["data"]["text/html"].replace("fsd-card", "renamed")
            stored += KEY_FIGURES_MIME in output.get("data", {})
    assert stored == 1
    nbformat.write(renamed, tmp_path / "overview.ipynb")
    assert key_figures(tmp_path / "overview.ipynb") == manifest["key_figures"]


def test_the_front_page_shows_the_manifests_key_figures() -> None:
    from finsamdash.pack.front_page import front_page

    manifest = {"meeting_date": "2026-11-23", "association_name": "Förbundet", "built_at": "2026-11-23T12:00:00+00:00",
                "parameters": {"previous_meeting_date": "2026-09-24", "books_closed": "2026-10-31", "min_count": 5},
                "input_files": [], "dashboards": [], "versions": {"finsamdash": "0"},
                "key_figures": [{"label": "Deltagare", "value": "1 234", "detail": "i år", "change": "+12 sedan"}]}
    page = front_page(manifest, previous_exists=False)
    for text in ("Deltagare", "1 234", "i år", "+12 sedan"):
        assert text in page
    changed = copy.deepcopy(manifest)
    changed["key_figures"][0]["value"] = "4 321"
    assert "4 321" in front_page(changed, previous_exists=False)
