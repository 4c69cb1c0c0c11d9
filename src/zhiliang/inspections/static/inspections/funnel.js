(function () {
  const el = document.getElementById("chart-funnel");
  if (!el) return;
  const data = JSON.parse(document.getElementById("funnel-data").textContent);
  const zh = zl.zh();
  const t = (z, e) => (zh ? z : e);
  const pct = v => Math.round(v * 10000) / 100;
  const line = (key, name, type, color) => ({
    name, type: "line", showSymbol: false, smooth: false, silent: true,
    lineStyle: {type, color, width: 1.5}, itemStyle: {color},
    data: data.curves[key].map(([n, v]) => [n, pct(v)]),
  });
  const colour = {"": "#0d6efd", low95: "#fd7e14", high95: "#20c997", low998: "#dc3545", high998: "#198754"};
  const chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: zl.tooltip({trigger: "item", formatter: p => p.seriesType !== "scatter" ? "" : zl.html`<div class="zl-tip-head">${p.data.name}</div>${t("样品数", "samples")}: ${p.data.value[0]}<br>${t("合格率", "pass rate")}: ${p.data.value[1]} %`}),
    legend: {bottom: 0},
    grid: {left: 60, right: 60, top: 40, bottom: 70},
    xAxis: {type: "log", name: t("样品数（批次）", "samples"), nameLocation: "middle", nameGap: 28, min: 1},
    yAxis: {type: "value", name: t("合格率 %", "pass rate %"), min: v => Math.max(0, Math.floor(v.min / 5) * 5), max: 100},
    series: [
      line("low99.8", t("99.8% 控制限", "99.8 % limits"), "solid", "#dc3545"),
      line("high99.8", t("99.8% 控制限", "99.8 % limits"), "solid", "#dc3545"),
      line("low95", t("95% 控制限", "95 % limits"), "dashed", "#fd7e14"),
      line("high95", t("95% 控制限", "95 % limits"), "dashed", "#fd7e14"),
      {name: t("总体合格率", "overall rate"), type: "line", showSymbol: false, silent: true,
       lineStyle: {color: "#6c757d"}, itemStyle: {color: "#6c757d"},
       data: [[1, pct(data.overall)], [data.curves["low95"].at(-1)[0], pct(data.overall)]]},
      {name: t("地区", "regions"), type: "scatter", symbolSize: 11,
       label: {show: true, position: "right", formatter: p => p.data.name, fontSize: 11},
       labelLayout: {hideOverlap: true},
       data: data.points.map(p => ({name: p.name, value: [p.samples, pct(p.rate)], itemStyle: {color: colour[p.flag]}}))},
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
