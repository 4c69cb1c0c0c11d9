(function () {
  const phases = JSON.parse(document.getElementById("timeline-data").textContent);
  const chart = echarts.init(document.getElementById("chart-phases"));
  const day = s => new Date(s + "T00:00:00").getTime();
  chart.setOption({
    tooltip: zl.tooltip({formatter: p => { const ph = phases[p.dataIndex]; return ph ? zl.html`<div class="zl-tip-head">${ph.name}</div>${ph.start} – ${ph.end}` : ""; }}),
    grid: {left: 110, right: 30, top: 10, bottom: 30},
    xAxis: {type: "time"},
    yAxis: {type: "category", inverse: true, data: phases.map(p => p.name)},
    series: [{
      type: "custom",
      renderItem: (params, api) => {
        const start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
        const h = api.size([0, 1])[1] * 0.5;
        return {type: "rect", shape: {x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 2), height: h},
                style: {fill: "#0d6efd"}};
      },
      encode: {x: [1, 2], y: 0},
      data: phases.map((p, i) => [i, day(p.start), day(p.end)]),
    }, {
      type: "line", markLine: {symbol: "none", label: {formatter: zl.zh() ? "今天" : "today"}, lineStyle: {color: "#dc3545"},
      data: [{xAxis: Date.now()}]}, data: [],
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
