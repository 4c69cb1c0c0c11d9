from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from zhiliang.core.api.views import TokenView
from zhiliang.jobs import views as health_views

api_patterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("zhiliang.core.api.urls")),
    path("", include("zhiliang.enterprises.api.urls")),
    path("", include("zhiliang.plans.api.urls")),
    path("", include("zhiliang.inspections.api.urls")),
    path("", include("zhiliang.equipment.api.urls")),
    path("", include("zhiliang.licensing.api.urls")),
    path("", include("zhiliang.penalties.api.urls")),
    path("", include("zhiliang.complaints.api.urls")),
    path("", include("zhiliang.injuries.api.urls")),
    path("", include("zhiliang.cases.api.urls")),
    path("", include("zhiliang.credit.api.urls")),
    path("", include("zhiliang.risk.api.urls")),
    path("", include("zhiliang.satisfaction.api.urls")),
    path("", include("zhiliang.metrology.api.urls")),
    path("", include("zhiliang.infrastructure.api.urls")),
    path("", include("zhiliang.recognition.api.urls")),
    path("", include("zhiliang.standards.api.urls")),
    path("", include("zhiliang.indicators.api.urls")),
    path("", include("zhiliang.assessments.api.urls")),
    path("", include("zhiliang.monitoring.api.urls")),
    path("", include("zhiliang.earlywarning.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads Swagger UI's start-up code as a script file, not inline (the CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="web/swagger_ui.html"
        ),
        name="api-docs",
    ),
]

urlpatterns = [
    path("healthz/live", health_views.live, name="healthz-live"),
    path("healthz/ready", health_views.ready, name="healthz-ready"),
    path("api/", include(api_patterns)),
    # One password change for everyone (it revokes tokens and is logged), the admin's too.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="password_change"),
        name="admin-password-change",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("enterprises/", include("zhiliang.enterprises.urls")),
    path("imports/", include("zhiliang.imports.urls")),
    path("plans/", include("zhiliang.plans.urls")),
    path("sampling/", include("zhiliang.inspections.urls")),
    path("equipment/", include("zhiliang.equipment.urls")),
    path("licensing/", include("zhiliang.licensing.urls")),
    path("penalties/", include("zhiliang.penalties.urls")),
    path("complaints/", include("zhiliang.complaints.urls")),
    path("injuries/", include("zhiliang.injuries.urls")),
    path("cases/", include("zhiliang.cases.urls")),
    path("credit/", include("zhiliang.credit.urls")),
    path("risk/", include("zhiliang.risk.urls")),
    path("satisfaction/", include("zhiliang.satisfaction.urls")),
    path("metrology/", include("zhiliang.metrology.urls")),
    path("infrastructure/", include("zhiliang.infrastructure.urls")),
    path("recognition/", include("zhiliang.recognition.urls")),
    path("standards/", include("zhiliang.standards.urls")),
    path("indicators/", include("zhiliang.indicators.urls")),
    path("assessments/", include("zhiliang.assessments.urls")),
    path("monitoring/", include("zhiliang.monitoring.urls")),
    path("audit/", include("zhiliang.audit.urls")),
    path("public/", include("zhiliang.public.urls")),
    path("earlywarning/", include("zhiliang.earlywarning.urls")),
    path("", include("zhiliang.web.urls")),
]

handler400 = "zhiliang.core.api.errors.handler400"
handler403 = "zhiliang.core.api.errors.handler403"
handler404 = "zhiliang.core.api.errors.handler404"
handler500 = "zhiliang.core.api.errors.handler500"
