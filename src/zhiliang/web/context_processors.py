from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission needed, icon)
NAVIGATION = [
    (_("Home"), "home", None, "speedometer2"),
    (_("Plans"), "plans:list", "plans.view_plan", "clipboard-check"),
    (_("My tasks"), "plans:my-tasks", "plans.add_progressreport", "list-check"),
    (_("Supervision notices"), "plans:notices", "plans.view_supervisionnotice", "bell"),
    (_("Enterprises"), "enterprises:list", "enterprises.view_enterprise", "building"),
    (_("Imports"), "imports:list", "imports.view_importbatch", "upload"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    items = [
        {
            "label": label,
            "url": reverse(name),
            "icon": icon,
            "active": request.path == reverse(name)
            or (name != "home" and request.path.startswith(reverse(name))),
        }
        for label, name, perm, icon in NAVIGATION
        if perm is None or user.has_perm(perm)
    ]
    return {"nav_items": items}
