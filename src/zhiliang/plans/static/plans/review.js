// The plan review page. Untick an item to leave it out; add a target, task, phase or unit the
// extraction missed (typed, or filled from text selected in the source); split a target in
// two or merge it with the one below. Rows the page adds are numbered after the server's
// (t-count …) and their order is sent in t-order …; the server checks every row on saving.
(function () {
  const form = document.getElementById("review-form");
  const source = window.PlanSource;
  if (!form || !source) return;
  const LISTS = {t: "targets-body", p: "phases-body", k: "tasks"};
  const TEMPLATES = {t: "tpl-target", p: "tpl-phase", k: "tpl-task"};
  let selection = null;
  let chosenTask = null;

  const spansOf = (row) => {
    const input = row.querySelector("input.spans");
    return input && input.value ? input.value.split(";").map((p) => p.split(",").map(Number)) : [];
  };
  const setSpans = (row, spans) => {
    row.querySelector("input.spans").value = spans.map((s) => s.join(",")).join(";");
  };
  const field = (row, name) => row.querySelector("." + name);
  const squash = (s) => s.replace(/\s*\n\s*/g, "").trim();

  function redraw() {
    const marks = [];
    form.querySelectorAll(".item[data-item]").forEach((row) => {
      if (row.dataset.kind !== "p") spansOf(row).forEach((s) => marks.push([s[0], s[1], row.dataset.item]));
    });
    source.render(marks);
  }

  function watch(row) {
    const box = row.querySelector(".accept");
    const sync = () => row.classList.toggle("item-off", !box.checked);
    box.addEventListener("change", sync);
    sync();
  }

  // A new row from its template, numbered after the others, placed after `after` or last.
  function newRow(kind, after) {
    const count = form.querySelector(`[name="${kind}-count"]`);
    const i = String(Number(count.value));
    count.value = Number(i) + 1;
    const row = document.getElementById(TEMPLATES[kind]).content.firstElementChild.cloneNode(true);
    row.dataset.item = kind + i;
    row.querySelectorAll("[name]").forEach((el) => { el.name = el.name.replace("__i__", i); });
    if (after) after.after(row); else document.getElementById(LISTS[kind]).appendChild(row);
    watch(row);
    return row;
  }

  function fill(row, values) {
    Object.entries(values).forEach(([name, value]) => {
      const el = field(row, name);
      if (el) el.value = value === null || value === undefined ? "" : String(value);
    });
  }

  function split(row) {
    const copy = newRow("t", row);
    ["comparator", "value", "unit", "deadline"].forEach((f) => { field(copy, f).value = field(row, f).value; });
    // "A和B分别达到…": each part its own target.
    const parts = field(row, "indicator").value.split(/和|及|、/).map((p) => p.trim());
    if (parts.length > 1 && parts.every(Boolean)) {
      field(row, "indicator").value = parts[0];
      field(copy, "indicator").value = parts.slice(1).join("、");
    } else {
      field(copy, "indicator").value = field(row, "indicator").value;
    }
    const spans = spansOf(row);
    setSpans(copy, spans);
    if (spans.length) [row, copy].forEach((r) => { field(r, "origin").value = "split"; });
    redraw();
    field(copy, "indicator").focus();
  }

  function merge(row) {
    const next = row.nextElementSibling;
    if (!next || !next.matches(".item")) return;
    const a = field(row, "indicator").value, b = field(next, "indicator").value;
    if (b && !a.includes(b)) field(row, "indicator").value = a ? a + "、" + b : b;
    const seen = new Set();
    const spans = [...spansOf(row), ...spansOf(next)]
      .filter((s) => !seen.has(s.join()) && seen.add(s.join()))
      .sort((x, y) => x[0] - y[0]);
    setSpans(row, spans);
    if (spans.length) field(row, "origin").value = "merged";
    next.remove();
    redraw();
    field(row, "indicator").focus();
  }

  function addUnit(task, role, name, resolved) {
    const box = task.querySelector(`.units[data-role="${role}"]`);
    const count = box.querySelector(".unit-count");
    const j = count.value;
    count.value = Number(j) + 1;
    const i = task.dataset.item.slice(1);
    const unit = document.getElementById("tpl-unit").content.firstElementChild.cloneNode(true);
    const written = unit.querySelector("input"), select = unit.querySelector("select");
    written.name = `k${i}-${role}${j}-name`;
    select.name = `k${i}-${role}${j}`;
    written.value = name;
    const keep = select.querySelector(".as-written");
    keep.textContent = `${name} (${keep.dataset.label})`;
    if (!name) {
      keep.remove();
      select.addEventListener("change", () => { written.value = select.selectedOptions[0].textContent; });
      select.selectedIndex = 0;
      written.value = select.selectedOptions[0] ? select.selectedOptions[0].textContent : "";
    } else if (resolved && select.querySelector(`option[value="${CSS.escape(resolved.choice)}"]`)) {
      select.value = resolved.choice;
    } else if (resolved) {
      select.prepend(new Option(`${name} → ${resolved.label}`, resolved.choice, true, true));
    } else {
      select.value = "text";
    }
    box.insertBefore(unit, box.querySelector(".add-unit"));
    select.focus();
  }

  function choose(task) {
    if (chosenTask) chosenTask.classList.remove("item-chosen");
    chosenTask = task;
    task.classList.add("item-chosen");
    ["add-lead-from-selection", "add-cooperating-from-selection"].forEach((id) => {
      document.getElementById(id).disabled = false;
    });
  }

  // What the selection holds, read by the server with the extractor's own rules.
  async function readSelection() {
    const body = new FormData();
    body.append("text", selection.text);
    body.append("region", form.elements.region.value);
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    const error = document.getElementById("selection-error");
    error.classList.add("d-none");
    try {
      const response = await fetch(form.dataset.selectionUrl, {method: "POST", body, credentials: "same-origin"});
      if (!response.ok) throw new Error(String(response.status));
      return await response.json();
    } catch (e) {
      error.classList.remove("d-none");
      return {targets: [], phases: [], unit: null};
    }
  }

  async function addFromSelection(kind) {
    if (!selection) return;
    const sel = selection, text = squash(sel.text);
    if (kind === "k") {
      const row = newRow("k");
      fill(row, {title: text.slice(0, 255)});
      setSpans(row, [[sel.start, sel.end]]);
      redraw();
      choose(row);
      field(row, "title").focus();
      return;
    }
    const found = await readSelection();
    if (kind === "t") {
      const targets = found.targets.length ? found.targets : [{indicator: text.slice(0, 255), comparator: ">="}];
      let first = null;
      targets.forEach((t) => {
        const row = newRow("t");
        fill(row, {indicator: t.indicator, comparator: t.comparator || ">=", value: t.value, unit: t.unit, deadline: t.deadline});
        setSpans(row, [[sel.start, sel.end]]);
        first = first || row;
      });
      redraw();
      field(first, found.targets.length ? "indicator" : "value").focus();
    } else if (kind === "p") {
      const phases = found.phases.length ? found.phases : [{name: text.slice(0, 128)}];
      let first = null;
      phases.forEach((p) => { const row = newRow("p"); fill(row, p); first = first || row; });
      field(first, "name").focus();
    } else if (chosenTask) {
      addUnit(chosenTask, kind, text.slice(0, 128), found.unit);
    }
  }

  form.querySelectorAll(".item[data-item]").forEach(watch);

  form.addEventListener("focusin", (event) => {
    const task = event.target.closest('.item[data-kind="k"]');
    if (task) choose(task);
  });

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[type=button]");
    if (!button) return;
    const row = button.closest(".item");
    if (button.classList.contains("split")) split(row);
    else if (button.classList.contains("merge")) merge(row);
    else if (button.classList.contains("add-unit")) addUnit(row, button.dataset.role, "", null);
    else if (button.classList.contains("add-row")) {
      const kind = {"tpl-target": "t", "tpl-phase": "p", "tpl-task": "k"}[button.dataset.template];
      const added = newRow(kind);
      if (kind === "k") choose(added);
      added.querySelector("input:not([type=hidden]):not(.accept)").focus();
    } else if (button.id.endsWith("-from-selection")) {
      const kind = {target: "t", task: "k", phase: "p", lead: "lead", cooperating: "cooperating"}[button.id.split("-")[1]];
      addFromSelection(kind);
    }
  });

  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return; // keep the last one for the buttons
    const range = sel.getRangeAt(0);
    if (!source.root.contains(range.commonAncestorContainer)) return;
    let [start, end] = source.offsets(range);
    while (start < end && /\s/.test(source.text[start])) start++;
    while (end > start && /\s/.test(source.text[end - 1])) end--;
    if (end <= start) return;
    selection = {start, end, text: source.text.slice(start, end)};
    const shown = selection.text.length > 80 ? selection.text.slice(0, 80) + "…" : selection.text;
    document.getElementById("selection-text").textContent = shown;
    document.getElementById("selection-bar").classList.remove("d-none");
  });

  form.addEventListener("submit", () => {
    Object.entries(LISTS).forEach(([kind, list]) => {
      const rows = document.getElementById(list).querySelectorAll(":scope > .item[data-item]");
      form.querySelector(`[name="${kind}-order"]`).value = [...rows].map((r) => r.dataset.item.slice(1)).join(",");
    });
  });
})();
