from django.urls import path

from zhiliang.earlywarning.views import public_warnings
from zhiliang.inspections.views.results import public_results
from zhiliang.public import views
from zhiliang.recognition.public import holders as public_holders

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("serious-violations/", views.serious, name="serious"),
    path("penalties/", views.penalties, name="penalties"),
    path("recalls/", views.recalls, name="recalls"),
    path("sampling/", public_results, name="sampling"),
    path("risk-warnings/", public_warnings, name="warnings"),
    path("download/<str:name>/<str:fmt>/", views.download, name="download"),
    path("title-holders/", public_holders, name="holders"),
]
