from django.urls import path

from zhiliang.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.StandardList.as_view(), name="standards"),
    path("new/", views.StandardNew.as_view(), name="standard_new"),
    path("<int:pk>/", views.StandardDetail.as_view(), name="standard"),
    path("<int:pk>/review/", views.ReviewSave.as_view(), name="review_save"),
    path("<int:pk>/adoption/", views.AdoptionSave.as_view(), name="adoption_save"),
    path("<int:pk>/drafting/", views.DraftingSave.as_view(), name="drafting_save"),
    path("applied/", views.EnterpriseStandardList.as_view(), name="applied_list"),
    path("applied/new/", views.EnterpriseStandardNew.as_view(), name="applied_new"),
    path("applied/<int:pk>/", views.EnterpriseStandardDetail.as_view(), name="applied"),
    path("adoptions/", views.AdoptionList.as_view(), name="adoptions"),
    path("draftings/", views.DraftingList.as_view(), name="draftings"),
    path("pilots/", views.PilotList.as_view(), name="pilots"),
    path("pilots/new/", views.PilotNew.as_view(), name="pilot_new"),
    path("pilots/<int:pk>/", views.PilotDetail.as_view(), name="pilot"),
]
