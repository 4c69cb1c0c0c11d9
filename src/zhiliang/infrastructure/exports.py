"""xlsx exports of the testing-body, TBT notification and CQO lists (core/exports)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiliang.core.exports import columns_xlsx
from zhiliang.core.masking import may_see_personal_data
from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models.officers import mask_name

LAB_COLUMNS = [
    ("organization__name", _("name")), ("region__name", _("region")), ("level", _("level")),
    ("cma_number", _("CMA qualification number")), ("cma_issued_on", _("CMA issued on")),
    ("cma_valid_until", _("CMA valid until")), ("cnas_number", _("CNAS accreditation number")),
    ("cnas_valid_until", _("CNAS valid until")), ("parameter_count", _("parameters qualified")),
]  # fmt: skip
NOTICE_COLUMNS = [
    ("number", _("notification number")), ("member", _("notifying member")),
    ("title", _("title")), ("products", _("products covered")), ("hs_codes", _("HS codes")),
    ("notified_on", _("notified on")), ("comment_deadline", _("final date for comments")),
    ("region__name", _("region")),
]  # fmt: skip
OFFICER_COLUMNS = [
    ("enterprise__uscc", _("enterprise USCC")), ("enterprise__name", _("enterprise")),
    ("region__name", _("region")), ("person", _("name")), ("position", _("position")),
    ("appointed_on", _("appointed on")), ("ended_on", _("ended on")),
]  # fmt: skip


def laboratories_xlsx(*, queryset):
    return columns_xlsx(gettext("Testing bodies"), LAB_COLUMNS, queryset.order_by("pk"),
                  {2: rules.level_label})  # fmt: skip


def notices_xlsx(*, queryset):
    return columns_xlsx(gettext("TBT notifications"), NOTICE_COLUMNS, queryset.order_by("pk"),
                  {4: lambda v: " ".join(v or [])})  # fmt: skip


def officers_xlsx(*, queryset, user):
    full = may_see_personal_data(user)
    name = (lambda v: v) if full else mask_name
    return columns_xlsx(gettext("Chief quality officers"), OFFICER_COLUMNS, queryset.order_by("pk"),
                  {3: name})  # fmt: skip
