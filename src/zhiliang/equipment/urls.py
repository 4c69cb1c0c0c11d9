from django.urls import path

from zhiliang.equipment import views

app_name = "equipment"
urlpatterns = [
    path("", views.UnitList.as_view(), name="unit_list"),
    path("export.xlsx", views.UnitList.as_view(always_export=True), name="unit_export"),
    path("<int:pk>/", views.UnitDetail.as_view(), name="unit_detail"),
    path("<int:pk>/override/", views.UnitOverride.as_view(), name="unit_override"),
    path("<int:pk>/inspect/", views.UnitInspect.as_view(), name="unit_inspect"),
    path("board/", views.Board.as_view(), name="board"),
    path("board/field.xlsx", views.FieldListExport.as_view(), name="field_export"),
    path("inspections/", views.InspectionList.as_view(), name="inspection_list"),
    path(
        "inspections/export.xlsx",
        views.InspectionList.as_view(always_export=True),
        name="inspection_export",
    ),
    path("operators/", views.OperatorList.as_view(), name="operator_list"),
    path(
        "operators/export.xlsx",
        views.OperatorList.as_view(always_export=True),
        name="operator_export",
    ),
    path("operators/<int:pk>/", views.OperatorDetail.as_view(), name="operator_detail"),
    path("operators/<int:pk>/reveal/", views.OperatorReveal.as_view(), name="operator_reveal"),
]
