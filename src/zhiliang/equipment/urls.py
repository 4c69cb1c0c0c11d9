from django.urls import path

from zhiliang.equipment import views

app_name = "equipment"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("export.xlsx", views.unit_export, name="unit_export"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/override/", views.unit_override, name="unit_override"),
    path("<int:pk>/inspect/", views.unit_inspect, name="unit_inspect"),
    path("board/", views.board, name="board"),
    path("board/field.xlsx", views.field_list_export, name="field_export"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/export.xlsx", views.inspection_export, name="inspection_export"),
    path("operators/", views.operator_list, name="operator_list"),
    path("operators/export.xlsx", views.operator_export, name="operator_export"),
    path("operators/<int:pk>/", views.operator_detail, name="operator_detail"),
    path("operators/<int:pk>/reveal/", views.operator_reveal, name="operator_reveal"),
]
