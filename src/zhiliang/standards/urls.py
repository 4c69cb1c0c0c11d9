from django.urls import path

from zhiliang.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.StandardList.as_view(), name="standards"),
    path("new/", views.StandardNew.as_view(), name="standard_new"),
    path("<int:pk>/", views.StandardDetail.as_view(), name="standard"),
    path("<int:pk>/edit/", views.StandardEdit.as_view(), name="standard_edit"),
    path("<int:pk>/delete/", views.StandardDelete.as_view(), name="standard_delete"),
    path("adoptions/<int:pk>/delete/", views.AdoptionDelete.as_view(), name="adoption_delete"),
    path("draftings/<int:pk>/delete/", views.DraftingDelete.as_view(), name="drafting_delete"),
    path("<int:pk>/review/", views.ReviewSave.as_view(), name="review_save"),
    path("<int:pk>/adoption/", views.AdoptionSave.as_view(), name="adoption_save"),
    path("<int:pk>/drafting/", views.DraftingSave.as_view(), name="drafting_save"),
    path("applied/", views.EnterpriseStandardList.as_view(), name="applied_list"),
    path("applied/new/", views.EnterpriseStandardNew.as_view(), name="applied_new"),
    path("applied/<int:pk>/", views.EnterpriseStandardDetail.as_view(), name="applied"),
    path("applied/<int:pk>/edit/", views.EnterpriseStandardEdit.as_view(), name="applied_edit"),
    path(
        "applied/<int:pk>/delete/", views.EnterpriseStandardDelete.as_view(), name="applied_delete"
    ),
    path("adoptions/", views.AdoptionList.as_view(), name="adoptions"),
    path("draftings/", views.DraftingList.as_view(), name="draftings"),
    path("pilots/", views.PilotList.as_view(), name="pilots"),
    path("pilots/new/", views.PilotNew.as_view(), name="pilot_new"),
    path("pilots/<int:pk>/", views.PilotDetail.as_view(), name="pilot"),
    path("pilots/<int:pk>/edit/", views.PilotEdit.as_view(), name="pilot_edit"),
    path("pilots/<int:pk>/delete/", views.PilotDelete.as_view(), name="pilot_delete"),
]
