// claimtrack dashboard: plain JavaScript over the REST API, no build step.
"use strict";

const FILTERS = ["entity", "source", "kind", "status", "min_score", "since", "until", "sort", "q"];
const state = { cursor: null, items: [], selected: -1 };
const $ = (selector) => document.querySelector(selector);

function apiKey() { return localStorage.getItem("claimtrack-key") || ""; }

async function api(path, options = {}) {
  const headers = { "Accept": "application/json", ...(options.headers || {}) };
  if (apiKey()) headers["X-API-Key"] = apiKey();
  if (options.body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { ...options, headers });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.detail || `${response.status} ${response.statusText}`);
  return body;
}

function toast(message) {
  const box = $("#status");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const day = (value) => (value ? String(value).slice(0, 10) : "date unknown");

// The shortcut help is reachable without a mouse: "?" or the header button moves focus to it.
function showShortcuts() {
  const help = $("#keyboard-help");
  help.classList.add("flash");
  help.focus();
  setTimeout(() => help.classList.remove("flash"), 1200);
}

// ---- URL state -------------------------------------------------------------------------------
function params() { return new URLSearchParams(location.search); }

function readFilters() {
  const form = $("#filters");
  const query = params();
  for (const name of FILTERS) if (form.elements[name]) form.elements[name].value = query.get(name) || "";
  if (!form.elements.sort.value) form.elements.sort.value = "newest";
}

function writeFilters(extra = {}) {
  const form = $("#filters");
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name]?.value;
    if (value && !(name === "sort" && value === "newest")) query.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) if (value) query.set(name, value);
  history.pushState(null, "", query.toString() ? `?${query}` : "/");
}

// ---- contradiction list ----------------------------------------------------------------------
// The attributed statement is highlighted (who said it, and how); the proposition inside it is bold.
function statementMark(claim) {
  const span = claim.span || claim.text;
  const from = Math.max(0, claim.proposition_start - claim.char_start);
  const to = Math.min(span.length, claim.proposition_end - claim.char_start);
  if (!(to > from)) return el("mark", {}, span);
  return el("mark", {}, span.slice(0, from), el("strong", { class: "proposition" }, span.slice(from, to)),
    span.slice(to));
}

// A wire story reprinted is one report: say how far it went and how many outlets report it on their own.
function reachLine(claim) {
  const outlets = claim.outlets || [];
  if (outlets.length <= 1 && (claim.independent_sources || 1) <= 1) return "";
  const also = outlets.slice(1);
  return el("div", { class: "meta reach", title: outlets.join(", ") },
    also.length ? `also carried by ${also.join(", ")} · ` : "",
    `${claim.independent_sources} independent source${claim.independent_sources === 1 ? "" : "s"}`);
}

function claimSide(claim) {
  const quote = el("blockquote", {
    title: "Open the article", tabindex: "0", role: "link",
    onclick: () => openArticle(claim.article_id, claim.id),
    onkeydown: (event) => { if (event.key === "Enter") openArticle(claim.article_id, claim.id); },
  }, claim.context_before, statementMark(claim), claim.context_after);
  return el("div", { class: "side" },
    el("div", { class: "meta" }, el("strong", {}, claim.source), " · ", day(claim.published_at),
      claim.time && claim.time !== day(claim.published_at) ? ` · holds ${claim.time}` : ""),
    reachLine(claim),
    el("div", { class: "meta" }, el("span", { class: "speaker" }, claim.speaker), " ",
      el("span", { class: "stance" }, claim.stance + (claim.negated ? " (negative)" : ""))),
    quote,
    el("div", { class: "meta" }, "claim: ", claim.text));
}

// "Russia has refuted media reports that P": the denial and the reports it names come from one
// sentence. That is one finding, shown once: the whole statement, then who else it quotes.
function sameSentence(item) {
  return item.claim_a.article_id === item.claim_b.article_id
    && item.claim_a.sentence_index === item.claim_b.sentence_index;
}

function oneSentence(item) {
  const length = (claim) => claim.char_end - claim.char_start;
  const [outer, inner] = length(item.claim_a) >= length(item.claim_b)
    ? [item.claim_a, item.claim_b] : [item.claim_b, item.claim_a];
  const side = claimSide(outer);
  side.append(el("div", { class: "meta within" }, "in the same sentence: ",
    el("span", { class: "speaker" }, inner.speaker), " ",
    el("span", { class: "stance" }, inner.stance + (inner.negated ? " (negative)" : "")), " — ", inner.text));
  return el("div", { class: "sides one-sentence" }, side);
}

function historyList(item) {
  const rows = (item.history || []).filter((h) => h.action === "review");
  if (!rows.length) return null;
  // Newest review first: what an editor wants to see.
  rows.reverse();
  return el("ul", { class: "history", "aria-label": "Review history" },
    rows.map((h) => el("li", {}, `${h.status} by ${h.reviewer || "?"} on ${day(h.created_at)}`,
      h.note ? ` — “${h.note}”` : "")));
}

function pairCard(item, index) {
  const note = el("input", { type: "text", placeholder: "note (optional)", "aria-label": "Review note" });
  const button = (label, status) => el("button", {
    type: "button", class: status === "open" ? "secondary" : "", "data-action": status,
    onclick: () => review(index, status, note.value),
  }, label);
  return el("li", { class: `pair kind-${item.kind}`, "data-id": item.id, tabindex: "-1",
                    onclick: () => select(index, false) },
    el("div", { class: "pair-head" },
      el("span", { class: `badge ${item.kind}` }, item.kind),
      sameSentence(item) ? el("span", { class: "badge within" }, "one sentence") : null,
      el("span", {}, `score ${item.score.toFixed(2)}`),
      el("span", { class: `status status-${item.status}`, "data-role": "status" }, item.status),
      el("span", { class: "muted" }, `#${item.id}`)),
    el("p", { class: "explanation" }, item.explanation),
    sameSentence(item) ? oneSentence(item)
      : el("div", { class: "sides" }, claimSide(item.claim_a), claimSide(item.claim_b)),
    el("div", { class: "review" }, note, button("Confirm", "confirmed"), button("Dismiss", "dismissed"),
      button("Reopen", "open")),
    historyList(item));
}

function render() {
  const list = $("#pairs");
  list.replaceChildren(...state.items.map(pairCard));
  $("#count").textContent = `(${state.items.length}${state.cursor ? "+" : ""})`;
  $("#more").hidden = !state.cursor;
  emptyHint();
  if (state.selected >= 0) select(state.selected, false);
}

// An empty list must say why: filters that match nothing, or a store with nothing in it yet.
function emptyHint() {
  const hint = $("#empty-hint");
  hint.hidden = state.items.length > 0;
  if (!hint.hidden) {
    const active = FILTERS.filter((name) => name !== "sort" && params().get(name));
    hint.textContent = active.length
      ? `No contradictions match the filters (${active.join(", ")}). Press Clear to see them all.`
      : "No contradictions yet: ingest articles (claimtrack ingest, or POST /v1/articles), "
        + "and pairs appear here once they are linked.";
  }
}

async function loadPairs(append = false) {
  const query = params();
  query.delete("article");
  query.delete("q");
  query.set("limit", "50");
  if (append && state.cursor) query.set("cursor", state.cursor);
  try {
    const page = await api(`/v1/contradictions?${query}`);
    state.items = append ? state.items.concat(page.items) : page.items;
    state.cursor = page.next_cursor;
    if (!append) state.selected = state.items.length ? 0 : -1;
    render();
  } catch (error) { toast(error.message); }
}

async function review(index, status, note) {
  const item = state.items[index];
  try {
    const updated = await api(`/v1/contradictions/${item.id}`, {
      method: "PATCH", body: JSON.stringify({ status, note: note || null }),
    });
    state.items[index] = updated;
    state.selected = index;
    render();
    toast(`#${item.id} ${status}`);
  } catch (error) { toast(`Review failed: ${error.message}`); }
}

function select(index, scroll = true) {
  const cards = document.querySelectorAll(".pair");
  if (!cards.length) return;
  state.selected = Math.max(0, Math.min(index, cards.length - 1));
  cards.forEach((card, n) => card.classList.toggle("selected", n === state.selected));
  if (scroll) cards[state.selected].scrollIntoView({ block: "nearest" });
}

// ---- charts (inline SVG, built node by node: data never becomes markup) ------------------------
const SVG = "http://www.w3.org/2000/svg";

function svgNode(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = String(text);
  return node;
}

// Columns for a time axis; horizontal bars (labels beside them, never overlapping) for names.
function barChart(rows, label, value, { horizontal = false, width = 520 } = {}) {
  const svg = svgNode("svg", { role: "img" });
  if (!rows.length) {
    svg.setAttribute("viewBox", `0 0 ${width} 40`);
    svg.setAttribute("aria-label", "no data");
    svg.append(svgNode("text", { x: 10, y: 24, class: "empty" }, "nothing to chart for these filters"));
    return svg;
  }
  const max = Math.max(...rows.map(value));
  if (horizontal) {
    const rowHeight = 22, labelWidth = 190, height = rows.length * rowHeight + 8;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    rows.forEach((row, n) => {
      const y = 4 + n * rowHeight, w = Math.max(2, (value(row) / max) * (width - labelWidth - 50));
      const name = String(label(row));
      const short = name.length > 28 ? `${name.slice(0, 27)}…` : name;
      const text = svgNode("text", { x: labelWidth - 6, y: y + 15, "text-anchor": "end" }, short);
      text.append(svgNode("title", {}, name));
      const bar = svgNode("rect", { class: "bar", x: labelWidth, y: y + 3, width: w, height: rowHeight - 6 });
      bar.append(svgNode("title", {}, `${name}: ${value(row)}`));
      svg.append(text, bar, svgNode("text", { x: labelWidth + w + 4, y: y + 15 }, value(row)));
    });
  } else {
    const height = 170, slot = (width - 20) / rows.length;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    rows.forEach((row, n) => {
      const h = Math.max(2, (value(row) / max) * (height - 45)), x = 10 + n * slot;
      const bar = svgNode("rect", { class: "bar", x: x + slot * 0.15, y: height - 30 - h, width: slot * 0.7, height: h });
      bar.append(svgNode("title", {}, `${label(row)}: ${value(row)}`));
      svg.append(bar, svgNode("text", { x: x + slot / 2, y: height - 33 - h, "text-anchor": "middle" }, value(row)),
        svgNode("text", { x: x + slot / 2, y: height - 14, "text-anchor": "middle" }, label(row)));
    });
  }
  svg.setAttribute("aria-label", rows.map((r) => `${label(r)} ${value(r)}`).join(", "));
  return svg;
}

async function loadCharts() {
  try {
    // The charts count the pairs the list shows: the same filters, without paging or search.
    const query = params();
    for (const name of ["article", "q", "sort", "cursor", "limit"]) query.delete(name);
    const stats = await api(`/v1/stats/contradictions?${query}`);
    $("#chart-time").replaceChildren(barChart(stats.by_month, (r) => r.month, (r) => r.count));
    $("#chart-entity").replaceChildren(barChart(stats.by_entity, (r) => r.name, (r) => r.count, { horizontal: true }));
    const options = $("#entity-options");
    options.replaceChildren(...stats.by_entity.map((e) => el("option", { value: e.name })));
  } catch (error) { toast(error.message); }
}

// ---- free-text claim search ------------------------------------------------------------------
async function searchClaims(q) {
  const box = $("#search-results");
  box.hidden = false;
  box.replaceChildren(el("p", { class: "muted" }, "Searching…"));
  try {
    const result = await api(`/v1/claims?${new URLSearchParams({ q, k: "10" })}`);
    box.replaceChildren(el("h3", {}, `Claims matching “${q}”`), ...result.items.map(({ claim, score }) =>
      el("div", { class: "result" },
        el("div", { class: "muted" }, `${claim.source} · ${claim.speaker} · ${claim.stance} · ${score.toFixed(2)}`),
        el("a", { href: `?article=${claim.article_id}&claim=${claim.id}`,
                  onclick: (event) => { event.preventDefault(); openArticle(claim.article_id, claim.id); } },
          claim.text))));
  } catch (error) { box.replaceChildren(el("p", {}, error.message)); }
}

// ---- article view ----------------------------------------------------------------------------
async function openArticle(articleId, claimId) {
  history.pushState(null, "", `?article=${articleId}${claimId ? `&claim=${claimId}` : ""}`);
  await route();
}

async function showArticle(articleId, claimId) {
  $("#list-view").hidden = true;
  $("#article-view").hidden = false;
  try {
    const article = await api(`/v1/articles/${articleId}`);
    $("#article-title").textContent = article.heading;
    $("#article-meta").textContent = `${article.source} · ${day(article.published_at)} · ${article.claims.length} claims`
      + (article.copies.length ? ` · reprinted in ${article.copies.length} other outlet${article.copies.length === 1 ? "" : "s"}` : "");
    const original = $("#article-original");
    original.hidden = article.copy_of === null;
    if (article.copy_of !== null) {
      original.replaceChildren("A wire copy: its claims are shown on ",
        el("a", { href: `?article=${article.copy_of}`, onclick: (event) => { event.preventDefault(); openArticle(article.copy_of); } },
          "the original article"), ".");
    }
    const text = article.text;
    const claims = [...article.claims].sort((a, b) => a.char_start - b.char_start);
    const pieces = [];
    let at = 0;
    for (const claim of claims) {
      if (claim.char_start < at) continue; // overlapping claims: the first one is highlighted
      pieces.push(text.slice(at, claim.char_start));
      pieces.push(el("mark", { class: `stance-${claim.stance}`, tabindex: "0", "data-claim": claim.id,
                               title: `${claim.speaker} — ${claim.stance}`,
                               onclick: () => showClaim(claim), onkeydown: (e) => { if (e.key === "Enter") showClaim(claim); } },
        text.slice(claim.char_start, claim.char_end)));
      at = claim.char_end;
    }
    pieces.push(text.slice(at));
    $("#article-text").replaceChildren(...pieces);
    const chosen = claims.find((c) => String(c.id) === String(claimId));
    if (chosen) {
      showClaim(chosen);
      document.querySelector(`mark[data-claim="${chosen.id}"]`)?.scrollIntoView({ block: "center" });
    }
  } catch (error) { toast(error.message); }
}

async function showClaim(claim) {
  const panel = $("#claim-panel");
  panel.replaceChildren(el("h3", {}, claim.speaker), el("p", { class: "stance" }, claim.stance),
    el("p", {}, claim.text), el("p", { class: "muted" }, "Loading links…"));
  try {
    const links = await api(`/v1/claims/${claim.id}/links`);
    const other = (link) => (link.claim_a.id === claim.id ? link.claim_b : link.claim_a);
    const section = (title, items) => [el("h4", {}, `${title} (${items.length})`),
      ...items.map((link) => el("div", { class: "result" },
        el("div", { class: "muted" }, `${link.kind || link.relation} · ${link.score.toFixed(2)} · ${other(link).source}`),
        el("a", { href: `?article=${other(link).article_id}&claim=${other(link).id}`,
                  onclick: (event) => { event.preventDefault(); openArticle(other(link).article_id, other(link).id); } },
          `${other(link).speaker}: ${other(link).text}`)))];
    panel.replaceChildren(el("h3", {}, claim.speaker), el("p", { class: "stance" }, claim.stance),
      el("p", {}, claim.text), ...section("Contradicted by", links.contradicts),
      ...section("Corroborated by", links.supports));
  } catch (error) { toast(error.message); }
}

// ---- routing and events ----------------------------------------------------------------------
async function route() {
  const query = params();
  if (query.get("article")) return showArticle(query.get("article"), query.get("claim"));
  $("#article-view").hidden = true;
  $("#list-view").hidden = false;
  readFilters();
  const q = query.get("q");
  if (q) searchClaims(q); else $("#search-results").hidden = true;
  await Promise.all([loadPairs(false), loadCharts()]);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#api-key").value = apiKey();
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem("claimtrack-key", $("#api-key").value.trim());
    toast("API key saved in this browser");
    route();
  });
  $("#filters").addEventListener("submit", (event) => { event.preventDefault(); writeFilters(); route(); });
  $("#clear").addEventListener("click", () => { history.pushState(null, "", "/"); route(); });
  $("#more").addEventListener("click", () => loadPairs(true));
  $("#back").addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  window.addEventListener("popstate", route);
  document.addEventListener("keydown", (event) => {
    if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName) || $("#list-view").hidden) return;
    if (event.key === "j") select(state.selected + 1);
    else if (event.key === "k") select(state.selected - 1);
    else if (event.key === "c" && state.selected >= 0) review(state.selected, "confirmed", "");
    else if (event.key === "d" && state.selected >= 0) review(state.selected, "dismissed", "");
    else if (event.key === "o" && state.selected >= 0) review(state.selected, "open", "");
    else if (event.key === "?") showShortcuts();
  });
  $("#shortcuts").addEventListener("click", showShortcuts);
  route();
});
