from django.urls import path

from zhiliang.core.record_pages import record_urls
from zhiliang.penalties import serious_views as sv
from zhiliang.penalties import views

EVIDENCE = ("evidence", "EvidenceAdd")  # SeriousEvidenceAdd, RepairEvidenceAdd
SERIOUS = {"list": "serious-list"}
SERIOUS_ACTS = ["notify", "drop", "decide", "publish", "apply_removal", "grant_removal",
                "refuse_removal", EVIDENCE]  # fmt: skip

app_name = "penalties"
urlpatterns = [
    *record_urls(views, "Penalty", name="penalty", plural="penalties", actions=["overturn"]),
    path("<int:pk>/repair/", sv.RepairApply.as_view(), name="penalty-repair"),
    *record_urls(views, "Listing", "abnormal/", name="listing", actions=["remove"]),
    *record_urls(sv, "Serious", "serious/", name="serious", names=SERIOUS, actions=SERIOUS_ACTS),
    path(
        "serious/propose/enterprise/<int:pk>/",
        sv.SeriousProposeForEnterprise.as_view(),
        name="serious-propose-enterprise",
    ),
    path(
        "serious/propose/penalty/<int:pk>/",
        sv.SeriousProposeForPenalty.as_view(),
        name="serious-propose-penalty",
    ),
    path(
        "serious/<int:pk>/evidence/<int:evidence_pk>/",
        sv.serious_evidence_file,
        name="serious-evidence-file",
    ),
    *record_urls(sv, "Repair", "repairs/", name="repair", actions=["grant", "refuse", EVIDENCE]),
    path(
        "repairs/<int:pk>/evidence/<int:evidence_pk>/",
        sv.repair_evidence_file,
        name="repair-evidence-file",
    ),
    path("repairs/repaired.<str:fmt>", sv.repaired_export, name="repaired-export"),
]
