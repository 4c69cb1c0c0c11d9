from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ResultEntry,
    SchemeItem,
    TargetLink,
)
from zhiliang.assessments.services.schemes import scheme_validate
from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin


class SchemeItemFormSet(BaseInlineFormSet):
    """Each item meets the model's rules on its own form; together they meet the scheme's
    (veto grades, points adding up): the same rules as the YAML loader."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        items = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        scheme_validate(data={"items": items}, instance=self.instance)


class SchemeItemInline(admin.TabularInline):
    model = SchemeItem
    formset = SchemeItemFormSet
    extra = 0
    fields = [
        "order",
        "name",
        "kind",
        "indicator",
        "points",
        "rule",
        "target",
        "floor",
        "veto_grade",
    ]

    # Items are part of their scheme: the scheme's rights govern them (roles.py grants
    # none on the item model itself).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("assessments.view_assessmentscheme")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("assessments.change_assessmentscheme")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("assessments.change_assessmentscheme")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("assessments.change_assessmentscheme")


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(ScopedAdmin):
    list_display = ["name", "period", "region", "total_points", "active"]
    list_filter = ["active", "period"]
    search_fields = ["name", "code"]
    inlines = [SchemeItemInline]


class ResultEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ResultEntry
    fields = ["rank", "name", "total", "grade", "vetoed"]
    readonly_fields = fields
    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("assessments.view_assessmentresult")


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """Results are made by running a scheme and frozen when published: read-only here."""

    list_display = ["scheme", "region", "subject_kind", "period", "version", "status", "run_at"]
    list_filter = ["status", "subject_kind", "period"]
    inlines = [ResultEntryInline]


@admin.register(TargetLink)
class TargetLinkAdmin(ScopedAdmin):
    list_display = ["target", "indicator", "suggested", "confirmed_by", "confirmed_at"]
    search_fields = ["target__indicator_text", "indicator__code"]
    raw_id_fields = ["target"]
    readonly_fields = ["confirmed_by"]
    filled_on_save = ("confirmed_by",)
    region_fields = ()

    def save_model(self, request, obj, form, change):
        obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)
