"""Reads of the enterprise registry, always through `visible_to(user)`."""

from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiliang.core import freshness
from zhiliang.core.freshness import cached_rows
from zhiliang.core.models import Region
from zhiliang.enterprises.filtersets import EnterpriseFilterSet
from zhiliang.enterprises.models import Enterprise, Industry


def enterprise_list(*, user, filters=None):
    """The FilterSet over what the user may see; blank form fields mean "any"."""
    qs = Enterprise.objects.visible_to(user).select_related("region", "industry")
    data = filters.copy() if filters is not None else {}
    for key in [k for k in data if not any(v.strip() for v in _values(data, k))]:
        del data[key]
    return EnterpriseFilterSet(data, queryset=qs, user=user)


def _values(data, key) -> list[str]:
    return data.getlist(key) if hasattr(data, "getlist") else [str(data[key])]


def industry_choices() -> list[tuple[str, str]]:
    """(code, "code name") of the sections, each followed by its divisions: one query."""
    rows = (
        Industry.objects.filter(level__lte=2)
        .order_by(Coalesce("parent__code", "code"), "level", "code")
        .values_list("code", "name", "level")
    )
    return [(code, "\u3000" * (level - 1) + f"{code} {name}") for code, name, level in rows]


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
    # Cached until the registry changes (core.freshness): the home page asks on every visit.
    rows = cached_rows(
        qs.annotate(child=F("region_id") / 10 ** (10 - digits))
        .values("child")
        .annotate(n=Count("id"))
        .order_by("child")
    )
    codes = [str(r["child"]) for r in rows]
    regions = dict(cached_rows(Region.objects.filter(code__in=codes).values_list("code", "name")))
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
    rows = cached_rows(
        qs.annotate(section=Coalesce("industry__parent_id", "industry_id"))
        .values("section")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    sections = {
        r["id"]: r
        for r in cached_rows(Industry.objects.filter(level=1).values("id", "code", "name"))
    }
    return [
        {
            "code": sections[r["section"]]["code"],
            "name": sections[r["section"]]["name"],
            "count": r["n"],
        }
        for r in rows
    ]


def enterprise_home_counts(*, user) -> tuple[list[dict], list[dict]]:
    """The home page's two breakdowns (by child region, by section) as one cached read: the
    two selectors' own cached look-ups still cost a FilterSet and two compiled queries each
    on every visit; this is one look-up while the registry is unchanged."""
    parts = (
        user.jurisdiction.code if user.jurisdiction else None,
        sorted(user.role_codes),
        get_language(),
    )
    return freshness.cached_learning(
        "home enterprise counts",
        str(parts),
        lambda: (
            enterprise_counts_by_child_region(user=user),
            enterprise_counts_by_section(user=user),
        ),
    )


def enterprises_by_uscc(*, user, usccs) -> dict:
    """USCC → enterprise for the codes given (as written), of those `user` may see: the
    importers' whole-file look-up, in chunks of a few thousand codes."""
    from zhiliang.enterprises.uscc import normalize

    codes = sorted({normalize(str(c or "")) for c in usccs} - {""})
    visible = Enterprise.objects.visible_to(user)
    found = {}
    for start in range(0, len(codes), 5000):
        for enterprise in visible.filter(uscc__in=codes[start : start + 5000]):
            found[enterprise.uscc] = enterprise
    return found
