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
#: A horizontal bar's label longer than this (a recoded group naming what it holds; the indicators' shortened
#: statements are shorter) is wrapped at :data:`LABEL_WIDTH` characters: plotly's automargin cannot widen the left
#: margin enough for it in a 768 px window.
LABEL_MAX, LABEL_WIDTH = 60, 45


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


def wrap_subtitle(text: str) -> list[str]:
    """The lines of a subtitle (a title's smaller second part), at most :data:`SUBTITLE_WIDTH` characters each."""
    return textwrap.wrap(text, SUBTITLE_WIDTH, break_on_hyphens=False) or [text]


#: The title's lines on the page: a line of the finding (18 px type), the first ``<sup>`` line under it (smaller
#: type, raised: closer), the gap above the title and between it and the plot (or the legend, or labels above the
#: plot).
_LINE_PX, _SUB_LINE_PX, _TITLE_PAD_PX, _GAP_PX, _ABOVE_PLOT_PX = 24, 18, 10, 14, 26
#: plotly.js draws a title of several lines a little lower than centred on its anchor: this much per line after
#: the first (measured in chromium: 5.5 px for two lines), kept free below it.
_LINE_SHIFT_PX = 6
#: A transparent border around the legend: between its last row and the plot, where the top tick label of the y axis
#: reaches half a line above the plot.
_LEGEND_BORDER_PX = 5
#: The narrowest a chart is drawn (Voilà in a 768 px wide window: about 728 px): the legend's rows are counted at
#: this width, so that the room kept for them is enough at every width the pack is read in.
NARROWEST_CHART_PX = 720
#: Room above a chart without a title (a slide, whose title is the slide's own).
_EDGE_PX = 16


def wrapped_layout(layout: dict, data: Sequence[dict] = (), *, width: int = NARROWEST_CHART_PX,
                   grow: bool = True) -> dict:
    """A figure's JSON layout (with its traces, ``data``) as the reader sees it, from the top: the title wrapped
    (:func:`wrap_title`; plotly's own subtitle drawn as its smaller last lines), the colour legend in rows right
    under it, any labels above the plot, then the plot. A legend is read before the bars and lines it explains,
    also on a laptop's first screen.

    The top margin holds the title's lines (and the labels above the plot); the legend, anchored to the figure's
    top (container coordinates), makes plotly.js keep the room down to its last row free of the plot (its
    reserved margin), at whatever width the chart is drawn. Where labels sit above the plot, the legend's rows are
    also counted into the margin (at ``width``, the narrowest the chart is drawn: :func:`legend_rows`), so that the
    labels come below the legend. With ``grow`` the chart grows by the legend's rows at ``width``, so the plot keeps
    its height where the legend takes most rows.

    The figure functions keep one-line titles (what tests and the presentation read) and the theme's legend at the
    bottom (for a figure drawn without this layout)."""
    title = layout.get("title")
    titled = isinstance(title, dict) and bool(title.get("text"))
    height = layout.get("height")
    rows = legend_rows(layout, data, width=width) if height else 0
    if not titled and not rows:
        return layout
    out = dict(layout)
    legend_px = 0.0
    if rows:
        row_px, box_px = _legend_metrics(layout)
        legend_px = rows * row_px + box_px + 2 * _LEGEND_BORDER_PX
        if grow:
            height = out["height"] = round(height + legend_px)
    top = float(_EDGE_PX)
    if titled:
        title = dict(title)
        title["text"] = wrap_title(title["text"])
        subtitle = title.pop("subtitle", None)
        if isinstance(subtitle, dict) and subtitle.get("text"):
            # plotly places its own subtitle under the title by rules of its own; drawn as the title's smaller
            # last lines instead, the title is one block of lines whose height is known
            title["text"] += "".join(f"<br><sup>{line}</sup>" for line in wrap_subtitle(subtitle["text"]))
        lines = title["text"].split("<br>")
        sub_lines = sum(line.startswith("<sup>") for line in lines)
        block = (len(lines) - sub_lines) * _LINE_PX + (_SUB_LINE_PX + (sub_lines - 1) * _LINE_PX if sub_lines else 0)
        top = _TITLE_PAD_PX + block + _GAP_PX + _LINE_SHIFT_PX * (len(lines) - 1)
        if height:  # plotly centres a title of several lines on its anchor: anchor the block's middle below the pad
            title.update(yref="container", y=1 - (_TITLE_PAD_PX + block / 2) / float(height), yanchor="middle")
            title.pop("pad", None)
        out["title"] = title
    if rows:
        # a transparent border: room between the last row and the plot (plotly keeps the plot below the border)
        out["legend"] = {**(layout.get("legend") or {}), "orientation": "h", "xref": "container", "x": 0,
                         "xanchor": "left", "yref": "container", "yanchor": "top",
                         "y": 1 - (top - _LEGEND_BORDER_PX) / float(height),
                         "borderwidth": _LEGEND_BORDER_PX, "bordercolor": "rgba(0,0,0,0)"}
    if _labels_above_plot(layout):
        top += legend_px + _ABOVE_PLOT_PX * _font_size(layout) / 14
    template_margin = ((layout.get("template") or {}).get("layout") or {}).get("margin") or {}
    margin = {**template_margin, **(layout.get("margin") or {})}
    margin["t"] = max(int(margin.get("t") or 0), round(top))
    out["margin"] = margin
    return out


def _font_size(layout: dict, *path: str) -> float:
    """The font size of ``layout`` (or of its part ``path``, e.g. ``"legend"``), else the template's, else 14."""
    template = (layout.get("template") or {}).get("layout") or {}
    for source in (layout, template):
        part = source
        for key in path:
            part = part.get(key) or {}
        if (part.get("font") or {}).get("size"):
            return float(part["font"]["size"])
    return float(((layout.get("font") or {}).get("size")) or ((template.get("font") or {}).get("size")) or 14)


def _legend_metrics(layout: dict) -> tuple[float, float]:
    """plotly.js's horizontal legend: the height of one row of one-line entries (the text's line height, at
    least 16 px, plus 3) and the legend's own padding (5 px above and below)."""
    return max(_font_size(layout, "legend") * 1.3, 16) + 3, 10


def _text_px(text: str, size: float) -> float:
    """A generous width of ``text`` at ``size`` px (tags removed): wider than Arial, Helvetica, Segoe UI or DejaVu
    Sans draw it, so that a row counted here is never too short."""
    plain = re.sub(r"<[^>]+>", "", text)
    return size * sum(0.8 if c.isupper() or c in "mwMW—" else 0.58 for c in plain)


def legend_entries(layout: dict, data: Sequence[dict]) -> list[str]:
    """The names the legend shows (none when plotly would draw no legend)."""
    names = [str(t.get("name") or "") for t in data
             if t.get("showlegend") is not False and t.get("type", "scatter") not in ("sankey", "pie", "table")
             and t.get("visible", True) is not False]
    shown = layout.get("showlegend")
    return names if shown or (shown is None and len(names) > 1) else []


def legend_rows(layout: dict, data: Sequence[dict], *, width: int = NARROWEST_CHART_PX) -> int:
    """How many rows a horizontal legend of ``data``'s entries takes in a chart ``width`` px wide, as plotly.js
    lays it out: entries are 40 px (symbol) plus the text wide, 5 px apart, in one row if they all fit within the
    plot area's width, else on a grid of columns as wide as the widest entry. The plot area's width is the chart's
    width less the margins, the left one grown to the longest category label of a horizontal bar chart. Grouped
    legends (``traceorder`` "grouped") are counted one entry per row."""
    names = legend_entries(layout, data)
    if not names:
        return 0
    legend = layout.get("legend") or {}
    if "grouped" in str(legend.get("traceorder") or ("grouped" if any(t.get("legendgroup") for t in data) else "")):
        return len(names)
    size = _font_size(layout, "legend")
    entries = [40 + _text_px(name, size) for name in names]
    plot_width = max(width - _side_margins(layout, data), 80)
    if sum(entries) + 5 * (len(entries) - 1) < plot_width:
        return 1
    per_row = max(1, int((plot_width + 5) // (max(entries) + 5)))
    return -(-len(entries) // per_row)


def _side_margins(layout: dict, data: Sequence[dict]) -> float:
    """The left and right margins of the plot area: as set, the left one at least as wide as the longest category
    label of a horizontal bar (plotly's automargin widens it to fit), plus the y axis's title."""
    template_margin = ((layout.get("template") or {}).get("layout") or {}).get("margin") or {}
    margin = {**template_margin, **(layout.get("margin") or {})}
    size = _font_size(layout)
    labels = [str(v) for t in data if t.get("orientation") == "h" for v in (t.get("y") or []) if v is not None]
    left = max([_text_px(label, size) + 10 for label in labels], default=0)
    y_title = ((layout.get("yaxis") or {}).get("title") or {})
    left += 1.5 * size if isinstance(y_title, dict) and y_title.get("text") else 0
    return max(float(margin.get("l") or 0), left) + float(margin.get("r") or 0)


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
        cats = [str(c) for c in _values(frame[x]) if c is not None]
        if any(len(c) > LABEL_MAX for c in cats):  # a long label wrapped, never cut (the hover has it whole)
            fig.update_yaxes(tickvals=cats, ticktext=["<br>".join(textwrap.wrap(c, LABEL_WIDTH)) for c in cats])
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
