"""xlsx export of a filtered complaint list. The complainant is written masked, always:
the unmasked name and phone never leave the database in a file."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zhiliang.complaints import rules
from zhiliang.complaints.choices import ComplaintOutcome, ComplaintStatus
from zhiliang.core.exports import Sheet, xlsx_file

COLUMNS = [
    ("number", _("complaint number")),
    ("received_on", _("received on")),
    ("channel", _("channel")),
    ("complainant_name_masked", _("complainant")),
    ("complainant_phone_masked", _("complainant's phone")),
    ("product_name", _("product")),
    ("product__code", _("product category code")),
    ("enterprise__uscc", _("enterprise USCC")),
    ("enterprise__name", _("enterprise complained about")),
    ("region__code", _("region code")),
    ("region__name", _("region")),
    ("category", _("issue category")),
    ("description", _("description")),
    ("handling_unit__name", _("handling unit")),
    ("status", pgettext_lazy("complaint", "status")),
    ("accepted_on", _("accepted on")),
    ("accept_due_on", _("acceptance due on")),
    ("close_due_on", _("handling due on")),
    ("outcome", _("outcome")),
    ("closed_on", pgettext_lazy("complaint", "closed on")),
]


def complaints_xlsx(*, queryset):
    fields = [key for key, _label in COLUMNS]
    decode = {
        2: dict(rules.channel_choices()),
        11: dict(rules.category_choices()),
        14: dict(ComplaintStatus.choices),
        18: dict(ComplaintOutcome.choices),
    }

    def rows():
        for row in (
            queryset.order_by("-received_on", "-id").values_list(*fields).iterator(chunk_size=5000)
        ):
            row = list(row)
            for i, names in decode.items():
                row[i] = str(names.get(row[i], row[i] or ""))
            yield row

    headers = [str(label) for _key, label in COLUMNS]
    return xlsx_file(Sheet(gettext("Complaints"), headers, rows()))
