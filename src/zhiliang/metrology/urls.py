from django.urls import path

from zhiliang.core.record_pages import CREATED, record_urls
from zhiliang.metrology import views

app_name = "metrology"
urlpatterns = [
    *record_urls(views, "Campaign", name="campaign", sep="_", pages=CREATED),
    *record_urls(views, "Check", "checks/", name="check"),
    *record_urls(views, "EnergyUnit", "energy-units/", name="energy_unit"),
    path("energy-units/<int:pk>/meters/", views.MeterConfigSave.as_view(), name="meter_save"),
]
