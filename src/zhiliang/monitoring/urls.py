from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.monitoring import views

app_name = "monitoring"
urlpatterns = [
    *record_urls(views, "Plan", name="plan", sep="_", pages=CREATED),
    path("<int:pk>/items/", views.ItemAdd.as_view(), name="item_add"),
    *record_urls(views, "Purchase", "purchases/", name="purchase", sep="_", pages=CREATED),
    path("purchases/<int:pk>/results/", views.ResultAdd.as_view(), name="result_add"),
    path("purchases/<int:pk>/case/", views.OpenCase.as_view(), name="open_case"),
]
