import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.utils import get_model_field

from zhiliang.core.models import Organization, Region, User
from zhiliang.core.querysets import JurisdictionQuerySet

# What a 64-bit signed integer column holds (SQLite and PostgreSQL bigint alike).
INT_MAX = 2**63 - 1


class IntegerField(forms.IntegerField):
    """A whole number the database can compare against: beyond 64 bits SQLite raises."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        min_value = -INT_MAX - 1 if min_value is None else max(min_value, -INT_MAX - 1)
        max_value = INT_MAX if max_value is None else min(max_value, INT_MAX)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class IdField(IntegerField):
    default_error_messages = {
        "invalid": _("An id is a whole number from 1 up."),
        "min_value": _("An id is a whole number from 1 up."),
        "max_value": _("There is no record with this id."),
    }

    def __init__(self, **kwargs):
        kwargs["min_value"] = 1
        super().__init__(**kwargs)


# The empty choice of a choice filter: "any" rather than django-filter's "---------".
ANY = _("any")


class Picker(forms.Select):
    """A select whose options depend on who looks (regions of their jurisdiction…).

    The options are read only when the page draws the form: the API never pays for them."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-select", **(attrs or {})})
        self.user = None

    def options_for(self, user) -> list[tuple[str, str]]:
        raise NotImplementedError

    def optgroups(self, name, value, attrs=None):
        self.choices = [("", ANY), *self.options_for(self.user)]
        return super().optgroups(name, value, attrs)


class RegionPicker(Picker):
    """The regions of the user's jurisdiction by name, indented under their parent."""

    def options_for(self, user):
        from zhiliang.core.selectors import region_choices

        return region_choices(user=user)


class FilterSet(django_filters.FilterSet):
    """Base of every list filter: number filters take whole numbers a database column can hold,
    and filters on ids or relations take ids (1 … 2⁶³−1); anything else is a 400.
    Pickers (region, industry) offer names; choice filters offer "any" as their empty choice.
    The pages pass `user=`, the API the request: pickers show what that user may choose.
    `data_choices` names filters whose choices a data file gives: {name: function giving
    the choices}, called per filterset so that they come in the language of the request."""

    data_choices: dict = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        for name, choices in self.data_choices.items():
            self.filters[name].extra["choices"] = choices()

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, Picker):
                field.widget.user = self.user
        return form

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        for f in filters.values():
            if isinstance(f, django_filters.ChoiceFilter):
                f.extra.setdefault("empty_label", ANY)
            if not isinstance(f, django_filters.NumberFilter) or f.field_class is not (
                django_filters.NumberFilter.field_class
            ):
                continue
            field = get_model_field(model, f.field_name) if model and not f.method else None
            is_id = field is not None and (field.is_relation or field.primary_key)
            f.field_class = IdField if is_id else IntegerField
        return filters

    def search_q(self, value: str):
        """The free-text search (`q = CharFilter(method="search")`) as one Q over the
        columns it reads; a filterset declares it instead of writing `search`."""
        raise NotImplementedError

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(self.search_q(value)) if value else queryset


class RegionCodeField(forms.CharField):
    """A region's code. The input is quoted through params, never formatted into the message
    (a `%` in it raised a TypeError); what is not digits is not looked up."""

    def clean(self, value):
        value = super().clean(value)
        if value and not (value.isdigit() and Region.objects.filter(code=value).exists()):
            raise forms.ValidationError(
                _("There is no region with code %(c)s."), code="missing", params={"c": value}
            )
        return value


class RegionCodeFilter(django_filters.CharFilter):
    """A region code: digits of a region that exists, else 400. Pages pick it by name."""

    field_class = RegionCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", RegionPicker())
        super().__init__(*args, **kwargs)


class RegionSubtreeFilter(RegionCodeFilter):
    """`?region=<code>`: the region and everything below it, by code prefix."""

    def filter(self, qs, value):
        if not value:
            return qs
        if isinstance(qs, JurisdictionQuerySet):
            return qs.in_region(value)
        return qs.filter(**{f"{self.field_name}__in": Region.objects.subtree(value)})


class RegionFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("code or name"), method="search")
    parent = django_filters.CharFilter(label=_("parent code"), field_name="parent__code")
    level = django_filters.NumberFilter(label=_("level"))
    within = RegionCodeFilter(label=_("within region"), method="subtree")

    class Meta:
        model = Region
        fields = ["q", "parent", "level", "within"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__startswith=value) | Q(name__contains=value))

    def subtree(self, queryset, name, value):
        return queryset.subtree(value)


class OrganizationFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("name"), method="search")
    region = RegionSubtreeFilter(label=_("region (with everything below it)"))

    class Meta:
        model = Organization
        fields = ["q", "region", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("username or name"), method="search")

    class Meta:
        model = User
        fields = ["q", "organization", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


def filled(filters) -> dict:
    """The filters a page's form sent, without the blank ones: an empty field means "any"."""
    data = filters.copy() if filters is not None else {}
    for key in list(data):
        values = data.getlist(key) if hasattr(data, "getlist") else [str(data[key])]
        if not any(v.strip() for v in values):
            del data[key]
    return data
