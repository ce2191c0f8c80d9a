// Charts for calculator results, drawn with the site's own copy of Chart.js.
//
// A calculator whose result has "charts" emits, in its result HTML, one
// <canvas data-chart="ID"> per chart and next to it a <table> of the same numbers.
// This script draws result.charts[i] into the canvas with the same id, labelled in the
// page's language, with the break-even point marked. It listens for the
// "calculator:result" event the page glue dispatches on the form after every render
// (detail = {name, result, lang}) and draws in the next animation frame; it also draws
// the build-time result embedded in the form (script[data-calc-initial]) in case that
// first event was sent before this script ran. A form whose charts are off screen (the
// reader is typing in the fields above them) is drawn when a chart comes into view,
// with its newest result, or before printing. Classic script; needs window.Chart
// (chart.umd.js) loaded before it.
(() => {
  "use strict";

  const COLORS = {
    fba: { line: "#3949ab", fill: "rgba(57, 73, 171, 0.15)", dash: [] },
    self: { line: "#d84315", fill: "rgba(216, 67, 21, 0.15)", dash: [6, 4] },
  };
  const FALLBACK = [COLORS.fba, COLORS.self, { line: "#2e7d32", fill: "rgba(46, 125, 50, 0.15)", dash: [2, 3] }];
  const CROSSING = { line: "#000000", fill: "#ffeb3b" };

  const pick = (text, lang) => (text && (text[lang] || text.en)) || "";
  const pending = []; // [form, result, lang] waiting for Chart.js

  function axisTitle(axis, lang) {
    const label = pick(axis.label, lang);
    return label;
  }

  function datasets(chart, lang) {
    const out = chart.series.map((series, i) => {
      const color = COLORS[series.key] || FALLBACK[i % FALLBACK.length];
      return {
        type: "line",
        label: pick(series.name, lang),
        data: series.points.map(([x, y]) => ({ x, y })),
        borderColor: color.line,
        backgroundColor: color.fill,
        borderDash: color.dash,
        borderWidth: 2,
        pointRadius: 2,
        tension: 0,
        fill: false,
      };
    });
    if (chart.crossing) {
      out.push({
        type: "scatter",
        label: pick(chart.crossing_label, lang) || (lang === "zh" ? "盈亏平衡点" : "Break-even"),
        data: [{ x: chart.crossing.x, y: chart.crossing.y }],
        borderColor: CROSSING.line,
        backgroundColor: CROSSING.fill,
        pointStyle: "rectRot",
        pointRadius: 8,
        pointHoverRadius: 10,
        borderWidth: 2,
        showLine: false,
      });
    }
    return out;
  }

  function config(chart, lang) {
    const locale = lang === "zh" ? "zh-CN" : "en";
    return {
      type: "line",
      data: { datasets: datasets(chart, lang) },
      options: {
        locale,
        animation: false,
        responsive: true,
        aspectRatio: 2,
        parsing: true,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { type: "linear", title: { display: true, text: axisTitle(chart.x, lang) } },
          y: { type: "linear", title: { display: true, text: axisTitle(chart.y, lang) } },
        },
        plugins: {
          // The figure's caption already shows the title; kept here for tools that read the chart.
          title: { display: false, text: pick(chart.title, lang) },
          legend: { position: "bottom" },
        },
      },
    };
  }

  function draw(form, result, lang) {
    if (!result || !Array.isArray(result.charts) || !result.charts.length) return;
    if (typeof window.Chart === "undefined") {
      pending.push([form, result, lang]);
      return;
    }
    lang = lang || form.dataset.lang || document.documentElement.lang || "en";
    lang = lang.startsWith("zh") ? "zh" : "en";
    for (const chart of result.charts) {
      for (const canvas of form.querySelectorAll("canvas[data-chart]")) {
        if (canvas.dataset.chart !== chart.id) continue;
        // The page glue keeps a drawn canvas across results (it patches the result
        // in): update that chart in place, far cheaper than building a new one.
        const drawn = window.Chart.getChart(canvas);
        const next = config(chart, lang);
        if (drawn) {
          drawn.data = next.data;
          drawn.options = next.options;
          drawn.update("none");
        } else {
          new window.Chart(canvas, next);
        }
        canvas.dataset.chartDrawn = "true";
      }
    }
  }

  // Redraw in the next animation frame, just before the browser paints the new
  // result, so the chart appears with it; while the reader types faster than frames,
  // only the newest result of each form is drawn. Drawing costs the page more than the
  // rest of a new result: a form none of whose charts is on screen keeps its newest
  // result in `hidden` until one comes into view.
  const queued = new Map();
  const hidden = new Map();
  const onScreen = new Set();  // canvases in or near the viewport
  const watcher = typeof IntersectionObserver === "function" ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) onScreen.add(entry.target); else onScreen.delete(entry.target);
    }
    for (const [form, args] of Array.from(hidden)) {
      if (visible(form)) { hidden.delete(form); later(form, args); }
    }
  }, { rootMargin: "200px 0px" }) : null;
  const watched = new WeakSet();
  // A canvas seen for the first time counts as off screen until the observer's first
  // report, which comes within a frame and draws it if it is on screen.
  function visible(form) {
    if (!watcher) return true;
    let any = false;
    for (const canvas of form.querySelectorAll("canvas[data-chart]")) {
      if (!watched.has(canvas)) { watched.add(canvas); watcher.observe(canvas); }
      any = any || onScreen.has(canvas);
    }
    return any;
  }
  function drawWhenSeen(form, result, lang) {
    if (visible(form)) draw(form, result, lang); else hidden.set(form, [result, lang]);
  }
  function drawQueued() {
    const all = Array.from(queued);
    queued.clear();
    for (const [form, [result, lang]] of all) drawWhenSeen(form, result, lang);
  }
  function later(form, args) {
    if (!queued.size) requestAnimationFrame(drawQueued);
    queued.set(form, args);
  }
  document.addEventListener("calculator:result", (event) => {
    const detail = event.detail || {};
    const form = event.target && event.target.closest ? event.target.closest("form[data-calculator]") : null;
    if (!form) return;
    hidden.delete(form);
    later(form, [detail.result, detail.lang]);
  });
  // A printed page shows every chart with its newest numbers: those kept off screen,
  // then those still waiting for the next frame (newer).
  window.addEventListener("beforeprint", () => {
    for (const [form, [result, lang]] of [...hidden, ...queued]) draw(form, result, lang);
    hidden.clear();
    queued.clear();
  });

  function drawInitial() {
    for (const form of document.querySelectorAll("form[data-calculator]")) {
      const canvas = form.querySelector("canvas[data-chart]");
      if (!canvas || canvas.dataset.chartDrawn || hidden.has(form) || queued.has(form)) continue;
      const initial = form.querySelector("script[data-calc-initial]");
      if (!initial) continue;
      try {
        drawWhenSeen(form, JSON.parse(initial.textContent), form.dataset.lang);
      } catch (_) {
        /* a malformed initial result leaves the table as the only view */
      }
    }
  }

  function flush() {
    if (typeof window.Chart === "undefined") return;
    while (pending.length) draw(...pending.shift());
    drawInitial();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", flush);
  } else {
    flush();
  }
  window.addEventListener("load", flush);
})();
