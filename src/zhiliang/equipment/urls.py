from django.urls import path

from zhiliang.core.record_pages import record_urls
from zhiliang.equipment import views

LISTED = ("list", "export", "detail")


def named(name):
    # The templates reverse this app's first names, `<record>_list` and `<record>_detail`.
    return {"list": f"{name}_list", "detail": f"{name}_detail"}


app_name = "equipment"
urlpatterns = [
    *record_urls(
        views,
        "Unit",
        name="unit",
        sep="_",
        pages=LISTED,
        names=named("unit"),
        actions=["override", "inspect"],
    ),
    path("board/", views.Board.as_view(), name="board"),
    path("board/field.xlsx", views.FieldListExport.as_view(), name="field_export"),
    *record_urls(
        views,
        "Inspection",
        "inspections/",
        name="inspection",
        sep="_",
        pages=("list", "export"),
        names=named("inspection"),
    ),
    *record_urls(
        views,
        "Operator",
        "operators/",
        name="operator",
        sep="_",
        pages=LISTED,
        names=named("operator"),
        actions=["reveal"],
    ),
]
