"""Health URLs for load balancers and monitoring: no login, JSON, never cached, and nothing in
the body a stranger could use (no versions, hosts, paths or error text). Function views on
purpose: the page bases require a login, these must not."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhiliang.jobs import health


@never_cache
@require_safe
def live(request):
    """The web process answers (touches nothing else)."""
    return JsonResponse({"status": "ok", "checks": {}})


@never_cache
@require_safe
def ready(request):
    """200 when every check passes, else 503; each check is "ok" or "fail"."""
    results = health.run_checks()
    ok = all(results.values())
    body = {
        "status": "ok" if ok else "fail",
        "checks": {name: "ok" if good else "fail" for name, good in results.items()},
    }
    return JsonResponse(body, status=200 if ok else 503)
