import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiliang.core.models import Organization, Region, User
from zhiliang.core.querysets import JurisdictionQuerySet


class RegionCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not Region.objects.filter(code=value).exists():
            raise forms.ValidationError(_("There is no region with code %(c)s.") % {"c": value})
        return value


class RegionSubtreeFilter(django_filters.CharFilter):
    """`?region=<code>`: the region and everything below it, by code prefix."""

    field_class = RegionCodeField

    def filter(self, qs, value):
        if not value:
            return qs
        if isinstance(qs, JurisdictionQuerySet):
            return qs.in_region(value)
        return qs.filter(**{f"{self.field_name}__in": Region.objects.subtree(value)})


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("code or name"), method="search")
    parent = django_filters.CharFilter(label=_("parent code"), field_name="parent__code")
    level = django_filters.NumberFilter(label=_("level"))
    within = django_filters.CharFilter(label=_("within region"), method="subtree")

    class Meta:
        model = Region
        fields = ["q", "parent", "level", "within"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__startswith=value) | Q(name__contains=value))

    def subtree(self, queryset, name, value):
        return queryset.subtree(value)


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("name"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Organization
        fields = ["q", "region", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("username or name"), method="search")

    class Meta:
        model = User
        fields = ["q", "organization", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
