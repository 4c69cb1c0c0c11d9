"""xlsx exports of the standards registry's lists (core/exports: no formulas)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx
from zhiliang.standards import rules
from zhiliang.standards.choices import PilotStatus

STANDARD_COLUMNS = [
    ("number", _("standard number")), ("title", _("title")), ("level", _("level")),
    ("publisher", _("publisher or alliance")), ("region__name", _("region")),
    ("enterprise__uscc", _("enterprise USCC")), ("issued_on", _("issued on")),
    ("implemented_on", _("implemented on")), ("withdrawn_on", _("withdrawn on")),
    ("replaced_by__number", _("replaced by")), ("reviewed_on", _("last reviewed on")),
    ("review_due_on", _("review due on")),
]  # fmt: skip
APPLIED_COLUMNS = [
    ("enterprise__uscc", _("enterprise USCC")), ("enterprise__name", _("enterprise")),
    ("product__code", _("product code")), ("product__name", _("product")),
    ("standard__number", _("standard number")), ("declared_on", _("self-declared on")),
    ("complete", _("declaration complete")),
]  # fmt: skip
ADOPTION_COLUMNS = [
    ("foreign_number", _("international or foreign standard")),
    ("foreign_body", _("issuing body")), ("degree", _("degree of correspondence")),
    ("standard__number", _("standard number")), ("enterprise__uscc", _("enterprise USCC")),
    ("product__name", _("product")), ("adopted_on", _("adopted on")),
]  # fmt: skip
DRAFTING_COLUMNS = [
    ("standard__number", _("standard number")), ("standard__level", _("level")),
    ("enterprise__uscc", _("enterprise USCC")), ("enterprise__name", _("enterprise")),
    ("organization_name", _("organisation")), ("region__name", _("region")),
    ("role", _("role")), ("kind", _("drafted or revised")),
]  # fmt: skip
PILOT_COLUMNS = [
    ("name", _("name")), ("level", _("level")), ("kind", _("kind")), ("field", _("field")),
    ("region__name", _("region")), ("undertaker", _("undertaking body")),
    ("enterprise__name", _("undertaking enterprise")), ("starts_on", _("starts on")),
    ("ends_on", _("ends on")), ("status", _("status")),
]  # fmt: skip


def _named(choices):
    return lambda v: str(dict(choices()).get(v, v or ""))


def _yes(value):
    return gettext("yes") if value else gettext("no")


def standards_xlsx(*, queryset):
    return columns_xlsx(gettext("Standards"), STANDARD_COLUMNS, queryset.order_by("pk"),
                  {2: _named(rules.level_choices)})  # fmt: skip


def applied_xlsx(*, queryset):
    return columns_xlsx(gettext("Enterprise standards applied"), APPLIED_COLUMNS,
                  queryset.order_by("pk"), {6: _yes})  # fmt: skip


def adoptions_xlsx(*, queryset):
    return columns_xlsx(gettext("Adoptions of international standards"), ADOPTION_COLUMNS,
                  queryset.order_by("pk"), {2: _named(rules.degree_choices)})  # fmt: skip


def draftings_xlsx(*, queryset):
    return columns_xlsx(gettext("Standard draftings"), DRAFTING_COLUMNS, queryset.order_by("pk"),
                  {1: _named(rules.level_choices), 6: _named(rules.role_choices),
                   7: _named(rules.drafting_kind_choices)})  # fmt: skip


def pilots_xlsx(*, queryset):
    return columns_xlsx(gettext("Standardisation pilots"), PILOT_COLUMNS, queryset.order_by("pk"),
                  {1: _named(rules.pilot_level_choices), 2: _named(rules.pilot_kind_choices),
                   3: _named(rules.pilot_field_choices),
                   9: _named(lambda: PilotStatus.choices)})  # fmt: skip
