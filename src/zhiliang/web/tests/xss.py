"""Browser checks shared by the chart pages' XSS tests (each app's test_xss_browser.py).

A chart page is opened with records named like markup; every data point's tooltip is shown
through ECharts' own showTip action (what hovering does), and the page must show the names as
text, run none of them, raise no CSP violation of its own, and block an injected inline script.
"""

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"

# Installed before any page script runs: collects the CSP violations the page raises.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

# Show the tooltip of every data point of every series, collect what each tooltip says.
SHOW_TIPS = """selector => {
  const box = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(box);
  const texts = [];
  chart.getOption().series.forEach((series, seriesIndex) => {
    (series.data || []).forEach((_, dataIndex) => {
      chart.dispatchAction({type: "showTip", seriesIndex, dataIndex});
      texts.push(box.innerText);
    });
  });
  const count = tag => box.querySelectorAll(tag).length;
  return {texts, images: count("img"), scripts: count("script")};
}"""

INJECT = """() => {
  const s = document.createElement("script");
  s.textContent = "window.__inline = 1";
  document.body.append(s);
}"""


def watch(page) -> list[str]:
    """Record CSP violations and console errors from the next page on."""
    page.add_init_script(WATCH)
    errors = []

    def console(message):
        # The browser asks for /favicon.ico on its own; the site has none.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def assert_chart_shows_names_as_text(page, selector: str, names, errors: list[str]) -> None:
    page.wait_for_selector(f"{selector} canvas")
    shown = page.evaluate(SHOW_TIPS, selector)
    tips = "\n".join(shown["texts"])
    for name in names:
        assert name in tips, f"{name} is not shown as text in a tooltip of {selector}"
    assert shown["images"] == 0 and shown["scripts"] == 0
    assert page.evaluate("window.__xss") is None
    violations = page.evaluate("window.__csp")
    assert violations == [], violations
    assert errors == []


def assert_inline_script_blocked(page) -> None:
    page.evaluate(INJECT)
    assert page.evaluate("window.__inline") is None  # an inline script runs as it is added
    page.wait_for_function("() => window.__csp.length > 0")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
