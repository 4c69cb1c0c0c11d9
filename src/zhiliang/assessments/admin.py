from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from zhiliang.assessments.choices import ItemKind, ScoringRule
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ResultEntry,
    SchemeItem,
    TargetLink,
)
from zhiliang.assessments.services.schemes import _bands
from zhiliang.core.admin_base import ReadOnlyAdminMixin, ScopedAdmin


class SchemeItemFormSet(BaseInlineFormSet):
    """The same rules as the YAML loader: kinds, rules, veto grades, points adding up."""

    def clean(self):
        super().clean()
        scheme = self.instance
        try:
            grades = {b[0] for b in _bands(scheme.grade_bands)}
        except ValidationError:
            grades = set()
        total = 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            kind = data.get("kind")
            if kind == ItemKind.INDICATOR and (
                not data.get("indicator") or data.get("target") is None
            ):
                raise ValidationError(_("An indicator item needs its indicator and a target."))
            if kind == ItemKind.MANUAL and data.get("rule") != ScoringRule.PASS_FAIL:
                raise ValidationError(_("A manual check is scored pass/fail."))
            if kind == ItemKind.VETO:
                if data.get("veto_grade") not in grades:
                    raise ValidationError(_("A veto item names one of the scheme's grades."))
            else:
                total += data.get("points") or 0
        if scheme.total_points is not None and total != scheme.total_points:
            raise ValidationError(
                _("The items' points add up to %(s)s, not the scheme's %(t)s.")
                % {"s": total, "t": scheme.total_points}
            )


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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class Checked(form):
            def clean_grade_bands(self):
                return _bands(self.cleaned_data["grade_bands"])

        return Checked


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
