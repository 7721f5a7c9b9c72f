"""Finding code words in what a person reads: table keys, metric keys and English goal-parameter names.

:func:`code_words` returns every such word found in a text. Words that are also Swedish ("budget") are not looked
for, and a CSV file's own name ("goals.csv": the director's file is called that) is not a code word.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from finsamdash.data.contract import CATEGORIES, TABLES
from finsamdash.metrics.goals import GOAL_METRICS

#: Also Swedish words, so they cannot be told apart from a key in a sentence.
SWEDISH_TOO = {"budget"}
#: The goal parameters' names (``reasons=…;items=…``) as the data contract writes them.
PARAMETERS = sorted({name for spec in GOAL_METRICS.values() for name in spec.params})
CODE_WORDS = sorted((set(TABLES) | {c.key for c in CATEGORIES["metric"]} | set(PARAMETERS)) - SWEDISH_TOO)
_PATTERN = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, CODE_WORDS)) + r")(?![\w-]|\.csv)")


def code_words(text: str) -> list[str]:
    """The code words in ``text`` (each once, in order of appearance)."""
    return list(dict.fromkeys(m.group(1) for m in _PATTERN.finditer(text)))


def visible_text(markup: str) -> str:
    """What a page shows or reads out: its text without scripts and styles, plus alt texts, aria-labels and
    titles."""
    markup = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", markup, flags=re.S | re.I)
    labels = re.findall(r"""\b(?:aria-label|alt|title)\s*=\s*(["'])(.*?)\1""", markup, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", markup)
    return html.unescape(" ".join([text, *(label for _q, label in labels)]))


_SHOWN_KEYS = {"text", "name", "title", "x", "y", "labels", "label", "ticktext", "hovertemplate", "texttemplate",
               "alt", "customdata"}


def figure_strings(figure: Any) -> Iterator[str]:
    """Every string a plotly figure (JSON) can show: titles, trace names, category labels, texts, hover templates
    and the alt text (not the template's settings)."""
    if isinstance(figure, dict):
        for key, value in figure.items():
            if key == "template":
                continue
            if key in _SHOWN_KEYS:
                yield from _strings(value)
            else:
                yield from figure_strings(value)
    elif isinstance(figure, list):
        for item in figure:
            yield from figure_strings(item)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def notebook_text(ipynb_text: str) -> str:
    """Everything an executed dashboard notebook shows: its HTML outputs' visible text, its figures' strings and
    its markdown headings."""
    nb = json.loads(ipynb_text)
    parts = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            parts.append(source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            markup = data.get("text/html")
            if markup:
                parts.append(visible_text("".join(markup) if isinstance(markup, list) else markup))
            figure = data.get("application/vnd.plotly.v1+json")
            if figure:
                parts.extend(figure_strings(figure))
            for stream in ("text",):
                if output.get("output_type") == "stream" and stream in output:
                    parts.append("".join(output[stream]))
    return "\n".join(parts)
