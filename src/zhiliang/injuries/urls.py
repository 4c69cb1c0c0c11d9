from django.urls import path

from zhiliang.injuries import views

app_name = "injuries"
urlpatterns = [
    path("", views.CaseList.as_view(), name="cases"),
    path("new/", views.CaseNew.as_view(), name="case_new"),
    path("<int:pk>/", views.CaseDetail.as_view(), name="case"),
    path("hospitals/", views.HospitalList.as_view(), name="hospitals"),
    path("hospitals/new/", views.HospitalNew.as_view(), name="hospital_new"),
    path("hospitals/<int:pk>/", views.HospitalDetail.as_view(), name="hospital"),
    path("hospitals/<int:pk>/correct/", views.HospitalCorrect.as_view(), name="hospital_correct"),
    path("estimates/", views.Estimates.as_view(), name="estimates"),
]
