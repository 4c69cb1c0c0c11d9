// A plan's source text beside its items: each item's clause is highlighted; focusing an item
// scrolls the text to its clause and marks it, clicking a highlight finds its item.
// Offsets are character offsets into the text as shown (the server keeps it with LF line
// ends, as the browser shows it), the same the extractor and the plan's items use.
window.PlanSource = (function () {
  const root = document.getElementById("source");
  if (!root) return null;
  const text = root.textContent;

  // Cut the text wherever a span starts or ends; a piece under several items names them all
  // (the server's review_state.segments cuts the same way).
  function render(spans) {
    const inside = spans
      .filter((s) => s[0] >= 0 && s[0] < s[1])
      .map((s) => [s[0], Math.min(s[1], text.length), s[2]]);
    const cuts = [...new Set([0, text.length, ...inside.flatMap((s) => [s[0], s[1]])])].sort((a, b) => a - b);
    const pieces = document.createDocumentFragment();
    for (let n = 0; n + 1 < cuts.length; n++) {
      const a = cuts[n], b = cuts[n + 1];
      const keys = [...new Set(inside.filter((s) => s[0] <= a && b <= s[1]).map((s) => s[2]))];
      if (keys.length) {
        const mark = document.createElement("mark");
        mark.className = keys[0][0];
        mark.dataset.items = keys.join(" ");
        mark.textContent = text.slice(a, b);
        pieces.appendChild(mark);
      } else {
        pieces.appendChild(document.createTextNode(text.slice(a, b)));
      }
    }
    root.replaceChildren(pieces);
  }

  function marksOf(key) {
    return [...root.querySelectorAll("mark")].filter((m) => m.dataset.items.split(" ").includes(key));
  }

  function focus(key) {
    root.querySelectorAll("mark.focus").forEach((m) => m.classList.remove("focus"));
    const found = marksOf(key);
    found.forEach((m) => m.classList.add("focus"));
    // Scroll the text only, not the page: the reviewer stays at the row they are editing.
    if (found.length) {
      const gap = found[0].getBoundingClientRect().top - root.getBoundingClientRect().top;
      root.scrollTop += gap - root.clientHeight / 2;
    }
    return found.length;
  }

  // The [start, end) of a selection inside the text.
  function offsets(range) {
    const before = document.createRange();
    before.selectNodeContents(root);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    return [start, start + range.toString().length];
  }

  document.addEventListener("focusin", (event) => {
    const item = event.target.closest(".item[data-item]");
    if (item) focus(item.dataset.item);
  });
  root.addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (!mark || !window.getSelection().isCollapsed) return;
    // Text under several items: each click finds the next of them.
    const keys = mark.dataset.items.split(" ");
    const current = document.querySelector(".item.item-focus");
    const at = current ? keys.indexOf(current.dataset.item) : -1;
    const key = keys[(at + 1) % keys.length];
    const item = document.querySelector(`.item[data-item="${CSS.escape(key)}"]`);
    if (!item) return;
    if (current) current.classList.remove("item-focus");
    item.classList.add("item-focus");
    item.scrollIntoView({block: "center"});
    focus(key);
  });
  return {root, text, render, focus, offsets};
})();
