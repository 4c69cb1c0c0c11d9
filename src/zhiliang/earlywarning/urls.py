from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.earlywarning import views

app_name = "warnings"
urlpatterns = [
    path("list/", views.WarningList.as_view(), name="warnings"),
    *record_urls(
        views, "Warning", name="warning", pages=("new", "detail"), actions=["publish", "withdraw"]
    ),
    path("<int:pk>/notice.docx", views.WarningDocx.as_view(), name="warning-docx"),
    path("<int:pk>/act/<str:kind>/", views.WarningAct.as_view(), name="warning-act"),
    *record_urls(
        views, "Assessment", "assessments/", name="assessment", pages=CREATED, actions=["decide"]
    ),
    *record_urls(views, "Card", "cards/", name="card", pages=CREATED, actions=["lift"]),
    path("cards/<int:pk>/act/<str:kind>/", views.CardAct.as_view(), name="card-act"),
    path("actions/", views.ActionList.as_view(), name="actions"),
]
