(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const enterprisesUrl = document.querySelector("a[href$='/enterprises/']").getAttribute("href");
  const regions = echarts.init(document.getElementById("chart-regions"));
  regions.setOption({
    tooltip: zl.tooltip({trigger: "axis", formatter: zl.axisTooltip(zl.count)}),
    grid: {left: 50, right: 20, bottom: 10, top: 20, containLabel: true},
    xAxis: {type: "category", data: data.regions.map(r => r.name), axisLabel: {interval: 0, rotate: data.regions.length > 8 ? 40 : 0, width: 110, overflow: "truncate"}},
    yAxis: {type: "value"},
    series: [{type: "bar", data: data.regions.map(r => r.count), itemStyle: {color: "#0d6efd"}}],
  });
  regions.on("click", p => { window.location = enterprisesUrl + "?region=" + data.regions[p.dataIndex].code; });
  const sections = echarts.init(document.getElementById("chart-sections"));
  sections.setOption({
    tooltip: zl.tooltip({trigger: "item", formatter: p => zl.html`${p.name}: ${zl.count(p.value)} (${zl.percent(p.percent)})`}),
    series: [{type: "pie", radius: ["35%", "70%"], data: data.sections.map(s => ({name: s.code + " " + s.name, value: s.count, code: s.code}))}],
  });
  sections.on("click", p => { window.location = enterprisesUrl + "?industry=" + p.data.code; });
  window.addEventListener("resize", () => { regions.resize(); sections.resize(); });
})();
