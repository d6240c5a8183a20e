// Keyboard adjudication on the review page. Every action also exists as a plain form
// (the page works without this script); here the forms are sent as JSON so the page
// stays where it is, and the new gold value is drawn in place.
(() => {
  "use strict";

  const root = document.getElementById("review");
  if (!root) return;
  const spansBox = document.getElementById("spans");
  const alertBox = document.getElementById("review-alert");
  const statusBox = document.getElementById("review-status");
  const help = document.getElementById("review-help");
  const toggle = document.getElementById("toggle-agreed");
  const foldedNote = root.querySelector(".folded-note");
  let current = null;

  const csrfToken = () => root.querySelector("input[name=csrfmiddlewaretoken]").value;

  // --- Moving between spans ---------------------------------------------------------

  // Folded (agreed) spans are display:none, so they have no offsetParent.
  const visibleSpans = () =>
    [...spansBox.querySelectorAll(".span")].filter((el) => el.offsetParent !== null);

  function select(section, { focus = true } = {}) {
    if (!section) return;
    if (current) {
      current.classList.remove("current");
      current.removeAttribute("aria-current");
    }
    current = section;
    section.classList.add("current");
    section.setAttribute("aria-current", "true");
    if (focus) {
      section.focus({ preventScroll: true });
      section.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    const list = visibleSpans();
    if (!list.length) return;
    const index = list.indexOf(current);
    if (index < 0) return select(list[0]);
    select(list[Math.min(Math.max(index + step, 0), list.length - 1)]);
  }

  function ensureCurrent() {
    if (current && current.offsetParent !== null) return current;
    const first = visibleSpans()[0];
    select(first);
    return first || null;
  }

  // --- Talking to the server --------------------------------------------------------

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(body || {}),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      // A non-JSON answer (e.g. an HTML error page): fall back to the status below.
    }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : null;
      throw new Error(message || `The server refused the action (HTTP ${response.status}).`);
    }
    return data;
  }

  function showError(message) {
    alertBox.textContent = message;
    alertBox.hidden = false;
  }

  function clearError() {
    alertBox.hidden = true;
    alertBox.textContent = "";
  }

  function announce(message) {
    statusBox.textContent = message;
  }

  // --- Drawing a gold value (mirrors templates/annotate/review/_gold.html) ----------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function goldNodes(gold) {
    const nodes = [element("span", "gold-label", "Gold:"), document.createTextNode(" ")];
    if (gold.skip) {
      nodes.push(element("span", "chip skip", "skip"));
    } else {
      gold.labels.forEach((name) => nodes.push(element("span", `chip label-${name}`, name)));
    }
    const who = gold.reviewer ? ` (${gold.reviewer})` : "";
    nodes.push(document.createTextNode(" "));
    nodes.push(element("span", `basis basis-${gold.basis}`, `basis: ${gold.basis}${who}`));
    return nodes;
  }

  function drawGold(gold) {
    const section = document.getElementById(`span-${gold.span}`);
    if (!section) return;
    section.querySelector("[data-gold]").replaceChildren(...goldNodes(gold));
    section.classList.add("decided");
    section.querySelectorAll("input[name=labels]").forEach((box) => {
      box.checked = !gold.skip && gold.labels.includes(box.value);
    });
  }

  function drawProgress(progress) {
    if (!progress) return;
    root.querySelector("[data-decided]").textContent = progress.decided;
    root.querySelector("[data-total]").textContent = progress.total;
  }

  // --- Actions ----------------------------------------------------------------------

  const spanTitle = (section) => section.querySelector("h2").firstChild.textContent.trim();

  function chosenLabels(section) {
    return [...section.querySelectorAll("input[name=labels]:checked")].map((box) => box.value);
  }

  function request(section, kind) {
    if (kind === "majority") return [section.dataset.majorityUrl, {}];
    if (kind === "skip") return [section.dataset.goldUrl, { labels: [], skip: true }];
    return [section.dataset.goldUrl, { labels: chosenLabels(section), skip: false }];
  }

  async function decide(section, kind) {
    clearError();
    const [url, body] = request(section, kind);
    try {
      const data = await post(url, body);
      drawGold(data.gold);
      drawProgress(data.progress);
      announce(`${spanTitle(section)}: gold set (${data.gold.basis}).`);
      if (section === current) move(1);
    } catch (error) {
      showError(`${spanTitle(section)}: ${error.message}`);
    }
  }

  async function acceptAgreed() {
    clearError();
    try {
      const data = await post(root.dataset.acceptUrl, {});
      data.gold.forEach(drawGold);
      drawProgress(data.progress);
      announce(`${data.changed} gold decision(s) taken from agreed spans.`);
    } catch (error) {
      showError(error.message);
    }
  }

  // The exclusive rule of the schema, applied while ticking: an exclusive label
  // clears the others, any other label clears the exclusive ones.
  function keepExclusive(changed) {
    if (!changed.checked) return;
    const boxes = changed.form.querySelectorAll("input[name=labels]");
    boxes.forEach((box) => {
      if (box === changed) return;
      if (changed.dataset.exclusive === "1" || box.dataset.exclusive === "1") box.checked = false;
    });
  }

  function toggleLabel(section, key) {
    const box = [...section.querySelectorAll("input[name=labels]")].find(
      (input) => input.dataset.key === key,
    );
    if (!box) return;
    box.checked = !box.checked;
    keepExclusive(box);
  }

  function setShowAgreed(show) {
    spansBox.classList.toggle("show-agreed", show);
    toggle.setAttribute("aria-pressed", String(show));
    toggle.textContent = toggle.textContent.replace(/^(Show|Hide)/, show ? "Hide" : "Show");
    toggle.setAttribute("href", show ? "?" : "?show_agreed=1");
    if (foldedNote) foldedNote.hidden = show || !spansBox.querySelector(".span.agreed");
    const url = new URL(window.location.href);
    if (show) url.searchParams.set("show_agreed", "1");
    else url.searchParams.delete("show_agreed");
    window.history.replaceState(null, "", url);
    if (current && current.offsetParent === null) select(visibleSpans()[0], { focus: false });
  }

  function toggleHelp() {
    if (help.open) help.close();
    else help.showModal();
  }

  // --- Wiring -----------------------------------------------------------------------

  spansBox.addEventListener("submit", (event) => {
    const form = event.target.closest("form.decide");
    if (!form) return;
    event.preventDefault();
    const section = form.closest(".span");
    select(section, { focus: false });
    decide(section, (event.submitter && event.submitter.dataset.action) || "gold");
  });

  spansBox.addEventListener("change", (event) => {
    if (event.target.matches("input[name=labels]")) keepExclusive(event.target);
  });

  spansBox.addEventListener("focusin", (event) => {
    const section = event.target.closest(".span");
    if (section && section !== current) select(section, { focus: false });
  });

  root.querySelector("form[data-action=accept]").addEventListener("submit", (event) => {
    event.preventDefault();
    acceptAgreed();
  });

  toggle.addEventListener("click", (event) => {
    event.preventDefault();
    setShowAgreed(!spansBox.classList.contains("show-agreed"));
  });

  document.getElementById("open-help").addEventListener("click", toggleHelp);

  const typing = (target) =>
    target.closest("textarea, select, input:not([type=checkbox]):not([type=radio])") !== null;

  const labelKeys = new Set(
    [...spansBox.querySelectorAll("input[name=labels]")].map((box) => box.dataset.key),
  );

  const keyActions = {
    j: () => move(1),
    k: () => move(-1),
    a: () => acceptAgreed(),
    m: () => ensureCurrent() && decide(current, "majority"),
    s: () => ensureCurrent() && decide(current, "skip"),
    Enter: () => ensureCurrent() && decide(current, "gold"),
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "?") {
      event.preventDefault();
      toggleHelp();
      return;
    }
    if (help.open) return; // the dialog keeps its own keys (Escape closes it)
    // Enter on a button or link keeps its usual meaning: press that control.
    if (event.key === "Enter" && event.target.closest("button, a, summary")) return;
    const action = keyActions[event.key];
    if (action) {
      event.preventDefault();
      action();
    } else if (labelKeys.has(event.key) && ensureCurrent()) {
      event.preventDefault();
      toggleLabel(current, event.key);
    }
  });

  select(visibleSpans()[0], { focus: false });
})();
