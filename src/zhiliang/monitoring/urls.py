from django.urls import path

from zhiliang.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.PlanList.as_view(), name="plans"),
    path("new/", views.PlanNew.as_view(), name="plan_new"),
    path("<int:pk>/", views.PlanDetail.as_view(), name="plan"),
    path("<int:pk>/items/", views.ItemAdd.as_view(), name="item_add"),
    path("purchases/", views.PurchaseList.as_view(), name="purchases"),
    path("purchases/new/", views.PurchaseNew.as_view(), name="purchase_new"),
    path("purchases/<int:pk>/", views.PurchaseDetail.as_view(), name="purchase"),
    path("purchases/<int:pk>/results/", views.ResultAdd.as_view(), name="result_add"),
    path("purchases/<int:pk>/case/", views.OpenCase.as_view(), name="open_case"),
]
