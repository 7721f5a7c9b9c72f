// The front end of finsamdash.dashboards.live_section.LiveSection: a section's charts and HTML, updated in place.
//
// Each chart keeps its element: a new state is drawn with one Plotly.react on it (no new plot, no PNG copy, no
// second draw). plotly.js is asked for once per page over the widget's comm (the pack's own bundle) and evaluated
// without touching any global.

const ASK = { want: "plotly.js" };
const SHARED = (globalThis.__finsamdashLive ||= { plotly: null });

function loadPlotly(model) {
  if (!SHARED.plotly) {
    SHARED.plotly = new Promise((resolve, reject) => {
      const answer = (content) => {
        if (!content || typeof content["plotly.js"] !== "string") return;
        model.off("msg:custom", answer);
        try {
          const module = { exports: {} };
          // the pack's bundle declares `var Plotly`; the plotly package's full plotly.js is UMD (module.exports)
          const plotly = new Function("module", "exports", "define",
            content["plotly.js"] + "\n;return typeof Plotly !== 'undefined' ? Plotly : module.exports;",
          )(module, module.exports, undefined);
          resolve(plotly && plotly.react ? plotly : module.exports);
        } catch (error) {
          reject(error);
        }
      };
      model.on("msg:custom", answer);
      model.send(ASK);
    });
    SHARED.plotly.catch(() => { SHARED.plotly = null; });  // another section may ask again
  }
  return SHARED.plotly;
}

function draw(Plotly, div, figure) {
  const layout = { ...(figure.layout || {}) };
  if (!layout.height) layout.height = 360;  // as jupyterlab-plotly's renderer did
  div.dataset.drawing = "";  // until plotly has drawn it (tests wait for charts without it)
  return Plotly.react(div, figure.data || [], layout, figure.config || {}).finally(() => {
    delete div.dataset.drawing;
  });
}

function element(kind) {
  const div = document.createElement("div");
  if (kind === "chart") {
    div.className = "fsd-live-chart";
  } else {  // the classes of an output area's HTML, so that the page's and JupyterLab's styles apply as before
    div.className = "fsd-live-html jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output";
    // one below the other: JupyterLab makes an output a table cell, and two HTML parts in a row (a state without
    // its chart) would stand side by side
    div.style.display = "block";
    div.style.width = "auto";
  }
  return div;
}

function setHtml(div, markup, text) {
  if (div._fsdMarkup === markup) return;
  const open = Array.from(div.querySelectorAll("details"), (d) => d.open);  // a table the viewer opened stays open
  if (text) {
    div.textContent = markup;
  } else {
    div.innerHTML = markup;
  }
  const details = div.querySelectorAll("details");
  if (details.length === open.length) details.forEach((d, i) => { d.open = open[i]; });
  div._fsdMarkup = markup;
}

// Show `items` in `el`, reusing its chart elements in order (the n-th chart of the new state is drawn on the n-th
// chart element) and its HTML elements in order; charts wait for plotly.js when it has not arrived yet.
function show(el, items, Plotly) {
  const old = Array.from(el.children);
  const charts = old.filter((c) => c.classList.contains("fsd-live-chart"));
  const texts = old.filter((c) => c.classList.contains("fsd-live-html"));
  const next = [];
  const drawn = [];
  for (const item of items) {
    if (item.figure) {
      const div = charts.shift() || element("chart");
      next.push(div);
      const key = JSON.stringify(item.figure);
      if (Plotly && div._fsdDrawn !== key) {  // an unchanged chart is left as it is
        div._fsdDrawn = key;
        drawn.push(draw(Plotly, div, item.figure));
      }
    } else {
      const div = texts.shift() || element("html");
      setHtml(div, item.html ?? item.text ?? "", item.html === undefined);
      next.push(div);
    }
  }
  if (Plotly) charts.forEach((div) => Plotly.purge(div));
  if (next.length !== old.length || next.some((node, i) => node !== old[i])) el.replaceChildren(...next);
  return Promise.all(drawn);
}

export default {
  render({ model, el }) {
    el.classList.add("fsd-live-section");  // (not "fsd-live": the pack's class of what only works served)
    let Plotly = null;
    const update = () => show(el, model.get("items"), Plotly);
    model.on("change:items", update);
    update();  // the text at once, the charts when plotly.js is there
    loadPlotly(model).then((loaded) => {
      Plotly = loaded;
      return update();
    }).catch((error) => {
      console.error("finsamdash: plotly.js could not be loaded", error);
    });
    return () => {
      model.off("change:items", update);
      if (Plotly) el.querySelectorAll(".fsd-live-chart").forEach((div) => Plotly.purge(div));
    };
  },
};
