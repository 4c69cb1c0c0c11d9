"""The Content-Security-Policy: every page sends it, nothing in the templates needs more, the
charts build their tooltips through the one escape helper, and nginx sends the same policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SRC = Path(settings.BASE_DIR)
REPO = SRC.parents[1]


def parse(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def assert_strict(policy: str, where: str) -> None:
    d = parse(policy)
    scripts = d.get("script-src", d.get("default-src"))
    styles = d.get("style-src", d.get("default-src"))
    assert d["default-src"] == ["'self'"], where
    assert scripts == ["'self'"], where  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert "'unsafe-inline'" not in styles and "'unsafe-eval'" not in styles, where
    assert d["object-src"] == ["'none'"], where
    assert d["base-uri"] == ["'self'"], where
    assert d["frame-ancestors"] == ["'none'"], where
    assert d["form-action"] == ["'self'"], where
    assert not any("unsafe" in v for values in d.values() for v in values), where


@pytest.mark.parametrize(
    "url, login",
    [
        ("/login/", False),
        ("/", True),
        ("/enterprises/", True),
        ("/plans/", True),
        ("/sampling/statistics/", True),
        ("/indicators/", True),
        ("/api/docs/", True),
        ("/admin/login/", False),
        ("/no-such-page/", True),
    ],
)
def test_every_page_sends_the_strict_policy(client, make_user, url, login):
    if login:
        client.force_login(make_user("viewer", "320412"))
    response = client.get(url, follow=True)
    assert response["Content-Type"].startswith("text/html"), url
    assert_strict(response["Content-Security-Policy"], url)


def test_api_docs_start_swagger_from_a_script_file(client, make_user):
    client.force_login(make_user("viewer", "320412"))
    page = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script>|<style", page)
    script = re.search(r'<script src="([^"]*\?[^"]*script=[^"]*)"', page).group(1)
    code = client.get(script.replace("&amp;", "&"))
    assert code.status_code == 200
    assert code["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in code.content.decode()


# What the CSP forbids in markup: a <script> with code (src= or a JSON data block are fine),
# <style> elements, style= attributes, on*= handlers, javascript: URLs, htmx's hx-on (eval).
FORBIDDEN = [
    (r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", "inline <script>"),
    (r"<style\b", "<style> element"),
    (r"\sstyle\s*=", "style= attribute"),
    (r"\son[a-z]+\s*=", "on*= handler"),
    (r"javascript:", "javascript: URL"),
    (r"\shx-on", "hx-on handler"),
]


def our_templates():
    """Every template of ours, and our copies of third-party ones (web/overrides)."""
    return sorted(p for p in SRC.rglob("*.html") if "static" not in p.parts)


def test_templates_have_no_inline_code_or_styles():
    templates = our_templates()
    assert len(templates) > 50
    found = []
    for path in templates:
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"))  # comments
        for pattern, what in FORBIDDEN:
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(SRC)}:{line}: {what}")
    assert found == []


def test_every_chart_tooltip_goes_through_the_escape_helper():
    """Chart tooltips are HTML: each is built by zl.tooltip, its formatter by zl.html or
    zl.axisTooltip (web/escape.js), so a new chart that builds HTML by hand fails here."""
    scripts = [p for p in SRC.glob("*/static/*/*.js") if "echarts.init" in p.read_text()]
    assert len(scripts) >= 5
    unescaped = []
    for path in scripts:
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not re.search(r"\btooltip\s*:", line):
                continue
            helper = re.search(r"\btooltip\s*:\s*zl\.tooltip\(", line)
            formatter = "formatter" not in line or re.search(
                r"formatter\s*:.*\bzl\.(html|axisTooltip)\b", line
            )
            if not (helper and formatter):
                unescaped.append(f"{path.relative_to(SRC)}:{n}")
    assert unescaped == []


def test_nginx_sends_the_same_policy_only_where_django_does_not():
    from csp.utils import build_policy

    conf = (REPO / "deploy" / "nginx.conf").read_text()
    block = re.search(
        r"map \$upstream_http_content_security_policy \$zhiliang_csp \{(.*?)\}", conf, re.S
    )
    assert block, "nginx.conf has no CSP map"
    own = re.search(r'^\s*""\s+"([^"]+)";', block.group(1), re.M).group(1)
    assert re.search(r'^\s*default\s+"";', block.group(1), re.M)  # Django's header: nothing added
    assert parse(own) == parse(build_policy())
    assert_strict(own, "nginx.conf")
    assert re.search(r"add_header Content-Security-Policy \$zhiliang_csp always;", conf)
    assert len(re.findall(r"add_header Content-Security-Policy", conf)) == 1


def test_history_pages_use_the_copy_without_inline_style():
    from django.template.loader import get_template

    origin = Path(get_template("simple_history/object_history_list.html").origin.name)
    assert origin.is_relative_to(SRC / "web" / "overrides")
