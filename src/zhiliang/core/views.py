"""The pages' generic views: a page declares what it shows, the base does the rest.

    class EnterpriseList(ScopedListView):
        permission_required = "enterprises.view_enterprise"
        selector = staticmethod(selectors.enterprise_list)   # (user=, filters=) → FilterSet
        template_name = "enterprises/enterprise_list.html"
        export_writer = staticmethod(enterprises_xlsx)       # (queryset=) → xlsx file
        export_name = "enterprises"

Every page is behind the login and a role permission (403 without it). Lists paginate with
page numbers (`web/pagination.html`) and answer `?export=xlsx` with the filtered rows
through the one writer in `core.exports`; details answer 404 for what the user may not see,
exactly as for what does not exist; forms and actions write through a service with the
actor and turn its refusals into messages. Queries a page needs live in the app's selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from zhiliang.core.history import history_changes

PAGE_SIZE = 50


def paginate(rows, request, *, per_page: int = PAGE_SIZE, paginator_class=Paginator):
    """The page `?page=` asks for; a number out of range gives the last page, junk the first."""
    return paginator_class(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The query string to keep in page links: the filters, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def xlsx_response(tmp, stem: str) -> FileResponse:
    """Hand out a file from `core.exports` as `<stem>-<yyyymmdd>.xlsx`."""
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class RoleRequiredView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Logged in (else the login page) and holding `permission_required` (else 403)."""

    def get_extra_context(self, **kwargs) -> dict:
        """What else the template shows (flags such as `can_import`); no queries of its own."""
        return {}


class ScopedListView(RoleRequiredView):
    """A filtered, paginated list of what the user may see, with its xlsx export."""

    selector = None  # (user=, filters=) → a FilterSet over the user's rows
    template_name = ""
    export_writer = None  # (queryset=[, user=]) → a temporary xlsx from core.exports
    export_name = "export"
    export_with_user = False  # the writer masks personal data by the user's role
    always_export = False  # for the old `…/export.xlsx` addresses
    paginate_by = PAGE_SIZE
    # core.counting.CheapCountPaginator for registries too big to count on every page.
    paginator_class = Paginator

    def get_filterset(self):
        return type(self).selector(user=self.request.user, filters=self.request.GET)

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        wants_file = self.always_export or request.GET.get("export") == "xlsx"
        # Bad filters: the page shows the form with its errors, nothing is exported.
        if wants_file and self.export_writer is not None and filterset.is_valid():
            return self.export(filterset.qs)
        page = paginate(
            filterset.qs, request, per_page=self.paginate_by, paginator_class=self.paginator_class
        )
        context = {
            "filterset": filterset,
            "page": page,
            "query": query_without_page(request),
            **self.get_extra_context(filterset=filterset),
        }
        return render(request, self.template_name, context)

    def export(self, queryset):
        writer = type(self).export_writer
        extra = {"user": self.request.user} if self.export_with_user else {}
        return xlsx_response(writer(queryset=queryset, **extra), self.export_name)


class ScopedObjectMixin:
    """The record of the URL's `pk`, through a selector that sees only the user's rows."""

    getter = None  # (user=, pk=) → the record, or DoesNotExist

    def get_object(self):
        try:
            return type(self).getter(user=self.request.user, pk=self.kwargs["pk"])
        except ObjectDoesNotExist:
            raise Http404 from None


class ScopedDetailView(ScopedObjectMixin, RoleRequiredView):
    """One record; its change history when the user's role shows it."""

    template_name = ""
    # The right to see the history; empty: everyone who sees the record sees its history.
    history_permission = ""
    show_history = True

    # Forms a ServiceFormView hands back with their errors, shown instead of fresh ones.
    bound_forms: dict = {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        context = {"object": obj, "history": self.get_history(obj)}
        context.update(self.get_extra_context(object=obj))
        context.update(self.bound_forms)
        return render(request, self.template_name, context)

    def get_history(self, obj):
        if not self.show_history:
            return None
        if self.history_permission and not self.request.user.has_perm(self.history_permission):
            return None
        return history_changes(obj)


class ServiceFormView(ScopedObjectMixin, RoleRequiredView):
    """POST a form about one record → the service, with the actor → message → redirect.

    A form that does not validate, or a refusal of the service (ValidationError), is shown
    again on the record's page with the errors on the form (`form_page`), nothing changed.
    """

    http_method_names = ["post"]
    form_class = None
    success_message = ""
    success_url = ""  # a URL name taking the record's pk
    detail_view = None  # the ScopedDetailView whose page holds the form …
    form_name = "form"  # … under this name in its context

    def perform(self, obj, form):
        """Call the service: `services.x(actor=self.request.user, …, **form.cleaned_data)`."""
        raise NotImplementedError

    def form_page(self, obj, form):
        """The record's page again, showing this form with its errors."""
        view = self.detail_view()
        view.setup(self.request, *self.args, **self.kwargs)
        view.bound_forms = {self.form_name: form}
        return view.get(self.request, *self.args, **self.kwargs)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(obj, form)
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url, pk=obj.pk)
        return self.form_page(obj, form)


class ServiceActionView(ScopedObjectMixin, RoleRequiredView):
    """POST only → the service → a message → back to the record.

    The service decides the right (PermissionDenied → 403); its refusal (ValidationError)
    becomes an error message, and a form (`form_class`, optional) that does not validate too.
    """

    http_method_names = ["post"]
    form_class = None
    success_message = ""
    success_url = ""  # a URL name taking the record's pk

    def perform(self, obj, data: dict):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        data = {}
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                text = " ".join(str(e) for errors in form.errors.values() for e in errors)
                messages.error(request, text)
                return redirect(self.success_url, pk=obj.pk)
            data = form.cleaned_data
        try:
            self.perform(obj, data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, self.success_message)
        return redirect(self.success_url, pk=obj.pk)
