from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Top-level entries and menus: (label, url name, permission needed, icon) or
# (label, icon, [entries], key). A menu shows when the user may open one of its entries.
NAVIGATION = [
    (_("Home"), "home", None, "speedometer2"),
    (
        _("Plans"),
        "clipboard-check",
        [
            (_("Plans"), "plans:list", "plans.view_plan", "clipboard-check"),
            (_("My tasks"), "plans:my-tasks", "plans.add_progressreport", "list-check"),
            (_("Supervision notices"), "plans:notices", "plans.view_supervisionnotice", "bell"),
        ],
        "plans",
    ),
    (
        _("Registries"),
        "building",
        [
            (_("Enterprises"), "enterprises:list", "enterprises.view_enterprise", "building"),
            (_("Imports"), "imports:list", "imports.view_importbatch", "upload"),
        ],
        "registries",
    ),
]


def _entry(request, label, name, icon):
    url = reverse(name)
    active = request.path == url or (name != "home" and request.path.startswith(url))
    return {"label": label, "url": url, "icon": icon, "active": active}


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    items = []
    for item in NAVIGATION:
        if isinstance(item[2], list):
            label, icon, entries, key = item
            children = [
                _entry(request, *entry[:2], entry[3])
                for entry in entries
                if entry[2] is None or user.has_perm(entry[2])
            ]
            if children:
                items.append(
                    {
                        "label": label,
                        "key": key,
                        "icon": icon,
                        "children": children,
                        "active": any(c["active"] for c in children),
                    }
                )
        elif item[2] is None or user.has_perm(item[2]):
            items.append(_entry(request, item[0], item[1], item[3]))
    return {"nav_items": items}
