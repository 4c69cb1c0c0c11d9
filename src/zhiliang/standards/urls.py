from django.urls import path

from zhiliang.core.record_pages import EDITABLE, record_urls
from zhiliang.standards import views

APPLIED = {"name": "applied", "sep": "_", "pages": EDITABLE, "names": {"list": "applied_list"}}

app_name = "standards"
urlpatterns = [
    *record_urls(views, "Standard", name="standard", sep="_", pages=EDITABLE),
    path("adoptions/<int:pk>/delete/", views.AdoptionDelete.as_view(), name="adoption_delete"),
    path("draftings/<int:pk>/delete/", views.DraftingDelete.as_view(), name="drafting_delete"),
    path("<int:pk>/review/", views.ReviewSave.as_view(), name="review_save"),
    path("<int:pk>/adoption/", views.AdoptionSave.as_view(), name="adoption_save"),
    path("<int:pk>/drafting/", views.DraftingSave.as_view(), name="drafting_save"),
    *record_urls(views, "EnterpriseStandard", "applied/", **APPLIED),
    path("adoptions/", views.AdoptionList.as_view(), name="adoptions"),
    path("draftings/", views.DraftingList.as_view(), name="draftings"),
    *record_urls(views, "Pilot", "pilots/", name="pilot", sep="_", pages=EDITABLE),
]
