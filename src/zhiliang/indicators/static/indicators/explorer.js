(function () {
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const params = new URLSearchParams(window.location.search);
  const charts = [];
  const fixed = v => zl.inUnit(v, data.unit);
  const percent = data.unit === "%";
  const rankingBox = document.getElementById("chart-ranking");
  if (rankingBox && data.ranking.length) {
    const rows = data.ranking.slice().reverse();  // the best on top
    const chart = echarts.init(rankingBox);
    chart.setOption({
      tooltip: zl.tooltip({trigger: "axis", axisPointer: {type: "shadow"}, formatter: zl.axisTooltip(fixed)}),
      grid: {left: 120, right: 60, top: 10, bottom: 30},
      xAxis: {type: "value", name: data.unit, ...(percent ? {max: 100} : {})},
      yAxis: {type: "category", data: rows.map(r => r.name)},
      series: [{type: "bar", data: rows.map(r => r.value), itemStyle: {color: "#0d6efd"},
                label: {show: true, position: "right", formatter: p => fixed(p.value)}}],
    });
    chart.on("click", p => {
      const row = rows[p.dataIndex];
      if (!row || row.code.length >= 9) return;
      params.set("region", row.code);
      window.location.search = params.toString();
    });
    charts.push(chart);
  }
  const trendBox = document.getElementById("chart-trend");
  if (trendBox) {
    const chart = echarts.init(trendBox);
    chart.setOption({
      tooltip: zl.tooltip({trigger: "axis", formatter: zl.axisTooltip(fixed)}),
      grid: {left: 60, right: 30, top: 30, bottom: 30},
      xAxis: {type: "category", data: data.trend.map(t => t.period)},
      yAxis: {type: "value", name: data.unit, scale: true, ...(percent ? zl.percentAxis : {})},
      series: [{type: "line", data: data.trend.map(t => t.value), smooth: false, symbolSize: 6}],
    });
    charts.push(chart);
  }
  window.addEventListener("resize", () => charts.forEach(c => c.resize()));
})();
