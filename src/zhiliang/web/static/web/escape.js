// The one place where chart code turns data into HTML.
//
// ECharts draws axis labels, series labels and legends on the canvas as plain text: give them
// the raw name (escaping there would show "&lt;" on screen). Tooltips are HTML: every tooltip
// formatter builds its markup with zl.html`...`, which escapes each interpolated value, so a
// record named <img src=x onerror=...> is shown as those characters and never parsed.
// The markup uses classes (web/site.css), not style attributes: the Content-Security-Policy
// allows no inline styles.
(function () {
  const entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
  const esc = value => String(value ?? "").replace(/[&<>"']/g, c => entities[c]);
  // Tagged template: the literal parts are ours, every ${value} is data and gets escaped.
  const html = (parts, ...values) => parts.reduce((out, part, i) => out + esc(values[i - 1]) + part);
  const zh = () => document.documentElement.lang.startsWith("zh");
  const number = v => (v == null || v === "" || Number.isNaN(+v) ? "—" : String(v));
  const named = name => (String(name ?? "").startsWith("series\u0000") ? "" : name);
  // Tooltip of a category axis: the category as the heading, one line per series.
  const axisTooltip = (format = number) => params => {
    const list = Array.isArray(params) ? params : [params];
    if (!list.length) return "";
    const head = html`<div class="zl-tip-head">${list[0].axisValueLabel ?? list[0].name}</div>`;
    return head + list.map(p => html`<div class="zl-tip-row"><span class="zl-tip-name">${named(p.seriesName)}</span> ${format(Array.isArray(p.value) ? p.value.at(-1) : p.value, p)}</div>`).join("");
  };
  // Every chart's tooltip option: an escaping formatter (the axis one unless given), confined
  // to the chart: unconfined, ECharts adds a pointer arrow whose markup carries a style
  // attribute, which the CSP refuses.
  const tooltip = (options = {}) => {
    if (options.formatter && typeof options.formatter !== "function") throw new TypeError("tooltip formatter: use a function built with zl.html");
    return {confine: true, ...options, formatter: options.formatter || axisTooltip()};
  };
  // Numbers as offices write them (web/templatetags/numbers.py): 56,000; 1,234.5; 89.4 %.
  const grouped = (v, places, least = 0) => (+v).toLocaleString("en-US", {minimumFractionDigits: least, maximumFractionDigits: places});
  const count = v => (v == null || v === "" || Number.isNaN(+v) ? "—" : grouped(Math.round(+v), 0));
  const figure = (v, places = 2) => (v == null || v === "" || Number.isNaN(+v) ? "—" : grouped(v, places));
  // A value in a unit: percentages (and per mille) to one decimal, other amounts to two.
  const inUnit = (v, unit) => (v == null || v === "" || Number.isNaN(+v) ? "—" : ["%", "‰"].includes(unit) ? grouped(v, 1, 1) : grouped(v, 2));
  const percent = v => (v == null || v === "" || Number.isNaN(+v) ? "—" : `${grouped(v, 1, 1)} %`);
  // A value axis in percent stays within 0–100 while fitting the data (not a trend to 140).
  const percentAxis = {min: v => Math.max(0, Math.floor(v.min / 5) * 5), max: v => Math.min(100, Math.ceil(v.max / 5) * 5)};
  window.zl = Object.assign(window.zl || {}, {esc, html, zh, axisTooltip, tooltip, count, figure, inUnit, percent, percentAxis});
})();
