(function () {
  const data = JSON.parse(document.getElementById("ranking-data").textContent);
  const el = document.getElementById("chart-ranking");
  if (!el || !data.names.length) return;
  const colours = {A: "#198754", B: "#0d6efd", C: "#ffc107", D: "#dc3545"};
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: zl.tooltip({trigger: "axis", axisPointer: {type: "shadow"}, formatter: zl.axisTooltip((v, p) => `${zl.figure(v)} · ${data.grades[p.dataIndex]}`)}),
    grid: {left: 90, right: 40, top: 10, bottom: 30},
    xAxis: {type: "value", min: 0, max: v => Math.max(data.max || 100, v.max)},
    yAxis: {type: "category", inverse: true, data: data.names},
    series: [{
      type: "bar",
      data: data.totals.map((v, i) => ({value: v, itemStyle: {color: colours[data.grades[i]] || "#6c757d"}})),
      label: {show: true, position: "right", formatter: p => `${zl.figure(p.value)} · ${data.grades[p.dataIndex]}`},
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
