from django.urls import path

from zhiliang.metrology import views

app_name = "metrology"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="campaigns"),
    path("new/", views.CampaignNew.as_view(), name="campaign_new"),
    path("<int:pk>/", views.CampaignDetail.as_view(), name="campaign"),
    path("checks/", views.CheckList.as_view(), name="checks"),
    path("checks/<int:pk>/", views.CheckDetail.as_view(), name="check"),
    path("energy-units/", views.EnergyUnitList.as_view(), name="energy_units"),
    path("energy-units/<int:pk>/", views.EnergyUnitDetail.as_view(), name="energy_unit"),
    path("energy-units/<int:pk>/meters/", views.MeterConfigSave.as_view(), name="meter_save"),
]
