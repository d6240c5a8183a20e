/* Live progress for import batches and pre-label jobs.
 *
 * Every element with data-poll="<status URL>" is refreshed from that JSON until its
 * state is final: [data-field=name] gets data[name] as text, <progress data-value
 * data-max> gets the two counts, [data-errors] lists the error messages. Text is set
 * with textContent only, so file names and messages can never inject markup.
 * State changes are announced in the section's [data-announce] status region.
 */
(() => {
  "use strict";

  const FINISHED = new Set(["done", "failed"]);
  const INTERVAL_MS = 1500;
  const MAX_INTERVAL_MS = 15000;
  const MAX_FAILURES = 8;

  function setFields(root, data) {
    root.querySelectorAll("[data-field]").forEach((el) => {
      const value = data[el.dataset.field];
      if (value !== undefined && value !== null) el.textContent = String(value);
    });
    root.querySelectorAll(".state[data-field=state]").forEach((el) => {
      el.className = "state state-" + data.state;
    });
    root.querySelectorAll("progress[data-value][data-max]").forEach((bar) => {
      const max = Number(data[bar.dataset.max]) || 0;
      if (max > 0) {
        bar.max = max;
        bar.value = Math.min(Number(data[bar.dataset.value]) || 0, max);
      } else {
        bar.removeAttribute("value"); // nothing counted yet: an indeterminate bar
      }
    });
  }

  function setErrors(root, errors) {
    const list = root.querySelector("[data-errors]");
    if (!list || !Array.isArray(errors)) return;
    const limit = Number(list.dataset.limit) || errors.length;
    const items = errors.slice(0, limit).map((error) => {
      const item = document.createElement("li");
      item.textContent = error.message;
      return item;
    });
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }

  function announce(root, data) {
    const section = root.closest("section") || document;
    const region = section.querySelector("[data-announce]");
    if (!region) return; // the element sits inside its own role=status region
    const label = root.dataset.label || "Task";
    region.textContent = label + ": " + data.state + ".";
  }

  function update(root, data) {
    setFields(root, data);
    setErrors(root, data.errors);
    if (root.dataset.state !== data.state) {
      root.dataset.state = data.state;
      announce(root, data);
    }
  }

  function poll(root) {
    const url = root.dataset.poll;
    let failures = 0;
    let delay = INTERVAL_MS;

    async function tick() {
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          cache: "no-store",
        });
        if (!response.ok) throw new Error("HTTP " + response.status);
        const data = await response.json();
        failures = 0;
        delay = INTERVAL_MS;
        update(root, data);
        if (FINISHED.has(data.state)) {
          // The batch page lists the imported articles once the import is over.
          if ("reloadWhenDone" in root.dataset) window.location.reload();
          return;
        }
      } catch (error) {
        failures += 1;
        if (failures >= MAX_FAILURES) return; // give up quietly; a reload starts again
        delay = Math.min(delay * 2, MAX_INTERVAL_MS);
      }
      window.setTimeout(tick, delay);
    }

    window.setTimeout(tick, INTERVAL_MS);
  }

  function start() {
    document.querySelectorAll("[data-poll]").forEach((root) => {
      if (!FINISHED.has(root.dataset.state)) poll(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
