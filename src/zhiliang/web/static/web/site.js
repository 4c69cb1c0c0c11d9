// Page behaviour that templates ask for with data- attributes (the Content-Security-Policy
// allows no inline script, no on*= handlers and no style= attributes in the markup):
//   data-autosubmit        a <select> that submits its form when changed
//   data-navigate          a <select> whose value is a URL to open when changed
//   data-confirm="text"    a button or link that asks first
//   data-remove-after-request   an htmx trigger that goes away once its request is done
//   data-height="240"      a box's height in pixels (charts sized by their row count)
//   data-width="40"        a bar's width in percent (progress bars)
(function () {
  document.addEventListener("change", event => {
    const el = event.target;
    if (el.matches("select[data-autosubmit]")) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    else if (el.matches("select[data-navigate]")) window.location = el.value;
  });
  document.addEventListener("click", event => {
    const el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("htmx:afterRequest", event => {
    if (event.detail.elt.matches("[data-remove-after-request]")) event.detail.elt.remove();
  });
  const sizes = root => {
    root.querySelectorAll("[data-height]").forEach(el => { el.style.height = `${+el.dataset.height}px`; });
    root.querySelectorAll("[data-width]").forEach(el => { el.style.width = `${+el.dataset.width}%`; });
  };
  sizes(document);
  document.addEventListener("htmx:load", event => sizes(event.detail.elt.parentElement || document));
})();
