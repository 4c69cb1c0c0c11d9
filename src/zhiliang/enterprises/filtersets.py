import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.cn import uscc

from zhiliang.core import freshness
from zhiliang.core.filtersets import FilterSet, Picker, RegionSubtreeFilter
from zhiliang.enterprises.choices import EnterpriseStatus, SizeClass
from zhiliang.enterprises.models import Enterprise, Industry
from zhiliang.enterprises.search import name_contains
from zhiliang.enterprises.uscc import normalize


def enterprise_q(value: str, path: str = "enterprise") -> Q:
    """A record's enterprise (reached through `path`) by a piece of its name or the start
    of its USCC: the search box of every list of records about an enterprise."""
    return Q(**{f"{path}__name__icontains": value}) | Q(
        **{f"{path}__uscc__startswith": normalize(value)}
    )


class IndustryPicker(Picker):
    """Sections and their divisions by name (GB/T 4754)."""

    def options_for(self, user):
        from zhiliang.enterprises.selectors import industry_choices

        return industry_choices()


class EnterpriseFilterSet(FilterSet):
    """Shared by the API, the list page and the xlsx export."""

    q = django_filters.CharFilter(label=_("name or USCC"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))
    industry = django_filters.CharFilter(
        label=_("industry (section letter or division code)"),
        method="in_industry",
        widget=IndustryPicker(),
    )
    # One value per row: DISTINCT would only slow the count down.
    status = django_filters.MultipleChoiceFilter(
        label=pgettext_lazy("enterprise registration", "status"),
        choices=EnterpriseStatus.choices,
        distinct=False,
    )
    size_class = django_filters.ChoiceFilter(label=_("size class"), choices=SizeClass.choices)

    class Meta:
        model = Enterprise
        fields = ["q", "region", "industry", "status", "size_class"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = normalize(value)
        if uscc.is_valid(code):
            # A whole, valid code is one row of the unique index (it would not be part of
            # a name): no walk through the list's order filtering on every row.
            return queryset.filter(uscc=code)
        names = name_contains(queryset, value)
        if not (code.isascii() and code.isalnum()):
            return queryset.filter(names)  # no USCC begins with it: a name search alone
        return queryset.filter(names | Q(uscc__startswith=code))

    def in_industry(self, queryset, name, value):
        value = value.strip().upper()
        if not value:
            return queryset
        # The catalogue is small: resolve the codes first (cached until it changes), then
        # filter on the foreign key.
        ids = Industry.objects.filter(Q(code=value) | Q(parent__code=value)).values_list(
            "id", flat=True
        )
        return queryset.filter(industry_id__in=freshness.cached_rows(ids))
