"""xlsx export of a filtered enterprise list (streamed to a temp file, flat memory)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.core.masking import mask, may_see_personal_data

# Lazy: the headers are read per export, in its reader's language (a job runs in a worker).
COLUMNS = [
    ("uscc", gettext_lazy("USCC")),
    ("name", gettext_lazy("name")),
    ("region__code", gettext_lazy("region code")),
    ("region__name", gettext_lazy("region")),
    ("industry__code", gettext_lazy("industry code")),
    ("industry__name", gettext_lazy("industry")),
    ("size_class", gettext_lazy("size class")),
    ("status", pgettext_lazy("enterprise registration", "status")),
    ("legal_representative", gettext_lazy("legal representative")),
    ("established_on", gettext_lazy("established on")),
    ("address", gettext_lazy("address")),
    ("chief_quality_officer", gettext_lazy("chief quality officer")),
    ("cqo_trained_on", gettext_lazy("CQO training date")),
    ("contact_phone", gettext_lazy("contact phone")),
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
