"""The one private builder under every figure function, and a few generic figure shapes.

Figure functions follow plotly.express: a tidy (already aggregated and suppressed) dataframe first, keyword-only
options, ``-> go.Figure``. Every figure gets a title stating the finding and an alt-text sentence, kept in
``fig.layout.meta["alt"]`` so that the page can show it and tests can read it.

A hidden value (R8) is never drawn as a value and never left as a blank that reads as zero: a hidden bar is a
short hatched, outlined bar, the same for every hidden bar of the chart (a fifth of the tallest shown bar, so its
length tells nothing), labelled with the one mark of a hidden figure; a hidden point of a line is a gap with a
shaded band and the mark; hover texts say "dolt".
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from finsamdash.present.theme import GREY, PALETTE, register
from finsamdash.wording.privacy import HIDDEN_HOVER, HIDDEN_MARK

#: Characters per line of a chart's title (18 px) and of its second, smaller line (``<sup>``, a subtitle): at the
#: narrowest width the pack draws a chart (the PDF's A4 column, about 740 px) a longer line was cut off.
TITLE_WIDTH = 72
SUBTITLE_WIDTH = 92


def wrap_title(title: str) -> str:
    """``title`` with line breaks (``<br>``) so that no line is cut off: the finding wrapped at
    :data:`TITLE_WIDTH` characters, a ``<br><sup>…</sup>`` second part at :data:`SUBTITLE_WIDTH`."""
    main, _br, rest = (*re.split(r"(<br\s*/?>)", title, maxsplit=1, flags=re.I), "", "")[:3]
    lines = textwrap.wrap(main, TITLE_WIDTH, break_on_hyphens=False) or [main]
    found = re.fullmatch(r"\s*<sup>(.*)</sup>\s*", rest, flags=re.S)
    if found:
        lines += [f"<sup>{line}</sup>" for line in textwrap.wrap(found.group(1), SUBTITLE_WIDTH,
                                                                  break_on_hyphens=False)]
    elif rest:
        lines.append(rest)
    return "<br>".join(lines)


def unwrap_title(title: str) -> str:
    """The title before :func:`wrap_title` (the text a figure function made)."""
    main, sep, rest = title.partition("<br><sup>")
    return main.replace("<br>", " ") + sep + rest.replace("</sup><br><sup>", " ")


def wrap_subtitle(text: str) -> str:
    return "<br>".join(textwrap.wrap(text, SUBTITLE_WIDTH, break_on_hyphens=False)) or text


#: The title's lines on the page: the finding (18 px), a ``<sup>`` or subtitle line (about 13 px); the gap above
#: the title and between it and the plot (or the labels above the plot).
_LINE_PX, _SUB_LINE_PX, _TITLE_PAD_PX, _GAP_PX, _ABOVE_PLOT_PX = 24, 18, 10, 14, 26


def wrapped_layout(layout: dict) -> dict:
    """A figure's JSON layout with its title and subtitle wrapped for display (:func:`wrap_title`) and the top margin
    grown to hold every line, so the title never lies over the plot; the figure functions keep one-line titles
    (what tests and the presentation read)."""
    title = layout.get("title")
    if not isinstance(title, dict) or not title.get("text"):
        return layout
    title = dict(title)
    title["text"] = wrap_title(title["text"])
    lines = title["text"].split("<br>")
    sub_lines = sum(line.startswith("<sup>") for line in lines)
    subtitle = title.get("subtitle")
    if isinstance(subtitle, dict) and subtitle.get("text"):
        title["subtitle"] = {**subtitle, "text": wrap_subtitle(subtitle["text"])}
        sub_lines += title["subtitle"]["text"].count("<br>") + 1
    block = (len(lines) - sub_lines) * _LINE_PX + sub_lines * _SUB_LINE_PX
    needed = _TITLE_PAD_PX + block + _GAP_PX + (_ABOVE_PLOT_PX if _labels_above_plot(layout) else 0)
    template_margin = ((layout.get("template") or {}).get("layout") or {}).get("margin") or {}
    margin = {**template_margin, **(layout.get("margin") or {})}
    margin["t"] = max(int(margin.get("t") or 0), needed)
    height = layout.get("height")
    if height:  # plotly centres a title of several lines on its anchor: anchor the block's middle below the pad
        title.update(yref="container", y=1 - (_TITLE_PAD_PX + block / 2) / float(height), yanchor="middle")
        title.pop("pad", None)
    return {**layout, "title": title, "margin": margin}


def _labels_above_plot(layout: dict) -> bool:
    """An annotation placed above the plot area (a column heading, a reference line's label)."""
    for note in layout.get("annotations") or []:
        if (note.get("yref") == "paper" and float(note.get("y", 0)) >= 1) or note.get("yanchor") == "bottom":
            return True
    return False


def build(traces: Sequence[go.BaseTraceType], *, title: str, alt: str, height: int = 420,
          **layout: object) -> go.Figure:
    """A figure with the house template, ``title`` (the finding, at the top; wrapped for display with room above the
    plot, see :func:`wrapped_layout`) and ``alt`` (one sentence for screen readers)."""
    template = register()
    fig = go.Figure(data=list(traces))
    fig.update_layout(template=template, height=height,
                      title={"text": title, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": _TITLE_PAD_PX}},
                      meta={"alt": alt}, **layout)
    return fig


def draws_something(figure: dict) -> bool:
    """True when plotly JSON ``figure`` would draw at least one mark: a bar, a point or a Sankey flow. A chart
    whose every value is hidden (NA) would show empty axes (plotly's default range −1…6) or, for a Sankey without
    flows, a "Javascript Error: Invalid array length" box; the page shows its title as a sentence instead."""
    for trace in figure.get("data") or []:
        kind = trace.get("type", "scatter")
        if kind == "sankey":
            if any(v for v in (trace.get("link") or {}).get("value") or [] if v is not None):
                return True
        elif kind in ("bar", "scatter", "histogram", "box"):
            axis = "x" if trace.get("orientation") == "h" else "y"
            if any(v is not None for v in trace.get(axis) or []):
                return True
        else:
            return True
    return False


def title_sentence(fig: go.Figure) -> str:
    """A figure's title as one plain sentence (tags and line breaks removed)."""
    text = unwrap_title(str(fig.layout.title.text or "")).replace("<br>", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def alt_text(fig: go.Figure) -> str:
    meta = fig.layout.meta
    return meta.get("alt", "") if isinstance(meta, dict) else ""


def _values(series: pd.Series) -> list:
    """Plain Python values; NA becomes None (a gap plotly does not draw)."""
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series]


def bar(frame: pd.DataFrame, *, x: str, y: str | Sequence[str], title: str, alt: str, names: Sequence[str] = (),
        orientation: str = "v", barmode: str = "group", colors: Sequence[str] = PALETTE, text_format: str = "",
        x_title: str = "", y_title: str = "", height: int = 420, hover_format: str = ",.0f",
        hidden: pd.DataFrame | None = None) -> go.Figure:
    """Bars of one or more value columns ``y`` against category column ``x`` (NA values are not drawn).

    ``hidden`` (booleans, same index, columns of ``y``) marks hidden values: each gets a hatched "dolt" bar."""
    columns = [y] if isinstance(y, str) else list(y)
    labels = list(names) or columns
    traces = []
    for i, (column, name) in enumerate(zip(columns, labels, strict=True)):
        cats, vals = _values(frame[x]), _values(frame[column])
        xy = {"x": cats, "y": vals} if orientation == "v" else {"x": vals, "y": cats}
        value_axis = "y" if orientation == "v" else "x"
        traces.append(go.Bar(
            name=name, orientation=orientation, marker_color=colors[i % len(colors)], offsetgroup=str(i),
            texttemplate=text_format or None, textposition="auto" if text_format else None,
            hovertemplate=f"%{{{'x' if orientation == 'v' else 'y'}}}: %{{{value_axis}:{hover_format}}}"
                          f"<extra>{name}</extra>",
            **xy,
        ))
    if hidden is not None and bool(hidden[columns].to_numpy().any()):
        traces += _hidden_bars(frame, x=x, columns=columns, names=labels, hidden=hidden, orientation=orientation)
    fig = build(traces, title=title, alt=alt, height=height, barmode=barmode, showlegend=len(columns) > 1)
    fig.update_xaxes(title_text=x_title or None)
    fig.update_yaxes(title_text=y_title or None)
    if orientation == "h":
        fig.update_yaxes(autorange="reversed", type="category")
    else:
        fig.update_xaxes(type="category")
    return fig


def _hidden_bars(frame: pd.DataFrame, *, x: str, columns: Sequence[str], names: Sequence[str],
                 hidden: pd.DataFrame, orientation: str) -> list[go.Bar]:
    """One hatched bar per hidden value, all a fifth as tall as the tallest shown bar (1 when none is shown)."""
    shown = [v for c in columns for v in _values(frame[c]) if v is not None]
    height = max(max([*shown, 0]) / 5, 1)
    out = []
    for i, (column, name) in enumerate(zip(columns, names, strict=True)):
        marks = [bool(h) for h in hidden[column]]
        if not any(marks):
            continue
        cats = _values(frame[x])
        vals = [height if m else None for m in marks]
        xy = {"x": cats, "y": vals} if orientation == "v" else {"x": vals, "y": cats}
        out.append(go.Bar(
            name=f"{name}: {HIDDEN_MARK}", orientation=orientation, offsetgroup=str(i), showlegend=False,
            marker={"color": "rgba(0,0,0,0)", "line": {"color": GREY, "width": 1.5},
                    "pattern": {"shape": "/", "fgcolor": GREY, "size": 8, "solidity": 0.2}},
            text=[HIDDEN_MARK if m else "" for m in marks], textposition="outside", cliponaxis=False,
            textfont={"color": "#333", "size": 12},
            hovertemplate=f"%{{{'x' if orientation == 'v' else 'y'}}}: {HIDDEN_HOVER}<extra>{name}</extra>",
            **xy,
        ))
    return out


def mark_gaps(fig: go.Figure, labels: Sequence[str], hidden: Sequence[bool]) -> go.Figure:
    """A shaded band and the mark at every hidden point of a line on a category axis (R8: a gap with a note)."""
    for position, (label, is_hidden) in enumerate(zip(labels, hidden, strict=True)):
        if not is_hidden:
            continue
        fig.add_vrect(x0=position - 0.4, x1=position + 0.4, fillcolor=GREY, opacity=0.15, line_width=0)
        fig.add_annotation(x=label, y=0.03, yref="paper", text=HIDDEN_MARK, showarrow=False,
                           font={"color": "#333", "size": 12}, hovertext=HIDDEN_HOVER)
    return fig


def line(frame: pd.DataFrame, *, x: str, y: Sequence[str], title: str, alt: str, names: Sequence[str] = (),
         dashes: Sequence[str] = (), colors: Sequence[str] = PALETTE, x_title: str = "", y_title: str = "",
         height: int = 420, hover_format: str = ",.0f", markers: bool = True) -> go.Figure:
    """Lines of value columns ``y`` over ``x`` (a category axis: years as text, Swedish month names)."""
    labels = list(names) or list(y)
    traces = [
        go.Scatter(
            x=[str(v) for v in _values(frame[x])], y=_values(frame[column]), name=name,
            mode="lines+markers" if markers else "lines",
            line={"color": colors[i % len(colors)], "dash": dashes[i] if i < len(dashes) else "solid", "width": 3},
            hovertemplate=f"%{{x}}: %{{y:{hover_format}}}<extra>{name}</extra>", connectgaps=False,
        )
        for i, (column, name) in enumerate(zip(y, labels, strict=True))
    ]
    fig = build(traces, title=title, alt=alt, height=height, showlegend=len(traces) > 1)
    fig.update_xaxes(title_text=x_title or None, type="category")
    fig.update_yaxes(title_text=y_title or None)
    return fig


def sankey(links: pd.DataFrame, *, source: str, target: str, value: str, title: str, alt: str,
           height: int = 480, node_colors: dict[str, str] | None = None) -> go.Figure:
    """A Sankey diagram of ``links`` (one row per source → target with a count; NA links are left out)."""
    drawn = links.dropna(subset=[value])
    drawn = drawn[drawn[value] > 0]
    left = list(dict.fromkeys(drawn[source]))
    right = list(dict.fromkeys(drawn[target]))
    labels = left + right
    index = {("s", n): i for i, n in enumerate(left)} | {("t", n): len(left) + i for i, n in enumerate(right)}
    colors = [(node_colors or {}).get(n, PALETTE[i % len(PALETTE)]) for i, n in enumerate(labels)]
    trace = go.Sankey(
        arrangement="snap",
        node={"label": labels, "color": colors, "pad": 14, "thickness": 18,
              "hovertemplate": "%{label}: %{value:,.0f}<extra></extra>"},
        link={"source": [index[("s", s)] for s in drawn[source]],
              "target": [index[("t", t)] for t in drawn[target]],
              "value": [int(v) for v in drawn[value]], "color": "rgba(0,114,178,0.25)",
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f}<extra></extra>"},
    )
    return build([trace], title=title, alt=alt, height=height)
