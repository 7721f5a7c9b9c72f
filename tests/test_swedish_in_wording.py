"""Every Swedish sentence and label a board member or director reads lives in ``finsamdash/wording/`` (#15).

A cheap static check (the source's syntax tree, no data): a string literal outside ``wording/`` that looks Swedish
(å, ä or ö, or a phrase with a common Swedish function word) is user-facing text in the wrong place. Exempt by
decision (docs/architecture.md, "where to add a Swedish wording"): docstrings; the message of a ``raise`` and
``errors.py`` (an error's Swedish message stays where the problem is found, with its data); ``data/contract.py`` (the
data contract declares its Swedish sheet names, column headers and category labels as data); ``data/demo.py`` (the
invented names of the demo data); and the small allow-list below.

Text not yet moved is listed in :data:`NOT_YET_MOVED` (file -> number of literals): a file may only get fewer, and
any other file none, so nothing new is added outside ``wording/`` while the rest moves.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "finsamdash"

SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(och|att|inte|som|är|för|med|har|av|till|från|eller|ska|kan|vid|mot|blev|finns|saknas|visas|"
    r"hittills|varav|inga|alla|under|efter)\b.*\s|\s.*\b(och|att|inte|som|är|för|med|har|av|till|från|eller|ska|"
    r"kan|vid|mot|blev|finns|saknas|visas|hittills|varav|inga|alla|under|efter)\b", re.IGNORECASE)
#: Folders and modules whose Swedish text is there by decision (see the module docstring).
EXEMPT = ("wording/", "errors.py", "data/contract.py", "data/demo.py")


def _notebook_parameters() -> str:
    """The dashboards' parameters cell (``PARAMETERS`` in dashboards/registry.py): Python code for the notebooks,
    whose comments (one says "förbund") are for developers, not wording."""
    tree = ast.parse((PACKAGE / "dashboards" / "registry.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and [getattr(t, "id", None) for t in node.targets] == ["PARAMETERS"])


#: Literals that look Swedish but are no wording: identifiers, markup and code (the letters of the Swedish sort
#: key, ``metrics.goal_follow_up.swedish_sort_key``).
ALLOWED: set[str] = {_notebook_parameters(), "å", "ä", "ö"}
#: Swedish literals not yet moved into wording/ (#15, part 3; none left): the count per file may only go down.
NOT_YET_MOVED: dict[str, int] = {}


def _exempt_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body and \
                isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
        if isinstance(node, ast.Raise) and node.exc is not None:
            found |= {id(sub) for sub in ast.walk(node.exc)}
        if isinstance(node, ast.JoinedStr):
            found |= {id(part) for part in node.values}
    return found


def swedish_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``source`` that looks Swedish (f-strings by their constant parts)."""
    tree = ast.parse(source)
    exempt = _exempt_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if text not in ALLOWED and SWEDISH.search(text):
            found.append((node.lineno, text))
    return sorted(found)


def _counts() -> tuple[Counter, dict[str, list[tuple[int, str]]]]:
    counts: Counter = Counter()
    where: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(EXEMPT):
            continue
        found = swedish_literals(path.read_text(encoding="utf-8"))
        if found:
            counts[rel] = len(found)
            where[rel] = found
    return counts, where


def test_the_heuristic_finds_swedish_text_and_leaves_code_alone() -> None:
    source = '''
def f(year):
    """Docstrings are for developers: visas inte."""
    if year < 0:
        raise ValueError(f"Året {year} finns inte.")
    key = "budget_year"
    return f"Budget för {year}", "Kostnader", "text/html", key, "visas inte"
'''
    assert [text for _line, text in swedish_literals(source)] == ["Budget för {}", "visas inte"]


def test_no_swedish_wording_outside_wording() -> None:
    counts, where = _counts()
    grown = {rel: where[rel] for rel, n in counts.items() if n > NOT_YET_MOVED.get(rel, 0)}
    assert not grown, ("Swedish text outside finsamdash/wording/ (put it in wording/, see docs/architecture.md): "
                       + "; ".join(f"{rel}: " + ", ".join(f"{line}: {text!r}" for line, text in found[:5])
                                   for rel, found in grown.items()))
