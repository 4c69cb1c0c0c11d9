"""Correct and delete a registry record from its page, on the shared bases of `core.views`:
the record's page holds an edit form filled from the record (`edit_context`), posted to a
`RecordEdit` (a ServiceFormView: a refusal comes back on the form, nothing changed) and a
delete button posted to a `RecordDelete` (a ServiceActionView: a refusal is a message).

The page forms are the apps' creation forms (`actor=`, `service_data()`), whose lookup
fields are named after what they look up (`enterprise_uscc`, `region_code`,
`standard_number`): `initial_from` fills them back from the record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy

from zhiliang.core.views import ServiceActionView, ServiceFormView

# A refusal of the service (a national standard a county may not change, a record still
# referred to) is told on the form or as a message, nothing changed.
REFUSALS = (ValidationError, PermissionDenied)

# A form field `<relation>_<suffix>` shows the related record's attribute.
LOOKUPS = {"uscc": "uscc", "code": "code", "number": "number"}


def _value(obj, name):
    relation, _sep, suffix = name.rpartition("_")
    if relation and suffix in LOOKUPS and not hasattr(type(obj), name):
        related = getattr(obj, relation, None)
        return getattr(related, LOOKUPS[suffix], "") if related is not None else ""
    value = getattr(obj, name, None)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "\n".join("：".join(str(v) for v in row.values()) for row in value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return value


def initial_from(form_class, obj, drop=()) -> dict:
    return {name: _value(obj, name) for name in form_class.base_fields if name not in drop}


def edit_form(form_class, *args, actor, drop=(), **kwargs):
    """The app's page form for an existing record: without the fields a record keeps
    (`drop`, e.g. the body a testing-body entry is about)."""
    form = form_class(*args, actor=actor, **kwargs)
    for name in drop:
        form.fields.pop(name, None)
    return form


def edit_context(user, obj, *, form_class, change: str, delete: str = "", drop=()) -> dict:
    """What a record's page needs for its edit form and delete button, by the user's rights."""
    may_change = user.has_perm(change)
    return {
        "edit_form": edit_form(
            form_class, actor=user, drop=drop, initial=initial_from(form_class, obj, drop)
        )
        if may_change
        else None,
        "may_delete": bool(delete) and user.has_perm(delete),
    }


class RecordEdit(ServiceFormView):
    """POST the record's edit form → `update(actor=, <service_arg>=record, data=)`."""

    form_name = "edit_form"
    update = None  # the app's update service (declare it with staticmethod)
    service_arg = "instance"
    drop: tuple = ()
    refusals = REFUSALS
    success_message = gettext_lazy("The changes were saved.")

    def get_form(self, obj):
        return edit_form(self.form_class, self.request.POST, actor=self.request.user,
                         drop=self.drop)  # fmt: skip

    def perform(self, obj, form):
        data = {k: v for k, v in form.service_data().items() if k not in self.drop}
        return type(self).update(actor=self.request.user, data=data, **{self.service_arg: obj})


class RecordDelete(ServiceActionView):
    """POST → `delete(actor=, <service_arg>=record)` → the list; a refusal (the record is
    still referred to) is a message on the record's page."""

    delete = None  # the app's delete service (declare it with staticmethod)
    service_arg = "instance"
    list_url = ""  # a URL name without arguments
    refusals = REFUSALS
    success_message = gettext_lazy("The record was deleted.")

    def perform(self, obj, data):
        type(self).delete(actor=self.request.user, **{self.service_arg: obj})

    def next_page(self, obj, result):
        return redirect(self.list_url)

    def announce(self, obj, result) -> None:
        messages.success(self.request, self.success_message)


def record_views(*, model: str, getter, detail_view, page_url: str, list_url: str, form_class,
                 update, delete, service_arg: str, drop: tuple = ()):  # fmt: skip
    """A registry record's edit and delete pages, declared once: `model` ("<app>.<model>")
    names the change_ and delete_ permissions they need; `page_url` is the record's page."""
    app, name = model.split(".")
    common = {"getter": getter, "success_url": page_url, "service_arg": service_arg,
              "__module__": detail_view.__module__}  # fmt: skip
    stem = detail_view.__name__.removesuffix("Detail")
    edit = type(f"{stem}Edit", (RecordEdit,), {
        **common, "permission_required": f"{app}.change_{name}", "detail_view": detail_view,
        "form_class": form_class, "update": staticmethod(update), "drop": drop,
    })  # fmt: skip
    remove = type(f"{stem}Delete", (RecordDelete,), {
        **common, "permission_required": f"{app}.delete_{name}", "list_url": list_url,
        "delete": staticmethod(delete),
    })  # fmt: skip
    return edit, remove


# A record's standard pages: (the path after the record's prefix, the view class's suffix).
PAGES = {
    "list": ("", "List"),
    "export": ("export.xlsx", "List"),  # the list's own view, always as a workbook
    "new": ("new/", "New"),
    "detail": ("<int:pk>/", "Detail"),
    "edit": ("<int:pk>/edit/", "Edit"),
    "delete": ("<int:pk>/delete/", "Delete"),
}

# The pages of a registry record one may correct and delete (record_views makes the last two).
EDITABLE = ("list", "new", "detail", "edit", "delete")
CREATED = ("list", "new", "detail")  # a record made here, changed by its own actions


def _camel(word: str) -> str:
    return "".join(part.title() for part in word.split("_"))


def record_urls(views, stem, prefix="", *, name="", plural="", sep="-", pages=("list", "detail"),
                actions=(), names=None) -> list:  # fmt: skip
    """The url patterns of a record's pages, declared once. The views are `views.<stem><Page>`
    (PenaltyList, PenaltyDetail, PenaltyOverturn). The list is named `plural` (`name` + "s"),
    the detail `name`, any other page or action `<name><sep><page>` (without a `name`: the
    page's own word, "list", "detail", "advance"); `names` overrides any of them. An action
    `word` (or `(word, ClassSuffix)`) is posted to `<prefix><pk>/<word with dashes>/`."""
    default = {"list": plural or (f"{name}s" if name else "list"), "detail": name or "detail"}
    names = names or {}

    def url_name(page):
        return names.get(page) or default.get(page) or (f"{name}{sep}{page}" if name else page)

    patterns = []
    for page in pages:
        route, suffix = PAGES[page]
        view = getattr(views, stem + suffix)
        kwargs = {"always_export": True} if page == "export" else {}
        patterns.append(path(prefix + route, view.as_view(**kwargs), name=url_name(page)))
    for action in actions:
        word, suffix = action if isinstance(action, tuple) else (action, _camel(action))
        view = getattr(views, stem + suffix)
        route = f"{prefix}<int:pk>/{word.replace('_', '-')}/"
        patterns.append(path(route, view.as_view(), name=url_name(word)))
    return patterns
