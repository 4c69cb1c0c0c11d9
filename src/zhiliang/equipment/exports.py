"""xlsx exports of the equipment lists (streamed to a temp file, flat memory)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhiliang.core.exports import Sheet, xlsx_file
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.equipment import due
from zhiliang.equipment.choices import Conclusion, DueState, UnitStatus
from zhiliang.equipment.models import EquipmentUnit
from zhiliang.equipment.selectors import DUE_FIELDS, unit_due_text


def _save(title: str, columns, rows):
    return xlsx_file(Sheet(title, [str(label) for _key, label in columns], rows))


def _names():
    return {code: e.name for code, e in due.catalogue().items()}


def unit_columns():
    return [
        ("register_code", _("register code")),
        ("catalogue_code", _("catalogue code")),
        ("catalogue_code", _("variety")),
        ("enterprise__uscc", _("enterprise USCC")),
        ("enterprise__name", _("using enterprise")),
        ("region__code", _("region code")),
        ("region__name", _("region")),
        ("location", _("location")),
        ("accepted_on", _("acceptance inspection date")),
        ("in_service_on", _("put into service on")),
        ("registration_number", _("registration certificate number")),
        ("registered_on", _("registered on")),
        ("status", _("status")),
        ("last_inspected_on", _("last inspected on")),
        ("next_due_on", _("next due")),
        ("due_state", _("due state")),
    ]


def units_xlsx(*, queryset):
    cols = unit_columns()
    names, statuses, states = _names(), dict(UnitStatus.choices), dict(DueState.choices)
    fields = [k for k, _l in cols]

    def rows():
        for row in (
            queryset.order_by("region_id", "register_code")
            .values_list(*fields, *DUE_FIELDS)
            .iterator(chunk_size=5000)
        ):
            row = list(row)
            # The rule as the unit page explains it, in the reader's language (the stored
            # text is the rules' id with both languages, for the CLI).
            unit = EquipmentUnit(**dict(zip(DUE_FIELDS, row[len(fields) :], strict=True)))
            row[len(fields) :] = [unit_due_text(unit=unit)]
            row[2] = names.get(row[2], "")
            row[12] = str(statuses.get(row[12], row[12]))
            row[15] = str(states.get(row[15], row[15]))
            yield row

    return _save(_("Equipment units"), [*cols, ("", _("due rule"))], rows())


def field_list_xlsx(*, queryset, user):
    """Per-township list for field staff: what is overdue or due soon, where and whose."""
    cols = [
        ("register_code", _("register code")),
        ("catalogue_code", _("variety")),
        ("next_due_on", _("next due")),
        ("due_state", _("due state")),
        ("region__name", _("township")),
        ("location", _("location")),
        ("enterprise__name", _("using enterprise")),
        ("enterprise__address", _("enterprise address")),
        ("enterprise__legal_representative", _("contact")),
        ("enterprise__contact_phone", _("contact phone")),
        ("registration_number", _("registration certificate number")),
    ]
    names, states = _names(), dict(DueState.choices)
    masked = not may_see_personal_data(user)

    def rows():
        for row in queryset.values_list(*[k for k, _l in cols]).iterator(chunk_size=5000):
            row = list(row)
            row[1] = f"{row[1]} {names.get(row[1], '')}"
            row[3] = str(states.get(row[3], row[3]))
            if masked:
                row[8], row[9] = mask(row[8], 1, 0) if row[8] else row[8], mask(row[9])
            yield row

    return _save(_("Due for inspection"), cols, rows())


def inspections_xlsx(*, queryset):
    cols = [
        ("unit__register_code", _("register code")),
        ("inspected_on", _("inspected on")),
        ("inspection_body", _("inspection body")),
        ("conclusion", _("conclusion")),
        ("report_number", _("report number")),
        ("safety_grade", _("safety grade")),
    ]
    labels = dict(Conclusion.choices)

    def rows():
        for row in queryset.values_list(*[k for k, _l in cols]).iterator(chunk_size=5000):
            row = list(row)
            row[3] = str(labels.get(row[3], row[3]))
            yield row

    return _save(_("Periodic inspections"), cols, rows())


def operators_xlsx(*, queryset):
    cols = [
        ("name", pgettext("person", "name")),
        ("id_number_masked", _("ID number")),
        ("employer__uscc", _("employer USCC")),
        ("employer__name", _("employer")),
        ("region__name", _("region")),
        ("certificate_number", _("certificate number")),
        ("items", _("items")),
        ("issued_on", pgettext("certificate", "issued on")),
        ("valid_until", _("valid until")),
    ]
    rows = (
        queryset.order_by("region_id", "name", "id")
        .values_list(*[k for k, _l in cols])
        .iterator(chunk_size=5000)
    )
    return _save(_("Operators"), cols, rows)


def field_list_file(*, user, params: dict):
    """The units due in the region `params["region"]`, as `user` may see them now (the maker
    of core.views.xlsx_export: made at once, or by the worker for a large list)."""
    from zhiliang.core.guards import require_in_jurisdiction
    from zhiliang.core.models import Region
    from zhiliang.equipment import selectors

    if not user.has_perm("equipment.view_equipmentunit"):
        raise PermissionDenied(_("You may no longer open this list."))
    region = Region.objects.get(code=params["region"][0])
    require_in_jurisdiction(user, region)
    queryset = selectors.field_list(user=user, region_code=region.code)
    return field_list_xlsx(queryset=queryset, user=user), queryset.count()
