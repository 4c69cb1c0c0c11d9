"""xlsx export of a filtered enterprise list (streamed to a temp file, flat memory)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.core.masking import mask, may_see_personal_data

COLUMNS = [
    ("uscc", _("USCC")),
    ("name", _("name")),
    ("region__code", _("region code")),
    ("region__name", _("region")),
    ("industry__code", _("industry code")),
    ("industry__name", _("industry")),
    ("size_class", _("size class")),
    ("status", pgettext("enterprise registration", "status")),
    ("legal_representative", _("legal representative")),
    ("established_on", _("established on")),
    ("address", _("address")),
    ("chief_quality_officer", _("chief quality officer")),
    ("cqo_trained_on", _("CQO training date")),
    ("contact_phone", _("contact phone")),
]


def enterprises_xlsx(*, queryset, user):
    from zhiliang.enterprises.choices import EnterpriseStatus, SizeClass

    statuses, sizes = dict(EnterpriseStatus.choices), dict(SizeClass.choices)
    masked = not may_see_personal_data(user)
    fields = [key for key, _label in COLUMNS]

    def rows():
        for row in (
            queryset.order_by("region_id", "name", "id")
            .values_list(*fields)
            .iterator(chunk_size=5000)
        ):
            row = list(row)
            row[6] = str(sizes.get(row[6], row[6]))
            row[7] = str(statuses.get(row[7], row[7]))
            if masked:
                row[13] = mask(row[13])
            yield row

    headers = [str(label) for _key, label in COLUMNS]
    return xlsx_file(Sheet(_("Enterprises"), headers, rows()))
