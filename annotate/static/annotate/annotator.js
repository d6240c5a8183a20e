// The annotation screen: keyboard-first labelling of one article, span by span.
//
// Every change is saved at once through the JSON save endpoint. Saves run one at a
// time so each carries the version the server last returned (optimistic
// concurrency); failures are retried with backoff and shown, never dropped.
// The DOM is built with textContent only: article text, notes and rationales are
// data, never markup.

const data = JSON.parse(document.getElementById("annotator-data").textContent);
const $ = (id) => document.getElementById(id);

const spans = data.spans;
const positionOf = new Map(spans.map((span, i) => [span.id, i]));
const labelByKey = new Map(data.labels.map((label) => [label.key, label]));
const labelByName = new Map(data.labels.map((label) => [label.name, label]));
const suggestions = data.suggestions || {};
const editable = Boolean(data.editable);

// saved: what the server stored (snapshot or null); local: what the annotator sees.
const saved = new Map();
const local = new Map();
const pending = new Set(); // span ids whose local value may differ from saved, oldest first
const undoStack = [];
const rows = new Map();

let current = 0;
let noteSpan = null; // span id whose note the note box edits, null when closed
let inflight = false;
let attempt = 0;
let retryTimer = null;
let retryReason = "";
let savingTimer = null;
let submitAfterSave = false;
let submitting = false;

// ---------------------------------------------------------------- values

function emptyValue() {
  return { labels: [], skip: false, note: "", cue: null, source: null };
}

function normal(value) {
  return {
    labels: [...(value.labels || [])].sort(),
    skip: Boolean(value.skip),
    note: value.note || "",
    cue: value.cue ? [value.cue[0], value.cue[1]] : null,
    source: value.source ? [value.source[0], value.source[1]] : null,
  };
}

function valueOf(snapshot) {
  return snapshot ? normal(snapshot) : emptyValue();
}

function same(a, b) {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function isDone(value) {
  return value.skip || value.labels.length > 0;
}

function isDirty(id) {
  return !same(local.get(id), valueOf(saved.get(id)));
}

function hasUnsaved() {
  return [...pending].some(isDirty) || inflight || noteIsDirty();
}

function describe(value) {
  if (value.skip) return "skip";
  return value.labels.length ? value.labels.join(", ") : "no label";
}

function currentId() {
  return spans[current].id;
}

// ---------------------------------------------------------------- DOM helpers

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function notice(text) {
  $("notice").textContent = text;
}

function showAlert(text, kind) {
  const box = el("div", `alert ${kind}`);
  box.append(el("p", "", text));
  const dismiss = el("button", "small", "Dismiss");
  dismiss.type = "button";
  dismiss.addEventListener("click", () => box.remove());
  box.append(dismiss);
  const alerts = $("alerts");
  alerts.prepend(box);
  while (alerts.children.length > 3) alerts.lastElementChild.remove();
}

// ---------------------------------------------------------------- rendering

function buildSpans() {
  const container = $("spans");
  container.replaceChildren();
  spans.forEach((span, i) => {
    const row = el("div", `span kind-${span.kind}`);
    if (span.paragraph && i > 0) row.classList.add("new-paragraph");
    row.id = `span-${span.id}`;
    row.dataset.spanId = String(span.id);
    row.tabIndex = -1;
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", `Span ${i + 1} of ${spans.length}`);
    const number = el("span", "span-number", String(i + 1));
    number.setAttribute("aria-hidden", "true");
    const body = el("div", "span-body");
    body.append(el("div", "span-text"), el("div", "span-meta"));
    row.append(number, body);
    row.addEventListener("click", () => {
      if (positionOf.get(span.id) !== current) setCurrent(positionOf.get(span.id), { focus: false });
    });
    container.append(row);
    rows.set(span.id, row);
    renderSpan(span.id);
  });
}

function renderText(container, text, cue, source) {
  // Rebuild only when the marks change: rebuilding replaces the text nodes, and a
  // selection the annotator is making in them (say, the source, while the cue's save
  // is still in flight) would vanish.
  const marks = JSON.stringify([cue, source]);
  if (container.dataset.marks === marks) return;
  container.dataset.marks = marks;
  // Cut the text at every range boundary; each piece is plain text or a mark.
  const cuts = new Set([0, text.length]);
  for (const range of [cue, source]) if (range) range.forEach((n) => cuts.add(n));
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  const inside = (range, a, b) => range && a >= range[0] && b <= range[1];
  container.replaceChildren();
  for (let i = 0; i < points.length - 1; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const kinds = [];
    if (inside(cue, a, b)) kinds.push("cue");
    if (inside(source, a, b)) kinds.push("source");
    if (!kinds.length) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const mark = el("mark", kinds.join(" "), piece);
    mark.title = kinds.join(" and ");
    container.append(mark);
  }
}

function chip(text, className, colour) {
  const node = el("span", `chip ${className}`, text);
  if (colour) node.style.setProperty("--label-colour", colour);
  return node;
}

function renderSpan(id) {
  const span = spans[positionOf.get(id)];
  const value = local.get(id);
  const row = rows.get(id);
  renderText(row.querySelector(".span-text"), span.text, value.cue, value.source);
  const meta = row.querySelector(".span-meta");
  meta.replaceChildren();
  if (value.skip) meta.append(chip("skipped", "skip"));
  for (const name of value.labels) {
    const label = labelByName.get(name);
    meta.append(chip(`${label ? label.key : "?"} ${name}`, "label", label && label.colour));
  }
  const suggestion = suggestions[String(id)];
  if (suggestion && !isDone(value)) {
    const ghost = chip(`suggested: ${describe(normal(suggestion))}`, "ghost");
    ghost.title = suggestion.rationale || "Pre-label suggestion";
    meta.append(ghost);
  }
  if (value.cue) meta.append(chip("cue", "cue-flag"));
  if (value.source) meta.append(chip("source", "source-flag"));
  if (value.note) meta.append(el("span", "span-note", `Note: ${value.note}`));
  if (isDirty(id)) meta.append(chip("unsaved", "unsaved"));
  row.classList.toggle("done", isDone(value));
}

function renderPanel() {
  const id = currentId();
  const value = local.get(id);
  const span = spans[current];
  $("panel-position").textContent = String(current + 1);
  for (const button of document.querySelectorAll(".label-button[data-label]")) {
    button.setAttribute("aria-pressed", String(value.labels.includes(button.dataset.label)));
  }
  $("skip-button").setAttribute("aria-pressed", String(value.skip));
  renderSuggestion(id);
  renderRange("cue", span.text, value.cue);
  renderRange("source", span.text, value.source);
  $("note-preview").textContent = value.note && noteSpan === null ? value.note : "";
}

function renderSuggestion(id) {
  const suggestion = suggestions[String(id)];
  const box = $("panel-suggestion");
  box.hidden = !suggestion;
  if (!suggestion) return;
  const percent = Math.round((suggestion.confidence || 0) * 100);
  $("suggestion-labels").textContent = `${describe(normal(suggestion))} (${percent}%)`;
  $("suggestion-rationale").textContent = suggestion.rationale || "";
  $("accept-button").title = suggestion.rationale || "";
}

function renderRange(kind, text, range) {
  $(`${kind}-text`).textContent = range ? text.slice(range[0], range[1]) : "";
  $(`${kind}-text`).hidden = !range;
  $(`${kind}-none`).hidden = Boolean(range);
  $(`${kind}-clear`).disabled = !range || !editable;
}

function renderProgress() {
  const done = spans.filter((span) => isDone(local.get(span.id))).length;
  $("progress").value = done;
  $("progress-text").textContent = `${done} / ${spans.length} spans done`;
  const button = $("submit-button");
  if (button) button.disabled = submitting || done !== spans.length || hasUnsaved();
}

function renderStatus() {
  const status = $("save-status");
  const unsaved = [...pending].filter(isDirty).length;
  let state = status.dataset.state;
  let text = status.textContent;
  if (retryTimer !== null) {
    state = "error";
    text = `Unsaved changes (${unsaved || 1}): ${retryReason} Retrying (attempt ${attempt + 1})…`;
  } else if (!inflight && !unsaved) {
    state = "saved";
    text = "All changes saved";
  } else if (savingTimer === null && state !== "error") {
    // A quick save leaves the status alone; only a slow one says "Saving…".
    state = "saving";
    text = "Saving…";
  }
  if (status.textContent !== text) status.textContent = text;
  status.dataset.state = state;
  $("retry-now").hidden = retryTimer === null;
  renderProgress();
}

// ---------------------------------------------------------------- moving

function setCurrent(position, { focus = true } = {}) {
  if (noteSpan !== null) closeNote(false);
  const previous = rows.get(currentId());
  previous.classList.remove("current");
  previous.removeAttribute("aria-current");
  current = Math.max(0, Math.min(spans.length - 1, position));
  const row = rows.get(currentId());
  row.classList.add("current");
  row.setAttribute("aria-current", "true");
  if (focus) {
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }
  renderPanel();
}

function move(step) {
  setCurrent(current + step);
}

// ---------------------------------------------------------------- changing

function change(id, next, { undoable = true } = {}) {
  if (!editable) {
    notice("This article is submitted: it is read-only.");
    return;
  }
  const before = local.get(id);
  const value = normal(next);
  if (same(before, value)) return;
  if (undoable) undoStack.push({ id, before });
  if (undoStack.length > 500) undoStack.shift();
  local.set(id, value);
  pending.add(id);
  renderSpan(id);
  if (id === currentId()) renderPanel();
  renderStatus();
  flush();
}

function toggleLabel(name) {
  const id = currentId();
  const value = local.get(id);
  const label = labelByName.get(name);
  let labels;
  if (value.labels.includes(name)) {
    labels = value.labels.filter((other) => other !== name);
  } else if (label.exclusive) {
    labels = [name]; // an exclusive label stands alone
  } else {
    labels = [...value.labels.filter((other) => !labelByName.get(other)?.exclusive), name];
  }
  change(id, { ...value, labels, skip: false });
}

function toggleSkip() {
  const id = currentId();
  const value = local.get(id);
  change(id, { ...value, labels: [], skip: !value.skip });
}

function acceptSuggestion() {
  const id = currentId();
  const suggestion = suggestions[String(id)];
  if (!suggestion) {
    notice("No suggestion for this span.");
    return;
  }
  const value = local.get(id);
  change(id, {
    ...value,
    labels: suggestion.labels,
    skip: false,
    cue: value.cue || suggestion.cue,
    source: value.source || suggestion.source,
  });
}

function undo() {
  if (noteSpan !== null) closeNote(false);
  const entry = undoStack.pop();
  if (!entry) {
    notice("Nothing to undo.");
    return;
  }
  if (positionOf.get(entry.id) !== current) setCurrent(positionOf.get(entry.id));
  change(entry.id, entry.before, { undoable: false });
  notice(`Undone: span ${positionOf.get(entry.id) + 1} is back to ${describe(entry.before)}.`);
}

// ---------------------------------------------------------------- cue and source

function textElementOf(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return element ? element.closest(".span-text") : null;
}

function selectedRange() {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return { error: "Select words in the current span first." };
  }
  const range = selection.getRangeAt(0);
  const container = textElementOf(range.startContainer);
  if (!container || container !== textElementOf(range.endContainer)) {
    return { error: "Select words inside one span." };
  }
  const id = Number(container.closest(".span").dataset.spanId);
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const text = spans[positionOf.get(id)].text;
  let start = before.toString().length;
  let end = start + range.toString().length;
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  if (start >= end) return { error: "Select words, not only spaces." };
  return { id, range: [start, end] };
}

function markRange(kind) {
  const picked = selectedRange();
  if (picked.error) {
    notice(picked.error);
    return;
  }
  if (positionOf.get(picked.id) !== current) setCurrent(positionOf.get(picked.id), { focus: false });
  change(picked.id, { ...local.get(picked.id), [kind]: picked.range });
  window.getSelection().removeAllRanges();
  rows.get(picked.id).focus({ preventScroll: true });
  notice(`${kind === "cue" ? "Cue" : "Source"} marked.`);
}

function clearRange(kind) {
  const id = currentId();
  const value = local.get(id);
  if (!value[kind]) return;
  change(id, { ...value, [kind]: null });
  notice(`${kind === "cue" ? "Cue" : "Source"} cleared.`);
}

// ---------------------------------------------------------------- note

function noteIsDirty() {
  return noteSpan !== null && $("note-input").value !== local.get(noteSpan).note;
}

function openNote() {
  if (!editable) {
    notice("This article is submitted: it is read-only.");
    return;
  }
  noteSpan = currentId();
  $("note-input").value = local.get(noteSpan).note;
  $("note-box").hidden = false;
  $("note-button").setAttribute("aria-expanded", "true");
  $("note-preview").textContent = "";
  $("note-input").focus();
}

function commitNote() {
  if (noteSpan === null) return;
  const text = $("note-input").value;
  const value = local.get(noteSpan);
  if (text !== value.note) change(noteSpan, { ...value, note: text });
}

function closeNote(returnFocus) {
  commitNote();
  noteSpan = null;
  $("note-box").hidden = true;
  $("note-button").setAttribute("aria-expanded", "false");
  renderPanel();
  if (returnFocus) rows.get(currentId()).focus({ preventScroll: true });
}

// ---------------------------------------------------------------- saving

function csrfToken() {
  // Read the cookie on every save: signing in again (another tab) rotates it.
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function saveUrl(id) {
  return data.save_url.replace(/\/0\/annotation$/, `/${id}/annotation`);
}

function nextDirty() {
  for (const id of pending) {
    if (isDirty(id)) return id;
    pending.delete(id);
    renderSpan(id);
  }
  return null;
}

async function flush() {
  if (inflight || retryTimer !== null) return;
  const id = nextDirty();
  if (id === null) {
    renderStatus();
    if (submitAfterSave) submitWhenComplete();
    return;
  }
  const sent = local.get(id);
  const base = saved.get(id);
  inflight = true;
  // Only say "Saving…" when a save is slow, so the status stays calm while typing keys.
  savingTimer = setTimeout(() => {
    savingTimer = null;
    renderStatus();
  }, 400);
  let response = null;
  let body = null;
  try {
    response = await fetch(saveUrl(id), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify({ ...sent, expected_version: base ? base.version : null }),
    });
    body = await response.json().catch(() => null);
  } catch (error) {
    response = null;
  }
  clearTimeout(savingTimer);
  savingTimer = null;
  inflight = false;
  handleResponse(id, response, body);
}

function handleResponse(id, response, body) {
  const position = positionOf.get(id) + 1;
  if (response === null) return scheduleRetry("The server could not be reached.");
  if (response.ok && body && body.annotation) {
    attempt = 0;
    saved.set(id, body.annotation);
    if (!isDirty(id)) pending.delete(id);
  } else if (response.status === 409 && body) {
    adoptStored(id, body.current || null);
    showAlert(
      `Span ${position}: ${body.message} Stored value now shown: ${describe(local.get(id))}.`,
      "conflict",
    );
  } else if (response.status === 401 || (response.status === 403 && !body)) {
    return scheduleRetry("You are signed out: sign in again in another tab; your changes are kept here.");
  } else if (response.status >= 400 && response.status < 500 && body) {
    adoptStored(id, saved.get(id));
    showAlert(`Span ${position} was not saved: ${body.message}`, "error");
  } else {
    return scheduleRetry(`The server answered ${response.status}.`);
  }
  renderSpan(id);
  if (id === currentId()) renderPanel();
  renderStatus();
  flush();
}

function adoptStored(id, snapshot) {
  // The stored value wins: the local one and its undo history are dropped.
  saved.set(id, snapshot);
  local.set(id, valueOf(snapshot));
  pending.delete(id);
  for (let i = undoStack.length - 1; i >= 0; i -= 1) {
    if (undoStack[i].id === id) undoStack.splice(i, 1);
  }
  if (noteSpan === id) $("note-input").value = local.get(id).note;
}

function scheduleRetry(reason) {
  attempt += 1;
  retryReason = reason;
  const delay = Math.min(30000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    flush();
  }, delay);
  renderStatus();
}

function retryNow() {
  if (retryTimer === null) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  flush();
}

// ---------------------------------------------------------------- submit

function submitNow() {
  submitAfterSave = false;
  submitting = true;
  renderProgress();
  $("submit-form").submit();
}

function submitWhenComplete() {
  submitAfterSave = false;
  if (spans.every((span) => isDone(local.get(span.id)))) submitNow();
  else notice("Not submitted: a span changed while saving; check the spans without a label.");
}

function onSubmit(event) {
  event.preventDefault();
  if (noteSpan !== null) closeNote(false);
  if (hasUnsaved()) {
    submitAfterSave = true;
    notice("Saving your last changes before submitting…");
    flush();
    return;
  }
  submitNow();
}

// ---------------------------------------------------------------- keyboard

function openHelp() {
  if (noteSpan !== null) closeNote(false);
  $("help").showModal();
}

function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target === $("note-input")) {
    if (event.key === "Escape") {
      event.preventDefault();
      closeNote(true);
    }
    return;
  }
  if ($("help").open) {
    if (event.key === "?") {
      event.preventDefault();
      $("help").close();
    }
    return;
  }
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  if (handleKey(event.key, target)) event.preventDefault();
}

function handleKey(key, target) {
  const label = labelByKey.get(key);
  if (label) {
    toggleLabel(label.name);
    return true;
  }
  const onControl = target.closest && target.closest("button, a, summary");
  const actions = {
    s: toggleSkip,
    n: openNote,
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    u: undo,
    c: () => markRange("cue"),
    o: () => markRange("source"),
    C: () => clearRange("cue"),
    O: () => clearRange("source"),
    "?": openHelp,
    // Enter on a button presses that button; elsewhere it accepts the suggestion.
    Enter: onControl ? null : acceptSuggestion,
  };
  const action = actions[key];
  if (!action) return false;
  action();
  return true;
}

// ---------------------------------------------------------------- start

function bindButtons() {
  for (const button of document.querySelectorAll(".label-button[data-label]")) {
    button.addEventListener("click", () => toggleLabel(button.dataset.label));
  }
  const clicks = {
    "skip-button": toggleSkip,
    "accept-button": acceptSuggestion,
    "cue-button": () => markRange("cue"),
    "source-button": () => markRange("source"),
    "cue-clear": () => clearRange("cue"),
    "source-clear": () => clearRange("source"),
    "note-button": () => (noteSpan === null ? openNote() : closeNote(true)),
    "prev-button": () => move(-1),
    "next-button": () => move(1),
    "undo-button": undo,
    "help-button": openHelp,
    "retry-now": retryNow,
  };
  for (const [id, handler] of Object.entries(clicks)) $(id).addEventListener("click", handler);
  // Buttons that act on a text selection must not take it away on mousedown.
  for (const id of ["cue-button", "source-button"]) {
    $(id).addEventListener("mousedown", (event) => event.preventDefault());
  }
  if (!editable) {
    for (const button of document.querySelectorAll("#span-panel button")) {
      if (!["prev-button", "next-button"].includes(button.id)) button.disabled = true;
    }
  }
}

function start() {
  for (const span of spans) {
    const snapshot = data.annotations[String(span.id)] || null;
    saved.set(span.id, snapshot);
    local.set(span.id, valueOf(snapshot));
  }
  buildSpans();
  bindButtons();
  $("note-input").addEventListener("blur", commitNote);
  $("help").addEventListener("close", () => rows.get(currentId()).focus({ preventScroll: true }));
  const form = $("submit-form");
  if (form) form.addEventListener("submit", onSubmit);
  document.addEventListener("keydown", onKey);
  window.addEventListener("online", retryNow);
  window.addEventListener("beforeunload", (event) => {
    if (!hasUnsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });
  if (window.matchMedia("(max-width: 1023px)").matches) $("guideline").open = false;
  const firstOpen = spans.findIndex((span) => !isDone(local.get(span.id)));
  current = firstOpen === -1 ? 0 : firstOpen;
  setCurrent(current, { focus: false });
  rows.get(currentId()).focus({ preventScroll: true });
  if (current > 0) rows.get(currentId()).scrollIntoView({ block: "center" });
  renderStatus();
  document.documentElement.dataset.annotatorReady = "true";
}

start();
