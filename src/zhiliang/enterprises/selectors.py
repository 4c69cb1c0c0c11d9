"""Reads of the enterprise registry, always through `visible_to(user)`."""

from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from zhiliang.core.models import Region
from zhiliang.enterprises.filtersets import EnterpriseFilterSet
from zhiliang.enterprises.models import Enterprise, Industry


def enterprise_list(*, user, filters=None):
    """The FilterSet over what the user may see; blank form fields mean "any"."""
    qs = Enterprise.objects.visible_to(user).select_related("region", "industry")
    data = filters.copy() if filters is not None else {}
    for key in [k for k in data if not any(v.strip() for v in _values(data, k))]:
        del data[key]
    return EnterpriseFilterSet(data, queryset=qs)


def _values(data, key) -> list[str]:
    return data.getlist(key) if hasattr(data, "getlist") else [str(data[key])]


def enterprise_get(*, user, pk) -> Enterprise:
    return Enterprise.objects.visible_to(user).select_related("region", "industry").get(pk=pk)


def enterprise_history(*, enterprise: Enterprise):
    return enterprise.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )


def enterprise_counts_by_child_region(*, user, filters=None) -> list[dict]:
    """Enterprise counts per child region of the user's jurisdiction (a city: its districts).

    A region id starts with its code padded to nine digits, so the child's code is the
    id divided by a power of ten: grouped in the database, without joining the regions.
    """
    scope = user.jurisdiction
    if scope is None:
        return []
    digits = {2: 4, 4: 6}.get(len(scope.code), 9)
    qs = enterprise_list(user=user, filters=filters).qs.order_by()
    rows = list(
        qs.annotate(child=F("region_id") / 10 ** (10 - digits))
        .values("child")
        .annotate(n=Count("id"))
        .order_by("child")
    )
    regions = dict(
        Region.objects.filter(code__in=[str(r["child"]) for r in rows]).values_list("code", "name")
    )
    out = []
    for r in rows:
        code = str(r["child"])
        if code in regions:
            out.append({"code": code, "name": regions[code], "count": r["n"]})
        else:  # filed under the scope itself: a county enterprise without a township
            name = _("%(name)s (no township given)") % {"name": scope.name}
            out.append({"code": scope.code, "name": name, "count": r["n"]})
    return out


def enterprise_counts_by_section(*, user, filters=None) -> list[dict]:
    qs = enterprise_list(user=user, filters=filters).qs.order_by()
    # An enterprise filed under a section directly has no parent: it counts there.
    rows = (
        qs.annotate(section=Coalesce("industry__parent_id", "industry_id"))
        .values("section")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    sections = {i.id: i for i in Industry.objects.filter(level=1)}
    return [
        {"code": sections[r["section"]].code, "name": sections[r["section"]].name, "count": r["n"]}
        for r in rows
    ]


def enterprise_history_changes(*, enterprise: Enterprise) -> list[dict]:
    """Each historical version with the fields it changed, as a person reads them."""
    versions = list(enterprise_history(enterprise=enterprise)[:200])
    deltas = [
        newer.diff_against(older).changes if older is not None else []
        for newer, older in zip(versions, [*versions[1:], None], strict=True)
    ]
    names = _related_names([c for changes in deltas for c in changes])
    out = []
    for version, changes in zip(versions, deltas, strict=True):
        rows = []
        for change in changes:
            field = Enterprise._meta.get_field(change.field)
            show = _shower(field, names)
            rows.append(
                {"field": field.verbose_name, "old": show(change.old), "new": show(change.new)}
            )
        out.append({"version": version, "changes": rows})
    return out


def _related_names(changes) -> dict:
    """{(model, pk): str} for every foreign key value in the changes, one query per model."""
    wanted: dict = {}
    for change in changes:
        field = Enterprise._meta.get_field(change.field)
        if field.is_relation:
            wanted.setdefault(field.related_model, set()).update({change.old, change.new} - {None})
    return {
        (model, obj.pk): str(obj)
        for model, pks in wanted.items()
        for obj in model.objects.filter(pk__in=pks)
    }


def _shower(field, names):
    if field.is_relation:
        return lambda v: names.get((field.related_model, v), v)
    if field.choices:
        labels = dict(field.flatchoices)
        return lambda v: labels.get(v, v)
    return lambda v: v
