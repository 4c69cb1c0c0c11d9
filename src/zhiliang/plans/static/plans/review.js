// The plan review page: untick an item to leave it out; an item and its place in the source text
// find each other.
(function () {
  document.querySelectorAll("#review-form .item").forEach(function (row) {
    const box = row.querySelector(".accept"), id = row.dataset.item, mark = id && document.getElementById("src-" + id);
    const sync = () => row.classList.toggle("item-off", !box.checked);
    box.addEventListener("change", sync); sync();
    if (mark) row.addEventListener("focusin", () => {
      document.querySelectorAll("#source mark.focus").forEach(m => m.classList.remove("focus"));
      mark.classList.add("focus"); mark.scrollIntoView({block: "center", behavior: "smooth"});
    });
  });
  document.querySelectorAll("#source mark").forEach(function (mark) {
    mark.addEventListener("click", () => {
      const row = document.querySelector(`.item[data-item="${CSS.escape(mark.dataset.item)}"]`);
      if (row) { row.scrollIntoView({block: "center", behavior: "smooth"}); row.querySelector("input:not([type=hidden]):not(.accept)").focus(); }
    });
  });
})();
