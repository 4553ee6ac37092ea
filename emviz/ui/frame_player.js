// The stepper in the browser: every frame of a run arrives once (emviz.frame_data), and Next,
// Back, Next iteration, Run to convergence, Reset, the slider, Play and the keys ← → space Home
// End move the cursor here, with no server rerun. Several parts of the page (the controls, the
// main chart and its caption, the log-likelihood, γ, the table, the trajectories) are separate
// mounts that follow one cursor, kept on `window` so that it outlives a rerun or a page switch.
// The cursor is reported to the server only when it has rested (REPORT_AFTER_MS); a page that
// opens before that mounts the part "sync", which reports it then, so that every page shows the
// frame the learner was on.

const REPORT_AFTER_MS = 3000;
const GLIDE_MS = 300;
const SPEEDS = { slow: 1600, normal: 900, fast: 400 };
const LOG_2PI = Math.log(2 * Math.PI);

const cursor = (window.__emvizCursor ??= {
  run: null, frame: 0, last: 0, serverFrame: null, listeners: new Set(), playing: null,
  report: null, reportTimer: null, keys: false, speed: "normal",
});

function moveTo(frame) {
  const target = Math.max(0, Math.min(cursor.last, Math.round(frame)));
  if (target === cursor.frame) return;
  cursor.frame = target;
  redraw();
  scheduleReport();
}

function redraw() {
  cursor.listeners.forEach((draw) => {
    try {
      draw(cursor.frame);
    } catch (error) {
      console.error("emviz stepper: drawing a frame failed", error);
    }
  });
}

function scheduleReport() {
  clearTimeout(cursor.reportTimer);
  if (cursor.playing !== null) return;
  cursor.reportTimer = setTimeout(flushReport, REPORT_AFTER_MS);
}

function flushReport() {
  clearTimeout(cursor.reportTimer);
  cursor.reportTimer = null;
  if (cursor.report && cursor.serverFrame !== cursor.frame) {
    cursor.serverFrame = cursor.frame;
    cursor.report(cursor.frame);
  }
}

function setPlaying(on) {
  clearInterval(cursor.playing);
  cursor.playing = null;
  if (on && cursor.frame < cursor.last) {
    cursor.playing = setInterval(() => {
      if (cursor.frame >= cursor.last) setPlaying(false);
      else moveTo(cursor.frame + 1);
    }, SPEEDS[cursor.speed]);
  }
  redraw();
  if (!on) scheduleReport();
}

function nextIterationFrame(frame) {
  return Math.min(frame % 2 === 1 ? frame + 1 : frame + 2, cursor.last);
}

const KEY_ACTIONS = {
  ArrowRight: () => moveTo(cursor.frame + 1),
  ArrowLeft: () => moveTo(cursor.frame - 1),
  Home: () => moveTo(0),
  End: () => moveTo(cursor.last),
  " ": () => setPlaying(cursor.playing === null),
};

function listenToKeys() {
  if (cursor.keys) return;
  cursor.keys = true;
  document.addEventListener("keydown", (event) => {
    const action = KEY_ACTIONS[event.key];
    const target = event.composedPath()[0];
    const typing = target instanceof HTMLElement
      && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
          || target.getAttribute("role") === "slider" && !target.closest(".emf-controls"));
    if (!action || typing || event.altKey || event.ctrlKey || event.metaKey || !cursor.listeners.size) return;
    if (!document.querySelector(".emf-controls")) return; // the stepper is not on this page
    event.preventDefault();
    action();
  });
}

// --- numbers ------------------------------------------------------------------------------

function posterior1d(mixture, xs) {
  const K = mixture.weights.length;
  const sigmas = mixture.covariances.map((c) => Math.sqrt(c[0][0]));
  return xs.map((x) => {
    const logs = [];
    for (let k = 0; k < K; k++) {
      const z = (x - mixture.means[k][0]) / sigmas[k];
      logs.push(Math.log(mixture.weights[k]) - Math.log(sigmas[k]) - 0.5 * (z * z + LOG_2PI));
    }
    return normalise(logs);
  });
}

function posterior2d(mixture, points) {
  const K = mixture.weights.length;
  const forms = mixture.covariances.map((c) => {
    const det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
    return { a: c[1][1] / det, b: -c[0][1] / det, d: c[0][0] / det, logDet: Math.log(det) };
  });
  return points.map(([x, y]) => {
    const logs = [];
    for (let k = 0; k < K; k++) {
      const dx = x - mixture.means[k][0], dy = y - mixture.means[k][1], f = forms[k];
      const q = f.a * dx * dx + 2 * f.b * dx * dy + f.d * dy * dy;
      logs.push(Math.log(mixture.weights[k]) - 0.5 * (q + f.logDet) - LOG_2PI);
    }
    return normalise(logs);
  });
}

function normalise(logs) {
  const top = Math.max(...logs);
  const shares = logs.map((value) => Math.exp(value - top));
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((share) => share / total);
}

function harden(gammas) {
  return gammas.map((row) => {
    const best = row.indexOf(Math.max(...row));
    return row.map((_, k) => (k === best ? 1 : 0));
  });
}

const TYPED = { f4: Float32Array, f8: Float64Array, i4: Int32Array, u1: Uint8Array, i1: Int8Array, u2: Uint16Array };

// plotly's typed-array JSON ({dtype, bdata, shape}) as plain arrays of numbers (rows of a 2-D shape).
function decode(value) {
  if (!value || typeof value !== "object" || !("bdata" in value)) return value;
  const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
  const flat = Array.from(new TYPED[value.dtype](bytes.buffer));
  const shape = value.shape || [flat.length];
  if (shape.length < 2) return flat;
  return Array.from({ length: shape[0] }, (_, i) => flat.slice(i * shape[1], (i + 1) * shape[1]));
}

function hexRgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function blend(gammas, palette) {
  const rgb = palette.map(hexRgb);
  return gammas.map((row) => {
    const mixed = [0, 0, 0];
    row.forEach((g, k) => rgb[k % rgb.length].forEach((value, c) => { mixed[c] += g * value; }));
    return `rgb(${mixed.map(Math.round).join(",")})`;
  });
}

function rgba(hex, alpha) {
  return `rgba(${hexRgb(hex).join(",")},${alpha})`;
}

function linspace(low, high, count) {
  return Array.from({ length: count }, (_, i) => low + (high - low) * i / (count - 1));
}

// --- the parts ----------------------------------------------------------------------------

function pointGammas(bundle, t) {
  const mixture = bundle.mixtures[t];
  const gammas = bundle.dimensions === 1
    ? posterior1d(mixture, bundle.strip.x.map((p) => p[0])) : posterior2d(mixture, bundle.strip.x);
  return bundle.hard ? harden(gammas) : gammas;
}

function curveTraces(bundle, mixture, grid, style, hoverName) {
  const look = bundle.main.curve_styles[style], ghost = style === "ghost", L = bundle.look;
  const K = mixture.weights.length;
  const sigmas = mixture.covariances.map((c) => Math.sqrt(c[0][0]));
  const densities = mixture.weights.map((w, k) => grid.map((x) => {
    const z = (x - mixture.means[k][0]) / sigmas[k];
    return w * Math.exp(-0.5 * (z * z + LOG_2PI)) / sigmas[k];
  }));
  const total = grid.map((_, i) => densities.reduce((sum, d) => sum + d[i], 0));
  const traces = [{
    type: "scatter", x: grid, y: total, mode: "lines", name: "mixture" + look.suffix,
    line: { color: L.mixture, width: 1.5, dash: look.dash }, opacity: 0.8 * look.opacity,
    hovertemplate: "mixture density<br>x = %{x:.3g}, p(x) = %{y:.3g}<extra></extra>",
    legendgroup: ghost ? "ghosts" : "mixture", showlegend: !ghost,
  }];
  for (let k = 0; k < K; k++) {
    traces.push({
      type: "scatter", x: grid, y: densities[k], mode: "lines",
      name: ghost ? "before the M-step" : `Gaussian ${k + 1}${look.suffix}`,
      line: { color: L.palette[k % L.palette.length], width: look.width, dash: L.dashes[k % L.dashes.length] },
      opacity: look.opacity, legendgroup: ghost ? "ghosts" : `component${k}`, showlegend: !ghost || k === 0,
      hovertemplate: `${hoverName} ${k + 1}<br>µ = ${mixture.mean_text[k]}<br>σ = ${mixture.sigma_text[k]}`
        + `<br>weight = ${mixture.weight_text[k]}<br>x = %{x:.3g}, density = %{y:.3g}<extra></extra>`,
    });
  }
  return traces;
}

function stripTrace(bundle, t) {
  const base = bundle.main.strip_trace, L = bundle.look;
  const trace = { ...base, marker: { ...base.marker } };
  if (bundle.dimensions === 1) {
    trace.x = bundle.strip.x.map((p) => p[0]);
    trace.y = bundle.main.strip_y;
  } else {
    trace.x = bundle.strip.x.map((p) => p[0]);
    trace.y = bundle.strip.x.map((p) => p[1]);
  }
  const where = bundle.dimensions === 1 ? "x = %{x:.4g}" : "(%{x:.3g}, %{y:.3g})";
  if (t < 0) {
    trace.marker.color = L.unassigned;
    delete trace.marker.colorscale; delete trace.marker.cmin; delete trace.marker.cmax;
    trace.customdata = null;
    trace.hovertemplate = `${where}<br>no responsibilities yet: run the E-step<extra></extra>`;
    return trace;
  }
  const gammas = pointGammas(bundle, t);
  trace.marker.color = blend(gammas, L.palette);
  delete trace.marker.colorscale; delete trace.marker.cmin; delete trace.marker.cmax;
  trace.customdata = gammas;
  trace.hovertemplate = `${where}<br>` + gammas[0].map((_, k) => `γ${k + 1} = %{customdata[${k}]:.3f}`)
    .join("<br>") + "<extra></extra>";
  return trace;
}

function mainFigure1d(bundle, frame) {
  const tl = bundle.timeline, main = bundle.main, L = bundle.look;
  const curves = bundle.mixtures[tl.curves[frame]], colours = tl.colours[frame], ghostIndex = tl.ghosts[frame];
  const ghosts = ghostIndex >= 0 ? bundle.mixtures[ghostIndex] : null;
  const [low, high] = main.x_range, top = main.top;
  const means = [curves, ghosts].filter(Boolean).flatMap((m) => m.means.map((mu) => mu[0]))
    .filter((mu) => mu > low && mu < high);
  const grid = [...new Set([...linspace(low, high, main.grid_points), ...means])].sort((a, b) => a - b);
  const traces = [];
  if (main.bars) {
    const bars = main.bars;
    if (colours < 0) {
      traces.push({ ...bars.data, x: bars.centres, width: bars.widths });
    } else {
      bars.split[colours].forEach((heights, k) => traces.push({
        type: "bar", x: bars.centres, width: bars.widths, y: heights.map((h) => h * top / bars.levels),
        name: `data given to Gaussian ${k + 1}`,
        marker: { color: rgba(L.palette[k % L.palette.length], 0.3), line: { width: 0 } },
        hovertemplate: `x ≈ %{x:.3g}<br>share of Gaussian ${k + 1}: %{y:.3g}<extra></extra>`,
        legendgroup: `component${k}`, showlegend: false,
      }));
    }
  }
  if (ghosts) traces.push(...curveTraces(bundle, ghosts, grid, "ghost", "Gaussian"));
  traces.push(...curveTraces(bundle, curves, grid, tl.kinds[frame] === "guess" ? "guess" : "current", "Gaussian"));
  traces.push(...main.truth);
  traces.push(...clippedPeaks(bundle, curves));
  traces.push(stripTrace(bundle, colours));
  const annotations = [...(main.layout.annotations || [])];
  if (ghosts) {
    const y = 1.04 * top;
    curves.means.forEach((mu, k) => annotations.push({
      x: mu[0], y, ax: ghosts.means[k][0], ay: y, xref: "x", yref: "y", axref: "x", ayref: "y",
      showarrow: true, arrowhead: 3, arrowsize: 1.2, arrowwidth: 2.5, arrowcolor: L.palette[k % L.palette.length],
      text: "", hovertext: `µ${k + 1}: ${ghosts.mean_text[k]} → ${curves.mean_text[k]}`,
    }));
    traces.push({
      type: "scatter", x: curves.means.map((mu) => mu[0]), y: curves.means.map(() => y), mode: "markers",
      name: "new means", marker: { symbol: "line-ns", size: 14, line: { width: 3, color: L.mixture } },
      hovertemplate: "new µ = %{x:.3g}<extra></extra>", showlegend: false,
    });
  }
  return { data: traces, layout: { ...main.layout, annotations } };
}

function clippedPeaks(bundle, mixture) {
  const main = bundle.main, top = main.top, L = bundle.look;
  const [low, high] = main.x_range, rightQuarter = high - 0.25 * (high - low);
  const peaks = mixture.weights.map((w, k) => w / (Math.sqrt(mixture.covariances[k][0][0]) * Math.sqrt(2 * Math.PI)));
  const clipped = peaks.map((p, k) => k).filter((k) => peaks[k] > 1.12 * top)
    .sort((a, b) => mixture.means[a][0] - mixture.means[b][0]);
  return clipped.map((k, row) => {
    const mean = mixture.means[k][0], colour = L.palette[k % L.palette.length];
    return {
      type: "scatter", x: [mean], y: [top * (1 - 0.09 * row)], mode: "markers+text", name: `peak of Gaussian ${k + 1}`,
      marker: { symbol: "triangle-up", size: 16, color: colour, line: { width: 1, color: "white" } },
      text: [`peak ${mixture.peak_text[k]}`], textposition: mean > rightQuarter ? "middle left" : "middle right",
      textfont: { color: colour }, cliponaxis: false, showlegend: false, legendgroup: `component${k}`,
      hovertemplate: `Gaussian ${k + 1} rises to ${mixture.peak_text[k]} at µ = %{x:.4g}`
        + `<br>(σ = ${mixture.sigma_text[k]}), far above the chart<extra></extra>`,
    };
  });
}

function ellipseTraces(bundle, mixture, style) {
  const main = bundle.main, L = bundle.look, ghost = style === "ghost", opacity = ghost ? 0.45 : 1;
  const angles = linspace(0, 2 * Math.PI, main.ellipse_points);
  const traces = [];
  mixture.weights.forEach((_, k) => {
    const [[s00, s01], [, s11]] = mixture.covariances[k], [mx, my] = mixture.means[k];
    const a = Math.sqrt(s00), b = s01 / a, c = Math.sqrt(Math.max(s11 - b * b, 0));
    const colour = L.palette[k % L.palette.length], dash = L.dashes[k % L.dashes.length];
    const label = ghost ? "before the M-step" : `Gaussian ${k + 1}` + (style === "guess" ? " (guess)" : "");
    const hover = `Gaussian ${k + 1}<br>µ = ${mixture.mean_text[k]}<br>weight = ${mixture.weight_text[k]}<extra></extra>`;
    const group = ghost ? "ghost" : `${style}${k}`;
    main.sigma_levels.forEach((level, i) => traces.push({
      type: "scatter", mode: "lines", name: label, opacity, hovertemplate: hover,
      x: angles.map((angle) => mx + level * a * Math.cos(angle)),
      y: angles.map((angle) => my + level * (b * Math.cos(angle) + c * Math.sin(angle))),
      line: { color: colour, width: (level === 1 ? 3 : 1.5) * (ghost ? 0.7 : 1), dash },
      legendgroup: group, showlegend: i === 0 && (!ghost || k === 0),
    }));
    traces.push({
      type: "scatter", x: [mx], y: [my], mode: "markers", showlegend: false, opacity, hovertemplate: hover,
      marker: { symbol: "x", size: ghost ? 8 : 12, color: colour, line: { width: 2, color: L.mixture } },
      legendgroup: group,
    });
  });
  return traces;
}

function mainFigure2d(bundle, frame) {
  const tl = bundle.timeline, main = bundle.main, L = bundle.look;
  const curves = bundle.mixtures[tl.curves[frame]], ghostIndex = tl.ghosts[frame];
  const ghosts = ghostIndex >= 0 ? bundle.mixtures[ghostIndex] : null;
  const traces = [stripTrace(bundle, tl.colours[frame])];
  const annotations = [...(main.layout.annotations || [])];
  if (ghosts) {
    traces.push(...ellipseTraces(bundle, ghosts, "ghost"));
    curves.means.forEach((mu, k) => annotations.push({
      x: mu[0], y: mu[1], ax: ghosts.means[k][0], ay: ghosts.means[k][1], xref: "x", yref: "y", axref: "x",
      ayref: "y", showarrow: true, arrowhead: 3, arrowwidth: 2.5, arrowcolor: L.palette[k % L.palette.length], text: "",
    }));
  }
  traces.push(...ellipseTraces(bundle, curves, tl.kinds[frame] === "guess" ? "guess" : "current"));
  traces.push(...main.truth);
  return { data: traces, layout: { ...main.layout, annotations } };
}

function gammaFigure(bundle, frame) {
  const figure = bundle.gamma.figure, colours = bundle.timeline.colours[frame];
  const mixture = bundle.mixtures[Math.max(colours, 0)];
  const grid = (bundle.gamma.grid ??= decode(figure.data[0].x));
  const gammas = posterior1d(mixture, grid);
  return { data: figure.data.map((trace, k) => ({ ...trace, y: gammas.map((row) => row[k]) })), layout: figure.layout };
}

const ICONS = { guess: "my_location", "e-step": "palette", "m-step": "open_with" };

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

function tableHtml(bundle, frame) {
  const rows = bundle.timeline.tables[bundle.timeline.curves[frame]], L = bundle.look;
  const columns = Object.keys(rows[0][0]);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows.map(([now, change], k) => {
    const colour = L.palette[k % L.palette.length];
    const first = columns.map((c, i) => `<td${i === 0 ? ` style="color:${colour};font-weight:bold"` : ""}>`
      + `${escapeHtml(now[c] ?? "")}</td>`).join("");
    const second = columns.map((c, i) => `<td>${escapeHtml(i === 0 ? "change" : change[c] ?? "")}</td>`).join("");
    return `<tr>${first}</tr><tr class="emf-change">${second}</tr>`;
  }).join("");
  let html = `<table class="emf-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  if (bundle.points) html += pointTableHtml(bundle, frame);
  return html;
}

function pointTableHtml(bundle, frame) {
  const colours = bundle.timeline.colours[frame];
  if (colours < 0) return "";
  const gammas = pointGammas(bundle, colours), order = bundle.points.order;
  const head = ["x", ...gammas[0].map((_, k) => `γ${k + 1}`)].map((c) => `<th>${c}</th>`).join("");
  const body = order.map((n, i) => `<tr><td>${escapeHtml(bundle.points.x_text[i])}</td>`
    + gammas[n].map((g) => `<td>${g.toFixed(3)}</td>`).join("") + "</tr>").join("");
  return `<p class="emf-heading"><b>Each point's responsibilities</b>, sorted by x (each row adds up to 1)</p>`
    + `<table class="emf-table emf-points"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

// --- Plotly (Streamlit's own copy, loaded once by the browser from Streamlit's static files) ---

let plotlyReady = null;
function plotly(chunk) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  plotlyReady ??= (async () => {
    const index = document.querySelector('script[src*="static/js/index."]');
    await import(new URL(chunk, index ? index.src : document.baseURI).href);
    return window.Plotly;
  })();
  return plotlyReady;
}

const CONFIG = { displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"], responsive: true };

function chartPart(root, plot, build, keyOf) {
  const div = document.createElement("div");
  div.className = "emf-chart";
  root.appendChild(div);
  let shownKey = null, drawn = false;
  return async (frame) => {
    const key = keyOf(frame);
    if (key === shownKey) return;
    shownKey = key;
    const Plotly = await plotly(plot.chunk);
    if (shownKey !== key) return; // a newer frame came while Plotly loaded
    const figure = build(frame);
    div.style.height = `${figure.layout.height || 300}px`;
    const layout = drawn ? { ...figure.layout, transition: { duration: GLIDE_MS, easing: "cubic-in-out" } } : figure.layout;
    await Plotly.react(div, figure.data, layout, plot.config);
    drawn = true;
    div.dataset.frame = String(frame);
  };
}

function cursorChart(root, plot, figure, update) {
  const div = document.createElement("div");
  div.className = "emf-chart";
  root.appendChild(div);
  let ready = null;
  return async (frame) => {
    const Plotly = await plotly(plot.chunk);
    div.style.height = `${figure.layout.height || 300}px`;
    ready ??= Plotly.newPlot(div, figure.data, figure.layout, plot.config);
    await ready;
    await update(Plotly, div, frame);
    div.dataset.frame = String(frame);
  };
}

function controlsPart(root, bundle) {
  root.innerHTML = `
    <div class="emf-controls">
      <div class="emf-row emf-buttons">
        <button data-go="back" class="emf-button"><span class="emf-icon" aria-hidden="true">chevron_left</span>Back</button>
        <button data-go="next" class="emf-button emf-primary"><span class="emf-icon" aria-hidden="true">play_arrow</span><span class="emf-next-label"></span></button>
        <button data-go="next_iteration" class="emf-button"><span class="emf-icon" aria-hidden="true">skip_next</span>Next iteration</button>
        <button data-go="run_to_end" class="emf-button"><span class="emf-icon" aria-hidden="true">fast_forward</span>Run to convergence</button>
        <button data-go="reset" class="emf-button"><span class="emf-icon" aria-hidden="true">restart_alt</span>Reset</button>
      </div>
      <div class="emf-row emf-player">
        <label class="emf-play" title="Step through the frames on a timer (space)"><input type="checkbox" role="switch" aria-label="Play"><span class="emf-switch"></span>Play</label>
        <select class="emf-speed" aria-label="Speed" title="How fast Play moves through the frames">
          <option value="slow">slow</option><option value="normal">normal</option><option value="fast">fast</option>
        </select>
        <input class="emf-slider" type="range" min="0" step="1" aria-label="Frame: 0 is your guess, then E-step 1, M-step 1, E-step 2, …">
        <span class="emf-frame-label" aria-live="polite"></span>
      </div>
    </div>`;
  const buttons = Object.fromEntries([...root.querySelectorAll("[data-go]")].map((b) => [b.dataset.go, b]));
  const targets = {
    back: () => cursor.frame - 1, next: () => cursor.frame + 1, next_iteration: () => nextIterationFrame(cursor.frame),
    run_to_end: () => cursor.last, reset: () => 0,
  };
  Object.entries(buttons).forEach(([name, button]) => button.addEventListener("click", () => moveTo(targets[name]())));
  const play = root.querySelector(".emf-play input"), speed = root.querySelector(".emf-speed");
  const slider = root.querySelector(".emf-slider"), label = root.querySelector(".emf-frame-label");
  slider.max = String(cursor.last);
  slider.hidden = cursor.last === 0;
  speed.value = cursor.speed;
  play.addEventListener("change", () => setPlaying(play.checked));
  speed.addEventListener("change", () => { cursor.speed = speed.value; if (cursor.playing !== null) setPlaying(true); });
  slider.addEventListener("input", () => moveTo(Number(slider.value)));
  const kinds = bundle.timeline.kinds;
  return (frame) => {
    root.querySelector(".emf-next-label").textContent = bundle.timeline.next_labels[frame];
    buttons.back.disabled = buttons.reset.disabled = frame === 0;
    buttons.next.disabled = buttons.next_iteration.disabled = buttons.run_to_end.disabled = frame >= cursor.last;
    slider.value = String(frame);
    play.checked = cursor.playing !== null;
    const iteration = Math.floor((frame + 1) / 2);
    label.textContent = `Frame ${frame} of ${cursor.last}: `
      + (kinds[frame] === "guess" ? "your guess" : `${kinds[frame] === "e-step" ? "E" : "M"}-step ${iteration}`);
    root.querySelector(".emf-controls").dataset.frame = String(frame);
  };
}

function mainPart(root, bundle, plot) {
  const draw = chartPart(root, plot, (frame) => (bundle.dimensions === 1 ? mainFigure1d : mainFigure2d)(bundle, frame),
    (frame) => frame);
  const box = document.createElement("div");
  box.className = "emf-caption";
  box.setAttribute("role", "status");
  box.innerHTML = '<span class="emf-icon" aria-hidden="true"></span><p></p>';
  root.appendChild(box);
  return (frame) => {
    box.querySelector(".emf-icon").textContent = ICONS[bundle.timeline.kinds[frame]];
    box.querySelector("p").textContent = bundle.timeline.captions[frame];
    box.dataset.frame = String(frame);
    draw(frame);
  };
}

function logLikelihoodPart(root, bundle, plot) {
  const values = bundle.log_likelihood.values, curves = bundle.timeline.curves;
  return cursorChart(root, plot, bundle.log_likelihood.figure, (Plotly, div, frame) => {
    const t = curves[frame];
    return Plotly.restyle(div, { x: [[t]], y: [[values[t]]] }, [1]);
  });
}

function trajectoriesPart(root, bundle, plot) {
  const curves = bundle.timeline.curves;
  return cursorChart(root, plot, bundle.trajectories.figure,
    (Plotly, div, frame) => Plotly.relayout(div, { "shapes[0].x0": curves[frame], "shapes[0].x1": curves[frame] }));
}

function gammaPart(root, bundle, plot) {
  return chartPart(root, plot, (frame) => gammaFigure(bundle, frame), (frame) => bundle.timeline.colours[frame]);
}

function tablePart(root, bundle) {
  const box = document.createElement("div");
  root.appendChild(box);
  return (frame) => {
    box.innerHTML = tableHtml(bundle, frame);
    box.dataset.frame = String(frame);
  };
}

const PARTS = {
  controls: controlsPart, main: mainPart, log_likelihood: logLikelihoodPart, gamma: gammaPart,
  table: tablePart, trajectories: trajectoriesPart,
};

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const { part, run, start, bundle, plotly_chunk: chunk } = data;
  if (part === "sync") { // another page: report the browser's cursor if the server has not heard of it
    if (cursor.run === run && cursor.serverFrame === start && cursor.frame !== start) {
      cursor.serverFrame = cursor.frame;
      setStateValue("frame", cursor.frame);
    } else if (cursor.run === run) {
      cursor.frame = cursor.serverFrame = start;
    }
    return undefined;
  }
  if (bundle.strip) bundle.strip.x = decode(bundle.strip.x);
  if (cursor.run !== run) {
    cursor.run = run;
    cursor.frame = start;
    setPlaying(false);
  } else if (part === "controls" && parentElement.emfDraw === undefined && cursor.serverFrame !== start) {
    // Opening the page: the server moved the cursor since (another page's stepper). A rerun of the
    // mounted stepper (after a report) may bring an older frame than the browser's: that one is kept.
    cursor.frame = start;
  }
  cursor.last = bundle.n_frames - 1;
  cursor.frame = Math.min(cursor.frame, cursor.last);
  if (part === "controls") {
    cursor.serverFrame = start;
    cursor.report = (frame) => setStateValue("frame", frame);
    listenToKeys();
  }
  // New data for a mounted part (a rerun): its drawing for the old data goes.
  cursor.listeners.delete(parentElement.emfDraw);
  parentElement.querySelector(":scope > .emf-part")?.remove();
  const root = document.createElement("div");
  root.className = `emf-part emf-${part}`;
  parentElement.appendChild(root);
  const plot = { chunk, config: { ...CONFIG, toImageButtonOptions: data.image } };
  const draw = PARTS[part](root, bundle, plot);
  parentElement.emfDraw = draw;
  cursor.listeners.add(draw);
  draw(cursor.frame);
  return () => {
    cursor.listeners.delete(draw);
    if (part === "controls") { // the stepper left the page: the next page's "sync" reports the cursor
      setPlaying(false);
      clearTimeout(cursor.reportTimer);
      cursor.reportTimer = null;
      cursor.report = null;
    }
  };
}
