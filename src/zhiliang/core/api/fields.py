"""Related fields that only find what the caller may name.

A related record is looked up in `core.guards.referable(model, actor, kinds)`: another
district's record, or one of the wrong kind, gets the same answer as an id or USCC that
does not exist — the message never names the record that was found elsewhere.
The serializer fields read the actor from the context (`user`, or the request's user);
`ScopedModelChoiceField` is the same for the pages' forms.

Also here: the fields every registry shares for conversion — a code naming reference data,
a region code inside the jurisdiction, a USCC, a date that has happened. The importers pass
whole-file look-ups in the context (`regions`, `enterprises`, …) so that a file is checked
without a query per row.
"""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.choices import RegionLevel
from zhiliang.core.guards import NOT_FOUND, in_jurisdiction, referable
from zhiliang.core.validators import not_in_future


def context_lookup(context, name: str, key: str, queryset, field: str = "code"):
    """The record `key` names, or None: from the importer's whole-file look-up
    `context[name]` when there is one (no query per row), else from `queryset`."""
    cache = context.get(name)
    if cache is not None:
        return cache.get(key)
    return queryset.filter(**{field: key}).first()


def context_actor(context):
    user = context.get("user")
    if user is None:
        user = getattr(context.get("request"), "user", None)
    return user


def _region_id_in_scope(actor, region_id) -> bool:
    from zhiliang.core.models.regions import subtree_ids

    scope = getattr(actor, "jurisdiction", None)
    if scope is None:
        return False
    low, high = subtree_ids(scope.code)
    return low <= region_id <= high


class ScopedField:
    """Marks the fields whose lookup is scoped; the generated jurisdiction test finds them."""

    scoped_model = None
    kinds = ()
    above = True

    def referable(self):
        actor = context_actor(self.context)
        return referable(self.scoped_model, actor, self.kinds, self.above)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(ScopedField, serializers.PrimaryKeyRelatedField):
    """A related record by id, inside what the caller may name."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, model, *, kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.referable()


@extend_schema_field(OpenApiTypes.STR)
class ScopedSlugField(ScopedField, serializers.SlugRelatedField):
    """A related record by a code (a region by its code), inside what the caller may name."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, model, *, slug_field="code", kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        return self.referable()


class ScopedCodeField(ScopedField, serializers.CharField):
    """A record inside the caller's jurisdiction by its code (or number), shown as that code.

    The importers pass the whole file's look-up (code → record) in the context under
    `lookup`, so that a file is checked without a query per row."""

    code_field = "code"
    lookup = ""  # the context key of the importer's look-up
    related = ("region",)  # what the serializer reads of the record found
    not_found = ""  # the refusal; it names the code as %(c)s (a number as %(n)s)

    @property
    def shows_column(self):  # for core.api.lean
        return self.code_field

    def to_representation(self, value):
        return getattr(value, self.code_field)

    def run_validators(self, value):
        super().run_validators(getattr(value, self.code_field))  # the length of what was written

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip()
        cache = self.context.get(self.lookup)
        if cache is not None:
            record = cache.get(code)
        else:
            found = self.referable().select_related(*self.related)
            record = found.filter(**{self.code_field: code}).first()
        if record is None:
            raise serializers.ValidationError(self.not_found % {"c": code, "n": code})
        return record


USCC_MAX_LENGTH = 40  # room for spaces and dashes around the 18 characters


@extend_schema_field({"type": "string", "maxLength": USCC_MAX_LENGTH})
class UsccField(serializers.CharField):
    """A USCC (统一社会信用代码) as written, normalised and checked; says what is wrong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", USCC_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from zhiliang.enterprises.uscc import clean_uscc

        try:
            return clean_uscc(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


@extend_schema_field({"type": "string", "maxLength": USCC_MAX_LENGTH})
class ScopedUsccField(ScopedField, serializers.Field):
    """An enterprise by its USCC (or its id, as a number), inside the caller's jurisdiction.

    The importers pass `enterprises` (USCC → enterprise) in the context so that a file is
    checked without a query per row; what is found there is checked all the same.
    """

    default_error_messages = {
        "invalid": gettext_lazy("Not a valid string."),
        "max_length": gettext_lazy("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, **kwargs):
        from zhiliang.enterprises.models import Enterprise

        self.scoped_model = Enterprise
        super().__init__(**kwargs)

    shows_column = "uscc"  # for core.api.lean

    def to_representation(self, value):
        return value.uscc

    def to_internal_value(self, data):
        from zhiliang.enterprises.uscc import clean_uscc

        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        if isinstance(data, int):
            enterprise = self.referable().select_related("region").filter(pk=data).first()
            if enterprise is None:
                raise serializers.ValidationError(NOT_FOUND)
            return enterprise
        if len(data) > USCC_MAX_LENGTH:
            self.fail("max_length", max_length=USCC_MAX_LENGTH)
        try:
            number = clean_uscc(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        cache = self.context.get("enterprises")
        if cache is not None:
            enterprise = cache.get(number)
            if enterprise is not None and not _region_id_in_scope(
                context_actor(self.context), enterprise.region_id
            ):
                enterprise = None
        else:
            enterprise = self.referable().select_related("region").filter(uscc=number).first()
        if enterprise is None:
            raise serializers.ValidationError(
                _("No enterprise with USCC %(c)s in your jurisdiction.") % {"c": number}
            )
        return enterprise


class CodeField(serializers.CharField):
    """A record of a catalogue by its code (an industry, a certificate kind …): takes the code
    as text, shows the record's code. The serializer's `validate_<field>` finds the record."""

    shows_column = "code"  # for core.api.lean

    def to_representation(self, value):
        return value.code


@extend_schema_field({"type": "string", "maxLength": 12})
class RegionCodeField(serializers.CharField):
    """Where a record stands: a county (6 digits) or township (9) inside the caller's
    jurisdiction. Regions are public reference data, so one outside is refused by name."""

    def __init__(self, *, levels=(RegionLevel.COUNTY, RegionLevel.TOWNSHIP), **kwargs):
        self.levels = tuple(levels)
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    shows_column = "code"  # for core.api.lean

    def to_representation(self, value):
        return value.code

    def run_validators(self, value):
        super().run_validators(value.code)  # the length of what was written

    def to_internal_value(self, data):
        from zhiliang.core.models import Region

        code = super().to_internal_value(data).strip()
        region = context_lookup(self.context, "regions", code, Region.objects)
        if region is None:
            message = _("There is no region with code %(c)s.") % {"c": code}
        elif self.levels and region.level not in self.levels:
            message = _("Give a county (6 digits) or township (9 digits) code, not %(n)s.") % {
                "n": region.name
            }
        elif not in_jurisdiction(context_actor(self.context), region):
            message = _("Region %(c)s %(n)s lies outside your jurisdiction.") % {
                "c": region.code,
                "n": region.name,
            }
        else:
            return region
        raise serializers.ValidationError(message)


class PastDateField(serializers.DateField):
    """A date that has happened (not after today, or the context's `today`)."""

    def __init__(self, *, what=None, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        try:
            not_in_future(day, self.what, today=self.context.get("today"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return day


class ScopedModelChoiceField(forms.ModelChoiceField):
    """The pages' counterpart: choices are what `actor` may name; anything else is
    "not a valid choice", as an id that does not exist."""

    def __init__(self, model, *, kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def scope_to(self, actor):
        self.queryset = referable(self.scoped_model, actor, self.kinds, self.above)
        return self
