"""What a reader would see wrong in a drawn chart, measured in the browser (Debian chromium through Playwright).

:data:`MEASURE` is a JavaScript function for ``page.evaluate``: for every drawn plotly chart (in the page, with
the argument ``"slide"`` in reveal.js's current slide, or in the element given as the argument) it compares the
boxes of the title, axis titles, tick labels, legend entries, annotations, Sankey labels, bar labels and point
labels with the chart's area and with each other, and returns one English line per problem:

* a title or label that reaches outside the chart (cut off);
* a line (a reference line, or a line-shaped marker such as "budget to date") running through a bar label, an
  annotation, a tick label or the legend;
* the legend over tick labels, axis titles, the title, labels in the chart or the plot area; the title over the
  plot area;
* a legend that is not above the plot area (the colour key is read before the bars and lines it explains).
"""

MEASURE = r"""
(scope) => {
  const problems = [];
  const inside = (r, box, tol) => r.left >= box.left - tol && r.right <= box.right + tol
    && r.top >= box.top - tol && r.bottom <= box.bottom + tol;
  const hits = (a, b, pad) => a.left < b.right - pad && a.right > b.left + pad
    && a.top < b.bottom - pad && a.bottom > b.top + pad;
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0' && s.display !== 'none';
  };
  const root = scope === 'slide' ? Reveal.getCurrentSlide() : (scope || document);
  root.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const svg = plot.querySelector('.main-svg');
    if (!svg || !visible(svg)) return;
    const box = svg.getBoundingClientRect();
    const name = ((plot.querySelector('.gtitle') || {}).textContent || `diagram ${index + 1}`).slice(0, 60);
    const labels = [];
    for (const [kind, selector] of [['title', '.gtitle, .gtitle-subtitle'], ['x-axis title', '.xtitle, .x2title'],
        ['y-axis title', '.ytitle, .y2title'], ['x tick', '.xtick text'], ['y tick', '.ytick text'],
        ['legend', '.legend text'], ['annotation', '.annotation-text'], ['sankey label', '.node-label'],
        ['bar text', '.bartext'], ['point text', '.textpoint text']]) {
      plot.querySelectorAll(selector).forEach(el => {
        const text = el.textContent.trim();
        if (visible(el) && text) labels.push({kind, r: el.getBoundingClientRect(), text});
      });
    }
    for (const l of labels) {
      if (l.kind !== 'bar text' && !inside(l.r, box, 1)) {
        problems.push(`${name}: ${l.kind} ”${l.text.slice(0, 40)}” is cut off`);
      }
    }
    // lines: shapes (reference lines) and line-like markers (e.g. "budget to date" strokes)
    const lines = [];
    plot.querySelectorAll('.shapelayer path, .scatterlayer .point').forEach(el => {
      const r = el.getBoundingClientRect();
      if (visible(el) || r.width > 0 || r.height > 0) if (r.width < 5 || r.height < 5) lines.push(r);
    });
    for (const r of lines) for (const l of labels) {
      if (['bar text', 'annotation', 'x tick', 'y tick', 'legend'].includes(l.kind) && hits(r, l.r, 0.5)) {
        problems.push(`${name}: a line runs through the ${l.kind} ”${l.text.slice(0, 30)}”`);
      }
    }
    const area = plot.querySelector('.nsewdrag');
    if (area) for (const l of labels) {
      if (l.kind === 'title' && hits(l.r, area.getBoundingClientRect(), 1)) {
        problems.push(`${name}: the title lies over the plot area`);
      }
    }
    for (const l of labels) if (l.kind === 'title') for (const m of labels) {
      if (['annotation', 'legend', 'sankey label'].includes(m.kind) && hits(l.r, m.r, 1)) {
        problems.push(`${name}: the title lies over the ${m.kind} ”${m.text.slice(0, 30)}”`);
      }
    }
    const legend = plot.querySelector('.legend');
    if (legend && visible(legend)) {
      const lr = legend.getBoundingClientRect();
      for (const l of labels) {
        if (['x tick', 'y tick', 'x-axis title', 'y-axis title', 'title', 'annotation', 'sankey label', 'bar text',
             'point text'].includes(l.kind) && hits(lr, l.r, 1)) {
          problems.push(`${name}: the legend lies over the ${l.kind} ”${l.text.slice(0, 30)}”`);
        }
      }
      if (area && hits(lr, area.getBoundingClientRect(), 1)) {
        problems.push(`${name}: the legend lies over the plot area`);
      }
      if (area && lr.bottom > area.getBoundingClientRect().top + 1) {
        problems.push(`${name}: the legend is not above the plot area`);
      }
    }
  });
  return [...new Set(problems)];
}

"""
