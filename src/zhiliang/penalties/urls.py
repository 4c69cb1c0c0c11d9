from django.urls import path

from zhiliang.penalties import serious_views as sv
from zhiliang.penalties import views

app_name = "penalties"
urlpatterns = [
    path("", views.PenaltyList.as_view(), name="penalties"),
    path("<int:pk>/", views.PenaltyDetail.as_view(), name="penalty"),
    path("<int:pk>/overturn/", views.PenaltyOverturn.as_view(), name="penalty-overturn"),
    path("<int:pk>/repair/", sv.RepairApply.as_view(), name="penalty-repair"),
    path("abnormal/", views.ListingList.as_view(), name="listings"),
    path("abnormal/<int:pk>/", views.ListingDetail.as_view(), name="listing"),
    path("abnormal/<int:pk>/remove/", views.ListingRemove.as_view(), name="listing-remove"),
    path("serious/", sv.SeriousList.as_view(), name="serious-list"),
    path("serious/<int:pk>/", sv.SeriousDetail.as_view(), name="serious"),
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
    path("serious/<int:pk>/notify/", sv.SeriousNotify.as_view(), name="serious-notify"),
    path("serious/<int:pk>/drop/", sv.SeriousDrop.as_view(), name="serious-drop"),
    path("serious/<int:pk>/decide/", sv.SeriousDecide.as_view(), name="serious-decide"),
    path("serious/<int:pk>/publish/", sv.SeriousPublish.as_view(), name="serious-publish"),
    path(
        "serious/<int:pk>/apply-removal/",
        sv.SeriousApplyRemoval.as_view(),
        name="serious-apply_removal",
    ),
    path(
        "serious/<int:pk>/grant-removal/",
        sv.SeriousGrantRemoval.as_view(),
        name="serious-grant_removal",
    ),
    path(
        "serious/<int:pk>/refuse-removal/",
        sv.SeriousRefuseRemoval.as_view(),
        name="serious-refuse_removal",
    ),
    path("serious/<int:pk>/evidence/", sv.SeriousEvidenceAdd.as_view(), name="serious-evidence"),
    path(
        "serious/<int:pk>/evidence/<int:evidence_pk>/",
        sv.serious_evidence_file,
        name="serious-evidence-file",
    ),
    path("repairs/", sv.RepairList.as_view(), name="repairs"),
    path("repairs/<int:pk>/", sv.RepairDetail.as_view(), name="repair"),
    path("repairs/<int:pk>/grant/", sv.RepairGrant.as_view(), name="repair-grant"),
    path("repairs/<int:pk>/refuse/", sv.RepairRefuse.as_view(), name="repair-refuse"),
    path("repairs/<int:pk>/evidence/", sv.RepairEvidenceAdd.as_view(), name="repair-evidence"),
    path(
        "repairs/<int:pk>/evidence/<int:evidence_pk>/",
        sv.repair_evidence_file,
        name="repair-evidence-file",
    ),
    path("repairs/repaired.<str:fmt>", sv.repaired_export, name="repaired-export"),
]
