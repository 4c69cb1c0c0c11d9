from django.urls import path

from zhiliang.core.record_pages import record_urls
from zhiliang.equipment import views

LISTED = ("list", "export", "detail")


def records(views, stem, prefix="", *, name, **kwargs):
    # The templates reverse this app's first names, `<record>_list` and `<record>_detail`.
    names = {"list": f"{name}_list", "detail": f"{name}_detail"}
    return record_urls(views, stem, prefix, name=name, sep="_", names=names, **kwargs)


app_name = "equipment"
urlpatterns = [
    *records(views, "Unit", name="unit", pages=LISTED, actions=["override", "inspect"]),
    path("board/", views.Board.as_view(), name="board"),
    path("board/field.xlsx", views.FieldListExport.as_view(), name="field_export"),
    *records(views, "Inspection", "inspections/", name="inspection", pages=("list", "export")),
    *records(views, "Operator", "operators/", name="operator", pages=LISTED, actions=["reveal"]),
]
