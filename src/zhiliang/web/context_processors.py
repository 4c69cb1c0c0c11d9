from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Top-level entries and menus: (label, url name, permission needed, icon) or
# (label, icon, [entries], key). A menu shows when the user may open one of its entries.
NAVIGATION = [
    (_("Home"), "home", None, "speedometer2"),
    (
        _("Plans"),
        "clipboard-check",
        [
            (_("Plans"), "plans:list", "plans.view_plan", "clipboard-check"),
            (_("Tasks"), "plans:tasks", "plans.view_task", "list-task"),
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
            (
                _("Special equipment"),
                "equipment:unit_list",
                "equipment.view_equipmentunit",
                "gear-wide-connected",
            ),
            (_("Overdue board"), "equipment:board", "equipment.view_equipmentunit", "alarm"),
            (
                _("Periodic inspections"),
                "equipment:inspection_list",
                "equipment.view_periodicinspection",
                "clipboard2-check",
            ),
            (_("Operators"), "equipment:operator_list", "equipment.view_operator", "person-badge"),
            (
                _("Certificates and licences"),
                "licensing:certificates",
                "licensing.view_certificate",
                "patch-check",
            ),
            (
                _("Measuring instruments"),
                "licensing:instruments",
                "licensing.view_instrument",
                "speedometer",
            ),
            (
                _("Administrative penalties"),
                "penalties:penalties",
                "penalties.view_penalty",
                "hammer",
            ),
            (
                _("Abnormal operation list"),
                "penalties:listings",
                "penalties.view_abnormallisting",
                "exclamation-octagon",
            ),
            (
                _("Serious-violation list"),
                "penalties:serious-list",
                "penalties.view_seriousviolation",
                "slash-circle",
            ),
            (
                _("Repair applications"),
                "penalties:repairs",
                "penalties.view_penaltyrepair",
                "bandaid",
            ),
            (
                _("Complaints"),
                "complaints:list",
                "complaints.view_complaint",
                "telephone-inbound",
            ),
            (
                _("Product injuries"),
                "injuries:cases",
                "injuries.view_injurycase",
                "bandaid",
            ),
            (
                _("Satisfaction surveys"),
                "satisfaction:list",
                "satisfaction.view_survey",
                "emoji-smile",
            ),
            (
                _("Metrology campaigns"),
                "metrology:campaigns",
                "metrology.view_campaign",
                "rulers",
            ),
            (
                _("Key energy-using units"),
                "metrology:energy_units",
                "metrology.view_energyunit",
                "lightning-charge",
            ),
            (
                _("Testing bodies"),
                "infrastructure:laboratories",
                "infrastructure.view_laboratory",
                "eyedropper",
            ),
            (
                _("TBT notifications"),
                "infrastructure:notices",
                "infrastructure.view_notice",
                "globe",
            ),
            (
                _("Chief quality officers"),
                "infrastructure:officers",
                "infrastructure.view_appointment",
                "person-check",
            ),
            (
                _("Evaluation rounds"),
                "recognition:rounds",
                "recognition.view_round",
                "award",
            ),
            (
                _("Title holders"),
                "recognition:holders",
                "recognition.view_holder",
                "patch-check",
            ),
            (_("Standards"), "standards:standards", "standards.view_standard", "journal-text"),
            (_("Imports"), "imports:list", "imports.view_importbatch", "upload"),
        ],
        "registries",
    ),
    (
        _("Cases"),
        "alarm",
        [
            (_("Deadlines"), "cases:timer", "cases.view_case", "hourglass-split"),
            (_("Accidents"), "cases:accidents", "cases.view_case", "exclamation-triangle"),
            (_("Supervised cases"), "cases:supervised", "cases.view_case", "flag"),
            (_("Foreign recalls"), "cases:foreign-list", "cases.view_foreignrecall", "globe"),
        ],
        "cases",
    ),
    (
        _("Sampling"),
        "clipboard-data",
        [
            (_("Sampling plans"), "inspections:plans", "inspections.view_samplingplan", "shuffle"),
            (
                pgettext_lazy("menu", "Draws"),
                "inspections:draws",
                "inspections.view_draw",
                "dice-5",
            ),
            (_("Samples"), "inspections:samples", "inspections.view_sample", "eyedropper"),
            (_("Follow-up"), "inspections:followups", "inspections.view_followup", "arrow-repeat"),
            (_("Inspectors"), "inspections:inspectors", "inspections.view_inspector", "people"),
            (_("Statistics"), "inspections:statistics", "inspections.view_sample", "graph-up"),
            (_("Published results"), "public:sampling", None, "megaphone"),
        ],
        "sampling",
    ),
    (
        _("Credit"),
        "shield-check",
        [
            (_("Credit risk classes"), "credit:classes", "credit.view_creditclass", "shield-check"),
            (_("Credit records"), "credit:records", "credit.view_creditrecord", "journal-text"),
            (_("Backtest"), "credit:backtest", "credit.view_backtest", "graph-up"),
        ],
        "credit",
    ),
    (
        _("Risk"),
        "shield-exclamation",
        [
            (_("Risk overview"), "risk:page", "risk.view_signal", "shield-exclamation"),
            (_("Signals"), "risk:signals", "risk.view_signal", "activity"),
            (_("Risk information"), "risk:information", "risk.view_riskinformation", "info-circle"),
            (_("Risk monitoring"), "monitoring:plans", "monitoring.view_plan", "cart-check"),
            (
                _("Risk assessments"),
                "warnings:assessments",
                "earlywarning.view_riskassessment",
                "clipboard-check",
            ),
            (_("Warnings"), "warnings:warnings", "earlywarning.view_riskwarning", "megaphone"),
            (_("Yellow and red cards"), "warnings:cards", "earlywarning.view_card", "flag"),
            (
                _("Actions from warnings"),
                "warnings:actions",
                "earlywarning.view_action",
                "lightning",
            ),
        ],
        "risk",
    ),
    (
        _("Indicators"),
        "bar-chart",
        [
            (_("Indicators"), "indicators:catalogue", "indicators.view_indicator", "bar-chart"),
            (
                _("Reported values"),
                "indicators:reported",
                "indicators.view_reportedvalue",
                "pencil-square",
            ),
            (
                _("Indicator computations"),
                "indicators:runs",
                "indicators.view_indicatorvalue",
                "cpu",
            ),
            (_("Assessment"), "assessments:schemes", "assessments.view_assessmentscheme", "award"),
        ],
        "indicators",
    ),
    (_("Audit"), "audit:trail", "core.view_audit_trail", "journal-text"),
]


@lru_cache(maxsize=256)
def _url(name: str, prefix: str) -> str:
    return reverse(name)


def _entry(request, label, name, icon):
    # ~50 entries on every page: each reversed once per script prefix, not per page.
    url = _url(name, get_script_prefix())
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
