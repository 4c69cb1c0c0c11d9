"""The pages' generic views: a page declares what it shows, the base does the rest.

    class EnterpriseList(ScopedListView):
        permission_required = "enterprises.view_enterprise"
        selector = staticmethod(selectors.enterprise_list)   # (user=, filters=) → FilterSet
        template_name = "enterprises/enterprise_list.html"
        export_writer = staticmethod(enterprises_xlsx)       # (queryset=) → xlsx file
        export_name = "enterprises"
        import_permission = "enterprises.add_enterprise"   # shows the import button

    class ComplaintClose(ServiceActionView):
        permission_required = "complaints.change_complaint"
        getter = selectors.complaint_get                     # (user=, pk=) → the record
        form_class = CloseForm
        success_url = "complaints:detail"
        success_message = gettext_lazy("The complaint was closed.")
        service = services.complaint_close                   # the form's fields are its
        service_arg = "complaint"                            # arguments (or `service_data`)

Every page is behind the login and a role permission (403 without it). Lists paginate with
page numbers (`web/pagination.html`) and answer `?export=xlsx` with the filtered rows
through the one writer in `core.exports` — at once up to ZHILIANG_EXPORT_INLINE_MAX_ROWS
rows, above that as a background job whose file the user downloads from their export files
(`core.export_jobs`; function views use `xlsx_export`); details answer 404 for what the
user may not see, exactly as for what does not exist; forms and actions write through a
service with the actor and turn its refusals into messages. Queries a page needs live in
the app's selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from zhiliang.core import export_jobs
from zhiliang.core.guards import may_import
from zhiliang.core.history import history_changes
from zhiliang.core.views_helpers import (  # noqa: F401 (the pages import them from here)
    PAGE_SIZE,
    error_text,
    export_params,
    paginate,
    params_query,
    query_without_page,
    queue_export,
    xlsx_export,
    xlsx_response,
)


class RoleRequiredView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Logged in (else the login page) and holding `permission_required` (else 403)."""

    # The page's buttons, declared: "add" (`can_add`) for who holds `add_permission`,
    # "import" (`can_import`) for who may import files and holds `import_permission`.
    add_permission = ""
    import_permission = ""

    def get_flags(self) -> dict:
        user = self.request.user
        flags = {}
        if self.add_permission:
            flags["can_add"] = user.has_perm(self.add_permission)
        if self.import_permission:
            flags["can_import"] = may_import(user, self.import_permission)
        return flags

    def get_extra_context(self, **kwargs) -> dict:
        """What else the template shows; no queries of its own."""
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
            **self.get_flags(),
            **self.get_extra_context(filterset=filterset),
        }
        return render(request, self.template_name, context)

    def export(self, queryset):
        if queryset.count() <= export_jobs.inline_max_rows():
            return xlsx_response(self.write_export(queryset, self.request.user), self.export_name)
        cls = type(self)
        return queue_export(
            self.request,
            source=f"{cls.__module__}.{cls.__qualname__}",
            params=export_params(self.request),
            stem=self.export_name,
            label=capfirst(queryset.model._meta.verbose_name_plural),
        )

    @classmethod
    def write_export(cls, queryset, user):
        extra = {"user": user} if cls.export_with_user else {}
        return cls.export_writer(queryset=queryset, **extra)

    @classmethod
    def build_export(cls, *, user, params: dict):
        """The job's export: the list again as `user` sees it now, with the kept filters.

        The user's rights and jurisdiction are those of the moment the job runs: one who
        has lost the list gets a refusal, one whose jurisdiction shrank fewer rows."""
        wanted = cls.permission_required
        if not user.has_perms((wanted,) if isinstance(wanted, str) else wanted):
            raise PermissionDenied(_("You may no longer open this list."))
        filterset = cls.selector(user=user, filters=params_query(params))
        if not filterset.is_valid():
            raise ValidationError(_("The filters of this export are no longer valid."))
        queryset = filterset.qs
        return cls.write_export(queryset, user), queryset.count()


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
        context = {"object": obj, "history": self.get_history(obj), **self.get_flags()}
        context.update(self.get_extra_context(object=obj))
        context.update(self.bound_forms)
        return render(request, self.template_name, context)

    def get_history(self, obj):
        if not self.show_history:
            return None
        if self.history_permission and not self.request.user.has_perm(self.history_permission):
            return None
        return history_changes(obj)


class DeclaredServiceMixin:
    """A page whose form's fields are its service's arguments declares the service
    instead of writing `perform`: service(actor=, <service_arg>=record, **cleaned data),
    or with `service_data`, the form's values as one `data=` (the update services), or
    with `record_in_data`, data={**the form's values, <service_arg>: record} (the create
    services of a record's parts: a plan's test item, a standard's adoption)."""

    service = None
    service_arg = ""
    service_data = False
    record_in_data = False

    def call_service(self, obj, data: dict):
        if type(self).service is None:
            raise NotImplementedError
        if self.record_in_data:
            data = {**data, self.service_arg: obj}
            return type(self).service(actor=self.request.user, data=data)
        values = {"data": data} if self.service_data else data
        return type(self).service(actor=self.request.user, **{self.service_arg: obj}, **values)


class ServiceFormView(DeclaredServiceMixin, ScopedObjectMixin, RoleRequiredView):
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
    # What the service's refusal may be: some pages answer a PermissionDenied on the form.
    refusals: tuple = (ValidationError,)

    def perform(self, obj, form):
        """Call the service: `services.x(actor=self.request.user, …, **form.cleaned_data)`;
        a record's part is made from what the form converts (`service_data()`)."""
        values = form.service_data() if self.record_in_data else form.cleaned_data
        return self.call_service(obj, values)

    def get_form(self, obj):
        """The posted form; a subclass passes what its form needs (the record, the user)."""
        return self.form_class(self.request.POST, self.request.FILES)

    def form_page(self, obj, form):
        """The record's page again, showing this form with its errors."""
        view = self.detail_view()
        view.setup(self.request, *self.args, **self.kwargs)
        view.bound_forms = {self.form_name: form}
        return view.get(self.request, *self.args, **self.kwargs)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj)
        if form.is_valid():
            try:
                result = self.perform(obj, form)
            except self.refusals as exc:
                form.add_error(None, error_text(exc))
            else:
                self.announce(obj, result)
                return self.next_page(obj, result)
        return self.form_page(obj, form)

    def announce(self, obj, result) -> None:
        """Tell the user it is done; a subclass may word it by what the service returned."""
        messages.success(self.request, self.success_message)

    def next_page(self, obj, result):
        """The record's page; a subclass may send to what the service made (`result`)."""
        return redirect(self.success_url, pk=obj.pk)


class ServiceCreateView(RoleRequiredView):
    """GET a form for a new record; POST it → `create(actor=…, data=form.service_data())`
    → message → the new record's page. The service's refusal lands on the form's fields
    (a `region` error on its `region_code` field, as `error_fields` says), nothing saved."""

    form_class = None
    template_name = ""
    success_message = ""
    success_url = ""  # a URL name taking the new record's pk
    # Where the service's error on a field goes: the service's name → the form's field.
    error_fields: dict = {"region": "region_code"}
    service = None  # the app's create service: (actor=, data=) → the new record

    def create(self, *, actor, data):
        return type(self).service(actor=actor, data=data)

    def initial(self) -> dict:
        """The empty form's first values; a subclass may take them from the query."""
        return {}

    def page(self, form):
        context = {"form": form, **self.get_extra_context(form=form)}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.page(self.form_class(actor=request.user, initial=self.initial()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, actor=request.user)
        if form.is_valid():
            try:
                obj = self.create(actor=request.user, data=form.service_data())
            except ValidationError as exc:
                form_errors(form, exc, self.error_fields)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url, pk=obj.pk)
        return self.page(form)


def form_errors(form, exc: ValidationError, names: dict) -> None:
    """A service's refusal on the form: each field's errors on the form's field of that
    name (`names` renames: `enterprise` → `enterprise_uscc`), the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        field = names.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class ServiceActionView(DeclaredServiceMixin, ScopedObjectMixin, RoleRequiredView):
    """POST only → the service → a message → back to the record.

    The service decides the right (PermissionDenied → 403); its refusal (ValidationError)
    becomes an error message, and a form (`form_class`, optional) that does not validate too.
    """

    http_method_names = ["post"]
    form_class = None
    success_message = ""
    success_url = ""  # a URL name taking the record's pk
    # What the service's refusal may be: some pages answer a PermissionDenied with a message.
    refusals: tuple = (ValidationError,)

    def perform(self, obj, data: dict):
        """Call the service; what it returns goes to `next_page`."""
        return self.call_service(obj, data)

    def get_form(self, obj):
        """The posted form; a subclass passes what its form needs (the record, the user)."""
        return self.form_class(self.request.POST, self.request.FILES)

    def next_page(self, obj, result):
        """Where to go after the service: the record's page; a subclass may send to what
        the action made (`result`), or elsewhere when it removed the record."""
        return redirect(self.success_url, pk=obj.pk)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        data = {}
        if self.form_class is not None:
            form = self.get_form(obj)
            if not form.is_valid():
                messages.error(request, self.form_error_text(obj, form))
                return self.refused_page(obj)
            data = form.cleaned_data
        try:
            result = self.perform(obj, data)
        except self.refusals as exc:
            messages.error(request, self.refusal_text(obj, exc))
            return self.refused_page(obj)
        self.announce(obj, result)
        return self.next_page(obj, result)

    def announce(self, obj, result) -> None:
        """Tell the user it is done; a subclass may word it by what the service returned."""
        messages.success(self.request, self.success_message)

    def refusal_text(self, obj, exc) -> str:
        return error_text(exc)

    def form_error_text(self, obj, form) -> str:
        return " ".join(str(e) for errors in form.errors.values() for e in errors)

    def refused_page(self, obj):
        return redirect(self.success_url, pk=obj.pk)


class PageView(RoleRequiredView):
    """A page that only shows (GET and HEAD): the template and what `get_extra_context`
    gathers from the selectors (it may raise Http404 for what the user may not see)."""

    http_method_names = ["get", "head"]
    template_name = ""
    login_only = False  # the user's own page (home): logged in is enough, no role needed

    def has_permission(self):
        return self.login_only or super().has_permission()

    def get_template_names(self) -> str:
        return self.template_name

    def get(self, request, *args, **kwargs):
        context = {**self.get_flags(), **self.get_extra_context(**kwargs)}
        return render(request, self.get_template_names(), context)


class JobExportView(RoleRequiredView):
    """An xlsx made by a maker function (`source`, see `xlsx_export`): now when small,
    else by the worker. `get_export` checks the request and names the file's parts."""

    http_method_names = ["get", "head"]
    source = ""  # "zhiliang.<app>.exports.<maker>"

    def get_export(self) -> dict:
        """{"params": …, "stem": …, "label": …, "rows": …} for this request."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return xlsx_export(request, source=self.source, **self.get_export())
