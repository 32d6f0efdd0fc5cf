// The Plinth dashboard: the state from /plinth/api/state, live samples from /plinth/api/events,
// operator actions posted to /plinth/api/plugins/{name} (the actuator's own actions).
import { lineChart } from "./charts.js";

const API = "/plinth/api";
const page = {
  plugins: [], samples: {}, audit: [], actionsEnabled: false, capacity: 180,
  selected: null, detail: null, detailVersion: null,
};

const $ = selector => document.querySelector(selector);

function make(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

function millis(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function csrfHeader() {
  const cookie = document.cookie.split("; ").find(c => c.startsWith("XSRF-TOKEN="));
  return cookie ? { "X-XSRF-TOKEN": decodeURIComponent(cookie.substring("XSRF-TOKEN=".length)) } : {};
}

function say(text, kind) {
  const message = $("#message");
  message.textContent = text;
  message.className = "message " + kind;
}

async function act(plugin, body) {
  const response = await fetch(`${API}/plugins/${encodeURIComponent(plugin)}`, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", ...csrfHeader() }, body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (response.ok) {
    say(`${plugin}: ${body.action}${body.weight !== undefined ? " " + body.weight + "%" : ""} done`, "ok");
    if (answer.now) replacePlugin(answer.now);
    loadDetail(plugin);
  } else {
    say(`${plugin}: ${body.action} refused (${response.status}): ${answer.detail || response.statusText}`, "error");
  }
}

function replacePlugin(summary) {
  page.plugins = page.plugins.map(p => (p.name === summary.name ? summary : p));
  renderPlugins();
}

function canaryCell(plugin) {
  const canary = plugin.canary;
  if (!canary) return make("span", { class: "empty" }, "none");
  return make("span", { class: "canary-info" },
    make("code", { class: "canary-version-id" }, canary.versionId), " ",
    make("strong", { class: "canary-weight" }, `${canary.weight}%`),
    make("span", { class: "weight-bar" }, make("span", { style: `width:${canary.weight}%` })),
    make("span", { class: "muted" }, ` ${canary.calls} calls`));
}

function controls(plugin) {
  const box = make("div", { class: "controls" });
  if (plugin.canary) {
    const number = make("input", { type: "number", min: 0, max: 100, value: plugin.canary.weight, class: "weight-input", "aria-label": "canary weight" });
    const range = make("input", { type: "range", min: 0, max: 100, value: plugin.canary.weight, class: "weight-range", "aria-label": "canary weight slider" });
    range.addEventListener("input", () => { number.value = range.value; });
    number.addEventListener("input", () => { range.value = number.value; });
    box.append(range, number,
      make("button", { class: "set-weight", onclick: () => act(plugin.name, { action: "canary", weight: Number(number.value) }) }, "Set"),
      make("button", { class: "promote primary", onclick: () => act(plugin.name, { action: "promote" }) }, "Promote"),
      make("button", { class: "rollback danger", onclick: () => act(plugin.name, { action: "rollback" }) }, "Roll back"));
  } else {
    box.append(make("button", { class: "reload", onclick: () => act(plugin.name, { action: "reload" }) }, "Reload"),
      make("button", { class: "rollback danger", onclick: () => act(plugin.name, { action: "rollback" }) }, "Roll back"));
  }
  return box;
}

/** A row's controls are rebuilt only when what they act on changes, so typing in them survives live updates. */
function controlsKey(plugin) {
  return plugin.canary ? `canary:${plugin.canary.versionId}:${plugin.canary.weight}` : `plain:${plugin.versionId}`;
}

function renderPlugins() {
  const body = $("#plugins tbody");
  const rows = new Map([...body.querySelectorAll("tr[data-plugin]")].map(r => [r.dataset.plugin, r]));
  for (const plugin of page.plugins) {
    let row = rows.get(plugin.name);
    rows.delete(plugin.name);
    if (!row) {
      row = make("tr", { "data-plugin": plugin.name });
      for (const name of ["name", "status", "version", "version-id", "calls num", "errors num", "latency num", "canary"]) {
        row.append(make("td", { class: name }));
      }
      if (page.actionsEnabled) row.append(make("td", { class: "actions-col" }));
      row.querySelector(".name").addEventListener("click", () => select(plugin.name));
      body.append(row);
    }
    row.classList.toggle("selected", plugin.name === page.selected);
    row.querySelector(".name").textContent = plugin.name;
    row.querySelector(".status").replaceChildren(make("span", { class: `badge ${plugin.status}`,
      title: plugin.lastError ? `${plugin.lastError.code}: ${plugin.lastError.message}` : "" }, plugin.status));
    row.querySelector(".version").textContent = plugin.version;
    row.querySelector(".version-id").replaceChildren(make("code", { title: plugin.digest || "" }, plugin.versionId));
    row.querySelector(".calls").textContent = plugin.calls;
    row.querySelector(".errors").textContent = plugin.errors;
    row.querySelector(".latency").textContent = `${millis(plugin.p50Millis)} / ${millis(plugin.p99Millis)}`;
    row.querySelector(".canary").replaceChildren(canaryCell(plugin));
    const cell = row.querySelector(".actions-col");
    if (cell && cell.dataset.key !== controlsKey(plugin)) {
      cell.dataset.key = controlsKey(plugin);
      cell.replaceChildren(controls(plugin));
    }
  }
  rows.forEach(row => row.remove());
}

/** Per-sample figures: counts since the previous sample of the same version (a new version starts at its own count). */
function deltas(samples, versionOf, countOf) {
  return samples.map((sample, i) => {
    if (versionOf(sample) === null) return null;
    const previous = samples[i - 1];
    if (!previous || versionOf(previous) !== versionOf(sample)) return i === 0 ? null : countOf(sample);
    return Math.max(0, countOf(sample) - countOf(previous));
  });
}

function time(at) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

function renderCharts() {
  const box = $("#charts");
  const cards = new Map([...box.querySelectorAll(".chart-card")].map(c => [c.dataset.plugin, c]));
  for (const plugin of page.plugins) {
    let card = cards.get(plugin.name);
    cards.delete(plugin.name);
    if (!card) {
      card = make("div", { class: "chart-card", "data-plugin": plugin.name },
        make("h3", {}, plugin.name),
        make("div", { class: "chart-row" },
          make("div", { class: "chart calls-chart" }), make("div", { class: "chart errors-chart" }),
          make("div", { class: "chart latency-chart" })));
      box.append(card);
    }
    const samples = page.samples[plugin.name] || [];
    const labels = samples.length ? [time(samples[0].at), time(samples[samples.length - 1].at)] : [];
    const active = s => s.versionId, canary = s => s.canaryVersionId;
    lineChart(card.querySelector(".calls-chart"), {
      title: "calls per sample", labels, series: [
        { name: "active", color: "#2f6fde", values: deltas(samples, active, s => s.calls) },
        { name: "canary", color: "#e08a1e", values: deltas(samples, canary, s => s.canaryCalls) }],
    });
    lineChart(card.querySelector(".errors-chart"), {
      title: "errors per sample", labels, series: [
        { name: "active", color: "#d23c3c", values: deltas(samples, active, s => s.errors) },
        { name: "canary", color: "#e08a1e", values: deltas(samples, canary, s => s.canaryErrors) }],
    });
    lineChart(card.querySelector(".latency-chart"), {
      title: "latency ms (active)", labels, series: [
        { name: "p50", color: "#1f9d55", values: samples.map(s => s.p50Millis) },
        { name: "p99", color: "#7a4fd0", values: samples.map(s => s.p99Millis) }],
    });
  }
  cards.forEach(card => card.remove());
}

function list(values) {
  return values && values.length ? values.map(v => make("code", {}, v)).flatMap((c, i) => (i ? [", ", c] : [c])) : [make("span", { class: "empty" }, "none")];
}

function renderDetail() {
  const box = $("#grants");
  const detail = page.detail;
  $("#detail-name").textContent = detail ? detail.name : "";
  if (!detail) { box.replaceChildren(make("p", { class: "empty" }, "Select a plugin.")); return; }
  const grants = detail.grants;
  if (!grants) { box.replaceChildren(make("p", { class: "empty" }, "Not serving: no grants in effect.")); return; }
  const limits = Object.entries(grants.limits || {}).map(([k, v]) => `${k} ${v}`);
  const dl = make("dl", { class: "grants" },
    make("dt", {}, "files"), make("dd", {}, ...list(grants.fs)),
    make("dt", {}, "network"), make("dd", {}, ...list(grants.net)),
    make("dt", {}, "host functions"), make("dd", {}, ...list(grants.hostFunctions)),
    make("dt", {}, "clock / random"), make("dd", {}, make("code", {}, `${grants.clock} / ${grants.random}`)),
    make("dt", {}, "limits"), make("dd", {}, ...list(limits)));
  const refused = grants.notGranted || [];
  const notGranted = make("div", { class: "not-granted" }, make("strong", {}, "Not granted"),
    refused.length
      ? make("ul", {}, ...refused.map(g => make("li", { class: "not-granted-item" },
          make("code", {}, `${g.kind} ${g.asked}`), ` — ${g.reason}${g.granted && g.granted.length ? " (granted " + g.granted.join(", ") + ")" : ""}${g.detail ? ": " + g.detail : ""}`)))
      : make("p", { class: "empty" }, "Everything asked for was granted."));
  box.replaceChildren(dl, notGranted);
}

async function loadDetail(name) {
  const response = await fetch(`${API}/plugins/${encodeURIComponent(name)}`, { credentials: "same-origin" });
  if (response.ok && page.selected === name) {
    page.detail = await response.json();
    page.detailVersion = page.detail.versionId;
    renderDetail();
  }
}

function select(name) {
  page.selected = name;
  renderPlugins();
  loadDetail(name);
}

function renderAudit() {
  const body = $("#audit tbody");
  body.replaceChildren(...[...page.audit].reverse().slice(0, 30).map(({ plugin, entry }) => make("tr", { class: "audit-entry" },
    make("td", {}, time(entry.last)), make("td", {}, plugin, entry.version ? make("div", { class: "muted mono" }, entry.version) : null),
    make("td", {}, make("span", { class: "badge failed" }, entry.code), " ", entry.action || ""),
    make("td", {}, make("code", {}, entry.resource || ""),
      entry.detail ? make("div", { class: "muted", title: entry.detail }, entry.detail.length > 160 ? entry.detail.slice(0, 157) + "…" : entry.detail) : null),
    make("td", { class: "num" }, String(entry.count)))));
  $("#audit-empty").hidden = page.audit.length > 0;
}

function render() {
  document.body.classList.toggle("read-only", !page.actionsEnabled);
  const mode = $("#mode");
  mode.textContent = page.actionsEnabled ? "actions enabled" : "read-only";
  mode.className = "badge " + (page.actionsEnabled ? "actions" : "");
  renderPlugins();
  renderCharts();
  renderAudit();
  if (!page.selected && page.plugins.length) select(page.plugins[0].name);
  const current = page.plugins.find(p => p.name === page.selected);
  if (current && current.versionId !== page.detailVersion) loadDetail(current.name);
}

function takeState(state) {
  page.plugins = state.plugins;
  page.samples = state.samples;
  page.audit = state.audit;
  page.actionsEnabled = state.actionsEnabled;
  $("#plugins-dir").textContent = state.pluginsDir;
  render();
}

function takeTick(tick) {
  page.plugins = tick.plugins;
  page.audit = tick.audit;
  for (const [plugin, samples] of Object.entries(tick.samples)) {
    const kept = (page.samples[plugin] || []).concat(samples);
    page.samples[plugin] = kept.slice(Math.max(0, kept.length - page.capacity));
  }
  for (const plugin of Object.keys(page.samples)) if (!(plugin in tick.samples)) delete page.samples[plugin];
  render();
}

function live() {
  const indicator = $("#live");
  const show = state => {
    indicator.dataset.state = state;
    indicator.querySelector(".label").textContent = state === "open" ? "live" : state;
  };
  const source = new EventSource(`${API}/events`, { withCredentials: true });
  source.addEventListener("open", () => show("open"));
  source.addEventListener("error", () => show(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting"));
  source.addEventListener("state", event => { show("open"); takeState(JSON.parse(event.data)); });
  source.addEventListener("tick", event => { show("open"); takeTick(JSON.parse(event.data)); });
}

async function start() {
  const response = await fetch(`${API}/state`, { credentials: "same-origin" });
  if (response.ok) takeState(await response.json());
  live();
}

start();
